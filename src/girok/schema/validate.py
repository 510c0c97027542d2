"""Validation of a record's fields against its declared type: the one place where it happens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from girok.errors import ValidationError
from girok.schema.model import RecordType
from girok.schema.values import clean_value

MULTI_MAX = 500


def _clean_field(record_type: RecordType, name: str, value: object) -> Any:
    spec = record_type.field(name)
    where = f"{record_type.name}.{name}"
    if spec.multi:
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MULTI_MAX:
            raise ValidationError(f"{where}: {len(values)} values (limit {MULTI_MAX})")
        cleaned: list[Any] = []
        for index, item in enumerate(values):
            try:
                item_clean = clean_value(spec, item)
            except ValidationError as error:
                raise ValidationError(f"{where}[{index}]: {error}") from None
            if item_clean not in cleaned:  # the same value twice carries no information
                cleaned.append(item_clean)
        return cleaned
    if isinstance(value, list | tuple):
        raise ValidationError(f"{where}: takes one value, got {len(value)}")
    try:
        return clean_value(spec, value)
    except ValidationError as error:
        raise ValidationError(f"{where}: {error}") from None


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == ()


def validate_fields(record_type: RecordType, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the cleaned, canonical form of ``data``; raise ValidationError naming the field.

    Empty values (None, "", []) mean "no value" and are dropped, so an update can clear a field.
    """
    unknown = [name for name in data if name not in record_type.fields]
    if unknown:
        raise ValidationError(f"{record_type.name}.{unknown[0]}: no such field")
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if _is_empty(value):
            continue
        cleaned[name] = _clean_field(record_type, name, value)
    for spec in record_type.fields.values():
        if spec.required and spec.name not in cleaned:
            raise ValidationError(f"{record_type.name}.{spec.name}: required")
    return {name: cleaned[name] for name in record_type.fields if name in cleaned}


def references(record_type: RecordType, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (field, record id) pairs a cleaned record points at, names' sources included."""
    found: list[tuple[str, str]] = []
    for spec in record_type.fields.values():
        value = data.get(spec.name)
        if value is None:
            continue
        values = value if spec.multi else [value]
        if spec.type == "ref":
            found.extend((spec.name, v) for v in values)
        elif spec.type == "name":
            found.extend((spec.name, v["source"]) for v in values if "source" in v)
    return found
