"""What extraction finds: one small frozen type per kind of mention, each pinned to a character span.

Offsets are Python string indices (code points) into the text that `girok text` prints, so a citation
made from a mention quotes exactly ``text[start:end]``. ``contract()`` gives each mention's part of the
JSON contract in DESIGN.md; fields outside the contract (a figure's subject, a violation's context) are
kept for the review queue but never printed by `girok extract --json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The kinds of mention, in the order the JSON contract lists them.
KINDS = ("violations", "facilities", "places", "institutions", "dates", "persons", "figures")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    quote: str

    def contract(self) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - every kind overrides it

    def key(self) -> str:
        """What this mention asserts, independent of where: two mentions with one key say the same thing."""
        raise NotImplementedError  # pragma: no cover


@dataclass(frozen=True)
class ViolationMention(Mention):
    type: str
    confidence: float
    #: Ids of what the same sentence names (facility, place, institution, date value), to prefill a record.
    context: dict[str, str] = field(default_factory=dict, compare=False)

    def contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "confidence": self.confidence,
        }

    def key(self) -> str:
        return self.type


@dataclass(frozen=True)
class FacilityMention(Mention):
    id: str | None
    type: str | None
    #: For an unnamed facility ("a holding centre in Hyesan"): the place it is in, when the text says.
    place: str | None = None

    def contract(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "start": self.start, "end": self.end, "quote": self.quote}

    def key(self) -> str:
        return self.id or f"{self.type}@{self.place or ''}"


@dataclass(frozen=True)
class PlaceMention(Mention):
    id: str
    province: str | None

    def contract(self) -> dict[str, Any]:
        return {"id": self.id, "province": self.province, "start": self.start, "end": self.end, "quote": self.quote}

    def key(self) -> str:
        return self.id


@dataclass(frozen=True)
class InstitutionMention(Mention):
    id: str

    def contract(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "quote": self.quote}

    def key(self) -> str:
        return self.id


@dataclass(frozen=True)
class DateMention(Mention):
    #: "YYYY", "YYYY-MM", "YYYY-MM-DD", or a range of two of those joined by "/".
    value: str

    def contract(self) -> dict[str, Any]:
        return {"value": self.value, "start": self.start, "end": self.end, "quote": self.quote}

    def key(self) -> str:
        return self.value


@dataclass(frozen=True)
class PersonMention(Mention):
    #: The name as written, with honorifics and particles removed.
    name: str

    def contract(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start, "end": self.end}

    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class FigureMention(Mention):
    value: float | None
    low: float | None
    high: float | None
    unit: str
    #: What is counted ("political prisoners", "famine deaths"), when the text says; empty otherwise.
    subject: str = ""

    def contract(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
        }

    def key(self) -> str:
        return f"{self.value}|{self.low}|{self.high}|{self.unit}"
