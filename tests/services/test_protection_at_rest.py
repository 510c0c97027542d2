"""No plaintext identity of a protected person at rest: not in the database files, not in an export."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import text

from girok.services import exchange
from girok.services.actor import Actor
from girok.services.records import Collection

PROTECTED_NAMES = ["황보은정", "Hwangbo Eun-jong", "1963-04-17"]
OPEN_NAME = "Publicofficial Kimsample"


def _fill(collection: Collection, editor: Actor) -> None:
    witness = collection.create(
        editor, "Person", {"names": PROTECTED_NAMES[:2], "birth_date": PROTECTED_NAMES[2]}, protection="high"
    )
    collection.create(editor, "Person", {"names": [OPEN_NAME]}, protection="none")
    source = collection.create(
        editor,
        "Source",
        {
            "title": "Interview 12",
            "kind": "testimony",
            "witness": witness.id,
            "text": f"My name is {PROTECTED_NAMES[0]}.",
        },
    )
    violation = collection.create(editor, "Violation", {"type": "torture", "victim": witness.id})
    collection.cite(editor, violation.id, source.id, start=11, end=15, quote=PROTECTED_NAMES[0])
    collection.update(editor, witness.id, {"occupation": "miner"}, expected_version=1)


def test_database_rows_hold_no_protected_plaintext(collection: Collection, editor: Actor) -> None:
    _fill(collection, editor)
    with collection.store.read() as conn:
        dump = "\n".join(
            str(row)
            for table in ("records", "revisions", "audit_log", "record_refs", "settings")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    for secret in PROTECTED_NAMES:
        assert secret not in dump
    assert OPEN_NAME in dump  # the check can see plaintext when there is some


def test_sqlite_files_hold_no_protected_plaintext(collection: Collection, editor: Actor, backend: str) -> None:
    _fill(collection, editor)
    if backend != "sqlite":
        return  # PostgreSQL's files are the server's; the row check above covers what Girok writes there
    database = collection.store.engine.url.database
    assert database is not None
    raw = b"".join(Path(path).read_bytes() for path in (database, database + "-wal") if Path(path).exists())
    for secret in PROTECTED_NAMES:
        assert secret.encode("utf-8") not in raw
    assert OPEN_NAME.encode() in raw


def test_export_holds_no_protected_plaintext(collection: Collection, editor: Actor, admin: Actor) -> None:
    _fill(collection, editor)
    handle = io.StringIO()
    exchange.export_to(collection.store, admin, handle)
    exported = handle.getvalue()
    for secret in PROTECTED_NAMES:
        assert secret not in exported
        assert secret.encode("unicode_escape").decode() not in exported
    assert OPEN_NAME in exported
