"""What differs between SQLite and PostgreSQL, and nothing else.

SQLite: WAL journal, foreign keys on, a busy timeout, and BEGIN IMMEDIATE for write transactions so
two writers queue instead of failing half-way with "database is locked". PostgreSQL needs no set-up
here: the audit head row lock (SELECT ... FOR UPDATE) serialises appends to the chain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

WRITE_OPTION = "girok_write"
#: Connections kept open: as many as the web server runs requests at once (its 40 worker threads), so a busy
#: server does not close and reopen connections (it did: one new PostgreSQL connection per 3 requests).
#: The pool grows only as far as it is used; a command-line run keeps one.
POOL_SIZE = 40
POOL_OVERFLOW = 10


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Overwrite freed pages with zeros, so a deleted or re-encrypted value leaves no plaintext behind.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A pool of connections, each set up once (pragmas) and used by one thread at a time.
        engine = create_engine(
            url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, connect_args={"check_same_thread": False}
        )
        _setup_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
