"""The dashboard: counts by type and year, the review queue, recent activity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from girok.schema.vocabulary import load_vocabularies
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, principal: CurrentUser) -> Response:
    collection = services(request).collection
    summary = services(request).dashboard.overview(principal.actor)
    peak = max((n for _, n in summary.violations_by_year), default=0)
    return render(
        request,
        "dashboard.html",
        {
            "overview": summary,
            "schema": collection.schema,
            "vocab": load_vocabularies(),
            "peak": peak,
        },
    )
