"""The evaluation harness: labelled passages in, precision, recall and F1 per field out.

A passage file (evaluation/extract/README.md) gives a text and, per field, the mentions a careful
documenter would code. Scoring compares, per passage and field, the set of distinct keys (a violation's
type, a facility's id, a date's value...), so a key said twice counts once and offsets need not agree to
the character. It also checks what keys alone cannot: that every predicted span is valid and quotes the
text, and how many true positives overlap a labelled quote ("located").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from girok.errors import ValidationError
from girok.extract.mentions import KINDS, Mention
from girok.extract.pipeline import extract

#: The scored fields: the kinds of mention, with provinces (places with KP-xx ids) after places.
FIELDS = (*KINDS[:3], "provinces", *KINDS[3:])


@dataclass(frozen=True)
class Passage:
    id: str
    language: str
    text: str
    expect: dict[str, list[dict[str, Any]]]


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    located: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    passages: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    #: One score per kind of mention, plus "provinces": the places that are provinces (KP-xx ids), which the
    #: issue's aim names apart from cities and counties.
    scores: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in FIELDS})
    invalid_spans: int = 0
    #: (passage id, field, key, "missed" | "spurious") for every error, to read what went wrong.
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def table(self) -> list[dict[str, Any]]:
        rows = []
        for kind, score in self.scores.items():
            rows.append(
                {
                    "field": kind,
                    "precision": round(score.precision, 3),
                    "recall": round(score.recall, 3),
                    "f1": round(score.f1, 3),
                    "tp": score.true_positives,
                    "fp": score.false_positives,
                    "fn": score.false_negatives,
                }
            )
        return rows


_NAME_FOLD = re.compile(r"[\s\-‐.]+")


def key_of(kind: str, item: dict[str, Any]) -> str:
    """The key a labelled or predicted item is scored by (README: "The score counts...")."""
    if kind == "violations":
        return str(item["type"])
    if kind == "facilities":
        return str(item["id"]) if item.get("id") else f"type:{item.get('type')}"
    if kind in ("places", "institutions"):
        return str(item["id"])
    if kind == "dates":
        return str(item["value"])
    if kind == "persons":
        return _NAME_FOLD.sub("", str(item["name"])).lower()
    if kind == "figures":
        return "|".join(_number(item.get(name)) for name in ("value", "low", "high")) + f"|{item.get('unit')}"
    raise ValueError(kind)  # pragma: no cover - KINDS is closed


def _number(value: Any) -> str:
    if value is None:
        return "-"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def load_passages(directory: Path) -> list[Passage]:
    """Every passage under ``directory``; a malformed file raises one ValidationError naming it."""
    if not directory.is_dir():
        raise ValidationError(f"{directory.name}: not a directory of passage files")
    passages = []
    for path in sorted(directory.rglob("*.yaml")):
        passages.append(_passage(path))
    if not passages:
        raise ValidationError(f"{directory.name}: holds no .yaml passage files")
    return passages


def _passage(path: Path) -> Passage:
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise ValidationError(f"{path.name}: not a readable YAML passage file") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not isinstance(raw.get("expect"), dict):
        raise ValidationError(f"{path.name}: needs `text` and `expect`")
    expect: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        items = raw["expect"].get(kind) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ValidationError(f"{path.name}: expect.{kind} must be a list of mappings")
        for item in items:
            quote = item.get("quote", item.get("name"))
            if quote is not None and str(quote) not in raw["text"]:
                raise ValidationError(f"{path.name}: expect.{kind}: quote {str(quote)[:40]!r} is not in the text")
        expect[kind] = items
    return Passage(str(raw.get("id") or path.stem), str(raw.get("language") or "und"), raw["text"], expect)


def evaluate(passages: Iterable[Passage], *, model: bool = True) -> Report:
    """Score extraction on ``passages``; ``model=False`` reads violations from the cues alone."""
    report = Report()
    for passage in passages:
        report.passages += 1
        report.by_language[passage.language] = report.by_language.get(passage.language, 0) + 1
        found = extract(passage.text, model=model).mentions()
        for kind in KINDS:
            _score(report, passage, kind, found[kind], passage.expect[kind])
        provinces = [m for m in found["places"] if str(getattr(m, "id", "")).startswith("KP-")]
        expected = [item for item in passage.expect["places"] if str(item.get("id", "")).startswith("KP-")]
        _score(report, passage, "provinces", provinces, expected, kind_of_key="places")
    return report


def _score(
    report: Report,
    passage: Passage,
    kind: str,
    predicted: list[Mention],
    labelled: list[dict[str, Any]],
    kind_of_key: str | None = None,
) -> None:
    text = passage.text
    key_kind = kind_of_key or kind
    predicted_keys: dict[str, list[Mention]] = {}
    for mention in predicted:
        if kind_of_key is None and (
            not (0 <= mention.start < mention.end <= len(text)) or text[mention.start : mention.end] != mention.quote
        ):
            report.invalid_spans += 1
        predicted_keys.setdefault(key_of(key_kind, mention.contract()), []).append(mention)
    expected: dict[str, list[str]] = {}
    for item in labelled:
        quote = item.get("quote", item.get("name"))
        expected.setdefault(key_of(key_kind, item), []).append(str(quote) if quote is not None else "")
    score = report.scores[kind]
    for key, quotes in expected.items():
        if key in predicted_keys:
            score.true_positives += 1
            if any(_overlaps(text, quote, mention) for quote in quotes for mention in predicted_keys[key]):
                score.located += 1
        else:
            score.false_negatives += 1
            report.errors.append((passage.id, kind, key, "missed"))
    for key in predicted_keys:
        if key not in expected:
            score.false_positives += 1
            report.errors.append((passage.id, kind, key, "spurious"))


def _overlaps(text: str, quote: str, mention: Mention) -> bool:
    if not quote:
        return False
    start = text.find(quote)
    while start != -1:
        if start < mention.end and mention.start < start + len(quote):
            return True
        start = text.find(quote, start + 1)
    return False
