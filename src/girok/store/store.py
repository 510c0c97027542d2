"""The Store: one interface over SQLite and PostgreSQL for records, revisions and the audit chain.

The Store moves rows; it does not validate, encrypt or decide. Services open a transaction with
``store.write()`` and call these methods on the connection it yields, so each use case commits or
rolls back as one unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import ColumnElement, Engine, Integer, String, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from girok.errors import ConflictError, NotFoundError
from girok.security.audit import GENESIS, entry_hash
from girok.store import tables as t
from girok.store.dialects import WRITE_OPTION, is_sqlite, make_engine

MIGRATIONS = Path(__file__).parent / "migrations"

# Statements built once: SQLAlchemy then reuses their compiled form, and the values travel as parameters.
_INSERT_RECORD = insert(t.records)
_INSERT_REVISION = insert(t.revisions)
_INSERT_AUDIT = insert(t.audit_log)
_TYPES_OF_ANY = select(t.records.c.id, t.records.c.type).where(t.records.c.id.in_(bindparam("ids", expanding=True)))
_TYPES_OF_LIVE = _TYPES_OF_ANY.where(t.records.c.deleted_at.is_(None))
_LOCK_HEAD = select(t.audit_head).where(t.audit_head.c.id == 1).with_for_update()
_UPDATE_HEAD = (
    update(t.audit_head)
    .where(t.audit_head.c.id == 1)
    .values(seq=bindparam("seq", type_=Integer), hash=bindparam("hash", type_=String))
)
#: Key in a connection's info of the audit head as this transaction has moved it: [seq, hash].
_HEAD = "girok_audit_head"
#: The open write transaction of each Store in this thread or task (an immutable mapping, replaced on change).
_ACTIVE: ContextVar[Mapping[int, Connection]] = ContextVar("girok_store_transactions", default=MappingProxyType({}))


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """Rows of records, references, revisions and audit entries, on either backend."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the database to the newest schema (Alembic); safe to run on every start."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def refresh_statistics(self, *, if_stale: bool = False) -> None:
        """Give the query planner fresh table statistics (``if_stale``: only when they are missing or stale).

        SQLite has none until ANALYZE runs, and then guesses that ``type = 'Citation'`` matches ten rows,
        so it scans every citation to find the few that point at one record (45 ms instead of 0.2 ms at
        170k records); a sampled ANALYZE (at most 400 rows per index) takes tens of milliseconds. Stale:
        none kept, or the records have since grown or shrunk by half. PostgreSQL's autovacuum usually keeps
        statistics, but it may be switched off, and a table never analysed is planned as if it were tiny.
        """
        if if_stale and not self._statistics_stale():
            return
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            if is_sqlite(self.engine):
                conn.exec_driver_sql("PRAGMA analysis_limit=400")
                conn.exec_driver_sql("ANALYZE")
            else:
                for table in ("records", "record_refs"):
                    conn.exec_driver_sql(f"ANALYZE {table}")

    def _statistics_stale(self) -> bool:
        with self.read() as conn:
            if not is_sqlite(self.engine):
                never = conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_user_tables WHERE relid IN ('records'::regclass, "
                    "'record_refs'::regclass) AND last_analyze IS NULL AND last_autoanalyze IS NULL"
                ).scalar_one()
                return bool(never)
            if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is None:
                return True
            kept = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_records_levels'").first()
            rows = int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM records").scalar_one())
        if kept is None:
            return rows > 0
        counted = int(str(kept[0]).split()[0])
        return not counted / 2 <= rows <= counted * 2

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        A write inside another (in the same thread or task) joins the outer transaction, so a batch of
        service calls can be made atomic, and fast, by wrapping them in one ``store.write()``.
        """
        active = _ACTIVE.get()
        if id(self) in active:
            yield active[id(self)]
            return
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            token = _ACTIVE.set(MappingProxyType({**active, id(self): conn}))
            try:
                yield conn
                head = conn.info.get(_HEAD)
                if head is not None:
                    conn.execute(_UPDATE_HEAD, {"seq": head[0], "hash": head[1]})
            finally:
                conn.info.pop(_HEAD, None)
                _ACTIVE.reset(token)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        active = _ACTIVE.get()
        if id(self) in active:  # read what this transaction has written so far
            yield active[id(self)]
            return
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- records -----------------------------------------------------------------------------------

    @staticmethod
    def get_record(conn: Connection, record_id: str, *, lock: bool = False) -> dict[str, Any]:
        query = select(t.records).where(t.records.c.id == record_id)
        if lock:
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(f"no record {record_id[:60]}")
        return dict(row)

    @staticmethod
    def existing_types(conn: Connection, record_ids: Iterable[str], *, include_deleted: bool = False) -> dict[str, str]:
        """Record id -> type for those ids that exist (and are not deleted, unless asked)."""
        ids = sorted(set(record_ids))
        found: dict[str, str] = {}
        query = _TYPES_OF_ANY if include_deleted else _TYPES_OF_LIVE
        for start in range(0, len(ids), 500):
            found.update({row.id: row.type for row in conn.execute(query, {"ids": ids[start : start + 500]})})
        return found

    @staticmethod
    def insert_record(conn: Connection, row: Mapping[str, Any]) -> None:
        try:
            conn.execute(_INSERT_RECORD, dict(row))
        except IntegrityError:
            raise ConflictError(f"a record with id {row['id']} already exists") from None

    @staticmethod
    def update_record(conn: Connection, record_id: str, expected_version: int, values: Mapping[str, Any]) -> None:
        """Write ``values`` only if the stored version is still ``expected_version``."""
        result = conn.execute(
            update(t.records)
            .where(t.records.c.id == record_id, t.records.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:
            current = conn.execute(select(t.records.c.version).where(t.records.c.id == record_id)).scalar()
            if current is None:
                raise NotFoundError(f"no record {record_id}")
            raise ConflictError(
                f"{record_id} was changed by someone else (you edited version {expected_version}, "
                f"it is now at version {current}); reload it and apply your change again"
            )

    @staticmethod
    def set_refs(conn: Connection, record_id: str, refs: Iterable[tuple[str, str]], *, new: bool = False) -> None:
        """Replace what a record points at (``new``: it is a new record, there is nothing to replace)."""
        if not new:
            conn.execute(delete(t.record_refs).where(t.record_refs.c.from_id == record_id))
        rows = [{"from_id": record_id, "field": f, "to_id": to} for f, to in sorted(set(refs))]
        if rows:
            conn.execute(insert(t.record_refs), rows)

    @staticmethod
    def referrers(conn: Connection, record_id: str, record_type: str | None = None) -> list[dict[str, Any]]:
        """Live records that point at ``record_id`` (optionally only of one type)."""
        query = (
            select(t.records)
            .join(t.record_refs, t.record_refs.c.from_id == t.records.c.id)
            .where(t.record_refs.c.to_id == record_id, t.records.c.deleted_at.is_(None))
            .distinct()
        )
        if record_type is not None:
            query = query.where(t.records.c.type == record_type)
        return [dict(row) for row in conn.execute(query).mappings()]

    @staticmethod
    def list_records(
        conn: Connection,
        record_type: str | None = None,
        *,
        include_deleted: bool = False,
        confidentiality_in: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        query = select(t.records).order_by(t.records.c.id)
        if confidentiality_in is not None:
            query = query.where(t.records.c.confidentiality.in_(list(confidentiality_in)))
        if record_type is not None:
            query = query.where(t.records.c.type == record_type)
        if not include_deleted:
            query = query.where(t.records.c.deleted_at.is_(None))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [dict(row) for row in conn.execute(query).mappings()]

    @staticmethod
    def count_records(conn: Connection) -> dict[str, int]:
        query = (
            select(t.records.c.type, func.count()).where(t.records.c.deleted_at.is_(None)).group_by(t.records.c.type)
        )
        return {row[0]: int(row[1]) for row in conn.execute(query)}

    @staticmethod
    def iter_records(conn: Connection, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every record, deleted ones included, in id order, without loading them all at once."""
        return _keyset(conn, t.records, t.records.c.id, "", batch)

    # -- revisions ---------------------------------------------------------------------------------

    @staticmethod
    def insert_revision(conn: Connection, row: Mapping[str, Any]) -> None:
        conn.execute(_INSERT_REVISION, dict(row))

    @staticmethod
    def revisions_of(conn: Connection, record_id: str) -> list[dict[str, Any]]:
        query = select(t.revisions).where(t.revisions.c.record_id == record_id).order_by(t.revisions.c.version)
        return [dict(row) for row in conn.execute(query).mappings()]

    @staticmethod
    def iter_revisions(conn: Connection, batch: int = 1000) -> Iterator[dict[str, Any]]:
        return _keyset(conn, t.revisions, t.revisions.c.id, 0, batch)

    @staticmethod
    def replace_revision_states(conn: Connection, revision_id: int, before: Any, after: Any) -> None:
        conn.execute(update(t.revisions).where(t.revisions.c.id == revision_id).values(before=before, after=after))

    # -- the audit chain ---------------------------------------------------------------------------

    @staticmethod
    def append_audit(conn: Connection, entry: Mapping[str, Any]) -> dict[str, Any]:
        """Append one entry after the current head.

        The head row is read with a lock once per transaction (which serialises writers on both
        backends) and written back once, when ``write()`` commits.
        """
        head: list[Any] | None = conn.info.get(_HEAD)
        if head is None:
            locked = conn.execute(_LOCK_HEAD).mappings().one()
            head = [int(locked["seq"]), str(locked["hash"])]
            conn.info[_HEAD] = head
        row = dict(entry)
        row["seq"] = head[0] + 1
        row["prev_hash"] = head[1]
        row["hash"] = entry_hash(row["prev_hash"], row)
        conn.execute(_INSERT_AUDIT, row)
        head[0], head[1] = row["seq"], row["hash"]
        return row

    @staticmethod
    def audit_head(conn: Connection) -> tuple[int, str]:
        head = conn.execute(select(t.audit_head).where(t.audit_head.c.id == 1)).mappings().first()
        if head is None:
            return 0, GENESIS
        return int(head["seq"]), str(head["hash"])

    @staticmethod
    def iter_audit(conn: Connection, batch: int = 2000) -> Iterator[dict[str, Any]]:
        return _keyset(conn, t.audit_log, t.audit_log.c.seq, 0, batch)

    @staticmethod
    def recent_audit(conn: Connection, record_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """The newest entries first (optionally only those about one record)."""
        query = select(t.audit_log).order_by(t.audit_log.c.seq.desc()).limit(limit)
        if record_id is not None:
            query = query.where(t.audit_log.c.record_id == record_id)
        return [dict(row) for row in conn.execute(query).mappings()]

    @staticmethod
    def last_audit_digests(conn: Connection) -> dict[str, str]:
        """Record id -> digest of its newest audited state."""
        latest = (
            select(t.audit_log.c.record_id, func.max(t.audit_log.c.seq).label("seq"))
            .where(t.audit_log.c.record_id.is_not(None), t.audit_log.c.digest.is_not(None))
            .group_by(t.audit_log.c.record_id)
            .subquery()
        )
        query = select(t.audit_log.c.record_id, t.audit_log.c.digest).join(
            latest, (latest.c.record_id == t.audit_log.c.record_id) & (latest.c.seq == t.audit_log.c.seq)
        )
        return {row.record_id: row.digest for row in conn.execute(query)}

    # -- settings ----------------------------------------------------------------------------------

    @staticmethod
    def get_setting(conn: Connection, key: str) -> str | None:
        return conn.execute(select(t.settings.c.value).where(t.settings.c.key == key)).scalar()

    @staticmethod
    def set_setting(conn: Connection, key: str, value: str) -> None:
        if conn.execute(select(t.settings.c.key).where(t.settings.c.key == key)).first():
            conn.execute(update(t.settings).where(t.settings.c.key == key).values(value=value))
        else:
            conn.execute(insert(t.settings).values(key=key, value=value))


def _keyset(
    conn: Connection, table: Table, key: ColumnElement[Any], start: Any, batch: int
) -> Iterator[dict[str, Any]]:
    """All rows of ``table`` in ``key`` order, a batch at a time (keyset pagination: no OFFSET scans)."""
    last = start
    while True:
        rows = [
            dict(row) for row in conn.execute(select(table).where(key > last).order_by(key).limit(batch)).mappings()
        ]
        if not rows:
            return
        yield from rows
        last = rows[-1][key.key]
