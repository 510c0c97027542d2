"""Who is asking: a signed-in browser (session cookie + CSRF secret) or a script (personal API token).

Handlers never read a user from a global: they take a Principal from ``require_user`` and pass its
actor to the services, which decide what the actor may do. CSRF: every state-changing request made
with the session cookie must echo the session's secret (form field ``csrf`` or header
``X-CSRF-Token``) and, when the browser sends one, come from our own origin. Bearer tokens carry no
ambient authority, so they need neither.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from girok.errors import AuthenticationError, PermissionDeniedError
from girok.services.accounts import Session, User
from girok.services.actor import Actor
from girok.web.context import services

SESSION_COOKIE = "girok_session"
#: Double-submit secret of the sign-in form (there is no session yet to hold one).
LOGIN_CSRF_COOKIE = "girok_login_csrf"
LANGUAGE_COOKIE = "girok_lang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Room for a form's other fields and multipart framing around an upload of the largest allowed size.
_FORM_OVERHEAD = 1024 * 1024


class LoginRequired(Exception):
    """No valid session or token: pages redirect to the sign-in form, the API answers 401."""


@dataclass(frozen=True)
class Principal:
    user: User
    session: Session | None  # None when the request came with an API token

    @property
    def actor(self) -> Actor:
        return self.user.actor

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def current_principal(request: Request) -> Principal | None:
    """The principal of this request (looked up once), or None."""
    if hasattr(request.state, "principal"):
        found: Principal | None = request.state.principal
        return found
    accounts = services(request).accounts
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        user = accounts.token_user(header[7:].strip())
        if user is None:
            raise AuthenticationError("the API token is unknown, revoked or its account disabled")
        principal = Principal(user=user, session=None)
    else:
        token = request.cookies.get(SESSION_COOKIE)
        session = accounts.session(token) if token else None
        if session is not None:
            principal = Principal(user=session.user, session=session)
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    if request.method not in UNSAFE_METHODS or principal.session is None:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise PermissionDeniedError("this request came from another site and was refused")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        # The secret is in the body: refuse a body declared bigger than any upload may be before reading it.
        declared = request.headers.get("content-length", "")
        allowed = services(request).config.max_upload_bytes
        if declared.isdigit() and int(declared) > allowed + _FORM_OVERHEAD:
            raise HTTPException(413, f"the upload is larger than the limit of {allowed // (1024 * 1024)} MB")
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, principal.session.csrf):
        raise PermissionDeniedError("the form has expired or did not come from Girok: reload the page and try again")


# Declared for the OpenAPI document (how to authenticate); the lookup itself is current_principal's.
_bearer = HTTPBearer(auto_error=False, description="a personal API token: Authorization: Bearer grk_...")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="the browser session (needs X-CSRF-Token)")


async def require_user(
    request: Request,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    _session: Annotated[str | None, Security(_cookie)] = None,
) -> Principal:
    """The signed-in principal (CSRF checked for writes); otherwise LoginRequired."""
    principal = current_principal(request)
    if principal is None:
        raise LoginRequired()
    await check_csrf(request, principal)
    return principal


async def optional_user(request: Request) -> Principal | None:
    principal = current_principal(request)
    if principal is not None:
        await check_csrf(request, principal)
    return principal


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


CurrentUser = Annotated[Principal, Depends(require_user)]
