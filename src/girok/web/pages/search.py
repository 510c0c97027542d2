"""The search page: a query box, facets with counts (links that add or remove a filter), hits with marks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from girok.schema.vocabulary import label_of
from girok.search import Hit, QueryError
from girok.search.backends import SORTS
from girok.web.api.search import run
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.templating import render, translator, type_label

router = APIRouter(include_in_schema=False)

PAGE = 20
#: The facets the sidebar counts, in its order.
SIDEBAR = ("kind", "type", "facility", "province", "decade", "year", "language", "status")
#: Vocabulary or enum a facet's values are labelled from (None: the value is its own label).
_ENUMS = {"language": "languages", "status": "violation_status"}


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    active: bool
    href: str


@dataclass(frozen=True)
class Shown:
    hit: Hit
    title: str
    href: str
    #: (text, marked) pieces of the snippet; the template escapes each and wraps marked ones in <mark>.
    pieces: list[tuple[str, bool]]


def pieces(snippet: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """The snippet cut at its highlight spans (out-of-range or overlapping spans are clipped, never trusted)."""
    out: list[tuple[str, bool]] = []
    cursor = 0
    for span in sorted(spans):
        start, end = max(cursor, min(span[0], len(snippet))), max(0, min(span[1], len(snippet)))
        if end <= start:
            continue
        if start > cursor:
            out.append((snippet[cursor:start], False))
        out.append((snippet[start:end], True))
        cursor = end
    if cursor < len(snippet):
        out.append((snippet[cursor:], False))
    return out


def _url(params: list[tuple[str, str]]) -> str:
    return "/search?" + urlencode(params) if params else "/search"


def _label(facet: str, value: str, language: str, kinds: dict[str, str], passage: str) -> str:
    if facet == "kind":
        return passage if value == "passage" else type_label(kinds.get(value, value), language)
    if facet in ("year", "decade", "confidentiality"):
        return value
    return label_of(value, language, _ENUMS.get(facet))


@router.get("/search")
def search_page(
    request: Request,
    principal: CurrentUser,
    q: str = "",
    facet: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    sort: str = "relevance",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    t = translator(request)
    chosen = [f for f in (facet or []) if f.strip()]
    kinds_asked = [k for k in (kind or []) if k.strip()]
    base: list[tuple[str, str]] = [("q", q)] if q else []
    base += [("kind", k) for k in kinds_asked]
    if sort != "relevance":
        base.append(("sort", sort))
    context: dict[str, Any] = {"q": q, "sort": sort, "sorts": SORTS, "kinds_asked": kinds_asked, "chosen": chosen}
    context.update(result=None, error=None, facets=[], hits=[], prev_href=None, next_href=None)
    status = 200
    if q.strip() or chosen or kinds_asked:
        try:
            result, _ = run(request, principal.actor, q, chosen, kinds_asked, sort, PAGE, offset, SIDEBAR)
        except QueryError as error:
            context["error"] = str(error).splitlines()[0][:300]
            status = 422
        else:
            schema_kinds = {name.lower(): name for name in services(request).collection.schema.types}
            sidebar = []
            for name, rows in result.facets.items():
                links = []
                for row in rows:
                    token = f"{name}={row['value']}"
                    active = token in chosen
                    toggled = [f for f in chosen if f != token] if active else [*chosen, token]
                    href = _url(base + [("facet", f) for f in toggled])
                    label = _label(name, row["value"], t.language, schema_kinds, t("search.passage"))
                    links.append(FacetLink(row["value"], label, row["count"], active, href))
                if links:
                    sidebar.append((name, links))
            here = base + [("facet", f) for f in chosen]
            shown = []
            for hit in result.hits:
                if hit.kind == "passage":
                    href = f"/sources/{hit.source_id}?" + urlencode({"start": hit.start, "end": hit.end})
                    title = t("search.passage_of", source=hit.source_id or "")
                else:
                    href = f"/records/{hit.record_id}"
                    title = f"{type_label(schema_kinds.get(hit.kind, hit.kind), t.language)} {hit.record_id}"
                shown.append(Shown(hit, title, href, pieces(hit.snippet, hit.highlights)))
            if offset > 0:
                context["prev_href"] = _url([*here, ("offset", str(max(0, offset - PAGE)))])
            if offset + PAGE < result.total:
                context["next_href"] = _url([*here, ("offset", str(offset + PAGE))])
            context.update(result=result, facets=sidebar, hits=shown, first=offset + 1, last=offset + len(shown))
            context["clear_href"] = _url(base)
    return render(request, "search.html", context, status_code=status)
