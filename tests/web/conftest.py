"""The web app in-process (Starlette's TestClient over httpx), on SQLite and PostgreSQL.

``web_home``: an initialised home on the test backend. ``web_app``: the app over it (argon2id with a
small cost, so signing in is quick). ``users``: one account per role. ``sign_in(name)``: a client with
that user's session cookie; its ``csrf`` attribute holds the session's CSRF secret for writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from girok.demo.generator import generate
from girok.home import Home
from girok.services.accounts import Accounts
from girok.services.actor import Actor, local_operator
from girok.services.records import Collection
from girok.web.app import create_app
from girok.web.config import WebConfig

PASSWORD = "correct horse battery"
#: role -> (user name, clearance) of the accounts the ``users`` fixture makes.
ACCOUNTS = {
    "admin": ("ada", "restricted"),
    "editor": ("eun", "confidential"),
    "reviewer": ("rhee", "confidential"),
    "viewer": ("vic", "internal"),
}
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


class WebClient(TestClient):
    csrf: str = ""
    user: str = ""


@pytest.fixture
def web_home(tmp_path: Path, db_url: str) -> Home:
    home = Home(path=tmp_path / "home", db_url=db_url)
    store, _ = home.init()
    store.close()
    return home


@pytest.fixture
def web_app(web_home: Home) -> Iterator[FastAPI]:
    app = create_app(WebConfig(home=web_home, hasher=CHEAP_HASHER))
    yield app
    app.state.services.collection.store.close()


@pytest.fixture
def operator() -> Actor:
    return local_operator("local:test")


@pytest.fixture
def web_collection(web_app: FastAPI) -> Collection:
    """The app's own Collection, to arrange records through the services."""
    collection: Collection = web_app.state.services.collection
    return collection


@pytest.fixture
def users(web_app: FastAPI, operator: Actor) -> dict[str, str]:
    """role -> user name; each with PASSWORD."""
    accounts: Accounts = web_app.state.services.accounts
    for role, (name, clearance) in ACCOUNTS.items():
        accounts.add_user(operator, name, PASSWORD, role=role, clearance=clearance)
    return {role: name for role, (name, _) in ACCOUNTS.items()}


@pytest.fixture
def demo(web_collection: Collection, operator: Actor) -> dict[str, int]:
    """A small fictional demo collection in the app's home."""
    return generate(web_collection, operator, size=4, seed=7)


@pytest.fixture
def anonymous(web_app: FastAPI) -> Iterator[WebClient]:
    with WebClient(web_app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


def login_csrf(client: TestClient) -> str:
    """The sign-in form's CSRF secret (it also sets the cookie it must match)."""
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    return token.group(1)


def login(client: WebClient, name: str, password: str = PASSWORD) -> WebClient:
    token = login_csrf(client)
    response = client.post("/login", data={"username": name, "password": password, "csrf": token, "next": "/"})
    assert response.status_code == 303, response.text
    page = client.get("/settings")
    found = _CSRF.search(page.text)
    assert found is not None
    client.csrf = found.group(1)
    client.user = name
    return client


@pytest.fixture
def sign_in(web_app: FastAPI, users: dict[str, str]) -> Iterator[Callable[[str], WebClient]]:
    """sign_in(role) -> a client signed in as that role's user (follow_redirects off)."""
    clients: list[WebClient] = []

    def make(role: str) -> WebClient:
        client = WebClient(web_app, base_url="https://testserver", follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return login(client, users[role])

    yield make
    for client in clients:
        client.__exit__(None, None, None)
