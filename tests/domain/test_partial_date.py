"""Tests for girok.domain.partial_date."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from girok.domain.partial_date import DatePoint, PartialDate
from girok.errors import ValidationError

ACCEPTED = [
    ("1997", "1997"),
    ("1997-03", "1997-03"),
    ("1997-03-05", "1997-03-05"),
    ("1997-3-5", "1997-03-05"),
    ("1997.3.5", "1997-03-05"),
    ("1997. 3. 5.", "1997-03-05"),
    ("1997.03", "1997-03"),
    ("March 1997", "1997-03"),
    ("Mar. 1997", "1997-03"),
    ("march, 1997", "1997-03"),
    ("Sept 1997", "1997-09"),
    ("5 March 1997", "1997-03-05"),
    ("5th of March 1997", "1997-03-05"),
    ("March 5, 1997", "1997-03-05"),
    ("Mar. 5th, 1997", "1997-03-05"),
    ("1997-1999", "1997/1999"),
    ("1997 - 1999", "1997/1999"),
    ("1997–1999", "1997/1999"),
    ("1997 to 1999", "1997/1999"),
    ("between 1997 and 1999", "1997/1999"),
    ("from 1997 until 1999", "1997/1999"),
    ("1997/1999", "1997/1999"),
    ("1997~1999", "1997/1999"),
    ("1997 ~ 1999", "1997/1999"),
    ("1997년~1999년", "1997/1999"),
    ("1997년부터 1999년까지", "1997/1999"),
    ("1997년부터 1999년", "1997/1999"),
    ("1997년에서 1999년 사이", "1997/1999"),
    ("1997-03/1998-01", "1997-03/1998-01"),
    ("1997-12-1998-02", "1997-12/1998-02"),
    ("March 1997 - May 1998", "1997-03/1998-05"),
    ("circa 1997", "1997~"),
    ("c. 1997", "1997~"),
    ("ca. 1997", "1997~"),
    ("c1997", "1997~"),
    ("about 1997", "1997~"),
    ("around 1997", "1997~"),
    ("approximately March 1997", "1997-03~"),
    ("1997년경", "1997~"),
    ("1997년 무렵", "1997~"),
    ("약 1997년", "1997~"),
    ("1997년 3월경", "1997-03~"),
    ("1997~", "1997~"),
    ("1997-03~", "1997-03~"),
    ("1997~/1999", "1997~/1999"),
    ("circa 1997 to 1999", "1997~/1999"),
    ("the 1990s", "199X"),
    ("1990s", "199X"),
    ("1990's", "199X"),
    ("'90s", "199X"),
    ("90s", "199X"),
    ("90년대", "199X"),
    ("1990년대", "199X"),
    ("00년대", "200X"),
    ("199X", "199X"),
    ("199x", "199X"),
    ("around the 1990s", "199X~"),
    ("1997년", "1997"),
    ("1997년 3월", "1997-03"),
    ("1997년 3월 5일", "1997-03-05"),
    ("1997년3월5일", "1997-03-05"),
    ("97년", "1997"),
    ("31년", "1931"),
    ("30년", "2030"),
    ("05년 3월", "2005-03"),
    ("'97", "1997"),
    ("주체86년", "1997"),
    ("주체 86년", "1997"),
    ("주체86(1997)년 3월 5일", "1997-03-05"),
    ("Juche 86", "1997"),
    ("juche86 (1997)", "1997"),
    ("주체1년", "1912"),
    ("spring 1997", "1997-03/1997-05"),
    ("the spring of 1997", "1997-03/1997-05"),
    ("1997년 봄", "1997-03/1997-05"),
    ("summer 1997", "1997-06/1997-08"),
    ("1997년 여름", "1997-06/1997-08"),
    ("autumn 1997", "1997-09/1997-11"),
    ("fall 1997", "1997-09/1997-11"),
    ("1997년 가을", "1997-09/1997-11"),
    ("winter 1997", "1997-12/1998-02"),
    ("1997년 겨울", "1997-12/1998-02"),
    ("circa spring 1997", "1997-03~/1997-05~"),
    ("from spring 1997 to winter 1998", "1997-03/1999-02"),
    ("in 1997", "1997"),
    ("  1997  ", "1997"),
]


@pytest.mark.parametrize(("text", "canonical"), ACCEPTED)
def test_parse_accepts(text: str, canonical: str) -> None:
    value = PartialDate.parse(text)
    assert value.to_string() == canonical
    assert str(value) == canonical
    assert PartialDate.parse(canonical) == value


REJECTED = [
    ("1997-02-30", "has no day 30"),
    ("1997-02-29", "has no day 29"),
    ("1997-13", "month 13 does not exist"),
    ("1997-00", "month 0 does not exist"),
    ("주체0년", "Juche year 0"),
    ("Juche 0", "Juche year 0"),
    ("주체86(1998)년", "Juche 86 is 1997, not 1998"),
    ("1899", "outside the accepted range 1900-2100"),
    ("2101", "outside the accepted range"),
    ("210X", "outside the accepted range"),
    ("winter 2100", "outside the accepted range"),
    ("", "empty date"),
    ("   ", "empty date"),
    ("garbage", "not a date"),
    ("Foo 1997", "not a date"),
    ("1995s", "not a date"),
    ("95년대", "not a date"),
    ("1997/03", "not a date"),
    ("97", "not a date"),
    ("１９９７年", "not a date"),
    ("1997/1998/1999", "not a date"),
    ("1999-1997", "ends before it starts"),
    ("1999 to 1997", "ends before it starts"),
    ("1997-03-05/1997-03-04", "ends before it starts"),
    ("x" * 300, "too long"),
]


@pytest.mark.parametrize(("text", "message"), REJECTED)
def test_parse_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        PartialDate.parse(text)
    text_of_error = str(info.value)
    assert message in text_of_error
    assert "\n" not in text_of_error
    assert len(text_of_error) < 160


def test_error_quotes_and_truncates_input() -> None:
    with pytest.raises(ValidationError, match=r'"1997-02-30"'):
        PartialDate.parse("1997-02-30")
    with pytest.raises(ValidationError) as info:
        PartialDate.parse("nonsense " * 10)
    assert '..."' in str(info.value)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(ValidationError, match="expected a date as text"):
        PartialDate.parse(1997)  # type: ignore[arg-type]


def test_bounds_and_flags() -> None:
    value = PartialDate.parse("1997-02")
    assert (value.earliest, value.latest) == (dt.date(1997, 2, 1), dt.date(1997, 2, 28))
    assert PartialDate.parse("2000-02").latest == dt.date(2000, 2, 29)
    decade = PartialDate.parse("199X")
    assert (decade.earliest, decade.latest) == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert not value.circa and PartialDate.parse("1997~").circa and PartialDate.parse("1997/1999~").circa
    assert PartialDate.parse("1997/1999").is_interval and not value.is_interval
    assert repr(value) == "PartialDate('1997-02')"


def test_contains_and_overlaps() -> None:
    y1997 = PartialDate.parse("1997")
    assert y1997.contains(dt.date(1997, 6, 1))
    assert not y1997.contains(dt.date(1998, 1, 1))
    assert y1997.contains(PartialDate.parse("1997-03"))
    assert not y1997.contains(PartialDate.parse("winter 1997"))
    assert y1997.overlaps(PartialDate.parse("winter 1997"))
    assert not y1997.overlaps(PartialDate.parse("1998/1999"))
    assert PartialDate.parse("199X").contains(y1997)


def test_ordering_examples() -> None:
    values = [PartialDate.parse(t) for t in ["1998", "1997-03-05", "1997", "199X", "1997~", "1997-03"]]
    assert [str(v) for v in sorted(values)] == ["199X", "1997", "1997~", "1997-03", "1997-03-05", "1998"]
    assert PartialDate.parse("1997") < PartialDate.parse("1997/1998")


def test_direct_construction_validates() -> None:
    with pytest.raises(ValidationError, match="month 13"):
        DatePoint(1997, 13)
    with pytest.raises(ValidationError, match="a day needs a month"):
        DatePoint(1997, None, 5)
    with pytest.raises(ValidationError, match="decade"):
        DatePoint(1995, decade=True)
    with pytest.raises(ValidationError, match="ends before it starts"):
        PartialDate(DatePoint(1999), DatePoint(1997))
    assert PartialDate.from_date(dt.date(1997, 3, 5)).to_string() == "1997-03-05"


def test_hashable_and_equal_by_value() -> None:
    assert {PartialDate.parse("March 1997"), PartialDate.parse("1997-03")} == {PartialDate.parse("1997.3")}


# --- property tests -------------------------------------------------------------------------------------


@st.composite
def date_points(draw: st.DrawFn) -> DatePoint:
    approximate = draw(st.booleans())
    if draw(st.integers(0, 9)) == 0:
        return DatePoint(draw(st.integers(190, 209)) * 10, approximate=approximate, decade=True)
    year = draw(st.integers(1900, 2100))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return DatePoint(year, month, day, approximate=approximate)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    start = draw(date_points())
    if draw(st.booleans()):
        return PartialDate(start)
    end = draw(date_points())
    assume(end.latest >= start.earliest)
    return PartialDate(start, end)


@given(partial_dates())
def test_round_trip(value: PartialDate) -> None:
    assert PartialDate.parse(value.to_string()) == value
    assert PartialDate.parse(value.to_string()).to_string() == value.to_string()


@given(partial_dates())
def test_bounds_are_ordered(value: PartialDate) -> None:
    assert value.earliest <= value.latest
    assert value.contains(value.earliest) and value.contains(value.latest)
    assert value.contains(value)
    assert value.overlaps(value)


@given(partial_dates(), partial_dates())
def test_overlap_is_symmetric(a: PartialDate, b: PartialDate) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    if a.contains(b):
        assert a.overlaps(b)


@given(partial_dates(), partial_dates())
def test_order_is_total_and_agrees_with_equality(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) + (a == b) + (a > b) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    if a == b:
        assert hash(a) == hash(b) and a.to_string() == b.to_string()
    if a < b:
        assert (a.earliest, a.latest) <= (b.earliest, b.latest)


@given(partial_dates(), partial_dates(), partial_dates())
def test_order_is_transitive(a: PartialDate, b: PartialDate, c: PartialDate) -> None:
    low, mid, high = sorted([a, b, c])
    assert low <= mid <= high and low <= high


date_like = st.text(alphabet="0123456789-./~ 년월일경주체봄X'sc", max_size=24)


@given(st.text(max_size=30) | date_like)
def test_parse_never_crashes(text: str) -> None:
    try:
        value = PartialDate.parse(text)
    except ValidationError as error:
        assert "\n" not in str(error)
    else:
        assert PartialDate.parse(value.to_string()) == value
