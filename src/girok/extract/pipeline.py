"""Text in, every kind of mention out: the one entry point of extraction.

The text is analysed once (sentences, Kiwi morphemes when it has Hangul) and each finder reads that
analysis. Nothing here does I/O beyond loading packaged data on first use, so the CLI, the review service,
the evaluation harness and the benchmark all call the same ``extract``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from girok.extract import entities
from girok.extract.classifier import load_model
from girok.extract.dates import find_dates
from girok.extract.figures import find_figures
from girok.extract.korean import Token, has_hangul, tokenize
from girok.extract.mentions import (
    KINDS,
    DateMention,
    FacilityMention,
    FigureMention,
    InstitutionMention,
    Mention,
    PersonMention,
    PlaceMention,
    ViolationMention,
)
from girok.extract.persons import find_persons
from girok.extract.sentences import split
from girok.extract.violations import find_violations

_SAMPLE = 20_000


@dataclass
class Extraction:
    """Everything found in one text. ``notes`` says what a reader should know (e.g. a language not read)."""

    language: str
    violations: list[ViolationMention] = field(default_factory=list)
    facilities: list[FacilityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    institutions: list[InstitutionMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def mentions(self) -> dict[str, list[Mention]]:
        return {kind: list(getattr(self, kind)) for kind in KINDS}

    def contract(self, path: str | None, sha256: str | None) -> dict[str, Any]:
        """The JSON object `girok extract --json` prints (DESIGN.md, Contracts)."""
        out: dict[str, Any] = {"source": {"path": path, "sha256": sha256, "language": self.language}}
        for kind, mentions in self.mentions().items():
            out[kind] = [mention.contract() for mention in mentions]
        return out


def language_of(text: str) -> str:
    """ko, en, mixed, zh, ja, other or und (no letters), from the scripts of the letters in a sample."""
    counts = {"hangul": 0, "latin": 0, "han": 0, "kana": 0, "other": 0}
    for char in text[:_SAMPLE]:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        elif char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            counts["latin"] += 1
        elif 0x3040 <= code <= 0x30FF:
            counts["kana"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            counts["han"] += 1
        else:
            counts["other"] += 1
    total = sum(counts.values())
    if total == 0:
        return "und"
    if counts["kana"] > 0.1 * total:
        return "ja"
    top = max(counts, key=lambda key: counts[key])
    if top == "han" and counts["hangul"] < 0.2 * total:
        return "zh"
    if top == "other":
        return "other"
    hangul, latin = counts["hangul"], counts["latin"]
    # Hangul syllables carry about three Latin letters' worth of text each.
    share = 3 * hangul / max(1, 3 * hangul + latin)
    if share >= 0.8:
        return "ko"
    if share <= 0.2:
        return "en"
    return "mixed"


def extract(text: str, *, model: bool = True, tokens: list[Token] | None = None, figures: bool = True) -> Extraction:
    """Every mention in ``text``; offsets index ``text`` itself.

    ``model=False`` reads violations from the cues alone, without the trained classifier (to measure it).
    ``tokens`` are Kiwi's tokens of ``text`` when the caller already has them (the search indexer);
    ``figures=False`` skips published figures (the indexer does not use them).
    """
    language = language_of(text)
    extraction = Extraction(language)
    if language in ("zh", "ja", "other"):
        extraction.notes.append(
            f"the text is mostly {_LANGUAGE_NAMES.get(language, 'in another language')}: Girok reads Korean "
            "and English; only vocabulary names, dates and numbers were looked for"
        )
    if not text.strip():
        return extraction
    sentences = split(text)
    if tokens is None:
        tokens = tokenize(text) if has_hangul(text) else []
    found = entities.find(text, sentences, tokens)
    extraction.facilities = found.facilities
    extraction.places = found.places
    extraction.institutions = found.institutions
    extraction.dates = find_dates(text)
    if figures:
        extraction.figures = find_figures(text, extraction.dates)
    if language not in ("zh", "ja", "other"):
        extraction.persons = find_persons(text, tokens if tokens else None)
        classifier = load_model() if model else None
        extraction.violations = find_violations(text, sentences, tokens, found, extraction.dates, classifier)
    return extraction


_LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese", "other": "in another script"}
