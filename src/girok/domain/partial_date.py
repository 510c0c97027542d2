"""Partial and approximate dates as testimony gives them ("March 1997", "97년경", "주체86년", "the 1990s").

The canonical string is a subset of EDTF level 1 (ISO 8601-2):

* ``1997``, ``1997-03``, ``1997-03-05``: year, month or day precision;
* ``199X``: a decade (unspecified last digit);
* a trailing ``~``: approximate (``1997~``, ``1997-03~``, ``199X~``);
* ``A/B``: an interval between two of the above (``1997/1999``, ``1997-03/1998-01``, ``1997~/1999``).

Documented choices:

* Sanity bounds: every day a date covers lies in 1900-01-01 .. 2100-12-31.
* Two-digit years ("97년", "'97", "'90s", "90년대") mean 20YY for 00-30 and 19YY for 31-99.
* Juche year N is Gregorian N + 1911 (주체86년 = 1997); Juche years start at 1.
* Seasons are month intervals: spring 03-05, summer 06-08, autumn/fall 09-11, winter December to the
  following February ("winter 1997" = 1997-12/1998-02).
* Approximate dates keep their nominal bounds: ``earliest``/``latest`` of ``1997~`` are those of ``1997``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from girok.domain._text import quote
from girok.errors import ValidationError

__all__ = ["MAX_YEAR", "MIN_YEAR", "DatePoint", "PartialDate"]

MIN_YEAR = 1900
MAX_YEAR = 2100
_MAX_INPUT = 200


class _NotADate(Exception):
    """The text does not have the shape of any date form (as opposed to a date form with bad values)."""


@dataclass(frozen=True)
class DatePoint:
    """One end of a :class:`PartialDate`: a year, month, day or decade, possibly approximate.

    ``decade=True`` means ``year`` is the first year of a decade (1990 for ``199X``).
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    decade: bool = False

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise ValidationError(f"invalid date: {problem}")

    def _problem(self) -> str | None:
        if self.decade and (self.year % 10 or self.month is not None or self.day is not None):
            return f"a decade starts at a year ending in 0 and has no month or day, not {self.year}"
        if self.day is not None and self.month is None:
            return "a day needs a month"
        if self.month is not None and not 1 <= self.month <= 12:
            return f"month {self.month} does not exist"
        last_year = self.year + 9 if self.decade else self.year
        if self.year < MIN_YEAR or last_year > MAX_YEAR:
            return f"year {self.year} is outside the accepted range {MIN_YEAR}-{MAX_YEAR}"
        if (
            self.day is not None
            and self.month is not None
            and not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]
        ):
            return f"{self.year}-{self.month:02d} has no day {self.day}"
        return None

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.decade:
            return dt.date(self.year + 9, 12, 31)
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def to_string(self) -> str:
        if self.decade:
            text = f"{self.year // 10:03d}X"
        else:
            text = f"{self.year:04d}"
            if self.month is not None:
                text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def __str__(self) -> str:
        return self.to_string()


