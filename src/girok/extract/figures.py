"""Quantities in English and Korean prose (people, things, money, percentages, durations, distances,
weights), each pinned to its character span.

``find_figures(text)`` returns :class:`FigureMention` values in the labelling conventions of
``evaluation/extract/README.md``: ``value`` for one number or ``low``/``high`` for a range, numbers written
out in full ("1.5 million" -> 1500000, "12만" -> 120000, "2백만" -> 2000000), and ``unit`` one of
:data:`UNITS`. ``subject`` is the counted noun phrase when the text gives one ("political prisoners",
"정치범"), else empty.

A number is a figure only with a unit: a counter or noun after it ("3,000 people", "12만 명", "5년",
"15-year sentence", "60%"), a currency sign before it ("$3,000"), or, for an English number standing alone,
a counted noun introduced just before it ("the number of political prisoners is estimated at 120,000").
Approximation words ("about", "over", "약", "여") are read past: "over 33,000" is 33000, "10여 명" is 10.

Deliberately not figures: dates and years (anything :func:`find_dates` finds is dropped, so both finders
agree), ages ("17 years old", "aged 17", "17-year-old"; "17살" and "17세" have no unit), facility, page and
article numbers ("Camp 15", "No. 12", "제15호", "15호 관리소"), ordinals ("15th", "3번째"), clock times,
relative offsets ("two years later", "3년 전"), vague amounts ("hundreds", "tens of thousands", "수십 명",
"several thousand"), and units outside the list (weeks, hours, miles, pounds, yen). Grams and metres are
written in the listed units: "300 grams" is 0.3 kg, "500 metres" 0.5 km.

Every pattern is linear: quantifiers are bounded or possessive, no quantified group contains another, and
the checks around a number read bounded windows, so a 1 MB single-line text costs linear time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from girok.extract.dates import find_dates
from girok.extract.mentions import FigureMention

__all__ = ["UNITS", "find_figures"]

UNITS = ("people", "percent", "USD", "KRW", "CNY", "EUR", "years", "months", "days", "km", "kg", "tonnes", "items")

# -- English nouns that name what is counted, and the unit each gives ------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_PEOPLE_NOUNS = _words("""
people persons person individuals individual prisoners prisoner inmates inmate detainees detainee refugees
refugee escapees escapee defectors defector women woman men man children child girls girl boys boy families
family members member victims victim deaths dead civilians civilian citizens citizen residents resident
workers worker labourers labourer laborers laborer soldiers soldier guards guard students student abductees
abductee returnees returnee deportees deportee repatriates survivors survivor witnesses witness interviewees
interviewee christians christian believers believer missionaries missionary fishermen orphans orphan babies
baby infants infant relatives relative sons son daughters daughter brothers brother sisters sister siblings
koreans north-koreans adults adult minors minor teenagers officials official agents agent crew brokers broker
officers officer policemen bowiwon anjonwon anjeonwon boanwon
""")
_ITEM_NOUNS = _words("""
camps camp violations violation cases case incidents incident executions execution facilities facility
prisons prison centres centre centers center sites site locations location reports report testimonies
testimony interviews interview documents document records record villages village houses house homes home
buildings building graves grave trucks truck vehicles vehicle boats boat ships ship letters letter
photographs photograph photos photo images image submissions submission allegations allegation complaints
complaint communications communication households household kwalliso kyohwaso barracks mines mine
factories factory
""")
_HEADS: dict[str, str] = {
    **dict.fromkeys(_PEOPLE_NOUNS, "people"),
    **dict.fromkeys(_ITEM_NOUNS, "items"),
    **dict.fromkeys(("percent", "pct"), "percent"),
    **dict.fromkeys(("dollars", "dollar", "usd"), "USD"),
    **dict.fromkeys(("yuan", "renminbi", "rmb", "cny"), "CNY"),
    **dict.fromkeys(("won", "krw", "kpw"), "KRW"),
    **dict.fromkeys(("euros", "euro", "eur"), "EUR"),
    **dict.fromkeys(("years", "year", "yrs"), "years"),
    **dict.fromkeys(("months", "month"), "months"),
    **dict.fromkeys(("days", "day"), "days"),
    **dict.fromkeys(("km", "kms", "kilometres", "kilometre", "kilometers", "kilometer"), "km"),
    **dict.fromkeys(("kg", "kgs", "kilograms", "kilogram", "kilos", "kilo"), "kg"),
    **dict.fromkeys(("tonnes", "tonne", "tons", "ton"), "tonnes"),
}
# Smaller units of the listed ones, converted: "300 grams of corn" is 0.3 kg, "500 metres" 0.5 km.
_SMALL_HEADS: dict[str, str] = {
    **dict.fromkeys(("grams", "gram", "grammes", "gramme"), "kg"),
    **dict.fromkeys(("metres", "metre", "meters", "meter"), "km"),
}
_COUNTED = ("people", "items")
_TIME_UNITS = ("years", "months", "days")
# Words that end a noun phrase: between a number and its noun only modifiers may stand ("3,000 North
# Korean defectors"), never a verb, article or preposition ("3,000 were prisoners" counts nothing).
_STOP = frozenset(
    _words("""
