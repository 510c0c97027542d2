"""Lossless export and import of a collection as JSON Lines.

An export holds every record (deleted ones too) and every revision in their stored form: sealed
fields stay encrypted, so an export file never holds a protected identity in plaintext. Importing
into a home that holds the same key and exporting again gives the same lines.

Import checks every line before writing anything; it reports each bad line by number. With
``skip_invalid`` it writes the valid lines (and records that depend only on valid lines) instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from girok.errors import GirokError, ImportFileError, ValidationError
from girok.schema.enums import enum_values
from girok.schema.model import Schema
from girok.schema.validate import references, validate_fields
from girok.search.index import SearchIndex
from girok.security.audit import canonical_json
from girok.security.keyring import Keyring, is_envelope
from girok.services.actor import LEVELS, Actor
from girok.services.protection import is_protected, unseal
from girok.services.records import audit_record
from girok.store.store import Store, utc_now

FORMAT = "girok-export-1"
RECORD_KEYS = (
    "id",
    "type",
    "version",
    "status",
    "protection",
    "confidentiality",
    "data",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "deleted_at",
    "deleted_by",
)
REVISION_KEYS = ("record_id", "version", "action", "actor", "at", "before", "after", "reason")


def export_lines(store: Store, actor: Actor) -> Iterator[str]:
    """The export, line by line: a header, the records by id, then the revisions."""
    actor.require_admin()
    yield canonical_json({"kind": "header", "format": FORMAT})
    with store.read() as conn:
        for row in Store.iter_records(conn):
            yield canonical_json({"kind": "record", "record": {k: row[k] for k in RECORD_KEYS}})
        for revision in Store.iter_revisions(conn):
            yield canonical_json({"kind": "revision", "revision": {k: revision[k] for k in REVISION_KEYS}})


def export_to(store: Store, actor: Actor, handle: IO[str]) -> int:
    count = 0
    for line in export_lines(store, actor):
        handle.write(line + "\n")
        count += 1
    return count - 1


@dataclass
class ImportReport:
    records: int = 0
    revisions: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error_lines(self) -> list[str]:
        return [f"line {number}: {message}" for number, message in self.errors]


@dataclass
class _Parsed:
    records: dict[str, tuple[int, dict[str, Any], list[tuple[str, str]]]] = field(default_factory=dict)
    revisions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def _require_keys(item: Mapping[str, Any], keys: tuple[str, ...], what: str) -> None:
    missing = [k for k in keys if k not in item]
    if missing:
        raise ValidationError(f"{what} lacks {', '.join(missing)}")


def _check_record(schema: Schema, keyring: Keyring, record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Validate one exported record; return its references."""
    _require_keys(record, RECORD_KEYS, "record")
    kind = schema.get(str(record["type"]))
    if schema.for_id(str(record["id"])).name != kind.name:
        raise ValidationError(f"id {record['id']} is not a {kind.name} id")
    if not isinstance(record["version"], int) or record["version"] < 1:
        raise ValidationError("version must be a whole number of at least 1")
    if record["protection"] not in enum_values("protection_levels"):
        raise ValidationError(f"unknown protection level {record['protection']!r}")
    if record["confidentiality"] not in LEVELS:
        raise ValidationError(f"unknown confidentiality {record['confidentiality']!r}")
    statuses = enum_values(kind.statuses) if kind.statuses else (None,)
    if record["status"] not in statuses:
        raise ValidationError(f"invalid status {record['status']!r} for {kind.name}")
    if not isinstance(record["data"], dict):
        raise ValidationError("data must be an object")
    protected = is_protected(kind, record["protection"])
    for name in kind.identifying_fields:
        if protected and name in record["data"] and not is_envelope(record["data"][name]):
            raise ValidationError(f"{kind.name}.{name} is in plaintext although the record is protected")
    plain, _ = unseal(keyring, kind, record["id"], record["data"], True)
    clean = validate_fields(kind, plain)
    if canonical_json(clean) != canonical_json(plain):
        raise ValidationError(f"{kind.name} data is not in canonical form (was it edited by hand?)")
    return references(kind, clean)


