"""Errors as a user sees them: a friendly page or a JSON object, each with a reference id.

The message of a GirokError is written for users (one line, no internals). Anything else is logged
server-side with its traceback under the reference id, and the client gets only the reference.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from girok import errors as e
from girok.web.auth import LoginRequired, is_api

log = logging.getLogger("girok.web")

STATUS: dict[type[e.GirokError], int] = {
    e.ValidationError: 422,
    e.NotFoundError: 404,
    e.ConflictError: 409,
    e.PermissionDeniedError: 403,
    e.StatusRuleError: 409,
    e.AuthenticationError: 401,
    e.ImportFileError: 422,
}
_HTTP_MESSAGES = {
    400: "the request was malformed",
    401: "sign in first",
    403: "you may not do this",
    404: "there is no such page",
    405: "this address does not accept that method",
    413: "the upload is too large",
    415: "this kind of content is not accepted here",
    422: "the request was not valid",
    429: "too many requests: wait a moment",
}


def reference() -> str:
    return secrets.token_hex(6)


def error_response(request: Request, status: int, message: str, ref: str) -> Response:
    if is_api(request) or "application/json" in request.headers.get("accept", ""):
        body: dict[str, Any] = {"error": {"status": status, "message": message, "reference": ref}}
        return JSONResponse(body, status_code=status)
    from girok.web.templating import render  # templating imports auth; keep this module import-light

    try:
        return render(request, "error.html", {"status": status, "message": message, "reference": ref}, status)
    except Exception:
        log.exception("error page failed [%s]", ref)
        return Response(f"Error {status} (reference {ref})", status_code=status, media_type="text/plain")


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _error: LoginRequired) -> Response:
        if is_api(request):
            return error_response(request, 401, "sign in first: send a session cookie or an API token", reference())
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    @app.exception_handler(e.GirokError)
    async def _girok(request: Request, error: e.GirokError) -> Response:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
        if isinstance(error, (e.KeyringError, e.HomeError)):
            ref = reference()
            log.error("server configuration problem [%s]: %s", ref, error)
            return error_response(request, 500, "the server is not set up correctly: tell its administrator", ref)
        return error_response(request, status, str(error), reference())

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = error.errors()
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path"))
        text = str(first.get("msg", "invalid value")).splitlines()[0][:200]
        message = f"{where}: {text}" if where else text
        return error_response(request, 422, message, reference())

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(error.status_code, "the request could not be served")
        if isinstance(error.detail, str) and error.detail and error.status_code not in (404, 405):
            message = error.detail.splitlines()[0][:200]
        response = error_response(request, error.status_code, message, reference())
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        ref = reference()
        log.error("unexpected error [%s] on %s %s", ref, request.method, request.url.path, exc_info=error)
        return error_response(request, 500, "something went wrong on the server; nothing was changed", ref)
