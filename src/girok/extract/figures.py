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

Numbers are read by :mod:`girok.extract.numbers` and units by :mod:`girok.extract.units`; this module
decides, from what stands around a number, whether it is a figure, and assembles ranges and currencies.

Every pattern is linear: quantifiers are bounded or possessive, no quantified group contains another, and
the checks around a number read bounded windows, so a 1 MB single-line text costs linear time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from girok.extract.dates import find_dates
from girok.extract.mentions import DateMention, FigureMention
from girok.extract.numbers import DIGIT_START, WORD_START, Number, number_at
from girok.extract.units import (
    COUNTED,
    HEADS,
    KO_COUNTER,
    KO_TAIL,
    REJECT,
    Unit,
    korean_subject_before,
    korean_unit,
    unit_after,
)

__all__ = ["UNITS", "find_figures"]

UNITS = ("people", "percent", "USD", "KRW", "CNY", "EUR", "years", "months", "days", "km", "kg", "tonnes", "items")

# -- Korean native numerals, matched whole with the counter or noun they count ------------------------------

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

# The counted noun before an English number that stands alone ("the number of political prisoners is
# estimated at 80,000 to 120,000", "the death toll reached 600,000"). Triggers are found once for the whole
# text; the full pattern only runs on the 160 characters before a number that follows a trigger.
_LOOKBACK_TRIGGER = re.compile(
    r"\b(?:number|total|population|toll|estimated|estimates?|numbered|numbering)\b", re.IGNORECASE
)
_LOOKBACK = re.compile(
    r"(?:\b(?:number|numbers|total|population|count|estimates?)\s{1,3}of\s{1,3}(?:the\s{1,3}|all\s{1,3})?"
    r"(?P<np>(?:[A-Za-z-]{1,30}\s{1,3}){0,2}?(?P<head>"
    + "|".join(sorted((noun for noun, unit in HEADS.items() if unit in COUNTED), key=len, reverse=True))
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
        first = number_at(text, start)
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
                low = Number(first.start, first.end, low_value, first.base, first.scaled)
                high, last = second, second
                between = _BETWEEN_BEFORE.search(text, max(0, start - 12), start)
                if between and currency is None:  # "between 600,000 and 1 million": quote the "between"
                    start = between.start()
        unit: Unit | None
        if currency is not None:
            unit = Unit(currency[0], last.end)
            start = currency[1]
        else:
            if high is None and self._korean_counter_range(first):
                return
            unit = unit_after(text, last.end)
            if unit is None:
                unit = self._lookback(start, last.end)
            if unit is None and (last.scaled or last.value >= 1000):
                unit = _people_by_verb(text, start, last.end)
        if unit is None or unit is REJECT or _is_label(text, number_start):
            return
        subject = unit.subject
        if not subject and unit.unit in COUNTED and not text[last.end : unit.end].strip().isascii():
            subject = korean_subject_before(text, start)
        end = max(unit.end, last.end)
        if high is None:
            value = first.value / unit.divisor
            mention = FigureMention(start, end, text[start:end], value, None, None, unit.unit, subject)
        else:
            low_value, high_value = low.value / unit.divisor, high.value / unit.divisor
            mention = FigureMention(start, end, text[start:end], None, low_value, high_value, unit.unit, subject)
        self.found.append(mention)

    def _range_end(self, first: Number) -> Number | None:
        text = self.text
        join = _RANGE_JOIN.match(text, first.end)
        if join is None and _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start):
            join = _RANGE_AND.match(text, first.end)
        if join is None:
            return None
        pos = join.end()
        if sign := _CURRENCY_SIGN.match(text, pos):
            pos = sign.end()
        second = number_at(text, pos)
        if second is None or _NOT_A_COUNT_AFTER.match(text, second.end):
            return None
        return second

    def _korean_counter_range(self, first: Number) -> bool:
        """ "10만 명에서 12만 명": a counter on both ends. Adds the figure and says so."""
        text = self.text
        counter = KO_COUNTER.match(text, first.end)
        if counter is None:
            return False
        join = _RANGE_JOIN.match(text, counter.end())
        if join is None or _is_label(text, first.start):
            return False
        second = number_at(text, join.end())
        if second is None:
            return False
        again = KO_COUNTER.match(text, second.end)
        if again is None or again.group(1) != counter.group(1) or first.value >= second.value:
            return False
        unit = korean_unit(text, second.end)
        if unit is None or unit is REJECT:
            return False
        subject = unit.subject or (korean_subject_before(text, first.start) if unit.unit in COUNTED else "")
        self.found.append(
            FigureMention(
                first.start, unit.end, text[first.start : unit.end], None, first.value, second.value, unit.unit, subject
            )
        )
        return True

    def _lookback(self, start: int, end: int) -> Unit | None:
        index = bisect.bisect_right(self.triggers, start) - 1
        if index < 0 or start - self.triggers[index] > _LOOKBACK_WINDOW:
            return None
        match = _LOOKBACK.search(self.text, max(0, start - _LOOKBACK_WINDOW), start)
        if match is None:
            return None
        if match["toll"]:
            return Unit("people", end, "deaths")
        unit = HEADS.get(match["head"].lower())
        if unit not in COUNTED:
            return None
        return Unit(unit, end, " ".join(match["np"].split()))

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
            if not KO_TAIL.match(self.text, match.end()):
                continue
            value = float(_KO_NATIVE_VALUES[match.group(1)])
            unit = "people" if match.group(2) == "명" else "months"
            subject = korean_subject_before(self.text, match.start()) if unit == "people" else ""
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


def _people_by_verb(text: str, start: int, end: int) -> Unit | None:
    if _PEOPLE_VERB_AFTER.match(text, end):
        return Unit("people", end)
    before = _PEOPLE_VERB_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        word = before.group().split()[0].rstrip(":").lower()
        return Unit("people", end, _DEATH_WORDS.get(word, word))
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


def find_figures(text: str, dates: Sequence[DateMention] | None = None) -> list[FigureMention]:
    """Every quantity with a unit in ``text``, in text order, non-overlapping; ``quote == text[start:end]``.

    ``dates`` are ``find_dates(text)`` if the caller has them already (they are not figures).
    """
    if not text:
        return []
    finder = _Finder(text)
    for match in DIGIT_START.finditer(text):
        finder.at(match.start())
    for match in WORD_START.finditer(text):
        finder.at(match.start())
    finder.korean_native()
    if dates is None:
        dates = find_dates(text)
    starts = [date.start for date in dates]
    ends = [date.end for date in dates]

    def is_date(figure: FigureMention) -> bool:
        index = bisect.bisect_left(ends, figure.start + 1)  # first date ending after the figure starts
        return index < len(dates) and starts[index] < figure.end

    return _longest([figure for figure in finder.found if not is_date(figure)])
