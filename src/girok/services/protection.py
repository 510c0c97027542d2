"""Sealing and unsealing the identifying fields of protected records.

A protected record's identifying fields (as the schema marks them) are stored as AES-GCM envelopes
bound to "record id/field", so a ciphertext moved to another record or field does not decrypt.
Unchanged values keep their envelope, so an edit of one field does not churn the others' ciphertexts
and an export is stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from girok.schema.model import RecordType
from girok.security.keyring import Keyring, is_envelope

REDACTED = "[protected]"


def field_context(record_id: str, field: str) -> str:
    return f"{record_id}/{field}"


def is_protected(record_type: RecordType, protection: str) -> bool:
    return record_type.protectable and protection != "none"


def seal(
    keyring: Keyring,
    record_type: RecordType,
    record_id: str,
    protection: str,
    data: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The stored form of plaintext ``data``; ``previous`` is the stored form it replaces."""
    if not is_protected(record_type, protection):
        return dict(data)
    stored: dict[str, Any] = {}
    for name, value in data.items():
        if name not in record_type.identifying_fields:
            stored[name] = value
            continue
        context = field_context(record_id, name)
        old = (previous or {}).get(name)
        if is_envelope(old) and keyring.decrypt(old, context) == value:
            stored[name] = old
        else:
            stored[name] = keyring.encrypt(value, context)
    return stored


def unseal(
    keyring: Keyring | None, record_type: RecordType, record_id: str, stored: Mapping[str, Any], allowed: bool
) -> tuple[dict[str, Any], bool]:
    """Plaintext data (or redacted where not ``allowed``) and whether anything was redacted."""
    data: dict[str, Any] = {}
    redacted = False
    for name, value in stored.items():
        if not is_envelope(value):
            data[name] = value
        elif allowed and keyring is not None:
            data[name] = keyring.decrypt(value, field_context(record_id, name))
        else:
            data[name] = REDACTED
            redacted = True
    return data, redacted


def reseal(keyring: Keyring, record_id: str, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Re-encrypt every envelope with the keyring's active key (key rotation)."""
    result: dict[str, Any] = {}
    for name, value in stored.items():
        if is_envelope(value) and value.get("kid") != keyring.active:
            context = field_context(record_id, name)
            result[name] = keyring.encrypt(keyring.decrypt(value, context), context)
        else:
            result[name] = value
    return result
