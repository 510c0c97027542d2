"""Pure domain value types of Girok (no I/O): romanization folding, partial dates, Korean names, points."""

from girok.domain.partial_date import PartialDate
from girok.domain.romanization import match_keys

__all__ = ["PartialDate", "match_keys"]