a an the of in on at to from by with for and or but than that which who whom whose as per each this these those
their his her its our my your we they he she it i you is are was were be been being has have had do did does
will would could should may might can must not no so such there here when where while if then also only
about around over under more less than nearly almost some any all both other same square times
""")
) - {"more"}
# Modifiers that change what a distance or weight means ("3 square km" is an area).
_NOT_A_MEASURE = frozenset({"square", "sq", "cubic", "per"})

# -- numbers ------------------------------------------------------------------------------------------------
# ASCII digits only (\d would take Arabic-Indic and full-width digits, which no figure here is written in).

# Where a written number may start: not inside a word, a longer number, a decimal, a time or a fraction.
_DIGIT_START = re.compile(r"(?<![A-Za-z0-9_.,:/])[0-9]")
# "80,000", "5181", "1.5": grouped thousands or a plain run, then an optional decimal part (possessive:
# a failed match never retries shorter digit runs).
_DIGITS = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})++(?![0-9])|[0-9]++)(?:\.[0-9]++)?+")
# "1.5 million": an English scale word after the digits.
_EN_SCALE = re.compile(r"\s{1,2}(hundred|thousand|million|billion)\b", re.IGNORECASE)
# "12만", "2백만", "3천5백", "12만 5천": Korean multipliers right after the digits, then more digit+multiplier
# pieces (bounded).
_KO_SCALE = re.compile(r"[십백천만억]{1,4}(?:\s?[0-9]{1,4}[십백천만]{1,3}){0,3}")
_KO_PIECE = re.compile(r"[0-9]+(?:\.[0-9]+)?|[십백천만억]")
# "10여 명", "12만여 명": "여" (more than) between the number and its counter.
_KO_YEO = re.compile(r"여(?=\s?[명개건곳년일달원인])")
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_KO_MULTIPLIERS = {"십": 10.0, "백": 100.0, "천": 1e3, "만": 1e4, "억": 1e8}

_UNITS_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TENS_WORDS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_WORD_VALUES: dict[str, float] = {
    **{word: float(i + 1) for i, word in enumerate(_UNITS_WORDS)},
    **{word: float(20 + 10 * i) for i, word in enumerate(_TENS_WORDS)},
}
# One English number word; "a"/"an"/"half" only lead into a scale ("a dozen", "half a million").
_NUMBER_WORD = re.compile(
    r"\b("
    + "|".join([*_UNITS_WORDS, *_TENS_WORDS, "hundred", "thousand", "million", "billion", "dozen", "half", "an", "a"])
    + r")\b",
    re.IGNORECASE,
)
# Between two number words: "twenty-five", "two hundred and fifty".
_WORD_JOIN = re.compile(r"[\s-](?:and\s)?", re.IGNORECASE)
# Where a word number may start (the scale words alone are vague: "several thousand", "hundreds").
_WORD_START = re.compile(
    r"\b(?:" + "|".join([*_UNITS_WORDS, *_TENS_WORDS]) + r"|an?\s(?:hundred|thousand|million|billion|dozen)"
    r"|half\s(?:a\s)?(?:million|billion|dozen))\b",
    re.IGNORECASE,
)
# Korean native numerals, read only before 명 (people) and 달 (months): "두 명", "석 달".
_KO_NATIVE = re.compile(r"(?<![가-힣])(한|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉|열)\s?(명|달)")
# Native day counts ("사흘 동안", "열흘 있었어요"); 하루 is left out ("하루 종일" is all day, not one day).
_KO_DAY_WORDS = {
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
}
_KO_DAYS_NATIVE = re.compile(r"(?<![가-힣])(" + "|".join(_KO_DAY_WORDS) + r")(?=\s|[을를이가은는에만씩도간째]|$)")
# Native numbers with a noun for people, before ("세 자녀", "두 남자") or after ("형제 셋", "에미나이 둘").
_KO_PERSON_NOUNS = r"(?:남자|여자|사람|자녀|아이|애|형제|자매|아들|딸|식구|사내|에미나이|처녀|청년|노인|군인|경비병)"
_KO_NATIVE_BEFORE_NOUN = re.compile(
    r"(?<![가-힣])(두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s" + _KO_PERSON_NOUNS + r"(?=[이가은는을를도와과의]|\s|$)"
)
_KO_NATIVE_AFTER_NOUN = re.compile(
    _KO_PERSON_NOUNS + r"\s(둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열)(?=[이가은는을를도까]|\s|$)"
)
_KO_NATIVE_COUNT = {"둘": 2, "셋": 3, "넷": 4}
_KO_NATIVE_VALUES = {
    "한": 1,
    "두": 2,
    "세": 3,
    "석": 3,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}

# -- what stands around a number ----------------------------------------------------------------------------

# A currency sign or code right before the number ("$3,000", "US$ 3,000", "USD 3,000", "₩5,000").
_CURRENCY_BEFORE = re.compile(
    r"(?:(?P<usd>US\s?\$|\$)|(?P<eur>€)|(?P<krw>₩)|(?<![A-Za-z])(?P<code>USD|EUR|KRW|KPW|CNY|RMB))\s?$"
)
_CURRENCY_CODES = {"USD": "USD", "EUR": "EUR", "KRW": "KRW", "KPW": "KRW", "CNY": "CNY", "RMB": "CNY"}
# Labels, not quantities: facility, page, article numbers and the like ("Camp 15", "No. 12", "제15호").
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:[Cc]amp|CAMP|[Kk]walliso|[Kk]yohwaso|[Pp]rison|[Nn]umber|[Nn]os?\.?|[Rr]oom|[Pp]ages?|pp?\.|"
    r"[Aa]rticle|[Aa]rt\.|[Ss]ection|[Cc]hapter|[Uu]nit|[Bb]lock|[Ww]ard|[Cc]ell|[Tt]eam|[Zz]one|[Aa]rea|"
    r"[Dd]ivision|[Bb]rigade|[Cc]orps|[Gg]rade|[Cc]lass|[Ll]evel|[Rr]oute|[Rr]esolution|[Dd]ecree|"
    r"[Pp]aragraphs?|paras?\.|[Tt]able|[Ff]igure|[Ff]ig\.|[Aa]nnex|[Ff]ootnote|[Nn]ote|[Cc]ase|[Ii]tem|"
    r"[Vv]ol\.|[Vv]olume|[Pp]art)\s{0,2}|#\s?|제\s?|[A-Za-z0-9]-|\b(?:[0-9]{1,3}|[Oo]ne)\s(?:in|out\sof)\s)$"
)
# An age, not a quantity ("aged 17", "at the age of 17").
_AGE_BEFORE = re.compile(r"\b(?:[Aa]ged?|[Aa]ges|[Aa]ge\sof)\s{1,3}$")
# "between 600,000 and 1 million": makes "and" a range connector.
_BETWEEN_BEFORE = re.compile(r"\b[Bb]etween\s{1,3}(?:US\s?\$|\$|€|₩)?$")
# After the number: an ordinal suffix, a clock time, or a decimal/grouping we did not read ("1,0001").
_NOT_A_COUNT_AFTER = re.compile(r"(?:st|nd|rd|th)\b|:[0-9]|\s?(?:a\.m\.|p\.m\.|[ap]m\b|o'clock|hours?\b|hrs\b)")
# Range connectors: "80,000-120,000", "1 to 2 million", "2 or 3", "10~12만", "10만에서 12만".
_RANGE_JOIN = re.compile(r"\s{0,3}[-–—~∼〜]\s{0,3}|\s{1,3}(?:to|or)\s{1,3}|\s?(?:에서|부터)\s?")
_RANGE_AND = re.compile(r"\s{1,3}and\s{1,3}")
_CURRENCY_SIGN = re.compile(r"US\s?\$|\$|€|₩")

# The unit right after the number.
_PERCENT_AFTER = re.compile(r"\s{0,2}(?:%|％|[Pp]er\s?[Cc]ent\b|[Pp]ercent\b|PERCENT\b|퍼센트|프로(?![가-힣]))")
# Korean counters and symbols (longest first: 개월 before 개, 킬로미터 before nothing shorter).
_KO_COUNTER = re.compile(
    r"\s?(개월|킬로미터|킬로그램|그램|미터|달러|위안|유로|개소|키로|명|인|원|불|년|개|건|곳|톤|달|일|권|발|km|㎞|kg|㎏)"
)
_KO_COUNTER_UNITS = {
    "개월": "months",
    "킬로미터": "km",
    "킬로그램": "kg",
    "달러": "USD",
    "위안": "CNY",
    "유로": "EUR",
    "개소": "items",
    "명": "people",
    "인": "people",
    "원": "KRW",
    "불": "USD",
    "년": "years",
    "개": "items",
    "건": "items",
    "곳": "items",
    "톤": "tonnes",
    "달": "months",
    "일": "days",
    "권": "items",
    "발": "items",
    "키로": "kg",  # spoken Korean for kilograms ("38키로")
    "km": "km",
    "㎞": "km",
    "kg": "kg",
    "㎏": "kg",
    "그램": "kg",
    "미터": "km",
}
# After a Hangul counter: a particle or suffix, or no Hangul at all. "원산" (a city), "1인당" (per person),
# "3인조", "90년대", "3년생" fail this check.
_KO_TAIL = re.compile(
    r"(?![가-힣])|(?:이|가|을|를|은|는|의|에|과|와|도|만|씩|으로|로|까지|부터|가량|정도|쯤|이상|이하|미만|남짓|째|간|"
    r"동안|형|짜리|어치|이나|나|밖에|뿐|씩|여|였|이었|입니|이에요|예요|이다)"
)
# "일" is a day count only as a duration ("10일간", "10일 동안", "10일 만에"); "3월 10일" is a date.
_KO_DAYS_TAIL = re.compile(r"(?:간|째|\s?동안|\s?만에|\s?[?？]|\s?(?:을|를|이나|정도|가량|쯤|씩|넘게|남짓)(?![가-힣]))")
# "3월 10일을": a day of a month is a date, whatever follows.
_MONTH_BEFORE = re.compile(r"[0-9]{1,2}\s?월\s?[0-9]{1,2}$")
# "3년 전", "2년 후", "5년 뒤": a relative date, not a duration.
_KO_RELATIVE = re.compile(r"\s?(?:전|후|뒤)(?:(?![가-힣])|에|의|부터|까지)")
# "-year sentence", "10-day": a hyphenated unit; "-year-old" is an age.
_HYPHEN_UNIT = re.compile(
    r"-(year|month|day|km|kilometre|kilometer|kg|kilogram|tonne|ton)s?\b(?P<old>[\s-]old\b)?", re.IGNORECASE
)
# An English word after the number (a modifier or the counted noun).
_WORD_AFTER = re.compile(r"\s{1,3}([A-Za-z][A-Za-z'’-]{0,40})")
# "km" and "kg" written onto the number ("10km").
_ABBREVIATION_AFTER = re.compile(r"(km|kg|kms|kgs|g)\b", re.IGNORECASE)
# After a time unit: an age or a relative date, which makes the whole thing not a figure.
_AGE_AFTER = re.compile(r"\s{1,3}(?:old\b|of\s{1,3}age\b)", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"\s{1,3}(?:later|ago|earlier|hence)\b", re.IGNORECASE)
# "10 of the prisoners", "60% of the inmates": the counted noun after "of".
_OF_THE = re.compile(
    r"\s{1,3}of\s{1,3}(?:(?:the|these|those|its|their|his|her|my|our|all|whom|them)\s{1,3})?", re.IGNORECASE
)

# The counted noun before an English number that stands alone ("the number of political prisoners is
# estimated at 80,000 to 120,000", "the death toll reached 600,000"). Triggers are found once for the whole
# text; the full pattern only runs on the 160 characters before a number that follows a trigger.
_LOOKBACK_TRIGGER = re.compile(
    r"\b(?:number|total|population|toll|estimated|estimates?|numbered|numbering)\b", re.IGNORECASE
)
_LOOKBACK = re.compile(
    r"(?:\b(?:number|numbers|total|population|count|estimates?)\s{1,3}of\s{1,3}(?:the\s{1,3}|all\s{1,3})?"
    r"(?P<np>(?:[A-Za-z-]{1,30}\s{1,3}){0,2}?(?P<head>"
    + "|".join(sorted((noun for noun, unit in _HEADS.items() if unit in _COUNTED), key=len, reverse=True))
    + r"))\b"
    r"|\b(?P<toll>death\s{1,3}toll))"
    r"[^.;!?\n0-9]{0,60}?(?:\b(?:at|of|to|from|was|were|is|are|reached|numbered|numbering|totall?ed|totall?ing|"
    r"stood\s{1,3}at|estimated\s{1,3}at))\s{1,3}(?:(?:about|around|approximately|some|over|nearly|almost|"
    r"up\s{1,3}to|more\s{1,3}than|as\s{1,3}many\s{1,3}as|between)\s{1,3})?(?:US\s?\$|\$)?$",
    re.IGNORECASE,
)
_LOOKBACK_WINDOW = 160

# A large bare number that people do or suffer ("1 to 2 million died", "up to 120,000 are held") or that
# follows a killing or a heading of the dead ("the famine killed 600,000", "Famine deaths: 1 to 2 million").
_PEOPLE_VERB_AFTER = re.compile(
    r"\s{1,3}(?:more\s{1,3})?(?:died|perished|starved|(?:were|are|was|have\s{1,3}been|had\s{1,3}been|remain)\s{1,3}"
    r"(?:still\s{1,3})?(?:killed|executed|held|detained|imprisoned|interned|sent|repatriated|abducted|missing|"
    r"disappeared|dead|deported|trafficked|sold))\b",
    re.IGNORECASE,
)
_PEOPLE_VERB_BEFORE = re.compile(
    r"\b(?:killed|executed|deaths?|died|dead|victims|prisoners|detainees|inmates|abductees|killing)\s{0,3}:?\s{1,3}"
    r"(?:(?:about|around|approximately|an\s{1,3}estimated|some|up\s{1,3}to|over|nearly|more\s{1,3}than|between)"
    r"\s{1,3})?$",
    re.IGNORECASE,
)

# Korean: the counted noun before the number ("정치범 12만 명", "탈북자 약 3만 명") or after it with 의
# ("12만 명의 정치범").
_KO_NOUN_BEFORE = re.compile(
    r"(?<![가-힣])(?P<w>[가-힣]{2,12})\s(?:(?:약|대략|최소|최소한|최대|무려|총|모두|적어도|거의|약\s?)\s)?$"
)
_KO_NOUN_AFTER = re.compile(r"\s?의\s(?P<w>[가-힣]{2,12})")
_KO_PARTICLE = re.compile(r"(?:은|는|이|가|을|를|도|의|과|와)$")
_KO_NOT_A_NOUN = re.compile(r"(?:에서|에게|에|로|으로|부터|까지|고|며|서|면|다|된|한|던|진|운|있는|없는|하는|되는)$")
_KO_KEEP = frozenset({"어린이", "아이", "국가", "작가", "가이", "고아이"})
_KO_QUALIFIERS = frozenset({"약", "대략", "최소", "최소한", "최대", "무려", "총", "모두", "적어도", "거의", "당시"})


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float
    #: The literal before any scale word ("1.5" of "1.5 million", "12" of "12만"); scale = value / base.
    base: float
    scaled: bool


@dataclass(frozen=True)
class _Unit:
    unit: str
    end: int
    subject: str = ""
    #: Grams and metres are written out in the listed units: 300 grams is 300 / 1000 kg.
    divisor: float = 1.0


_REJECT = _Unit("", -1)  # the number is an age or a relative date: no figure at all


# -- reading numbers ----------------------------------------------------------------------------------------


def _korean_value(text: str) -> float:
    """The value of digits with Korean multipliers: "2백만" 2000000, "12만 5천" 125000, "1억 2천만" 120000000."""
    total = section = 0.0
    pending: float | None = None
    for piece in _KO_PIECE.findall(text):
        if piece[0].isdigit():
            pending = float(piece)
        elif piece in "만억":
            section += pending or 0.0
            total += (section or 1.0) * _KO_MULTIPLIERS[piece]
            section, pending = 0.0, None
        else:
            section += (1.0 if pending is None else pending) * _KO_MULTIPLIERS[piece]
            pending = None
    return total + section + (pending or 0.0)


def _digits_at(text: str, pos: int) -> _Number | None:
    match = _DIGITS.match(text, pos)
    if match is None:
        return None
    literal = match.group()
    base = float(literal.replace(",", ""))
    end = match.end()
    if korean := _KO_SCALE.match(text, end):
        value = _korean_value(literal.replace(",", "") + korean.group().replace(" ", ""))
        end = korean.end()
        if yeo := _KO_YEO.match(text, end):
            end = yeo.end()
        return _Number(pos, end, value, base, value != base)
    if yeo := _KO_YEO.match(text, end):
        return _Number(pos, yeo.end(), base, base, False)
    if scale := _EN_SCALE.match(text, end):
        return _Number(pos, scale.end(), base * _SCALES[scale.group(1).lower()], base, True)
    return _Number(pos, end, base, base, False)


def _words_at(text: str, pos: int) -> _Number | None:
    """An English number in words ("twenty-five", "two hundred and fifty", "a dozen", "half a million")."""
    words: list[str] = []
    ends: list[int] = []
    match = _NUMBER_WORD.match(text, pos)
    while match is not None and len(words) < 8:
        word = match.group(1).lower()
        if words and not _follows(words[-1], word, joined_by_and=" and" in text[ends[-1] : match.start()].lower()):
            break
        words.append(word)
        ends.append(match.end())
        join = _WORD_JOIN.match(text, match.end())
        match = _NUMBER_WORD.match(text, join.end()) if join else None
    # A trailing "a"/"an"/"half" belongs to what follows ("two a day"), not to the number.
    while words and words[-1] in ("a", "an", "half"):
        words.pop()
        ends.pop()
    if not words:
        return None
    return _words_value(words, pos, ends[-1])


_BIG = ("hundred", "thousand", "million", "billion")


def _follows(previous: str, word: str, joined_by_and: bool) -> bool:
    """Whether ``word`` continues the number ending in ``previous`` ("two three" and "two and three" do not)."""
    if joined_by_and and previous not in _BIG:
        return False
    if previous in ("a", "an"):
        return word in (*_BIG, "dozen")
    if previous == "half":
        return word in ("a", "an", "million", "billion", "dozen")
    if word in ("a", "an", "half"):
        return False
    if previous in _TENS_WORDS:
        return word in _BIG or (word in _WORD_VALUES and _WORD_VALUES[word] < 10)
    if previous in _WORD_VALUES:  # one to nineteen
        return word in _BIG or word == "dozen"
    if previous == "dozen":
        return False
    if word in _BIG:  # "hundred thousand", "thousand million"; not "million thousand"
        return _BIG.index(word) > _BIG.index(previous) if previous in _BIG else False
    return word in _WORD_VALUES


def _words_value(words: list[str], start: int, end: int) -> _Number | None:
    first = words[0]
    if first in ("a", "an"):
        if len(words) < 2 or words[1] not in ("hundred", "thousand", "million", "billion", "dozen"):
            return None
        words = ["one", *words[1:]]
    elif first == "half":
        rest = [word for word in words[1:] if word not in ("a", "an")]
        if not rest or rest[0] not in ("million", "billion", "dozen"):
            return None
        factor = 12.0 if rest[0] == "dozen" else _SCALES[rest[0]]
        return _Number(start, end, factor / 2, 0.5, True)
    elif first not in _WORD_VALUES:
        return None  # "thousand" alone, "dozen" alone: vague
    total = current = 0.0
    last_scale = 1.0
    for word in words:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current, last_scale = 0.0, _SCALES[word]
        else:
            return None
    value = total + current
    scaled = current == 0 and last_scale > 1
    return _Number(start, end, value, value / last_scale if scaled else value, scaled)


def _number_at(text: str, pos: int) -> _Number | None:
    if pos < len(text) and "0" <= text[pos] <= "9":
        return _digits_at(text, pos)
    return _words_at(text, pos)


# -- reading units ------------------------------------------------------------------------------------------


def _korean_unit(text: str, pos: int) -> _Unit | None:
    match = _KO_COUNTER.match(text, pos)
    if match is None:
        return None
    counter = match.group(1)
    end = match.end()
    if not counter.isascii() and counter not in "㎞㎏" and not _KO_TAIL.match(text, end):
        return None
    unit = _KO_COUNTER_UNITS[counter]
    if counter in ("그램", "미터"):
        return _Unit(unit, end, divisor=1000.0)
    if counter == "일" and (not _KO_DAYS_TAIL.match(text, end) or _MONTH_BEFORE.search(text, max(0, pos - 9), pos)):
        return None
    if unit in _TIME_UNITS and _KO_RELATIVE.match(text, end):
        return _REJECT
    subject = _korean_subject(text, end) if unit in _COUNTED else ""
    return _Unit(unit, end, subject)


def _strip_particle(word: str) -> str:
    if word in _KO_KEEP:
        return word
    stripped = _KO_PARTICLE.sub("", word)
    return stripped if len(stripped) >= 2 else word


def _korean_subject(text: str, counter_end: int) -> str:
    after = _KO_NOUN_AFTER.match(text, counter_end)
    if after:
        word = _strip_particle(after["w"])
        if not _KO_NOT_A_NOUN.search(word):
            return word
    return ""


def _korean_subject_before(text: str, start: int) -> str:
    match = _KO_NOUN_BEFORE.search(text, max(0, start - 30), start)
    if match is None:
        return ""
    word = match["w"]
    if word in _KO_QUALIFIERS or _KO_NOT_A_NOUN.search(word):
        return ""
    word = _strip_particle(word)
    if len(word) < 2 or _KO_NOT_A_NOUN.search(word) or word in _KO_QUALIFIERS:
        return ""
    return word


_OF_PEOPLE = re.compile(r"\s{1,3}of\s{1,3}(?:them|us|whom)\b", re.IGNORECASE)


def _english_unit(text: str, pos: int, allow_of: bool = True) -> _Unit | None:
    """The counted noun after the number: up to three modifiers, then a noun of _HEADS."""
    if allow_of and _OF_PEOPLE.match(text, pos):
        return _Unit("people", pos)  # "two of them", "26 of whom": people, quoted as the number
    if allow_of and (of := _OF_THE.match(text, pos)):
        noun = _english_unit(text, of.end() - 1, allow_of=False)  # step back onto the space before the noun
        return noun if noun is not None and noun.unit in _COUNTED else None
    first_start = -1
    cursor = pos
    modifiers: list[str] = []
    for _ in range(4):
        match = _WORD_AFTER.match(text, cursor)
        if match is None:
            return None
        word = match.group(1)
        lower = word.lower().rstrip("'’")
        if first_start < 0:
            first_start = match.start(1)
        if lower in _SMALL_HEADS:
            return None if modifiers else _Unit(_SMALL_HEADS[lower], match.end(), divisor=1000.0)
        if lower in _HEADS:
            unit = _HEADS[lower]
            if unit in ("km", "kg", "tonnes") and _NOT_A_MEASURE.intersection(modifiers):
                return None
            if unit in _TIME_UNITS:
                if _AGE_AFTER.match(text, match.end()) or _RELATIVE_AFTER.match(text, match.end()):
                    return _REJECT
                return _Unit(unit, match.end())
            if unit == "percent":
                return _Unit(unit, match.end())
            if unit not in _COUNTED:
                return _Unit(unit, match.end()) if not modifiers or _country_words(modifiers) else None
            end = match.end()
            # A noun for people may be followed by another ("Korean women", "family members", "child soldiers"):
            # the phrase runs to the last.
            for _ in range(2):
                more = _WORD_AFTER.match(text, end)
                if unit != "people" or more is None or _HEADS.get(more.group(1).lower()) != "people":
                    break
                end = more.end()
            return _Unit(unit, end, text[first_start:end])
        if lower in _STOP:
            return None
        modifiers.append(lower)
        cursor = match.end()
    return None


def _country_words(words: list[str]) -> bool:
    """Modifiers of a currency may only name its country ("US dollars", "North Korean won")."""
    return all(
        word in ("us", "u.s.", "american", "north", "south", "korean", "chinese", "hong", "kong") for word in words
    )


def _unit_after(text: str, pos: int) -> _Unit | None:
    if match := _PERCENT_AFTER.match(text, pos):
        subject = ""
        if of := _OF_THE.match(text, match.end()):
            noun = _english_unit(text, of.end() - 1, allow_of=False)
            if noun is not None and noun.unit in _COUNTED:
                subject = noun.subject
        return _Unit("percent", match.end(), subject)
    if match := _HYPHEN_UNIT.match(text, pos):
        if match["old"]:
            return _REJECT
        unit = _HEADS[match.group(1).lower()]  # every singular the pattern names is a key
        end = match.end()
        if unit in _TIME_UNITS and _AGE_AFTER.match(text, end):
            return _REJECT
        return _Unit(unit, end)
    if match := _ABBREVIATION_AFTER.match(text, pos):
        word = match.group(1).lower()
        if word == "g":
            return _Unit("kg", match.end(), divisor=1000.0)
        return _Unit(_HEADS[word], match.end())
    if korean := _korean_unit(text, pos):
        return korean
    return _english_unit(text, pos)


# -- assembling figures -------------------------------------------------------------------------------------


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    if not any(char in "$€₩DRWYB" for char in text[max(0, start - 2) : start]):
        return None  # the common case, decided without a regex search
    match = _CURRENCY_BEFORE.search(text, max(0, start - 6), start)
    if match is None:
        return None
    if match["usd"]:
        unit = "USD"
    elif match["eur"]:
        unit = "EUR"
    elif match["krw"]:
        unit = "KRW"
    else:
        unit = _CURRENCY_CODES[match["code"]]
    return unit, start - len(match.group())


def _is_label(text: str, start: int) -> bool:
    lo = max(0, start - 16)
    return bool(_LABEL_BEFORE.search(text, lo, start) or _AGE_BEFORE.search(text, lo, start))


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.triggers = [match.end() for match in _LOOKBACK_TRIGGER.finditer(text)]
        self.found: list[FigureMention] = []

    def at(self, start: int) -> None:
        """The figure starting with the number at ``start``, if any."""
        text = self.text
        number_start = start
        first = _number_at(text, start)
        if first is None or _NOT_A_COUNT_AFTER.match(text, first.end):
            return
        currency = _currency_before(text, start)
        low, high, last = first, None, first
        second = self._range_end(first)
        if second is not None:
            low_value = first.value
            if not first.scaled and second.scaled and first.value <= second.base and second.base:
                low_value = first.value * (second.value / second.base)
            if low_value < second.value:
                low = _Number(first.start, first.end, low_value, first.base, first.scaled)
                high, last = second, second
                between = _BETWEEN_BEFORE.search(text, max(0, start - 12), start)
                if between and currency is None:  # "between 600,000 and 1 million": quote the "between"
                    start = between.start()
        unit: _Unit | None
        if currency is not None:
            unit = _Unit(currency[0], last.end)
            start = currency[1]
        else:
            if high is None and self._korean_counter_range(first):
                return
            unit = _unit_after(text, last.end)
            if unit is None:
                unit = self._lookback(start, last.end)
            if unit is None and (last.scaled or last.value >= 1000):
                unit = _people_by_verb(text, start, last.end)
        if unit is None or unit is _REJECT or _is_label(text, number_start):
            return
        subject = unit.subject
        if not subject and unit.unit in _COUNTED and not text[last.end : unit.end].strip().isascii():
            subject = _korean_subject_before(text, start)
        end = max(unit.end, last.end)
        if high is None:
            value = first.value / unit.divisor
            mention = FigureMention(start, end, text[start:end], value, None, None, unit.unit, subject)
        else:
            low_value, high_value = low.value / unit.divisor, high.value / unit.divisor
            mention = FigureMention(start, end, text[start:end], None, low_value, high_value, unit.unit, subject)
        self.found.append(mention)

    def _range_end(self, first: _Number) -> _Number | None:
        text = self.text
        join = _RANGE_JOIN.match(text, first.end)
        if join is None and _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start):
            join = _RANGE_AND.match(text, first.end)
        if join is None:
            return None
        pos = join.end()
        if sign := _CURRENCY_SIGN.match(text, pos):
            pos = sign.end()
        second = _number_at(text, pos)
        if second is None or _NOT_A_COUNT_AFTER.match(text, second.end):
            return None
        return second

    def _korean_counter_range(self, first: _Number) -> bool:
        """ "10만 명에서 12만 명": a counter on both ends. Adds the figure and says so."""
        text = self.text
        counter = _KO_COUNTER.match(text, first.end)
        if counter is None:
            return False
        join = _RANGE_JOIN.match(text, counter.end())
        if join is None or _is_label(text, first.start):
            return False
        second = _number_at(text, join.end())
        if second is None:
            return False
        again = _KO_COUNTER.match(text, second.end)
        if again is None or again.group(1) != counter.group(1) or first.value >= second.value:
            return False
        unit = _korean_unit(text, second.end)
        if unit is None or unit is _REJECT:
            return False
        subject = unit.subject or (_korean_subject_before(text, first.start) if unit.unit in _COUNTED else "")
        self.found.append(
            FigureMention(
                first.start, unit.end, text[first.start : unit.end], None, first.value, second.value, unit.unit, subject
            )
        )
        return True

    def _lookback(self, start: int, end: int) -> _Unit | None:
        index = bisect.bisect_right(self.triggers, start) - 1
        if index < 0 or start - self.triggers[index] > _LOOKBACK_WINDOW:
            return None
        match = _LOOKBACK.search(self.text, max(0, start - _LOOKBACK_WINDOW), start)
        if match is None:
            return None
        if match["toll"]:
            return _Unit("people", end, "deaths")
        unit = _HEADS.get(match["head"].lower())
        if unit not in _COUNTED:
            return None
        return _Unit(unit, end, " ".join(match["np"].split()))

    def korean_native(self) -> None:
        text = self.text
        for match in _KO_DAYS_NATIVE.finditer(text):
            value = float(_KO_DAY_WORDS[match.group(1)])
            self.found.append(FigureMention(match.start(), match.end(), match.group(), value, None, None, "days"))
        for pattern in (_KO_NATIVE_BEFORE_NOUN, _KO_NATIVE_AFTER_NOUN):
            for match in pattern.finditer(text):
                word = match.group(1)
                value = float(_KO_NATIVE_COUNT.get(word) or _KO_NATIVE_VALUES[word])
                quote = match.group()
                self.found.append(FigureMention(match.start(), match.end(), quote, value, None, None, "people", quote))
        for match in _KO_NATIVE.finditer(self.text):
            if not _KO_TAIL.match(self.text, match.end()):
                continue
            value = float(_KO_NATIVE_VALUES[match.group(1)])
            unit = "people" if match.group(2) == "명" else "months"
            subject = _korean_subject_before(self.text, match.start()) if unit == "people" else ""
            self.found.append(
                FigureMention(match.start(), match.end(), match.group(), value, None, None, unit, subject)
            )


_DEATH_WORDS = {
    "killed": "deaths",
    "died": "deaths",
    "dead": "deaths",
    "killing": "deaths",
    "death": "deaths",
    "executed": "executions",
}


def _people_by_verb(text: str, start: int, end: int) -> _Unit | None:
    if _PEOPLE_VERB_AFTER.match(text, end):
        return _Unit("people", end)
    before = _PEOPLE_VERB_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        word = before.group().split()[0].rstrip(":").lower()
        return _Unit("people", end, _DEATH_WORDS.get(word, word))
    return None


def _longest(found: list[FigureMention]) -> list[FigureMention]:
    occupied = bytearray(max((item.end for item in found), default=0))
    chosen: list[FigureMention] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if any(occupied[item.start : item.end]):
            continue
        occupied[item.start : item.end] = b"\x01" * (item.end - item.start)
        chosen.append(item)
    return sorted(chosen, key=lambda f: f.start)


def find_figures(text: str) -> list[FigureMention]:
    """Every quantity with a unit in ``text``, in text order, non-overlapping; ``quote == text[start:end]``."""
    if not text:
        return []
    finder = _Finder(text)
    for match in _DIGIT_START.finditer(text):
        finder.at(match.start())
    for match in _WORD_START.finditer(text):
        finder.at(match.start())
    finder.korean_native()
    dates = find_dates(text)
    starts = [date.start for date in dates]
    ends = [date.end for date in dates]

    def is_date(figure: FigureMention) -> bool:
        index = bisect.bisect_left(ends, figure.start + 1)  # first date ending after the figure starts
        return index < len(dates) and starts[index] < figure.end

    return _longest([figure for figure in finder.found if not is_date(figure)])
