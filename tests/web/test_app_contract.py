"""What holds for the whole app: the OpenAPI document, the message catalogs, and errors without internals."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from tests.web.conftest import WebClient

from girok.home import Home
from girok.web.app import app_from_environment
from girok.web.i18n import LANGUAGES, catalog

WEB = Path(__file__).parents[2] / "src" / "girok" / "web"


def test_catalogs_have_the_same_keys_in_every_language() -> None:
    english = set(catalog("en"))
    for language in LANGUAGES:
        assert set(catalog(language)) == english, language
    korean = catalog("ko")
    hangul = sum(1 for key in english if re.search("[가-힣]", korean[key]))
    assert hangul / len(english) > 0.8  # a Korean catalog is in Korean, not English copied over


def test_every_message_a_template_or_page_uses_exists() -> None:
    used: set[str] = set()
    for path in [*WEB.joinpath("templates").rglob("*.html"), *WEB.joinpath("pages").rglob("*.py")]:
        # Whole literal keys only: t("search.facet." ~ name) builds its key and is checked by its page's tests.
        used.update(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']\s*[,)]""", path.read_text("utf-8")))
    assert used, "no t('...') calls found: the scan is broken"
    missing = sorted(key for key in used if key not in catalog("en"))
    assert missing == []


def test_openapi_document_describes_the_api(anonymous: WebClient) -> None:
    document = anonymous.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "/api/me" in paths and "/api/tokens" in paths
    assert not [path for path in paths if not path.startswith("/api/")]  # pages are not part of the API
    schemes = document["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} >= {"http", "apiKey"}
    me = paths["/api/me"]["get"]["responses"]
    assert "401" in me


def test_an_unexpected_failure_answers_with_a_reference_only(
    web_app: FastAPI, sign_in: Callable[[str], WebClient], caplog: pytest.LogCaptureFixture
) -> None:
    def boom() -> None:
        raise RuntimeError("secret path /srv/girok/girok.db and SELECT * FROM records")

    web_app.add_api_route("/api/boom", boom)
    web_app.add_api_route("/boom", boom)
    client = sign_in("viewer")
    with WebClient(web_app, base_url="https://testserver", raise_server_exceptions=False) as raw:
        raw.cookies = client.cookies
        api = raw.get("/api/boom")
        page = raw.get("/boom")
    assert api.status_code == 500 and page.status_code == 500
    error = api.json()["error"]
    assert re.fullmatch("[0-9a-f]{12}", error["reference"])
    for body in (api.text, page.text):
        assert "secret path" not in body and "SELECT" not in body and "Traceback" not in body and "girok.db" not in body
    assert error["reference"] in api.text
    assert re.search(r'class="reference">[0-9a-f]{12}<', page.text)
    # ...while the server's log keeps the details under the same reference.
    assert error["reference"] in caplog.text and "secret path" in caplog.text


def test_validation_errors_are_one_line(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("editor")
    response = client.post("/api/tokens", json={"label": ""}, headers={"x-csrf-token": client.csrf})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "\n" not in message and "label" in message


def test_unknown_api_route_and_method(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    assert client.get("/api/no-such-thing").json()["error"]["status"] == 404
    assert client.put("/api/me", headers={"x-csrf-token": client.csrf}).json()["error"]["status"] == 405


def test_a_body_declared_larger_than_the_upload_limit_is_refused_unread(
    web_home: object, sign_in: Callable[[str], WebClient]
) -> None:
    client = sign_in("editor")
    limit = client.app.state.services.config.max_upload_bytes  # type: ignore[attr-defined]
    response = client.post(
        "/api/records",
        content=b"{}",
        headers={"x-csrf-token": client.csrf, "content-type": "application/json", "content-length": str(limit * 2)},
    )
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413
    assert "nosniff" in response.headers["x-content-type-options"]


def test_each_worker_builds_its_app_from_the_environment(web_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `girok serve --workers N` runs in each process: the home handed on in GIROK_HOME / GIROK_DB."""
    monkeypatch.setenv("GIROK_HOME", str(web_home.path))
    monkeypatch.setenv("GIROK_DB", web_home.db_url)
    app = app_from_environment()
    try:
        with WebClient(app, base_url="https://testserver") as client:
            assert client.get("/login").status_code == 200
        assert (web_home.path / "logs").is_dir()
    finally:
        app.state.services.collection.store.close()
