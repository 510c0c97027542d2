"""One cleaner per value type: each turns user input into the canonical stored form or raises.

Cleaners know nothing about records or storage; ``validate.py`` calls them field by field and puts
the field's name in front of their messages.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from girok.domain import GeoPoint, KoreanName, PartialDate
from girok.errors import GirokError, ValidationError
from girok.schema.enums import enum_values
from girok.schema.model import FieldSpec, load_schema
from girok.schema.vocabulary import load_vocabularies

TEXT_MAX = 2_000
LONGTEXT_MAX = 5_000_000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z]{3}_[0-9A-Za-z]{4,40}$")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _has_control(text: str, allow_newlines: bool) -> bool:
    for ch in text:
        if allow_newlines and ch in "\n\r\t":
            continue
        if unicodedata.category(ch) == "Cc":
            return True
    return False


def clean_text(spec: FieldSpec, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {_show(value)}")
    longtext = spec.type == "longtext"
    # Long text is kept exactly as given (a source's text is what citation offsets point into).
    text = unicodedata.normalize("NFC", value)
    if not longtext:
        text = text.strip()
    if not text.strip():
        raise ValidationError("must not be empty")
    if _has_control(text, allow_newlines=longtext):
        raise ValidationError("contains control characters")
    limit = LONGTEXT_MAX if longtext else TEXT_MAX
    if len(text) > limit:
        raise ValidationError(f"is {len(text)} characters long (limit {limit})")
    return text


def clean_name(spec: FieldSpec, value: object) -> dict[str, str]:
    """A personal name: ``"김영호"`` or ``{"text": "Kim Yong-ho", "kind": "romanized", "source": "src_..."}``."""
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a name, got {_show(value)}")
    unknown = set(value) - {"text", "kind", "source"}
    if unknown:
        raise ValidationError(f"unknown name attribute(s) {', '.join(sorted(map(str, unknown)))}")
    text = clean_text(spec, value.get("text"))
    KoreanName.parse(text)  # rejects what cannot be a name (no letters, control characters, too long)
    cleaned = {"text": text}
    if value.get("kind") is not None:
        kind = str(value["kind"])
        if kind not in enum_values("name_kinds"):
            raise ValidationError(f"unknown name kind {_show(kind)}")
        cleaned["kind"] = kind
    if value.get("source") is not None:
        cleaned["source"] = clean_ref(FieldSpec(name="source", type="ref", to=("Source",)), value["source"])
    return cleaned


def clean_partial_date(spec: FieldSpec, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValidationError(f"expected a date, got {_show(value)}")
    return PartialDate.parse(value).to_string()


def clean_geo(spec: FieldSpec, value: object) -> dict[str, float]:
    return GeoPoint.parse(value).to_dict()  # type: ignore[arg-type]


def clean_number(spec: FieldSpec, value: object) -> int | float:
    if isinstance(value, bool):
        raise ValidationError(f"expected a number, got {_show(value)}")
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            raise ValidationError(f"expected a number, got {_show(value)}") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(f"expected a number, got {_show(value)}")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def clean_offset(spec: FieldSpec, value: object) -> int:
    number = clean_number(spec, value)
    if not isinstance(number, int) or number < 0:
        raise ValidationError(f"expected a whole number of at least 0, got {_show(value)}")
    return number


def clean_confidence(spec: FieldSpec, value: object) -> float:
    number = clean_number(spec, value)
    if not 0 <= number <= 1:
        raise ValidationError(f"must be between 0 and 1, got {_show(value)}")
    return float(number)


def clean_sha256(spec: FieldSpec, value: object) -> str:
    if not isinstance(value, str) or not _SHA256.match(value.strip().lower()):
        raise ValidationError(f"expected a SHA-256 hex digest, got {_show(value)}")
    return value.strip().lower()


def clean_ref(spec: FieldSpec, value: object) -> str:
    if not isinstance(value, str) or not _ID.match(value.strip()):
        raise ValidationError(f"expected a record id, got {_show(value)}")
    record_id = value.strip()
    target = load_schema().for_id(record_id)
    if not spec.accepts_ref_to(target.name):
        allowed = ", ".join(spec.to)
        raise ValidationError(f"{record_id} is a {target.name}, expected {allowed}")
    return record_id


def clean_vocab(spec: FieldSpec, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected a vocabulary id, got {_show(value)}")
    assert spec.vocab is not None
    vocabularies = load_vocabularies()
    entry_id = value.strip()
    if entry_id not in vocabularies.get(spec.vocab):
        matches = vocabularies.find(entry_id, limit=3, vocabularies=[spec.vocab]) if entry_id else []
        hint = f" (did you mean {' or '.join(m.entry.id for m in matches)}?)" if matches else ""
        raise ValidationError(f"unknown vocabulary id {_show(entry_id)} in {spec.vocab}{hint}")
    return entry_id


def clean_enum(spec: FieldSpec, value: object) -> str:
    assert spec.enum is not None
    allowed = enum_values(spec.enum)
    if not isinstance(value, str) or value.strip() not in allowed:
        raise ValidationError(f"expected one of {', '.join(allowed)}, got {_show(value)}")
    return value.strip()


JSON_MAX = 65_536


def clean_json(spec: FieldSpec, value: object) -> dict[str, Any]:
    """A small JSON object, returned in the form a JSON round trip gives (so it is stored as given back)."""
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a JSON object, got {_show(value)}")
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise ValidationError("holds values that are not JSON") from None
    if len(text) > JSON_MAX:
        raise ValidationError(f"is {len(text)} characters of JSON (limit {JSON_MAX})")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


CLEANERS: Mapping[str, Callable[[FieldSpec, object], Any]] = {
    "text": clean_text,
    "longtext": clean_text,
    "name": clean_name,
    "partial_date": clean_partial_date,
    "geo": clean_geo,
    "number": clean_number,
    "offset": clean_offset,
    "confidence": clean_confidence,
    "sha256": clean_sha256,
    "ref": clean_ref,
    "vocab": clean_vocab,
    "enum": clean_enum,
    "json": clean_json,
}


def clean_value(spec: FieldSpec, value: object) -> Any:
    """Clean one (single) value for ``spec``; errors are re-raised as ValidationError."""
    try:
        return CLEANERS[spec.type](spec, value)
    except ValidationError:
        raise
    except GirokError as error:
        raise ValidationError(str(error)) from None
