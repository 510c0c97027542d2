"""GET /api/search: the searcher's answer as JSON (the shape of `girok search --json`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from girok.search import QueryError, SearchIndex, search
from girok.search.searcher import MAX_LIMIT, SearchResult
from girok.services.actor import Actor
from girok.web.api._common import ERRORS
from girok.web.auth import CurrentUser
from girok.web.context import services

router = APIRouter(prefix="/api", tags=["search"])


class HitOut(BaseModel):
    kind: str = Field(description='"passage" or a record type in lower case ("violation", "person", ...)')
    id: str = Field(description="a passage: SOURCE_ID@START-END; a record: its id")
    source_id: str | None = Field(description="the passage's source, or the source a record is cited to")
    score: float
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end] of each matched word in the snippet")
    record_id: str
    start: int | None
    end: int | None
    page: int | None


class FacetCount(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    total: int
    hits: list[HitOut]
    facets: dict[str, list[FacetCount]]
    notes: list[str]


def facet_options(options: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """``facet=FIELD`` asks for counts; ``facet=FIELD=VALUE`` also filters (values of one field: either)."""
    facets: list[str] = []
    filters: dict[str, list[str]] = {}
    for option in options:
        name, has_value, value = option.partition("=")
        name = name.strip()
        if not name:
            raise QueryError("a facet is FIELD or FIELD=VALUE")
        facets.append(name)
        if has_value:
            if not value.strip():
                raise QueryError(f"facet {name[:40]}=: give a value after '='")
            filters.setdefault(name, []).append(value.strip())
    return list(dict.fromkeys(facets)), filters


def index_of(request: Request) -> SearchIndex:
    index = services(request).collection.search_index
    if index is None:  # only a bulk-loading Collection has none; the app always makes one
        raise QueryError("search is not available on this server")
    return index


def run(
    request: Request,
    actor: Actor,
    q: str,
    facet: list[str],
    kind: list[str],
    sort: str,
    limit: int,
    offset: int,
    counted: tuple[str, ...] = (),
) -> tuple[SearchResult, dict[str, list[str]]]:
    """Search as ``actor``; ``counted`` facets are counted besides those the request names."""
    facets, filters = facet_options(facet)
    result = search(
        index_of(request),
        actor,
        q,
        filters=filters,
        facets=list(dict.fromkeys([*counted, *facets])),
        kinds=kind,
        sort=sort,
        limit=limit,
        offset=offset,
        counts=services(request).search_counts,
    )
    return result, filters


@router.get("/search", response_model=SearchOut, responses=ERRORS)
def search_api(
    request: Request,
    principal: CurrentUser,
    q: str = "",
    facet: Annotated[list[str] | None, Query(description="FIELD to count, or FIELD=VALUE to filter too")] = None,
    kind: Annotated[list[str] | None, Query(description="passage, violation, person, ...")] = None,
    sort: Annotated[str, Query(description="relevance, date or -date")] = "relevance",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Passages of sources and records, in Korean and English, across spellings; only what the user may see."""
    result, _ = run(request, principal.actor, q, facet or [], kind or [], sort, limit, offset)
    return result.to_dict()
