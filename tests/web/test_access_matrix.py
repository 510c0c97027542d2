"""The access matrix: each role x each action, allowed or denied, through the real routes (pages and API).

The services decide; this checks that every route carries the decision to the client: a denied write
answers 403 and changes nothing, a record above the reader's clearance is 404 (as if it did not exist).
Each role gets a fresh collection, so one role's writes never decide another's outcome.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from tests.web.conftest import PASSWORD, WebClient

from girok.services import suggestions as suggestion_service
from girok.services.actor import Actor
from girok.services.ingest import ingest_bytes
from girok.services.records import Collection

ROLES = ("admin", "editor", "reviewer", "viewer")
EVERYONE = frozenset(ROLES)
WRITERS = frozenset({"admin", "editor"})
REVIEWERS = frozenset({"admin", "reviewer"})
ADMINS = frozenset({"admin"})
CLEARED = frozenset({"admin", "editor", "reviewer"})  # confidential clearance or higher (the viewer: internal)

TESTIMONY = (
    "In March 1997 I was sent to Yodok, Camp 15, where the guards beat me every day.\n\n"
    "My father Kim Chol-su was taken by the bowibu in 1998.\n"
)


Call = Callable[[WebClient, dict[str, Any]], httpx.Response]


@dataclass(frozen=True)
class Action:
    name: str
    allowed: frozenset[str]
    call: Call
    #: What a denied role gets: 403 for a refused action, 404 for a record it may not know exists.
    denied_status: int = 403

    @property
    def route(self) -> tuple[str, str]:
        method, path = getattr(self.call, "route", ("?", "?"))
        return method, path


def _routed(method: str, path: str, call: Call) -> Call:
    """Label a call with the route template it exercises (for the every-route check)."""
    call.route = (method, path)  # type: ignore[attr-defined]
    return call


def _api(method: str, path: str, **kwargs: Any) -> Call:
    def call(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
        body = kwargs.get("json")
        return client.request(
            method,
            path.format(**ids),
            json=body(ids) if callable(body) else body,
            params=kwargs.get("params"),
            headers={"x-csrf-token": client.csrf},
        )

    return _routed(method, path, call)


def _form(path: str, data: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Call:
    def call(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
        return client.post(path.format(**ids), data={"csrf": client.csrf, **(data(ids) if data else {})})

    return _routed("POST", path, call)


def _note(client: WebClient, via: str) -> dict[str, Any]:
    text = f"A new note by {client.user} ({via}): beaten at Yodok.".encode()
    return {"file": (f"note-{client.user}-{via}.txt", text, "text/plain")}


def _upload_api(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
    return client.post("/api/sources", files=_note(client, "api"), headers={"x-csrf-token": client.csrf})


def _upload_form(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
    return client.post("/sources", files=_note(client, "form"), data={"csrf": client.csrf})


def _revoke_form(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
    made = client.post("/api/tokens", json={"label": "to revoke"}, headers={"x-csrf-token": client.csrf}).json()
    return client.post(f"/settings/tokens/{made['id']}/revoke", data={"csrf": client.csrf})


def _revoke_api(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
    made = client.post("/api/tokens", json={"label": "to revoke"}, headers={"x-csrf-token": client.csrf}).json()
    return client.delete(f"/api/tokens/{made['id']}", headers={"x-csrf-token": client.csrf})


def _change_password(client: WebClient, ids: dict[str, Any]) -> httpx.Response:
    data = {"csrf": client.csrf, "current": PASSWORD, "new": "another long passphrase"}
    response = client.post("/settings/password", data=data)
    if response.status_code == 303:  # the new session (the old one ended): read its CSRF secret
        found = re.search(r'<meta name="csrf-token" content="([^"]*)"', client.get("/settings").text)
        client.csrf = found.group(1) if found else ""
    return response


ACTIONS = [
    # Reading: every role, within its clearance.
    Action("dashboard", EVERYONE, _api("GET", "/")),
    Action("records list", EVERYONE, _api("GET", "/records", params={"type": "Violation"})),
    Action("record page", EVERYONE, _api("GET", "/records/{read}")),
    Action("record history", EVERYONE, _api("GET", "/records/{read}/history")),
    Action("persons", EVERYONE, _api("GET", "/persons")),
    Action("person page", EVERYONE, _api("GET", "/persons/{person}")),
    Action("sources", EVERYONE, _api("GET", "/sources")),
    Action("source page", EVERYONE, _api("GET", "/sources/{source}")),
    Action("map", EVERYONE, _api("GET", "/map")),
    Action("search page", EVERYONE, _api("GET", "/search", params={"q": "torture"})),
    Action("settings", EVERYONE, _api("GET", "/settings")),
    Action("api records", EVERYONE, _api("GET", "/api/records", params={"type": "Violation"})),
    Action("api record", EVERYONE, _api("GET", "/api/records/{read}")),
    Action("api citations", EVERYONE, _api("GET", "/api/records/{read}/citations")),
    Action("api search", EVERYONE, _api("GET", "/api/search", params={"q": "torture"})),
    Action("api map", EVERYONE, _api("GET", "/api/map/places")),
    Action("api vocab", EVERYONE, _api("GET", "/api/vocab/find", params={"q": "Yodok"})),
    Action("api family", EVERYONE, _api("GET", "/api/persons/{person}/family")),
    Action("api sources", EVERYONE, _api("GET", "/api/sources")),
    Action("api suggestions", EVERYONE, _api("GET", "/api/sources/{source}/suggestions")),
    Action("api token", EVERYONE, _api("POST", "/api/tokens", json={"label": "script"})),
    Action("api tokens", EVERYONE, _api("GET", "/api/tokens")),
    Action("api revoke token", EVERYONE, _routed("DELETE", "/api/tokens/{token_id}", _revoke_api)),
    Action("form token", EVERYONE, _form("/settings/tokens", lambda ids: {"label": "form script"})),
    Action("form revoke token", EVERYONE, _routed("POST", "/settings/tokens/{token_id}/revoke", _revoke_form)),
    Action("api me", EVERYONE, _api("GET", "/api/me")),
    Action("api history", EVERYONE, _api("GET", "/api/records/{read}/history")),
    Action("api source", EVERYONE, _api("GET", "/api/sources/{source}")),
    # A protected source's text: readers cleared for identities only.
    Action("api source text", CLEARED, _api("GET", "/api/sources/{source}/text")),
    # Confidential records: only readers cleared for them; to others they do not exist.
    Action("confidential page", CLEARED, _api("GET", "/records/{secret}"), denied_status=404),
    Action("confidential api", CLEARED, _api("GET", "/api/records/{secret}"), denied_status=404),
    # Writing: editors and administrators.
    Action("form create", WRITERS, _form("/records/new", lambda ids: {"type": "Event", "f.title": "A hearing"})),
    Action(
        "form edit",
        WRITERS,
        _form("/records/{edit}/edit", lambda ids: {"type": "Event", "f.title": "Renamed", "expected_version": "1"}),
    ),
    Action("form delete", WRITERS, _form("/records/{delete_form}/delete", lambda ids: {"expected_version": "1"})),
    Action("api create", WRITERS, _api("POST", "/api/records", json={"type": "Event", "data": {"title": "Trial"}})),
    Action(
        "api update",
        WRITERS,
        _api("PATCH", "/api/records/{patch}", json={"data": {"title": "Changed"}, "expected_version": 1}),
    ),
    Action("api delete", WRITERS, _api("DELETE", "/api/records/{delete_api}", params={"expected_version": 1})),
    Action("api status", WRITERS, _api("POST", "/api/records/{status}/status", json={"status": "disputed"})),
    Action(
        "api relation",
        WRITERS,
        _api(
            "POST",
            "/api/relations",
            json=lambda ids: {"subject": ids["person"], "type": "parent-of", "object": ids["child"]},
        ),
    ),
    Action(
        "api citation",
        WRITERS,
        _api(
            "POST",
            "/api/citations",
            json=lambda ids: {"record": ids["read"], "source": ids["source"], "start": 0, "end": 10},
        ),
    ),
    Action("api upload", WRITERS, _routed("POST", "/api/sources", _upload_api)),
    Action("form upload", WRITERS, _routed("POST", "/sources", _upload_form)),
    Action("new record form", WRITERS, _api("GET", "/records/new", params={"type": "Event"})),
    Action("edit form", WRITERS, _api("GET", "/records/{edit}/edit")),
    Action(
        "form status",
        WRITERS,
        _form("/records/{status_form}/status", lambda ids: {"status": "disputed", "expected_version": "1"}),
    ),
    Action("form restore", WRITERS, _form("/records/{restore_form}/restore", lambda ids: {"expected_version": "2"})),
    Action("api restore", WRITERS, _api("POST", "/api/records/{restore_api}/restore", json={})),
    Action(
        "form accept",
        WRITERS,
        _form(
            "/sources/{source}/suggestions/{accept_form}/accept",
            lambda ids: {"expected_version": ids["accept_form_version"]},
        ),
    ),
    Action(
        "form reject",
        WRITERS,
        _form(
            "/sources/{source}/suggestions/{reject_form}/reject",
            lambda ids: {"reason": "not said", "expected_version": ids["reject_form_version"]},
        ),
    ),
    Action(
        "accept suggestion",
        WRITERS,
        _api("POST", "/api/suggestions/{accept}/accept", json=lambda ids: {"expected_version": ids["accept_version"]}),
    ),
    Action(
        "reject suggestion",
        WRITERS,
        _api(
            "POST",
            "/api/suggestions/{reject}/reject",
            json=lambda ids: {"reason": "not said", "expected_version": ids["reject_version"]},
        ),
    ),
    # Reviewing: verifying someone else's violation; reading the audit log.
    Action("api verify", REVIEWERS, _api("POST", "/api/records/{verify}/status", json={"status": "verified"})),
    Action("audit page", REVIEWERS, _api("GET", "/audit")),
    Action("api audit", REVIEWERS, _api("GET", "/api/audit")),
    # Administering accounts.
    Action("users page", ADMINS, _api("GET", "/users")),
    Action(
        "add user",
        ADMINS,
        _form(
            "/users",
            lambda ids: {"name": "newcomer", "password": "long enough pw", "role": "viewer", "clearance": "internal"},
        ),
    ),
    Action("change user", ADMINS, _form("/users/{viewer_name}", lambda ids: {"role": "viewer", "clearance": "public"})),
    # Last: it ends the session and starts a new one.
    Action("change password", EVERYONE, _routed("POST", "/settings/password", _change_password)),
]
#: Routes of signing in and out and of the language choice: for everyone, tested in test_foundation.py.
OUTSIDE_THE_MATRIX = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("POST", "/language")}


def _arrange(collection: Collection, files: Any, operator: Actor) -> dict[str, Any]:
    def violation(**options: Any) -> str:
        return collection.create(operator, "Violation", {"type": "torture", "date": "1997"}, **options).id

    def event() -> str:
        return collection.create(operator, "Event", {"title": "An arrest"}).id

    source = ingest_bytes(collection, files, operator, TESTIMONY.encode(), filename="t.txt").source.id
    suggestion_service.suggest(collection, operator, source)
    pending = suggestion_service.list_suggestions(collection, operator, source_id=source, decision="pending")
    verify = violation()
    collection.cite(operator, verify, source, start=0, end=20)
    deleted = {}
    for key in ("restore_form", "restore_api"):
        made = event()
        collection.delete(operator, made, expected_version=1)
        deleted[key] = made
    ids: dict[str, Any] = {
        "read": violation(),
        "secret": violation(confidentiality="confidential"),
        "edit": event(),
        "patch": event(),
        "delete_form": event(),
        "delete_api": event(),
        "status": violation(),
        "verify": verify,
        "person": collection.create(operator, "Person", {"names": ["Kim Chol-su"]}, protection="none").id,
        "child": collection.create(operator, "Person", {"names": ["Kim Yong-ho"]}, protection="none").id,
        "source": source,
        "accept": pending[0].id,
        "accept_version": pending[0].version,
        "reject": pending[1].id,
        "reject_version": pending[1].version,
        "accept_form": pending[2].id,
        "accept_form_version": pending[2].version,
        "reject_form": pending[3].id,
        "reject_form_version": pending[3].version,
        "status_form": violation(),
        "viewer_name": "vic",
        **deleted,
    }
    return ids


def _message(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/json"):
        return response.text[:200]
    found = re.search(r'class="error"[^>]*>([^<]*)<', response.text)
    return found.group(1) if found else response.text[:200]


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role: str, web_app: FastAPI, operator: Actor, sign_in: Callable[[str], WebClient]) -> None:
    services = web_app.state.services
    ids = _arrange(services.collection, services.files, operator)
    client = sign_in(role)
    wrong = []
    for action in ACTIONS:
        response = action.call(client, ids)
        status = response.status_code
        allowed = action.allowed.__contains__(role)
        if allowed and not (200 <= status < 400):
            wrong.append(f"{action.name}: {role} should be allowed, got {status} {_message(response)}")
        elif not allowed and status != action.denied_status:
            wrong.append(f"{action.name}: {role} should get {action.denied_status}, got {status}")
    assert wrong == []


def test_denied_writes_change_nothing(web_app: FastAPI, operator: Actor, sign_in: Callable[[str], WebClient]) -> None:
    services = web_app.state.services
    ids = _arrange(services.collection, services.files, operator)
    collection: Collection = services.collection
    before = {key: collection.get(operator, ids[key]).version for key in ("edit", "patch", "status", "verify")}
    viewer = sign_in("viewer")
    for action in ACTIONS:
        if "viewer" not in action.allowed and action.denied_status == 403:
            action.call(viewer, ids)
    after = {key: collection.get(operator, ids[key]).version for key in before}
    assert after == before
    assert collection.get(operator, ids["delete_api"]).deleted_at is None
    assert len(services.accounts.list_users(operator)) == 4


def _routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in routes:
        if hasattr(route, "original_router"):  # a router included in the app (FastAPI keeps it nested)
            context = getattr(route, "include_context", None)
            yield from _routes(route.original_router.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif isinstance(route, APIRoute):
            for method in route.methods:
                yield method, prefix + route.path


def test_every_route_is_in_the_matrix(web_app: FastAPI) -> None:
    def template(path: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{}", path)

    covered = {(method, template(path)) for method, path in (action.route for action in ACTIONS)}
    covered |= {(method, template(path)) for method, path in OUTSIDE_THE_MATRIX}
    routes = {(method, template(path)) for method, path in _routes(web_app.routes)}
    assert len(routes) > 50
    assert sorted(routes - covered) == []
