"""The Alembic migrations create exactly the tables the code uses, on both backends, and are re-runnable."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from girok.store.store import Store
from girok.store.tables import metadata


def test_migrations_match_the_table_definitions(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrate_twice_is_harmless(store: Store) -> None:
    store.migrate()
    with store.read() as conn:
        assert conn.execute(text("SELECT seq FROM audit_head")).scalar() == 0
    assert {"records", "revisions", "audit_log", "audit_head", "record_refs", "settings"} <= set(
        inspect(store.engine).get_table_names()
    )


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store, backend: str) -> None:
    if backend != "sqlite":
        assert store.engine.dialect.name == "postgresql"
        return
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
