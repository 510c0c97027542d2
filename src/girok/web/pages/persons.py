"""Persons: the list (names, or [protected]) and a person's page with their family drawn by generation.

The family graph is built and laid out in services.family and drawn here as server-rendered SVG (no
script needed; styled by classes in persons.css, since the CSP forbids inline styles).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from girok.errors import ValidationError
from girok.services.family import NODE_HEIGHT, NODE_WIDTH, family_graph
from girok.services.listing import Filters, display_name, list_records
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.pages.records import detail_context
from girok.web.templating import language_of, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


@router.get("/persons")
def persons_page(request: Request, principal: CurrentUser, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    collection = services(request).collection
    listing = list_records(collection, principal.actor, Filters(type="Person"), limit=PAGE_SIZE, offset=offset,
                           facets=False)  # fmt: skip
    rows = [(person, display_name(person)) for person in listing.records]
    writer = principal.user.role in ("admin", "editor")
    return render(request, "persons.html", {"listing": listing, "rows": rows, "writer": writer})


@router.get("/persons/{person_id}")
def person_page(request: Request, principal: CurrentUser, person_id: str) -> Response:
    collection = services(request).collection
    person = collection.get(principal.actor, person_id)
    if person.type != "Person":
        raise ValidationError(f"{person_id} is a {person.type}, not a Person")
    context = detail_context(collection, principal.actor, person, language_of(request))
    graph = family_graph(collection, principal.actor, person_id)
    context.update(
        graph=graph,
        name=display_name(person),
        node_width=NODE_WIDTH,
        node_height=NODE_HEIGHT,
        generations=sorted({node.generation for node in graph.nodes}),
    )
    return render(request, "persons_detail.html", context)
