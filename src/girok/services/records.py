"""Use cases on records: create, update, soft-delete, link, cite, change status, read.

Every write takes an explicit Actor, runs in one transaction, writes a Revision (stored form before
and after) and appends an AuditEntry to the hash chain. Identifying fields of protected records are
sealed before they reach the store and unsealed only for actors cleared to read them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.engine import Connection

from girok.errors import NotFoundError, PermissionDeniedError, ValidationError
from girok.schema.enums import enum_entry, enum_values
from girok.schema.model import RecordType, Schema, load_schema
from girok.schema.validate import references, validate_fields
from girok.schema.vocabulary import load_vocabularies
from girok.search.index import SearchIndex
from girok.security.audit import digest
from girok.security.keyring import Keyring
from girok.services.actor import LEVELS, Actor
from girok.services.ids import new_id
from girok.services.protection import is_protected, seal, unseal
from girok.services.status import check_status_change
from girok.store.store import Store, utc_now

#: Safe defaults: people and sources are protected unless the documenter says otherwise.
DEFAULT_PROTECTION = "protected"
DEFAULT_CONFIDENTIALITY = "internal"


@dataclass(frozen=True)
class Record:
    """A record as a reader sees it: identifying fields decrypted, or redacted if not cleared."""

    id: str
    type: str
    version: int
    status: str | None
    protection: str
    confidentiality: str
    data: dict[str, Any]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None
    deleted_by: str | None
    redacted: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stored_state(row: Mapping[str, Any]) -> dict[str, Any]:
    """What a revision keeps and an audit digest covers of a record row."""
    return {
        "type": row["type"],
        "version": row["version"],
        "status": row["status"],
        "protection": row["protection"],
        "confidentiality": row["confidentiality"],
        "data": row["data"],
        "deleted_at": row["deleted_at"],
    }


def audit_record(
    conn: Connection,
    actor: Actor,
    action: str,
    row: Mapping[str, Any],
    at: str,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Append the audit entry vouching for a record's stored state (ids and a digest, never data)."""
    Store.append_audit(
        conn,
        {
            "at": at,
            "actor": actor.name,
            "action": action,
            "record_id": row["id"],
            "record_type": row["type"],
            "version": row["version"],
            "digest": digest(stored_state(row)),
            "details": dict(details) if details else None,
        },
    )


