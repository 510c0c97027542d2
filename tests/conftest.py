"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL: GIROK_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test); each test
gets its own schema, dropped afterwards. GIROK_TEST_BACKENDS=sqlite limits a local run to SQLite; CI
never sets it, and an unreachable PostgreSQL fails the run rather than skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from girok.home import Home
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store

# Property tests: no timing deadlines on a loaded 2-core machine; in CI, a fixed derandomised search so
# a run is reproducible (locally, every run explores new examples).
settings.register_profile("girok", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "girok")

PG_URL = os.environ.get("GIROK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = [b.strip() for b in os.environ.get("GIROK_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]
if os.environ.get("CI") and "postgresql" not in BACKENDS:
    raise RuntimeError("CI must run the PostgreSQL tests: unset GIROK_TEST_BACKENDS")


@pytest.fixture(scope="session")
def pg_admin_engine() -> Iterator[Engine]:
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {make_url(PG_URL).render_as_string(hide_password=True)} "
            f"({type(error).__name__}); start it, set GIROK_TEST_PG_URL, or set GIROK_TEST_BACKENDS=sqlite locally"
        )
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A maker of fresh, empty databases on this test's backend (a SQLite file or a PostgreSQL schema)."""
    schemas: list[str] = []
    engine = request.getfixturevalue("pg_admin_engine") if request.param == "postgresql" else None

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        if engine is None:
            return f"sqlite:///{tmp_path / (name + '.db')}"
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        schemas.append(name)
        return make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(False)

    yield make
    for name in schemas:
        with engine.begin() as conn:  # type: ignore[union-attr]
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


@pytest.fixture
def db_url(db_urls: Callable[[], str]) -> str:
    return db_urls()


@pytest.fixture
def backend(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = Store(db_url)
    store.migrate()
    yield store
    store.close()


@pytest.fixture
def keyring() -> Keyring:
    return Keyring.generate()


@pytest.fixture
def collection(store: Store, keyring: Keyring) -> Collection:
    return Collection(store, keyring)


@pytest.fixture
def editor() -> Actor:
    return Actor(name="alice", role="editor", clearance="restricted")


@pytest.fixture
def reviewer() -> Actor:
    return Actor(name="bob", role="reviewer", clearance="restricted")


@pytest.fixture
def admin() -> Actor:
    return Actor(name="root-admin", role="admin", clearance="restricted")


@pytest.fixture
def home(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A data home path (not initialised) whose database is the test backend; set in the environment for the CLI."""
    path = tmp_path / "home"
    monkeypatch.setenv("GIROK_HOME", str(path))
    monkeypatch.setenv("GIROK_DB", db_url)
    monkeypatch.delenv("GIROK_ACTOR", raising=False)
    return Home(path=path, db_url=db_url)
