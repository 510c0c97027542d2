"""The units of figures and how they are read after a number.

:data:`HEADS` maps the English nouns that name what is counted (people, items) or a unit (currencies,
durations, distances, weights) to the unit each gives; :data:`KO_COUNTER` matches the Korean counters
(명, 개, 년, 원...). ``unit_after(text, pos)`` reads the unit right after a number: a percent sign or word,
a hyphenated unit ("15-year"), an abbreviation written onto the number ("10km"), a Korean counter, or an
English noun phrase ("3,000 North Korean defectors"), with its counted subject when the text gives one.
It returns :data:`REJECT` when the number turns out to be an age or a relative date ("17 years old",
"two years later", "3년 전").

Every pattern is linear: quantifiers are bounded and the checks read bounded windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- English nouns that name what is counted, and the unit each gives ---------------------------------------


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
HEADS: dict[str, str] = {
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
COUNTED = ("people", "items")
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

# -- the unit right after a number --------------------------------------------------------------------------

_PERCENT_AFTER = re.compile(r"\s{0,2}(?:%|％|[Pp]er\s?[Cc]ent\b|[Pp]ercent\b|PERCENT\b|퍼센트|프로(?![가-힣]))")
# Korean counters and symbols (longest first: 개월 before 개, 킬로미터 before nothing shorter).
KO_COUNTER = re.compile(
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
KO_TAIL = re.compile(
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
class Unit:
    unit: str
    end: int
    subject: str = ""
    #: Grams and metres are written out in the listed units: 300 grams is 300 / 1000 kg.
    divisor: float = 1.0


REJECT = Unit("", -1)  # the number is an age or a relative date: no figure at all


# -- reading units ------------------------------------------------------------------------------------------


def korean_unit(text: str, pos: int) -> Unit | None:
    match = KO_COUNTER.match(text, pos)
    if match is None:
        return None
    counter = match.group(1)
    end = match.end()
    if not counter.isascii() and counter not in "㎞㎏" and not KO_TAIL.match(text, end):
        return None
    unit = _KO_COUNTER_UNITS[counter]
    if counter in ("그램", "미터"):
        return Unit(unit, end, divisor=1000.0)
    if counter == "일" and (not _KO_DAYS_TAIL.match(text, end) or _MONTH_BEFORE.search(text, max(0, pos - 9), pos)):
        return None
    if unit in _TIME_UNITS and _KO_RELATIVE.match(text, end):
        return REJECT
    subject = _korean_subject(text, end) if unit in COUNTED else ""
    return Unit(unit, end, subject)


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


def korean_subject_before(text: str, start: int) -> str:
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


def _english_unit(text: str, pos: int, allow_of: bool = True) -> Unit | None:
    """The counted noun after the number: up to three modifiers, then a noun of HEADS."""
    if allow_of and _OF_PEOPLE.match(text, pos):
        return Unit("people", pos)  # "two of them", "26 of whom": people, quoted as the number
    if allow_of and (of := _OF_THE.match(text, pos)):
        noun = _english_unit(text, of.end() - 1, allow_of=False)  # step back onto the space before the noun
        return noun if noun is not None and noun.unit in COUNTED else None
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
            return None if modifiers else Unit(_SMALL_HEADS[lower], match.end(), divisor=1000.0)
        if lower in HEADS:
            unit = HEADS[lower]
            if unit in ("km", "kg", "tonnes") and _NOT_A_MEASURE.intersection(modifiers):
                return None
            if unit in _TIME_UNITS:
                if _AGE_AFTER.match(text, match.end()) or _RELATIVE_AFTER.match(text, match.end()):
                    return REJECT
                return Unit(unit, match.end())
            if unit == "percent":
                return Unit(unit, match.end())
            if unit not in COUNTED:
                return Unit(unit, match.end()) if not modifiers or _country_words(modifiers) else None
            end = match.end()
            # A noun for people may be followed by another ("Korean women", "family members", "child soldiers"):
            # the phrase runs to the last.
            for _ in range(2):
                more = _WORD_AFTER.match(text, end)
                if unit != "people" or more is None or HEADS.get(more.group(1).lower()) != "people":
                    break
                end = more.end()
            return Unit(unit, end, text[first_start:end])
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


def unit_after(text: str, pos: int) -> Unit | None:
    if match := _PERCENT_AFTER.match(text, pos):
        subject = ""
        if of := _OF_THE.match(text, match.end()):
            noun = _english_unit(text, of.end() - 1, allow_of=False)
            if noun is not None and noun.unit in COUNTED:
                subject = noun.subject
        return Unit("percent", match.end(), subject)
    if match := _HYPHEN_UNIT.match(text, pos):
        if match["old"]:
            return REJECT
        unit = HEADS[match.group(1).lower()]  # every singular the pattern names is a key
        end = match.end()
        if unit in _TIME_UNITS and _AGE_AFTER.match(text, end):
            return REJECT
        return Unit(unit, end)
    if match := _ABBREVIATION_AFTER.match(text, pos):
        word = match.group(1).lower()
        if word == "g":
            return Unit("kg", match.end(), divisor=1000.0)
        return Unit(HEADS[word], match.end())
    if korean := korean_unit(text, pos):
        return korean
    return _english_unit(text, pos)
