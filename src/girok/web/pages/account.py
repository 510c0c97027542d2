"""Signing in and out, the interface language, one's own settings and API tokens, and (admins) users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from girok.errors import AuthenticationError, GirokError, PermissionDeniedError
from girok.services.actor import LEVELS, ROLES
from girok.web.auth import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    current_principal,
    new_login_csrf,
    optional_user,
)
from girok.web.context import services
from girok.web.i18n import LANGUAGES
from girok.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme): an open redirect would help phishing."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, next_path: str, error: str | None = None, status: int = 200) -> Response:
    token = new_login_csrf()
    response = render(
        request, "login.html", {"next": next_path, "login_csrf": token, "error": error}, status_code=status
    )
    secure = services(request).config.secure_cookies
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, secure=secure, samesite="strict", max_age=3600)
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if current_principal(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or csrf != expected:
        return _login_page(request, _safe_next(next), "form_expired", status=403)
    accounts = services(request).accounts
    try:
        user = accounts.authenticate(username.strip(), password)
    except AuthenticationError as error:
        return _login_page(request, _safe_next(next), str(error), status=401)
    token, _session = accounts.start_session(user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    secure = services(request).config.secure_cookies
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=secure, samesite="strict", max_age=24 * 3600)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, principal: CurrentUser) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        services(request).accounts.end_session(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/language")
async def language(request: Request, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    """Switch the interface language: saved on the account when signed in, else in a cookie."""
    principal = await optional_user(request)
    if lang not in LANGUAGES:
        lang = "en"
    if principal is not None and principal.session is not None:
        services(request).accounts.set_language(principal.actor, lang)
    response = RedirectResponse(_safe_next(next), status_code=303)
    secure = services(request).config.secure_cookies
    response.set_cookie(LANGUAGE_COOKIE, lang, httponly=True, secure=secure, samesite="strict", max_age=365 * 86400)
    return response


@router.get("/settings")
def settings_page(request: Request, principal: CurrentUser) -> Response:
    tokens = services(request).accounts.tokens(principal.actor)
    return render(request, "settings.html", {"tokens": [tok for tok in tokens if tok.user_name == principal.user.name]})


@router.post("/settings/password")
def change_password(
    request: Request,
    principal: CurrentUser,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
) -> Response:
    accounts = services(request).accounts
    try:
        accounts.change_password(principal.actor, current, new)
    except GirokError as error:
        tokens = [tok for tok in accounts.tokens(principal.actor) if tok.user_name == principal.user.name]
        return render(request, "settings.html", {"tokens": tokens, "error": str(error)}, status_code=422)
    token, _session = accounts.start_session(principal.user)
    response = RedirectResponse("/settings?changed=password", status_code=303)
    secure = services(request).config.secure_cookies
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=secure, samesite="strict", max_age=24 * 3600)
    return response


@router.post("/settings/tokens")
def create_token(request: Request, principal: CurrentUser, label: Annotated[str, Form(max_length=128)]) -> Response:
    accounts = services(request).accounts
    token, created = accounts.create_token(principal.actor, label)
    tokens = [tok for tok in accounts.tokens(principal.actor) if tok.user_name == principal.user.name]
    return render(request, "settings.html", {"tokens": tokens, "new_token": token, "new_token_id": created.id})


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(request: Request, principal: CurrentUser, token_id: str) -> Response:
    services(request).accounts.revoke_token(principal.actor, token_id)
    return RedirectResponse("/settings", status_code=303)


@router.get("/users")
def users_page(request: Request, principal: CurrentUser) -> Response:
    users = services(request).accounts.list_users(principal.actor)
    return render(request, "users.html", {"users": users, "roles": ROLES, "levels": LEVELS})


@router.post("/users")
def add_user(
    request: Request,
    principal: CurrentUser,
    name: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
) -> Response:
    accounts = services(request).accounts
    try:
        accounts.add_user(principal.actor, name.strip(), password, role=role, clearance=clearance, language=language)
    except PermissionDeniedError:
        raise
    except GirokError as error:
        users = accounts.list_users(principal.actor)
        context = {"users": users, "roles": ROLES, "levels": LEVELS, "error": str(error)}
        return render(request, "users.html", context, status_code=422)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}")
def update_user(
    request: Request,
    principal: CurrentUser,
    name: str,
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    disabled: Annotated[str, Form()] = "",
) -> Response:
    services(request).accounts.update_user(
        principal.actor, name, role=role, clearance=clearance, disabled=disabled == "on"
    )
    return RedirectResponse("/users", status_code=303)
