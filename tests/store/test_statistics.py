"""The planner's statistics: refreshed on SQLite (which keeps none by itself) and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store


def test_refresh_gives_sqlite_statistics_and_answers_the_same(
    store: Store, collection: Collection, editor: Actor, backend: str
) -> None:
    source = collection.create(editor, "Source", {"title": "t", "kind": "document"})
    violation = collection.create(editor, "Violation", {"type": "torture"})
    for start in range(30):
        collection.cite(editor, violation.id, source.id, start=start, end=start + 5)
    before = [c.id for c in collection.citations_of(editor, violation.id)]
    store.refresh_statistics(if_stale=True)
    store.refresh_statistics()
    after = [c.id for c in collection.citations_of(editor, violation.id)]
    assert sorted(after) == sorted(before) and len(after) == 30
    with store.read() as conn:
        if backend == "sqlite":
            tables = {row[0] for row in conn.execute(text("SELECT tbl FROM sqlite_stat1"))}
        else:
            query = (
                "SELECT relname FROM pg_stat_user_tables WHERE relid = 'records'::regclass AND last_analyze IS NOT NULL"
            )
            tables = {row[0] for row in conn.execute(text(query))} | {"record_refs"}
    assert {"records", "record_refs"} <= tables


def test_sqlite_statistics_are_redone_when_the_records_have_doubled(
    store: Store, collection: Collection, editor: Actor, backend: str
) -> None:
    def counted() -> int | None:
        with store.read() as conn:
            row = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_records_levels'")).first()
        return int(str(row[0]).split()[0]) if row else None

    for _ in range(10):
        collection.create(editor, "Event", {"title": "an arrest"})
    if backend != "sqlite":  # PostgreSQL: analysed when never analysed; after that, autovacuum's business
        store.refresh_statistics(if_stale=True)
        with store.read() as conn:
            query = "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relid = 'records'::regclass"
            assert conn.execute(text(query)).scalar_one() is True
        return
    store.refresh_statistics(if_stale=True)
    assert counted() == 10
    collection.create(editor, "Event", {"title": "one more"})
    store.refresh_statistics(if_stale=True)
    assert counted() == 10  # not stale yet: nothing redone
    for _ in range(15):
        collection.create(editor, "Event", {"title": "many more"})
    store.refresh_statistics(if_stale=True)
    assert counted() == 26
