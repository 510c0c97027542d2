"""Server-rendered pages: one Jinja2 environment (autoescaped), every page given the same context.

Pages carry no inline script or style (the Content-Security-Policy forbids them): behaviour lives in
static/*.js, data for it in data- attributes or a <script type="application/json"> block.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from girok import __version__
from girok.errors import GirokError
from girok.schema.model import load_schema
from girok.schema.vocabulary import label_of
from girok.web.auth import LANGUAGE_COOKIE, current_principal
from girok.web.i18n import LANGUAGES, Translator, negotiate

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))


def _json_script(value: Any) -> Markup:
    """JSON safe inside <script type="application/json"> (no "</script>" can close it early)."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


templates.env.filters["json_script"] = _json_script
templates.env.globals["version"] = __version__


def type_label(name: str, language: str) -> str:
    try:
        return load_schema().get(name).label.get(language) or name
    except GirokError:
        return name


def language_of(request: Request) -> str:
    """The reader's language: their account's, else the cookie set on the sign-in page, else the browser's."""
    try:
        principal = current_principal(request)
    except Exception:  # a bad token on a page render: fall back to the anonymous choice
        principal = None
    if principal is not None:
        return principal.user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return negotiate(request.headers.get("accept-language"))


def translator(request: Request) -> Translator:
    return Translator(language_of(request))


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    t = translator(request)
    try:
        principal = current_principal(request)
    except Exception:
        principal = None
    page: dict[str, Any] = {
        "t": t,
        "lang": t.language,
        "principal": principal,
        "user": principal.user if principal else None,
        "csrf": principal.csrf if principal else "",
        "path": request.url.path,
    }
    page["vl"] = lambda value, vocabulary=None: label_of(value, t.language, vocabulary)
    page["type_label"] = lambda name: type_label(name, t.language)
    page.update(context or {})
    response: HTMLResponse = templates.TemplateResponse(request, name, page, status_code=status_code)
    return response
