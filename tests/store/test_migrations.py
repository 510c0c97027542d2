"""The Alembic migrations create exactly the tables the code uses, on both backends, and are re-runnable."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from girok.store.store import Store
from girok.store.tables import metadata


def _declared(name: str | None, type_: str, _parents: object) -> bool:
    """What the table definitions declare: not the backend's own text index (FTS5 tables, tsvector)."""
    if type_ == "table":
        return not (name or "").startswith("search_fts")
    if type_ == "column":
        return name != "tsv"
    if type_ == "index":
        return name != "ix_search_docs_tsv"
    return True


def test_migrations_match_the_table_definitions(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _declared})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_the_backends_text_index_exists(store: Store, backend: str) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"search_docs", "search_facets", "search_prefixes"} <= names
    if backend == "sqlite":
        assert "search_fts" in names
    else:
        columns = {c["name"] for c in inspect(store.engine).get_columns("search_docs")}
        assert "tsv" in columns


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
