"""Sign-in, sessions, CSRF, language, headers and errors of the web app."""

from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import PASSWORD, WebClient, login, login_csrf


def test_pages_need_sign_in(anonymous: WebClient) -> None:
    response = anonymous.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"
    api = anonymous.get("/api/me")
    assert api.status_code == 401
    assert set(api.json()["error"]) == {"status", "message", "reference"}


def test_sign_in_sets_a_hardened_cookie_and_shows_the_dashboard(anonymous: WebClient, users: dict[str, str]) -> None:
    token = login_csrf(anonymous)
    response = anonymous.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": token})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "secure", "samesite=strict"):
        assert attribute in cookie
    page = anonymous.get("/")
    assert page.status_code == 200
    assert "The collection at a glance" in page.text


def test_wrong_password_and_unknown_user_get_the_same_message(anonymous: WebClient, users: dict[str, str]) -> None:
    texts = []
    for name in ("ada", "nobody"):
        token = login_csrf(anonymous)
        response = anonymous.post("/login", data={"username": name, "password": "wrong password!", "csrf": token})
        assert response.status_code == 401
        texts.append("wrong user name or password" in response.text)
    assert texts == [True, True]


def test_lockout_after_five_failures(anonymous: WebClient, users: dict[str, str]) -> None:
    for _ in range(5):
        token = login_csrf(anonymous)
        anonymous.post("/login", data={"username": "eun", "password": "not it at all", "csrf": token})
    token = login_csrf(anonymous)
    response = anonymous.post("/login", data={"username": "eun", "password": PASSWORD, "csrf": token})
    assert response.status_code == 401
    assert "locked" in response.text


def test_login_form_needs_its_csrf_cookie(anonymous: WebClient, users: dict[str, str]) -> None:
    response = anonymous.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403
    assert anonymous.get("/").status_code == 303


def test_writes_need_the_csrf_secret(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("admin")
    refused = client.post("/settings/tokens", data={"label": "script"})
    assert refused.status_code == 403
    assert "reference" in refused.text.lower() or "참조" in refused.text
    other_site = client.post(
        "/settings/tokens", data={"label": "x", "csrf": client.csrf}, headers={"origin": "https://evil.example"}
    )
    assert other_site.status_code == 403
    accepted = client.post("/settings/tokens", data={"label": "script", "csrf": client.csrf})
    assert accepted.status_code == 200
    assert "grk_" in accepted.text


def test_api_token_works_once_made_and_not_after_revoking(
    sign_in: Callable[[str], WebClient], anonymous: WebClient
) -> None:
    client = sign_in("editor")
    page = client.post("/settings/tokens", data={"label": "script", "csrf": client.csrf})
    token = page.text.split('id="new-token">')[1].split("<")[0]
    me = anonymous.get("/api/me", headers={"authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["name"] == "eun"
    token_id = token.split("_")[1]
    client.post(f"/settings/tokens/{token_id}/revoke", data={"csrf": client.csrf})
    assert anonymous.get("/api/me", headers={"authorization": f"Bearer {token}"}).status_code == 401


def test_language_switch_is_saved_on_the_account(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    client.post("/language", data={"lang": "ko", "next": "/", "csrf": client.csrf})
    page = client.get("/")
    assert '<html lang="ko">' in page.text
    assert "기록 현황" in page.text


def test_security_headers_on_pages_api_and_errors(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    for path in ("/", "/api/me", "/no-such-page", "/static/girok.css"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "server" not in response.headers


def test_logout_ends_the_session(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    assert client.post("/logout", data={"csrf": client.csrf}).status_code == 303
    assert client.get("/").status_code == 303


def test_open_redirect_is_refused(anonymous: WebClient, users: dict[str, str]) -> None:
    client = login(anonymous, "ada")
    token = client.get("/login?next=//evil.example").headers.get("location")
    assert token == "/"
