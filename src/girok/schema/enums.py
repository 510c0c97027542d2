"""Closed value lists (protection levels, statuses, relation types...) as the record validator needs them.

They live in vocab/enums.yaml and load through the vocabulary loader; this module only gives the
validator and services a narrow view: the allowed values in order, and one value's attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from girok.errors import ValidationError
from girok.schema.vocabulary import load_vocabularies


@cache
def enum_values(name: str) -> tuple[str, ...]:
    """The values of enum ``name``, in their declared order (lowest first for ordered enums)."""
    return tuple(entry.id for entry in load_vocabularies().get(name).entries)


def enum_entry(name: str, value: str) -> Mapping[str, object]:
    """The attributes of one value (e.g. which record types a relation type connects)."""
    vocabulary = load_vocabularies().get(name)
    if value not in vocabulary:
        raise ValidationError(f"unknown {name} value {value!r}")
    return vocabulary.get(value).data