@dataclass(frozen=True, eq=True)
class PartialDate:
    """A partial date or an interval between two partial dates; see the module docstring for forms."""

    start: DatePoint
    end: DatePoint | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.latest < self.start.earliest:
            raise ValidationError(f"invalid date range {quote(self.to_string())}: it ends before it starts")

    # -- constructors ----------------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse any supported form (see module docstring and tests); raises ValidationError."""
        if not isinstance(text, str):
            raise ValidationError(f"expected a date as text, got {quote(text)}")
        norm = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
        if not norm:
            raise ValidationError("empty date")
        if len(norm) > _MAX_INPUT:
            raise ValidationError(f"not a date (too long): {quote(text)}")
        try:
            start, end = _parse_range(norm)
        except _NotADate:
            raise ValidationError(f"not a date: {quote(text)}") from None
        except ValidationError as error:
            reason = str(error).removeprefix("invalid date: ")
            raise ValidationError(f"invalid date {quote(text)}: {reason}") from None
        if end is not None and end.latest < start.earliest:
            raise ValidationError(f"invalid date range {quote(text)}: it ends before it starts")
        return cls(start, end)

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(DatePoint(day.year, day.month, day.day))

    # -- views -----------------------------------------------------------------------------------------

    def to_string(self) -> str:
        """Canonical EDTF form; ``PartialDate.parse`` reads it back to an equal value."""
        if self.end is None:
            return self.start.to_string()
        return f"{self.start.to_string()}/{self.end.to_string()}"

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return f"PartialDate({self.to_string()!r})"

    @property
    def earliest(self) -> dt.date:
        return self.start.earliest

    @property
    def latest(self) -> dt.date:
        return (self.end or self.start).latest

    @property
    def circa(self) -> bool:
        return self.start.approximate or (self.end is not None and self.end.approximate)

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    # -- relations -------------------------------------------------------------------------------------

    def overlaps(self, other: PartialDate) -> bool:
        """Whether the two spans share at least one day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: dt.date | PartialDate) -> bool:
        """Whether a day (or the whole span of another partial date) lies within this span."""
        if isinstance(other, PartialDate):
            return self.earliest <= other.earliest and other.latest <= self.latest
        return self.earliest <= other <= self.latest

    def _key(self) -> tuple[dt.date, dt.date, str]:
        return (self.earliest, self.latest, self.to_string())

    # Total order by earliest day, then latest day; the canonical string breaks ties so that the order
    # agrees with ==, which compares values (the canonical string is unique per value).
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()


# -- parsing --------------------------------------------------------------------------------------------

_Span = tuple[DatePoint, DatePoint | None]

_RANGE_FORMS = (
    re.compile(r"(?:between|from) (?P<a>.+?) (?:and|to|until|till|through) (?P<b>.+)"),
    re.compile(r"(?P<a>.+?) ?(?:부터|에서) ?(?P<b>.+?)(?: ?까지)?"),
    re.compile(r"(?P<a>.+?) ?(?:과|와|에서) (?P<b>.+?) 사이(?:에)?"),
)
_SEPARATORS = re.compile(r" (?:to|until|till|through|thru) | ?~ ?| ?[–—] ?| - |-")


def _parse_range(text: str) -> _Span:
    for form in _RANGE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return _join(_parse_single(match["a"]), _parse_single(match["b"]))
            except _NotADate:
                continue
    if text.count("/") == 1:
        left, right = text.split("/")
        return _join(_parse_single(left.strip()), _parse_single(right.strip()))
    try:
        return _parse_single(text)
    except _NotADate:
        pass
    for sep in _SEPARATORS.finditer(text):
        left, right = text[: sep.start()], text[sep.end() :]
        if not left or not right:
            continue
        try:
            return _join(_parse_single(left), _parse_single(right))
        except _NotADate:
            continue
    raise _NotADate


def _join(left: _Span, right: _Span) -> _Span:
    return left[0], right[1] or right[0]


_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
} | {"sept": 9}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12, "봄": 3, "여름": 6, "가을": 9, "겨울": 12}

_CIRCA_PREFIX = re.compile(r"(?:circa|ca\.?|c\.|c|about|around|approximately|approx\.?|roughly|약) ?(?=\S)")
_CIRCA_SUFFIX = re.compile(r" ?(?:경|무렵|쯤|께|~|\?|%)$")
_FILLER = re.compile(r"(?:in|on|during|the) ")

_YEAR = r"(?P<y>\d{4})"
_ISO = re.compile(_YEAR + r"(?:[-.] ?(?P<m>\d{1,2})(?:[-.] ?(?P<d>\d{1,2}))?)?\.?")
_EDTF_DECADE = re.compile(r"(?P<c>\d{3})x")
_DECADE = re.compile(r"(?:(?P<y4>\d{3}0)|'?(?P<y2>\d0))'?s")
_KOREAN_YEAR = r"(?:주체 ?(?P<j>\d{1,3})|(?P<y>\d{4}|\d{2}))(?: ?\((?P<g>\d{4})\))? ?년"
_KOREAN = re.compile(_KOREAN_YEAR + r"(?: ?(?P<m>\d{1,2}) ?월(?: ?(?P<d>\d{1,2}) ?일)?)?")
_KOREAN_SEASON = re.compile(_KOREAN_YEAR + r" ?(?:의 )?(?P<s>봄|여름|가을|겨울)")
_KOREAN_DECADE = re.compile(r"(?P<y>\d{4}|\d{2}) ?년대")
_JUCHE = re.compile(r"juche ?(?P<j>\d{1,3})(?: ?\((?P<g>\d{4})\))?")
_SHORT_YEAR = re.compile(r"'(?P<y>\d{2})")
_MONTH_YEAR = re.compile(r"(?P<mn>[a-z]+)\.?,? " + _YEAR)
_DAY_MONTH_YEAR = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mn>[a-z]+)\.?,? " + _YEAR)
_MONTH_DAY_YEAR = re.compile(r"(?P<mn>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR)
_SEASON = re.compile(r"(?P<s>spring|summer|autumn|fall|winter),? (?:of )?" + _YEAR)


def _parse_single(text: str) -> _Span:
    """One date form, possibly approximate; seasons give a span. Raises _NotADate or ValidationError."""
    text = text.strip().strip(",")
    approximate = False
    while True:
        prefix = _CIRCA_PREFIX.match(text)
        suffix = _CIRCA_SUFFIX.search(text)
        if prefix and prefix.end() < len(text):
            approximate, text = True, text[prefix.end() :]
        elif suffix and suffix.start() > 0:
            approximate, text = True, text[: suffix.start()]
        elif (filler := _FILLER.match(text)) and filler.end() < len(text):
            text = text[filler.end() :]
        else:
            break
    start, end = _parse_plain(text)
    if approximate:
        start = _approx(start)
        end = _approx(end) if end else None
    return start, end


def _approx(point: DatePoint) -> DatePoint:
    return DatePoint(point.year, point.month, point.day, approximate=True, decade=point.decade)


def _parse_plain(text: str) -> _Span:
    if match := _ISO.fullmatch(text):
        return _point(int(match["y"]), match["m"], match["d"]), None
    if match := _EDTF_DECADE.fullmatch(text):
        return DatePoint(int(match["c"]) * 10, decade=True), None
    if match := _DECADE.fullmatch(text):
        year = int(match["y4"]) if match["y4"] else _two_digit(match["y2"])
        return DatePoint(year, decade=True), None
    if match := _KOREAN_DECADE.fullmatch(text):
        year = int(match["y"]) if len(match["y"]) == 4 else _two_digit(match["y"])
        if year % 10:
            raise _NotADate
        return DatePoint(year, decade=True), None
    if match := _KOREAN.fullmatch(text):
        return _point(_korean_year(match), match["m"], match["d"]), None
    if match := _KOREAN_SEASON.fullmatch(text):
        return _season(_korean_year(match), match["s"])
    if match := _JUCHE.fullmatch(text):
        return _point(_juche(match["j"], match["g"]), None, None), None
    if match := _SHORT_YEAR.fullmatch(text):
        return _point(_two_digit(match["y"]), None, None), None
    if match := _SEASON.fullmatch(text):
        return _season(int(match["y"]), match["s"])
    for form in (_MONTH_YEAR, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if match := form.fullmatch(text):
            month = _MONTHS.get(match["mn"])
            if month is None:
                raise _NotADate
            return _point(int(match["y"]), str(month), match.groupdict().get("d")), None
    raise _NotADate


def _point(year: int, month: str | None, day: str | None) -> DatePoint:
    return DatePoint(year, int(month) if month else None, int(day) if day else None)


def _two_digit(digits: str) -> int:
    """Two-digit years: 00-30 are 2000-2030, 31-99 are 1931-1999."""
    value = int(digits)
    return 2000 + value if value <= 30 else 1900 + value


def _juche(digits: str, gregorian: str | None) -> int:
    juche = int(digits)
    if juche < 1:
        raise ValidationError(f"invalid date: Juche year {juche} does not exist (Juche 1 is 1912)")
    year = juche + 1911
    if gregorian is not None and int(gregorian) != year:
        raise ValidationError(f"invalid date: Juche {juche} is {year}, not {gregorian}")
    return year


def _korean_year(match: re.Match[str]) -> int:
    if match["j"] is not None:
        return _juche(match["j"], match["g"])
    digits = match["y"]
    year = int(digits) if len(digits) == 4 else _two_digit(digits)
    if match["g"] is not None:
        raise _NotADate  # "1997(1997)년" is not a form anybody writes
    return year


def _season(year: int, name: str) -> _Span:
    first = _SEASONS[name]
    if first == 12:
        return DatePoint(year, 12), DatePoint(year + 1, 2)
    return DatePoint(year, first), DatePoint(year, first + 2)
