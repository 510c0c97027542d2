"""The map: North Korea's provinces drawn offline (Leaflet, no tiles), the sites of violations on it, a table."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from girok.web.api.map import site_map, type_label
from girok.web.auth import CurrentUser
from girok.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/map")
def map_page(request: Request, principal: CurrentUser) -> Response:
    found, t = site_map(request, principal)
    rows = [(site, type_label(site, t)) for site in found.sites]
    return render(request, "map.html", {"found": found, "rows": rows})
