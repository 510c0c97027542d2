"""The typed meta-model of Girok's record types, loaded from ``data/record_types.yaml``.

The record types are data (as in followthemoney): adding a field is a YAML change, and every layer
(validation, encryption, export, CLI options) reads the same declarations from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from girok.errors import NotFoundError

#: Value types a field may declare; each has one cleaner in girok.schema.values.
VALUE_TYPES = frozenset(
    {
        "text",
        "longtext",
        "name",
        "partial_date",
        "geo",
        "number",
        "offset",
        "confidence",
        "sha256",
        "ref",
        "vocab",
        "enum",
        "json",
    }
)

ANY_TYPE = "*"


@dataclass(frozen=True)
class FieldSpec:
    """One declared field of a record type."""

    name: str
    type: str
    required: bool = False
    multi: bool = False
    identifying: bool = False
    vocab: str | None = None
    enum: str | None = None
    to: tuple[str, ...] = ()

    def accepts_ref_to(self, record_type: str) -> bool:
        return ANY_TYPE in self.to or record_type in self.to


@dataclass(frozen=True)
class RecordType:
    """One declared record type (Person, Violation, ...)."""

    name: str
    prefix: str
    label: Mapping[str, str]
    fields: Mapping[str, FieldSpec]
    protectable: bool = False
    statuses: str | None = None

    def field(self, name: str) -> FieldSpec:
        try:
            return self.fields[name]
        except KeyError:
            raise NotFoundError(f"{self.name} has no field '{name}'") from None

    @property
    def identifying_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields.values() if f.identifying)

    @property
    def ref_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields.values() if f.type == "ref")


@dataclass(frozen=True)
class Schema:
    """All record types, by name."""

    types: Mapping[str, RecordType]

    def get(self, name: str) -> RecordType:
        found = self.types.get(name) or self._by_lower().get(name.lower())
        if found is None:
            known = ", ".join(self.types)
            raise NotFoundError(f"unknown record type '{name}' (known: {known})")
        return found

    def for_id(self, record_id: str) -> RecordType:
        prefix = record_id.split("_", 1)[0]
        for record_type in self.types.values():
            if record_type.prefix == prefix:
                return record_type
        raise NotFoundError(f"'{record_id[:60]}' is not a Girok record id")

    def _by_lower(self) -> dict[str, RecordType]:
        return {name.lower(): t for name, t in self.types.items()}


def _field(name: str, raw: Mapping[str, Any], type_name: str) -> FieldSpec:
    value_type = str(raw["type"])
    if value_type not in VALUE_TYPES:
        raise ValueError(f"{type_name}.{name}: unknown value type {value_type!r}")
    to = tuple(str(t) for t in raw.get("to", ()))
    if value_type == "ref" and not to:
        raise ValueError(f"{type_name}.{name}: a ref field needs 'to'")
    if value_type == "vocab" and not raw.get("vocab"):
        raise ValueError(f"{type_name}.{name}: a vocab field needs 'vocab'")
    if value_type == "enum" and not raw.get("enum"):
        raise ValueError(f"{type_name}.{name}: an enum field needs 'enum'")
    return FieldSpec(
        name=name,
        type=value_type,
        required=bool(raw.get("required", False)),
        multi=bool(raw.get("multi", False)),
        identifying=bool(raw.get("identifying", False)),
        vocab=raw.get("vocab"),
        enum=raw.get("enum"),
        to=to,
    )


def parse_schema(document: Mapping[str, Any]) -> Schema:
    types: dict[str, RecordType] = {}
    prefixes: set[str] = set()
    for type_name, raw in document.items():
        prefix = str(raw["prefix"])
        if prefix in prefixes:
            raise ValueError(f"{type_name}: prefix {prefix!r} used twice")
        prefixes.add(prefix)
        fields = {name: _field(name, spec, type_name) for name, spec in raw["fields"].items()}
        types[type_name] = RecordType(
            name=type_name,
            prefix=prefix,
            label=dict(raw.get("label", {})),
            fields=fields,
            protectable=bool(raw.get("protectable", False)),
            statuses=raw.get("statuses"),
        )
    for record_type in types.values():
        for spec in record_type.ref_fields:
            for target in spec.to:
                if target != ANY_TYPE and target not in types:
                    raise ValueError(f"{record_type.name}.{spec.name}: unknown target type {target!r}")
    return Schema(types=types)


@cache
def load_schema() -> Schema:
    """The record types shipped with Girok (parsed once)."""
    text = resources.files("girok.schema").joinpath("data/record_types.yaml").read_text("utf-8")
    return parse_schema(yaml.safe_load(text))