class Collection:
    """The services of one collection (a store and its keyring)."""

    def __init__(
        self, store: Store, keyring: Keyring | None, schema: Schema | None = None, *, index: bool = True
    ) -> None:
        self.store = store
        self.keyring = keyring
        self.schema = schema or load_schema()
        #: The search index, kept current in the transaction of every write (None: a bulk load that
        #: runs `girok reindex` afterwards).
        self.search_index: SearchIndex | None = SearchIndex(store, keyring, self.schema) if index else None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run many service calls as one transaction: all of them are written, or none."""
        with self.store.write():
            yield

    # -- reading -------------------------------------------------------------------------------------

    def view(self, actor: Actor, row: Mapping[str, Any]) -> Record:
        """A stored row as ``actor`` may read it: for services that select rows in bulk (lists, graphs).

        The caller must already have filtered rows by what the actor may see (confidentiality)."""
        return self._view(actor, row)

    def _view(self, actor: Actor, row: Mapping[str, Any]) -> Record:
        record_type = self.schema.get(row["type"])
        allowed = actor.may_read_identities(row["protection"])
        data, redacted = unseal(self.keyring, record_type, row["id"], row["data"], allowed)
        fields = {name: row[name] for name in Record.__dataclass_fields__ if name not in ("data", "redacted")}
        return Record(**fields, data=data, redacted=redacted)

    def _visible_row(self, actor: Actor, conn: Connection, record_id: str) -> dict[str, Any]:
        row = Store.get_record(conn, record_id)
        if not actor.may_see(row["confidentiality"]):
            # Same message as a missing record: a user must not learn that it exists.
            raise NotFoundError(f"no record {record_id[:60]}")
        return row

    def get(self, actor: Actor, record_id: str, *, include_deleted: bool = False) -> Record:
        with self.store.read() as conn:
            row = self._visible_row(actor, conn, record_id)
        if row["deleted_at"] is not None and not include_deleted:
            raise NotFoundError(f"record {record_id} was deleted")
        return self._view(actor, row)

    def list_records(
        self, actor: Actor, record_type: str | None = None, *, limit: int = 100, offset: int = 0
    ) -> list[Record]:
        type_name = self.schema.get(record_type).name if record_type else None
        visible = [level for level in LEVELS if actor.may_see(level)]
        with self.store.read() as conn:
            rows = Store.list_records(conn, type_name, confidentiality_in=visible, limit=limit, offset=offset)
        return [self._view(actor, row) for row in rows]

    def history(self, actor: Actor, record_id: str) -> list[dict[str, Any]]:
        """Revisions, oldest first, with their states unsealed as far as the actor is cleared."""
        with self.store.read() as conn:
            row = self._visible_row(actor, conn, record_id)
            revisions = Store.revisions_of(conn, record_id)
        record_type = self.schema.get(row["type"])
        allowed = actor.may_read_identities(row["protection"])
        result = []
        for revision in revisions:
            item = dict(revision)
            for side in ("before", "after"):
                state = item[side]
                if state is not None:
                    data, _ = unseal(self.keyring, record_type, record_id, state["data"], allowed)
                    item[side] = {**state, "data": data}
            result.append(item)
        return result

    def referring(self, actor: Actor, record_id: str, record_type: str) -> list[Record]:
        """Live records of ``record_type`` that point at the record (custody entries of a source...)."""
        with self.store.read() as conn:
            self._visible_row(actor, conn, record_id)
            rows = Store.referrers(conn, record_id, self.schema.get(record_type).name)
        return [self._view(actor, row) for row in rows if actor.may_see(row["confidentiality"])]

    def citations_of(self, actor: Actor, record_id: str) -> list[Record]:
        """Citations of the record itself (not those that merely cite it as their source)."""
        return [c for c in self.referring(actor, record_id, "Citation") if c.data.get("record") == record_id]

    # -- writing -------------------------------------------------------------------------------------

    def _check_levels(self, record_type: RecordType, protection: str, confidentiality: str) -> None:
        if protection not in enum_values("protection_levels"):
            raise ValidationError(f"unknown protection level {protection!r}")
        if protection != "none" and not record_type.protectable:
            raise ValidationError(f"{record_type.name} records carry no protection level")
        if confidentiality not in LEVELS:
            raise ValidationError(f"unknown confidentiality {confidentiality!r} (levels: {', '.join(LEVELS)})")

    def _check_refs(self, conn: Connection, record_type: RecordType, data: Mapping[str, Any]) -> None:
        refs = references(record_type, data)
        found = Store.existing_types(conn, (to for _, to in refs))
        for field, to in refs:
            if to not in found:
                raise ValidationError(f"{record_type.name}.{field}: no record {to}")

    def _derive(self, record_type: RecordType, data: dict[str, Any]) -> dict[str, Any]:
        """Fill legal qualifications a violation type implies, when the documenter left them empty."""
        if record_type.name == "Violation":
            entry = load_vocabularies().get("violation_types").get(data["type"])
            for field in ("coi_area", "rome_statute"):
                implied = entry.data.get(field)
                if field not in data and implied:
                    data[field] = implied
        if record_type.name == "Relation":
            self._check_relation_ends(data)
        return data

    def _check_relation_ends(self, data: Mapping[str, Any]) -> None:
        spec = enum_entry("relation_types", data["type"])
        for end in ("subject", "object"):
            allowed = tuple(str(t) for t in spec.get(end) or ())  # type: ignore[attr-defined]
            actual = self.schema.for_id(data[end]).name
            if allowed and actual not in allowed:
                raise ValidationError(
                    f"Relation.{end}: a {data['type']} relation takes {' or '.join(allowed)}, not {actual}"
                )

    def _record_change(
        self,
        conn: Connection,
        actor: Actor,
        action: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
        reason: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """The revision and the audit entry every write leaves behind."""
        at = after["updated_at"] if action != "delete" else after["deleted_at"]
        Store.insert_revision(
            conn,
            {
                "record_id": after["id"],
                "version": after["version"],
                "action": action,
                "actor": actor.name,
                "at": at,
                "before": stored_state(before) if before is not None else None,
                "after": stored_state(after),
                "reason": reason,
            },
        )
        self._append_audit(conn, actor, f"record.{action}", after, at, details)
        if self.search_index is not None:
            self.search_index.record_changed(conn, before, after)

    def _append_audit(
        self,
        conn: Connection,
        actor: Actor,
        action: str,
        row: Mapping[str, Any],
        at: str,
        details: Mapping[str, Any] | None,
    ) -> None:
        audit_record(conn, actor, action, row, at, details)

    def create(
        self,
        actor: Actor,
        record_type: str,
        data: Mapping[str, Any],
        *,
        protection: str | None = None,
        confidentiality: str = DEFAULT_CONFIDENTIALITY,
        status: str | None = None,
        record_id: str | None = None,
    ) -> Record:
        actor.require_writer()
        kind = self.schema.get(record_type)
        if protection is None:
            protection = DEFAULT_PROTECTION if kind.protectable else "none"
        self._check_levels(kind, protection, confidentiality)
        clean = self._derive(kind, validate_fields(kind, data))
        if kind.statuses:
            status = status or enum_values(kind.statuses)[0]
            if status != enum_values(kind.statuses)[0]:
                raise ValidationError(f"{kind.name} records start as {enum_values(kind.statuses)[0]}")
        elif status is not None:
            raise ValidationError(f"{kind.name} records have no status")
        if record_id is None:
            record_id = new_id(kind.prefix)
        elif self.schema.for_id(record_id).name != kind.name:
            raise ValidationError(f"{record_id} is not a {kind.name} id")
        now = utc_now()
        with self.store.write() as conn:
            self._check_refs(conn, kind, clean)
            row = {
                "id": record_id,
                "type": kind.name,
                "version": 1,
                "status": status,
                "protection": protection,
                "confidentiality": confidentiality,
                "data": seal(self._keys(kind, protection), kind, record_id, protection, clean),
                "created_at": now,
                "created_by": actor.name,
                "updated_at": now,
                "updated_by": actor.name,
                "deleted_at": None,
                "deleted_by": None,
            }
            Store.insert_record(conn, row)
            Store.set_refs(conn, record_id, references(kind, clean), new=True)
            self._record_change(conn, actor, "create", None, row)
        return self._view(actor, row)

    def _keys(self, kind: RecordType, protection: str) -> Keyring:
        if self.keyring is None and is_protected(kind, protection):
            raise PermissionDeniedError("this session holds no encryption key")
        return self.keyring  # type: ignore[return-value]

    def update(
        self,
        actor: Actor,
        record_id: str,
        changes: Mapping[str, Any],
        *,
        expected_version: int,
        protection: str | None = None,
        confidentiality: str | None = None,
        reason: str | None = None,
    ) -> Record:
        """Apply ``changes`` (field -> new value; None or [] clears) to the version the user edited."""
        actor.require_writer()
        with self.store.write() as conn:
            before = self._visible_row(actor, conn, record_id)
            if before["deleted_at"] is not None:
                raise ValidationError(f"record {record_id} was deleted; restore it first")
            kind = self.schema.get(before["type"])
            if not actor.may_read_identities(before["protection"]):
                raise PermissionDeniedError(f"{actor.name} may not edit protected record {record_id}")
            new_protection = protection or before["protection"]
            new_confidentiality = confidentiality or before["confidentiality"]
            self._check_levels(kind, new_protection, new_confidentiality)
            current, _ = unseal(self.keyring, kind, record_id, before["data"], True)
            clean = self._derive(kind, validate_fields(kind, {**current, **changes}))
            self._check_refs(conn, kind, clean)
            previous = before["data"] if new_protection == before["protection"] else None
            after = {
                **before,
                "version": before["version"] + 1,
                "protection": new_protection,
                "confidentiality": new_confidentiality,
                "data": seal(self._keys(kind, new_protection), kind, record_id, new_protection, clean, previous),
                "updated_at": utc_now(),
                "updated_by": actor.name,
            }
            Store.update_record(conn, record_id, expected_version, _changed(before, after))
            Store.set_refs(conn, record_id, references(kind, clean))
            self._record_change(conn, actor, "update", before, after, reason)
            if is_protected(kind, new_protection) and not is_protected(kind, before["protection"]):
                self._seal_history(conn, kind, record_id, new_protection)
        return self._view(actor, after)

    def _seal_history(self, conn: Connection, kind: RecordType, record_id: str, protection: str) -> None:
        """A record just became protected: its earlier revisions must not keep plaintext either."""
        keyring = self._keys(kind, protection)
        for revision in Store.revisions_of(conn, record_id):
            states = []
            for side in ("before", "after"):
                state = revision[side]
                if state is not None:
                    plain, _ = unseal(keyring, kind, record_id, state["data"], True)
                    state = {**state, "data": seal(keyring, kind, record_id, protection, plain)}
                states.append(state)
            Store.replace_revision_states(conn, revision["id"], states[0], states[1])

    def delete(self, actor: Actor, record_id: str, *, expected_version: int, reason: str | None = None) -> Record:
        """Soft-delete: the record stays (with its history) but leaves lists and references."""
        actor.require_writer()
        with self.store.write() as conn:
            before = self._visible_row(actor, conn, record_id)
            if before["deleted_at"] is not None:
                raise ValidationError(f"record {record_id} is already deleted")
            now = utc_now()
            after = {
                **before,
                "version": before["version"] + 1,
                "deleted_at": now,
                "deleted_by": actor.name,
                "updated_at": now,
                "updated_by": actor.name,
            }
            Store.update_record(conn, record_id, expected_version, _changed(before, after))
            self._record_change(conn, actor, "delete", before, after, reason)
        return self._view(actor, after)

    def restore(self, actor: Actor, record_id: str, *, expected_version: int, reason: str | None = None) -> Record:
        actor.require_writer()
        with self.store.write() as conn:
            before = self._visible_row(actor, conn, record_id)
            if before["deleted_at"] is None:
                raise ValidationError(f"record {record_id} is not deleted")
            kind = self.schema.get(before["type"])
            self._check_refs(conn, kind, unseal(self.keyring, kind, record_id, before["data"], True)[0])
            after = {
                **before,
                "version": before["version"] + 1,
                "deleted_at": None,
                "deleted_by": None,
                "updated_at": utc_now(),
                "updated_by": actor.name,
            }
            Store.update_record(conn, record_id, expected_version, _changed(before, after))
            self._record_change(conn, actor, "restore", before, after, reason)
        return self._view(actor, after)

    def link(
        self,
        actor: Actor,
        relation_type: str,
        subject: str,
        object: str,
        *,
        date: str | None = None,
        notes: str | None = None,
        confidentiality: str = DEFAULT_CONFIDENTIALITY,
    ) -> Record:
        """A typed relation between two records (family, membership, detention...)."""
        data = {"type": relation_type, "subject": subject, "object": object, "date": date, "notes": notes}
        return self.create(actor, "Relation", data, confidentiality=confidentiality)

    def cite(
        self,
        actor: Actor,
        record_id: str,
        source_id: str,
        *,
        field: str | None = None,
        start: int | None = None,
        end: int | None = None,
        page: int | None = None,
        quote: str | None = None,
        citation_id: str | None = None,
    ) -> Record:
        """Pin a record (or one of its fields) to a source passage; the citation is as protected as its source."""
        with self.store.read() as conn:
            target = self._visible_row(actor, conn, record_id)
            source = self._visible_row(actor, conn, source_id)
        if field is not None:
            self.schema.get(target["type"]).field(field)
        if start is not None and end is not None and end < start:
            raise ValidationError("Citation.end: comes before start")
        data = {
            "record": record_id,
            "source": source_id,
            "field": field,
            "start": start,
            "end": end,
            "page": page,
            "quote": quote,
        }
        level = max(target["confidentiality"], source["confidentiality"], key=LEVELS.index)
        return self.create(
            actor,
            "Citation",
            data,
            protection=source["protection"],
            confidentiality=level,
            record_id=citation_id,
        )

    def change_status(
        self, actor: Actor, record_id: str, status: str, *, expected_version: int, reason: str | None = None
    ) -> Record:
        with self.store.write() as conn:
            before = self._visible_row(actor, conn, record_id)
            kind = self.schema.get(before["type"])
            check_status_change(conn, self.schema, kind, before, actor, status)
            after = {**before, "version": before["version"] + 1, "status": status}
            after.update(updated_at=utc_now(), updated_by=actor.name)
            Store.update_record(conn, record_id, expected_version, _changed(before, after))
            self._record_change(conn, actor, "status", before, after, reason, {"status": status})
        return self._view(actor, after)


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in after.items() if before.get(key) != value or key == "version"}
