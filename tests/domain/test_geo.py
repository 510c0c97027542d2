"""Tests for girok.domain.geo."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from girok.domain.geo import GeoPoint
from girok.errors import ValidationError

YODOK = GeoPoint(39.6743, 126.8510)


@pytest.mark.parametrize(
    "value",
    [
        "39.6743, 126.8510",
        "39.6743 126.8510",
        "39.6743,126.8510",
        " (39.6743, 126.851) ",
        "39.6743; 126.8510",
        "39.6743N 126.8510E",
        "39.6743° N, 126.8510° E",
        {"lat": 39.6743, "lon": 126.851},
        {"latitude": "39.6743", "longitude": "126.8510"},
        {"lat": 39.6743, "lng": 126.851},
        (39.6743, 126.851),
        [39.6743, "126.851"],
        YODOK,
    ],
)
def test_parse_forms(value: object) -> None:
    assert GeoPoint.parse(value) == YODOK  # type: ignore[arg-type]


def test_hemispheres_and_signs() -> None:
    assert GeoPoint.parse("33.9S 18.4W") == GeoPoint(-33.9, -18.4)
    assert GeoPoint.parse("-33.9, −18.4") == GeoPoint(-33.9, -18.4)
    assert GeoPoint.parse({"lat": 0, "lon": 0}) == GeoPoint(0.0, 0.0)
    assert isinstance(GeoPoint(1, 2).lat, float)
    assert GeoPoint.parse("1e-5, 2E+1") == GeoPoint(0.00001, 20.0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91, 0", "latitude 91 is outside -90..90"),
        ("0, 181", "longitude 181 is outside -180..180"),
        ("-90.5, 0", "outside"),
        ("126.8510E 39.6743N", "latitude must come first"),
        ("", "expected a point"),
        ("39.6743", "expected a point"),
        ("39.6743, 126.8510, 5", "expected a point"),
        ("north, east", "expected a point"),
        ({"lat": 1}, "one latitude and one longitude"),
        ({"lat": 1, "lon": 2, "alt": 3}, "unknown point attribute"),
        ({"lat": 1, "latitude": 1, "lon": 2}, "one latitude and one longitude"),
        ({"lat": "abc", "lon": 2}, "latitude must be a number"),
        ({"lat": True, "lon": 2}, "latitude must be a number"),
        ({"lat": float("nan"), "lon": 2}, "finite"),
        ((1.0,), "exactly two numbers"),
        ((1.0, 2.0, 3.0), "exactly two numbers"),
        (None, "expected a point"),
        (42, "expected a point"),
        (b"39, 126", "expected a point"),
    ],
)
def test_invalid_points(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        GeoPoint.parse(value)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)


def test_direct_construction_validates() -> None:
    with pytest.raises(ValidationError, match="latitude 100"):
        GeoPoint(100.0, 0.0)
    with pytest.raises(ValidationError, match="finite"):
        GeoPoint(math.inf, 0.0)


def test_to_dict_and_string() -> None:
    assert YODOK.to_dict() == {"lat": 39.6743, "lon": 126.851}
    assert str(YODOK) == "39.6743, 126.851"


def test_distance() -> None:
    pyongyang = GeoPoint(39.0392, 125.7625)
    assert YODOK.distance_km(YODOK) == 0.0
    assert 110 < YODOK.distance_km(pyongyang) < 125
    # one degree of latitude is about 111.2 km
    assert GeoPoint(0, 0).distance_km(GeoPoint(1, 0)) == pytest.approx(111.2, abs=0.1)
    # antipodes: half the circumference
    assert GeoPoint(0, 0).distance_km(GeoPoint(0, 180)) == pytest.approx(math.pi * 6371.0088)


def test_within_korea_bbox() -> None:
    assert YODOK.within_korea_bbox()
    assert GeoPoint(42.5380, 129.9355).within_korea_bbox()  # Hoeryong
    assert not GeoPoint(35.1, 129.0).within_korea_bbox()  # Busan
    assert not GeoPoint(39.9, 116.4).within_korea_bbox()  # Beijing
    assert GeoPoint(37.5, 124.0).within_korea_bbox() and GeoPoint(43.1, 130.8).within_korea_bbox()


points = st.builds(
    GeoPoint,
    st.floats(min_value=-90, max_value=90, allow_nan=False),
    st.floats(min_value=-180, max_value=180, allow_nan=False),
)


@given(points)
def test_round_trips(point: GeoPoint) -> None:
    assert GeoPoint.parse(point.to_string()) == point
    assert GeoPoint.parse(point.to_dict()) == point
    assert GeoPoint.parse((point.lat, point.lon)) == point


@given(points, points)
def test_distance_is_symmetric_and_bounded(a: GeoPoint, b: GeoPoint) -> None:
    assert a.distance_km(b) == pytest.approx(b.distance_km(a), abs=1e-6)
    assert 0.0 <= a.distance_km(b) <= math.pi * 6371.0088 + 1e-6
    assert a.distance_km(a) == 0.0


@given(points, points, points)
def test_triangle_inequality(a: GeoPoint, b: GeoPoint, c: GeoPoint) -> None:
    assert a.distance_km(c) <= a.distance_km(b) + b.distance_km(c) + 1e-6
