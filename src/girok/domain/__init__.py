"""Pure domain value types of Girok (no I/O): romanization folding, partial dates, Korean names, points."""

from girok.domain.geo import GeoPoint
from girok.domain.korean_name import KoreanName
from girok.domain.partial_date import PartialDate
from girok.domain.romanization import match_keys

__all__ = ["GeoPoint", "KoreanName", "PartialDate", "match_keys"]
