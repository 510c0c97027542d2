"""Points on the Earth (WGS84 decimal degrees) for places and facilities."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from girok.domain._text import quote
from girok.errors import ValidationError

__all__ = ["EARTH_RADIUS_KM", "KOREA_BBOX", "GeoPoint"]

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
# Approximate bounding box of North Korea: (south, west, north, east) in degrees. It also takes in a strip
# of South Korea and China; use it to catch swapped or mistyped coordinates, not to decide a country.
KOREA_BBOX = (37.5, 124.0, 43.1, 130.8)

_NUMBER = r"[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_COORD = rf"({_NUMBER})\s*°?\s*([NSEW])?"
_PAIR = re.compile(rf"\(?\s*{_COORD}\s*(?:[,;]\s*|\s+){_COORD}\s*\)?", re.IGNORECASE)
_LAT_KEYS = ("lat", "latitude")
_LON_KEYS = ("lon", "lng", "long", "longitude")


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError(f"{what} must be a number, got {quote(value)}")
    try:
        number = float(value.replace("−", "-")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ValidationError(f"{what} must be a number, got {quote(value)}") from None
    if not math.isfinite(number):
        raise ValidationError(f"{what} must be a finite number, got {quote(value)}")
    return number


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 point: ``lat`` in [-90, 90], ``lon`` in [-180, 180], decimal degrees."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        lat, lon = _number(self.lat, "latitude"), _number(self.lon, "longitude")
        if not -90.0 <= lat <= 90.0:
            raise ValidationError(f"latitude {lat:g} is outside -90..90")
        if not -180.0 <= lon <= 180.0:
            raise ValidationError(f"longitude {lon:g} is outside -180..180")
        object.__setattr__(self, "lat", lat + 0.0)  # ints become floats, -0.0 becomes 0.0
        object.__setattr__(self, "lon", lon + 0.0)

    @classmethod
    def parse(cls, value: GeoPoint | str | Mapping[str, object] | Sequence[object]) -> GeoPoint:
        """Read ``"39.6743, 126.8510"``, ``"39.6743 126.8510"``, ``"39.6743N 126.8510E"``, a mapping with
        lat/lon (or latitude/longitude, lng) or a (lat, lon) pair. Latitude comes first."""
        if isinstance(value, GeoPoint):
            return value
        if isinstance(value, str):
            return cls._parse_text(value)
        if isinstance(value, Mapping):
            return cls._parse_mapping(value)
        if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
            if len(value) != 2:
                raise ValidationError(f"a point needs exactly two numbers (lat, lon), got {quote(value)}")
            return cls(_number(value[0], "latitude"), _number(value[1], "longitude"))
        raise ValidationError(f"expected a point (lat, lon), got {quote(value)}")

    @classmethod
    def _parse_text(cls, text: str) -> GeoPoint:
        match = _PAIR.fullmatch(text.strip())
        if not match:
            raise ValidationError(f'expected a point as "lat, lon", got {quote(text)}')
        lat, lat_hemi, lon, lon_hemi = match.groups()
        lat_value, lon_value = _number(lat, "latitude"), _number(lon, "longitude")
        if lat_hemi or lon_hemi:
            if (lat_hemi or "N").upper() not in "NS" or (lon_hemi or "E").upper() not in "EW":
                raise ValidationError(f"latitude must come first (N/S), then longitude (E/W): {quote(text)}")
            if (lat_hemi or "").upper() == "S":
                lat_value = -abs(lat_value)
            if (lon_hemi or "").upper() == "W":
                lon_value = -abs(lon_value)
        return cls(lat_value, lon_value)

    @classmethod
    def _parse_mapping(cls, mapping: Mapping[str, object]) -> GeoPoint:
        unknown = [str(k) for k in mapping if k not in _LAT_KEYS + _LON_KEYS]
        if unknown:
            raise ValidationError(f"unknown point attribute(s) {quote(', '.join(sorted(unknown)))}")
        lats = [mapping[k] for k in _LAT_KEYS if k in mapping]
        lons = [mapping[k] for k in _LON_KEYS if k in mapping]
        if len(lats) != 1 or len(lons) != 1:
            raise ValidationError(f"a point needs one latitude and one longitude, got {quote(dict(mapping))}")
        return cls(_number(lats[0], "latitude"), _number(lons[0], "longitude"))

    def to_dict(self) -> dict[str, float]:
        return {"lat": self.lat, "lon": self.lon}

    def to_string(self) -> str:
        """``"lat, lon"``; ``GeoPoint.parse`` reads it back to an equal point."""
        return f"{self.lat!r}, {self.lon!r}"

    def __str__(self) -> str:
        return self.to_string()

    def distance_km(self, other: GeoPoint) -> float:
        """Great-circle (haversine) distance in kilometres on a sphere of the mean Earth radius."""
        phi1, phi2 = math.radians(self.lat), math.radians(other.lat)
        d_phi = phi2 - phi1
        d_lambda = math.radians(other.lon - self.lon)
        h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

    def within_korea_bbox(self) -> bool:
        """Whether the point lies in the approximate North Korea box :data:`KOREA_BBOX` (edges included)."""
        south, west, north, east = KOREA_BBOX
        return south <= self.lat <= north and west <= self.lon <= east