def _parse(handle: IO[str], schema: Schema, keyring: Keyring) -> _Parsed:
    parsed = _Parsed()
    seen_revisions: set[tuple[str, int]] = set()
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValidationError("not a JSON object")
            kind = item.get("kind")
            if kind == "header":
                if item.get("format") != FORMAT:
                    raise ValidationError(f"unsupported export format {item.get('format')!r}")
            elif kind == "record":
                record = item.get("record")
                if not isinstance(record, dict):
                    raise ValidationError("record must be an object")
                refs = _check_record(schema, keyring, record)
                if record["id"] in parsed.records:
                    raise ValidationError(
                        f"record {record['id']} appears twice (first on line {parsed.records[record['id']][0]})"
                    )
                parsed.records[record["id"]] = (number, record, refs)
            elif kind == "revision":
                revision = item.get("revision")
                if not isinstance(revision, dict):
                    raise ValidationError("revision must be an object")
                _require_keys(revision, REVISION_KEYS, "revision")
                key = (str(revision["record_id"]), revision["version"])
                if not isinstance(key[1], int) or key in seen_revisions:
                    raise ValidationError(f"revision {key[1]!r} of {key[0]} is invalid or repeated")
                seen_revisions.add(key)
                parsed.revisions.append((number, revision))
            else:
                raise ValidationError(f"unknown line kind {kind!r}")
        except json.JSONDecodeError as error:
            parsed.errors[number] = f"not valid JSON ({error.msg} at column {error.colno})"
        except GirokError as error:
            parsed.errors[number] = str(error)
        except (TypeError, AttributeError, KeyError):
            parsed.errors[number] = "malformed line"
    return parsed


def _resolve(parsed: _Parsed, existing: set[str], present: set[str]) -> None:
    """Mark records whose references lead nowhere (or to invalid lines) as invalid, until stable."""
    changed = True
    while changed:
        changed = False
        for record_id, (number, _record, refs) in list(parsed.records.items()):
            for field_name, target in refs:
                if target not in parsed.records and target not in present:
                    parsed.errors[number] = f"{record_id}.{field_name}: refers to {target}, which is not imported"
                    del parsed.records[record_id]
                    changed = True
                    break
        for record_id in list(parsed.records):
            if record_id in existing:
                number = parsed.records.pop(record_id)[0]
                parsed.errors[number] = f"record {record_id} already exists in this collection"
                changed = True
    for number, revision in parsed.revisions:
        if revision["record_id"] not in parsed.records:
            parsed.errors.setdefault(number, f"revision of {revision['record_id']}, which is not imported")
    parsed.revisions = [(n, r) for n, r in parsed.revisions if r["record_id"] in parsed.records]


def import_from(
    store: Store,
    keyring: Keyring,
    schema: Schema,
    actor: Actor,
    handle: IO[str],
    *,
    skip_invalid: bool = False,
) -> ImportReport:
    actor.require_admin()
    parsed = _parse(handle, schema, keyring)
    with store.write() as conn:
        ids = list(parsed.records)
        for targets in (ref for _, _, refs in parsed.records.values() for ref in refs):
            ids.append(targets[1])
        existing_live = Store.existing_types(conn, ids)
        existing_any = set(Store.existing_types(conn, parsed.records, include_deleted=True))
        _resolve(parsed, existing_any, set(existing_live))
        report = ImportReport(errors=sorted(parsed.errors.items()))
        if report.errors and not skip_invalid:
            raise ImportFileError(
                f"{len(report.errors)} invalid line(s); nothing was imported. First: {report.error_lines()[0]}"
            )
        now = utc_now()
        for _number, record, _refs in parsed.records.values():
            Store.insert_record(conn, {k: record[k] for k in RECORD_KEYS})
        index = SearchIndex(store, keyring, schema)
        for record_id, (_number, record, refs) in parsed.records.items():
            Store.set_refs(conn, record_id, refs, new=True)
            audit_record(conn, actor, "record.import", record, now)
        for _number, record, _refs in parsed.records.values():
            index.record_changed(conn, None, {k: record[k] for k in RECORD_KEYS})
        for _number, revision in parsed.revisions:
            Store.insert_revision(conn, {k: revision[k] for k in REVISION_KEYS})
        report.records, report.revisions = len(parsed.records), len(parsed.revisions)
        Store.append_audit(
            conn,
            {
                "at": now,
                "actor": actor.name,
                "action": "collection.import",
                "record_id": None,
                "record_type": None,
                "version": None,
                "digest": None,
                "details": {
                    "records": report.records,
                    "revisions": report.revisions,
                    "rejected": len(report.errors),
                },
            },
        )
    return report
