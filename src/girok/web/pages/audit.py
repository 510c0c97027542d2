"""The audit log page (reviewers and administrators): the newest entries, by record, and the chain's state."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from girok.services import audit
from girok.web.api._common import MAX_LIMIT
from girok.web.api.audit import RECORD_ID_MAX, entry_out
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.templating import render

router = APIRouter(include_in_schema=False)

STEP = 50


@router.get("/audit")
def audit_page(
    request: Request,
    principal: CurrentUser,
    record: Annotated[str | None, Query(max_length=RECORD_ID_MAX)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = STEP,
    verify: bool = False,
) -> Response:
    store = services(request).collection.store
    record = (record or "").strip() or None
    # One more than shown tells whether there are older entries to offer.
    rows = audit.recent(store, principal.actor, record, limit + 1)
    # Verifying re-hashes the whole chain and every record (seconds on a large collection): on request only.
    report = audit.verify(store, principal.actor) if verify else None
    more = None
    if len(rows) > limit and limit < MAX_LIMIT:
        params = {"limit": min(MAX_LIMIT, limit + STEP), **({"record": record} if record else {})}
        more = "/audit?" + urlencode(params)
    return render(
        request,
        "audit.html",
        {"entries": [entry_out(row) for row in rows[:limit]], "record": record, "report": report, "more": more},
    )
