"""Absolute dates in English and Korean prose, each pinned to its character span.

``find_dates(text)`` returns :class:`DateMention` values in the labelling conventions of
``evaluation/extract/README.md``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``A/B`` of two of those; seasons as
month ranges (winter runs into the next year's February), decades as ``1990/1999``, Juche years converted
(Juche 86 = 1997), two-digit Korean years (``97년``) as 1997.

How it works: module-level patterns each locate one date form and hand the matched text (or a normalised
rewrite of it) to :meth:`PartialDate.parse`, which owns the date grammar, the calendar checks and the
1900-2100 bounds; a form PartialDate rejects ("30 February 1997") is not a date. Of overlapping candidates
the longest wins; then two neighbouring dates joined by a range connector ("from 1995 to 1998",
"1995년부터 1998년까지", "1995-1998") become one range.

What is deliberately not a date: relative dates ("two years later"), ages, durations ("3년 동안"), counts
("1997 people"), facility and page numbers ("Camp 1997", "No. 2000"), day-month without a year ("3월 12일"),
all-numeric day-first or month-first dates ("12/03/1997": which is the month cannot be told), two-digit
English years ("'97"), ordinal Juche phrasing ("the 86th year of Juche").

Every pattern is linear: quantifiers are bounded or possessive, no quantified group contains another, and
the checks around a match read bounded windows, so a 1 MB single-line text costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from girok.domain.partial_date import DatePoint, PartialDate
from girok.errors import ValidationError
from girok.extract.mentions import DateMention

__all__ = ["find_dates"]

# -- building blocks ------------------------------------------------------------------------------------
# ASCII digits only: \d would also match Arabic-Indic or full-width digits, which no source here writes
# as dates and which would make offsets and values disagree with what a reader sees.

# A four-digit year in PartialDate's bounds (1900-2100), never a slice of a longer number.
_Y = r"(?<![0-9])(?:19[0-9]{2}|20[0-9]{2}|2100)(?![0-9])"
# A two-digit Korean year ("97년"). 30-39 are left out: PartialDate reads 30 as 2030 and 31-39 as the
# 1930s, and neither occurs in testimony, while "30년" and "35년" are common durations.
_YY = r"(?<![0-9.,])(?:[4-9][0-9]|[0-2][0-9])(?![0-9])"
# Bounded whitespace between the words of a date (a wrapped line may put a newline there).
_S = r"\s{1,3}"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?![0-9])"
_MONTH_NUM = r"(?:1[0-2]|0?[1-9])(?![0-9])"

_MONTH_WORDS = (
    *("January", "February", "March", "April", "May", "June", "July", "August", "September", "October"),
    *("November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
)
# Month names capitalised (or all capitals), as English writes them: lower-case "may" and "march" are
# far more often a verb than a month. Longest first, so "September" is not read as "Sep".
_MONTH = (
    r"(?:"
    + "|".join(sorted({*_MONTH_WORDS, *(word.upper() for word in _MONTH_WORDS)}, key=len, reverse=True))
    + r")\b\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# The year of an English date: four digits, a Juche year ("5 May Juche 91") or an apostrophe year ("the spring
# of '96", as transcripts write); _normal_year turns the last two into four digits before parsing.
_Y_EN = rf"(?:{_Y}|(?:Juche|JUCHE|juche)\s?[0-9]{{1,3}}(?![0-9])|['’](?:[4-9][0-9]|[0-2][0-9])(?![0-9']))"
_SEASON_EN = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_SEASON_KO = r"(?:봄|여름|가을|겨울)"
# Words that may stand before a season or decade and belong in the quote ("the late 1990s").
_THE = r"(?:\b[Tt]he\s)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-])?"
# A Korean year: four digits, or Juche with an optional Gregorian gloss ("주체86(1997)년").
_KO_YEAR = rf"(?:{_Y}|주체\s?[0-9]{{1,3}}(?:\s?\([0-9]{{4}}\))?)"

# -- the forms --------------------------------------------------------------------------------------------
# Each has a group "p": the part PartialDate.parse reads (the rest, like "the", only widens the quote).

# "12 March 1997", "12th of March, 1997": day first, as UN and British reports write.
_EN_DMY = re.compile(rf"(?<![0-9A-Za-z])(?P<p>{_DAY}{_ORDINAL}{_S}(?:of{_S})?{_MONTH},?{_S}{_Y_EN})")
# "March 12, 1997", "Mar. 12th 1997": month first.
_EN_MDY = re.compile(rf"(?P<p>{_MONTH}{_S}{_DAY}{_ORDINAL},?{_S}{_Y_EN})")
# "March 1997", "Mar. 1997", "March of 1997" (the "of" is dropped before parsing).
_EN_MY = re.compile(rf"(?P<p>{_MONTH},?{_S}(?:of{_S})?{_Y_EN})")
# "from March to May 1997", "March-May 1997": two months of one year.
_EN_MONTH_RANGE = re.compile(
    rf"(?:\b(?:[Ff]rom|[Bb]etween){_S})?(?P<m1>{_MONTH})\s{{0,3}}(?:to|until|till|through|and|[-–—])\s{{0,3}}"
    rf"(?P<m2>{_MONTH}),?{_S}(?:of{_S})?(?P<y>{_Y})"
)
# "the spring of 1997", "spring 1997", "winter 1997/98" (the second year is the same winter).
_EN_SEASON = re.compile(
    rf"{_THE}(?P<p>{_SEASON_EN},?{_S}(?:of{_S})?{_Y_EN})(?:\s?[-–/]\s?(?:{_Y}|[0-9]{{2}}(?![0-9])))?"
)
# "the 1990s", "the late 1990s", "1990's".
_EN_DECADE = re.compile(rf"{_THE}(?P<p>(?<![0-9])(?:19[0-9]0|20[0-9]0)'?s)\b")
# "the '90s", "the 90s": only after "the" (alone, "in their 90s" is an age), and only the 1940s-1990s.
_EN_SHORT_DECADE = re.compile(r"\b[Tt]he\s(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-])?(?P<p>'?[4-9]0'?s)\b")
# "Juche 86", "Juche 86 (1997)".
_EN_JUCHE = re.compile(r"\b(?P<p>(?:Juche|JUCHE|juche)\s?[0-9]{1,3}(?![0-9])(?:\s?\([0-9]{4}\))?)")
# "in '96", "from '96 to '98": an apostrophe year, only after a word that makes it one.
_EN_APOSTROPHE = re.compile(
    r"(?:\b(?:[Ii]n|[Oo]f|[Ff]rom|[Tt]o|[Uu]ntil|[Ss]ince|[Aa]nd|[Bb]etween|[Bb]y|[Bb]efore|[Aa]fter|[Dd]uring|"
    r"[Aa]round|[Ee]arly|[Ll]ate)\s)(?P<p>['’](?:[4-9][0-9]|[0-2][0-9]))(?![0-9A-Za-z'])"
)
# "1997-03-12", "1997.3.12", "1997/03/12": year first, one separator used throughout.
_ISO = re.compile(
    rf"(?<![0-9.,/-])(?P<y>{_Y})(?P<s>[-./])(?P<m>{_MONTH_NUM})(?P=s)(?P<d>{_DAY})(?![0-9]|[-./][0-9])\.?"
)
# "1997. 3. 12." as Korean documents print dates.
_DOTTED = re.compile(rf"(?<![0-9.,])(?P<y>{_Y})\.\s?(?P<m>{_MONTH_NUM})\.\s?(?P<d>{_DAY})\.?")
# "1997-03", "1997.03": year and a two-digit month; "1997. 3." with the closing dot Korean uses.
_ISO_MONTH = re.compile(
    rf"(?<![0-9.,/-])(?P<y>{_Y})(?:-(?P<m1>0[1-9]|1[0-2])(?![0-9]|-[0-9])|\.(?P<m2>0[1-9]|1[0-2])(?![0-9]|\.[0-9])"
    rf"|\.\s?(?P<m3>{_MONTH_NUM})\.(?!\s?[0-9]))"
)
# "1995-98", "1995~98년": a four-digit year and the last two digits of a later one.
_SHORT_RANGE = re.compile(
    rf"(?<![0-9.,/-])(?P<y>{_Y})\s?(?P<s>[-–—~∼〜])\s?(?P<yy>[0-9]{{2}})(?![0-9])(?P<k>\s?년(?!대))?"
)
# "1997년", "1997년 3월", "1997년 3월 12일", "주체86년 3월".
_KO_DATE = re.compile(rf"(?P<p>{_KO_YEAR}\s?년(?:\s?{_MONTH_NUM}\s?월(?:\s?{_DAY}\s?일)?)?)")
# "97년 3월", "97년 3월 12일": a month makes a two-digit year a date whatever follows.
_KO_YY_MONTH = re.compile(rf"(?P<p>{_YY}\s?년\s?{_MONTH_NUM}\s?월(?:\s?{_DAY}\s?일)?)")
# "97년": a date only in context; see _yy_is_year.
_KO_YY = re.compile(rf"(?P<p>{_YY}\s?년)(?!대)")
# "1997년 봄", "1997년의 겨울", "97년 가을".
_KO_SEASON = re.compile(rf"(?P<p>(?:{_KO_YEAR}|{_YY})\s?년\s?(?:의\s)?{_SEASON_KO})")
# "1990년대", "90년대".
_KO_DECADE = re.compile(rf"(?P<p>(?:{_Y}|{_YY})\s?년대)")
# "95~98년", "95년부터 98년까지" (two-digit pairs; the four-digit pairs are joined by _join_ranges).
_KO_YY_RANGE = re.compile(
    rf"(?P<a>{_YY})\s?(?:년\s?)?(?:[~∼〜-]|부터|에서)\s?(?P<b>{_YY})\s?년(?!대)(?P<tail>\s?(?:까지|사이))?"
)
# "1997년 3월부터 5월까지", "1997년 3~5월": two months of one year.
_KO_MONTH_RANGE = re.compile(
    rf"(?P<y>{_KO_YEAR}|{_YY})\s?년\s?(?P<m1>{_MONTH_NUM})\s?월?\s?(?:부터|에서|[~∼〜-])\s?(?P<m2>{_MONTH_NUM})\s?월"
    rf"(?:\s?까지)?"
)
# A bare four-digit year ("in 1997", "the 1997 famine"): a candidate only; _bare_year_is_year decides.
# Not after a letter, digit, currency sign or number sign, nor before a letter, "%" or a decimal part.
_BARE = re.compile(rf"(?<![0-9A-Za-z_.,$€₩£¥#]){_Y}(?![A-Za-z_%가-힣]|[.,][0-9])")

# -- context of a bare year -----------------------------------------------------------------------------

# Words after which a four-digit number is a year whatever follows ("in 1997 prisoners were moved").
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Dd]uring|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Tt]hroughout|"
    r"[Yy]ear|[Cc]irca|[Bb]y|[Ff]rom|[Bb]etween)\s|\b[Mm]id-|\bc\.\s?|\bca\.\s?)$"
)
# Words after which a number is a count, a label or money, not a year ("over 2000", "Camp 1997", "$2000").
_NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:[Oo]ver|[Nn]early|[Aa]lmost|[Mm]ore than|[Ff]ewer than|[Ll]ess than|[Aa]t least|[Uu]p to|"
    r"[Ss]ome|[Tt]otal of|[Ee]stimated|[Aa]pproximately|[Rr]oughly|[Cc]amp|[Kk]walliso|[Kk]yohwaso|[Pp]rison|"
    r"[Nn]umber|[Nn]os?\.?|[Rr]oom|[Pp]ages?|pp?\.|[Aa]rticle|[Ss]ection|[Uu]nit|[Bb]lock|[Cc]ode|"
    r"[Rr]esolution|[Dd]ecree|[Pp]aragraph|para\.|[Tt]able|[Ff]igure|[Aa]nnex)\s?"
    r"|(?<![0-9])[0-9]{1,2}[/.-]|[A-Za-z]-|제\s?)$"
)
# A count noun within two words after the number makes it a count ("1997 people", "2000 political prisoners").
_COUNT_AFTER = re.compile(
    r"\s{1,3}(?:[A-Za-z][A-Za-z-]{0,30}\s{1,3}){0,2}?(?:people|persons?|individuals|prisoners|inmates|detainees|"
    r"refugees|escapees|defectors|women|men|children|families|victims|deaths|dead|soldiers|workers|citizens|"
    r"residents|households|cases|camps|violations|incidents|executions|years|months|days|weeks|hours|km|"
    r"kilomet(?:re|er)s|kg|kilograms|tonnes|tons|dollars|yuan|won|euros|USD|KRW|CNY|EUR|RMB|percent|per cent)\b",
    re.IGNORECASE,
)
# The same in Korean: a counter after the number ("2000 명", "2000 달러").
_KO_COUNT_AFTER = re.compile(r"\s?(?:명|원|달러|위안|유로|개|건|곳|호|km|kg|%|퍼센트|톤|세|살)")
# A range with a number that is not a year ("2000 to 3,000") makes both ends counts.
_COUNT_RANGE_AFTER = re.compile(
    r"\s{0,3}(?:[-–—~]|to|and|or)\s{0,3}(?:[0-9]{1,3},[0-9]|[0-9]{5}|[0-9]{1,3}(?![0-9])|2[1-9][0-9]{2}|[3-9][0-9]{3})"
)

# -- context of a two-digit Korean year ("97년") -----------------------------------------------------------

# After "YY년", what makes it a point in time ("97년에", "97년도", "97년 말") ...
_YY_YEAR_AFTER = re.compile(
    r"(?:도|경|쯤|무렵|께|초|말|부터|까지|에(?!\s?걸쳐)|이(?:었|에요|예요|야|다|라|던)|였|"
    r"\s(?:초|말|중반|초반|후반|무렵|경|당시)(?![가-힣]))"
)
# ... what makes it a duration ("40년 동안", "50년간", "15년형", "20년 만에", "60년이 지나").
_YY_DURATION_AFTER = re.compile(
    r"\s?(?:동안|간|만|째|형|이상|넘|가까이|이내|미만|전|후|뒤|이(?!었|에요|예요|야|다|라|고|죠|지|던)|가|을|를|은|는|의|차|"
    r"생|제|짜리|여)"
)
# For 10-29 without a leading zero ("20년"), usually a duration: only these make it a year.
_YY_STRICT_AFTER = re.compile(r"(?:도|경|무렵|\s?(?:초|말)(?![가-힣]))")

# -- joining two dates into a range ---------------------------------------------------------------------

_JOIN_EN = re.compile(r"\s{0,3}[-–—~/]\s{0,3}|\s{1,3}(?:to|until|till|through|thru)\s{1,3}")
_JOIN_AND = re.compile(r"\s(?:and|&)\s")
_JOIN_KO = re.compile(r"\s?(?:부터|에서)\s?|\s?[~∼〜-]\s?")
_JOIN_KO_AND = re.compile(r"\s?(?:과|와)\s")
_FROM_BEFORE = re.compile(r"\b(?:[Ff]rom|FROM)\s{1,3}$")
_BETWEEN_BEFORE = re.compile(r"\b(?:[Bb]etween|BETWEEN)\s{1,3}$")
_KO_UNTIL_AFTER = re.compile(r"\s?(?:까지|사이)")
_KO_BETWEEN_AFTER = re.compile(r"\s?사이")
_MAX_JOIN = 12  # longest gap text between two dates of one range (" through ")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    date: PartialDate


@lru_cache(maxsize=8192)
def _parse(text: str) -> PartialDate | None:
    """PartialDate for a date form, None when it is not a valid date (bad day, out of bounds)."""
    try:
        return PartialDate.parse(text)
    except ValidationError:
        return None


def _plain(point: DatePoint) -> str:
    return DatePoint(point.year, point.month, point.day).to_string()


def _value(date: PartialDate) -> str:
    """The labelling convention: no approximation marks, decades as ``1990/1999``."""
    first, last = date.start, date.end or date.start
    low = f"{first.year:04d}" if first.decade else _plain(first)
    high = f"{last.year + 9:04d}" if last.decade else _plain(last)
    return low if low == high else f"{low}/{high}"


def _bare_year_is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 24) : start]
    if _YEAR_BEFORE.search(before):
        return True
    if _NOT_YEAR_BEFORE.search(before):
        return False
    return not (
        _COUNT_AFTER.match(text, end) or _KO_COUNT_AFTER.match(text, end) or _COUNT_RANGE_AFTER.match(text, end)
    )


def _yy_is_year(text: str, digits: str, end: int) -> bool:
    if _YY_DURATION_AFTER.match(text, end):
        return False
    if digits[0] in "12":  # 10-29: "20년" is far more often twenty years than 2020
        return _YY_STRICT_AFTER.match(text, end) is not None
    if digits[0] == "0" or digits[0] >= "4":
        return _YY_YEAR_AFTER.match(text, end) is not None or _ends_clause(text, end)
    return False


def _ends_clause(text: str, end: int) -> bool:
    """'97년 탈북했다' style: the year followed by a space and a word, or by punctuation."""
    return end < len(text) and (text[end] in ",.)" or (text[end] == " " and end + 1 < len(text)))


_JUCHE_EN = re.compile(r"(?:Juche|JUCHE|juche)\s?([0-9]{1,3})")
_JUCHE_GLOSSED = re.compile(r"(?:Juche|JUCHE|juche)\s?[0-9]{1,3}\s?\(([0-9]{4})\)")
_APOSTROPHE_YEAR = re.compile(r"['’]([0-9]{2})")


def _normal_year(form: str) -> str:
    """An English date form with its year in four digits: Juche N is N + 1911; '96 is 1996, '05 is 2005."""
    form = _JUCHE_GLOSSED.sub(lambda m: m.group(1), form)  # "Juche 86 (1997)": the gloss is the year
    form = _JUCHE_EN.sub(lambda m: str(int(m.group(1)) + 1911), form)
    return _APOSTROPHE_YEAR.sub(lambda m: ("20" if m.group(1) < "30" else "19") + m.group(1), form)


def _candidates(text: str) -> list[_Found]:
    found: list[_Found] = []

    def add(start: int, end: int, form: str) -> None:
        date = _parse(_normal_year(form))
        if date is not None:
            found.append(_Found(start, end, date))

    for pattern in (_EN_DMY, _EN_MDY, _EN_JUCHE, _KO_DATE, _KO_YY_MONTH, _KO_SEASON, _KO_DECADE):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), match["p"])
    for match in _EN_MY.finditer(text):
        add(match.start(), match.end(), re.sub(r"\sof\s", " ", match["p"]))
    for match in _EN_APOSTROPHE.finditer(text):
        add(match.start("p"), match.end("p"), match["p"])
    for pattern in (_EN_SEASON, _EN_DECADE, _EN_SHORT_DECADE):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), match["p"].replace(" of ", " ").replace("\n", " "))
    for match in _EN_MONTH_RANGE.finditer(text):
        add(match.start(), match.end(), f"{match['m1']} {match['y']} to {match['m2']} {match['y']}")
    for pattern in (_ISO, _DOTTED):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), f"{match['y']}-{match['m']}-{match['d']}")
    for match in _ISO_MONTH.finditer(text):
        add(match.start(), match.end(), f"{match['y']}-{match['m1'] or match['m2'] or match['m3']}")
    for match in _SHORT_RANGE.finditer(text):
        year, tail = int(match["y"]), int(match["yy"])
        if tail <= year % 100 or (match["s"] == "-" and 1 <= tail <= 12 and not match["k"]):
            continue  # "1998-02" is February 1998, "1998-97" is nothing
        add(match.start(), match.end(), f"{year}/{year // 100 * 100 + tail}")
    for match in _KO_YY.finditer(text):
        if _yy_is_year(text, match["p"][:2], match.end()):
            add(match.start(), match.end(), match["p"])
    for match in _KO_YY_RANGE.finditer(text):
        a, b = match["a"], match["b"]
        if (a[0] in "12" or b[0] in "12") and not match["tail"]:
            continue  # "10~15년" is a sentence length
        if _YY_DURATION_AFTER.match(text, match.end()) and not match["tail"]:
            continue
        add(match.start(), match.end(), f"{a}년부터 {b}년")
    for match in _KO_MONTH_RANGE.finditer(text):
        written = match["y"]
        add(match.start(), match.end(), f"{written}년 {match['m1']}월부터 {written}년 {match['m2']}월")
    for match in _BARE.finditer(text):
        if _bare_year_is_year(text, match.start(), match.end()):
            add(match.start(), match.end(), match.group())
    return found


def _longest(found: list[_Found]) -> list[_Found]:
    """Non-overlapping candidates, longest first (then leftmost), returned in text order."""
    chosen: list[_Found] = []
    occupied = bytearray(max((item.end for item in found), default=0))
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if any(occupied[item.start : item.end]):
            continue
        occupied[item.start : item.end] = b"\x01" * (item.end - item.start)
        chosen.append(item)
    return sorted(chosen, key=lambda f: f.start)


def _join(first: _Found, second: _Found) -> PartialDate | None:
    end = second.date.end or second.date.start
    try:
        return PartialDate(first.date.start, end)
    except ValidationError:
        return None


def _join_ranges(text: str, dates: list[_Found]) -> list[_Found]:
    """Join "A to B", "from A to B", "between A and B", "A부터 B까지", "A-B" into one range."""
    out: list[_Found] = []
    index = 0
    while index < len(dates):
        first = dates[index]
        if index + 1 < len(dates):
            second = dates[index + 1]
            joined = _try_join(text, first, second)
            if joined is not None:
                out.append(joined)
                index += 2
                continue
        out.append(first)
        index += 1
    return out


def _try_join(text: str, first: _Found, second: _Found) -> _Found | None:
    gap = text[first.end : second.start]
    if len(gap) > _MAX_JOIN:
        return None
    before = text[max(0, first.start - 12) : first.start]
    start, end = first.start, second.end
    korean = text[first.end - 1 : first.end] in "년월일봄름을울대"
    if korean and _JOIN_KO.fullmatch(gap):
        if tail := _KO_UNTIL_AFTER.match(text, end):
            end = tail.end()
    elif korean and _JOIN_KO_AND.fullmatch(gap) and (tail := _KO_BETWEEN_AFTER.match(text, end)):
        end = tail.end()
    elif _JOIN_EN.fullmatch(gap):
        if prefix := _FROM_BEFORE.search(before) or _BETWEEN_BEFORE.search(before):
            start -= len(prefix.group())
    elif _JOIN_AND.fullmatch(gap) and (prefix := _BETWEEN_BEFORE.search(before)):
        start -= len(prefix.group())
    else:
        return None
    date = _join(first, second)
    return None if date is None else _Found(start, end, date)


def find_dates(text: str) -> list[DateMention]:
    """Every absolute date in ``text``, in text order, non-overlapping; ``quote == text[start:end]``."""
    if not text:
        return []
    dates = _join_ranges(text, _longest(_candidates(text)))
    return [DateMention(d.start, d.end, text[d.start : d.end], _value(d.date)) for d in dates]
