"""The Sources pages: the list with the upload panel, and a source's text with its suggestions in place.

The text view works without JavaScript (the text, the highlights, and plain forms to accept or reject);
static/sources.js adds the drag-and-drop uploader, keyboard review and editing before accepting.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape

from girok.errors import GirokError, ValidationError
from girok.schema.vocabulary import label_of
from girok.services import source_view
from girok.services.records import Record
from girok.services.suggestions import accept, proposed_record, record_type_for, reject
from girok.web.api.sources import Part, custody_options, receive, store_upload
from girok.web.auth import CurrentUser, Principal
from girok.web.context import services
from girok.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50
WRITERS = ("admin", "editor")


def text_html(view: source_view.SourceView) -> Markup:
    """The source's text, escaped, each segment covered by suggestions in a <mark>, the cited run in a span."""
    out: list[str] = []
    cited_open = False
    empty_cite = view.cited is not None and view.cited[0] == view.cited[1]
    for segment in view.segments:
        if empty_cite and view.cited is not None and segment.start == view.cited[0]:
            out.append('<span id="cited" class="cited"></span>')
            empty_cite = False
        if segment.cited and not cited_open:
            out.append('<span id="cited" class="cited">')
            cited_open = True
        elif not segment.cited and cited_open:
            out.append("</span>")
            cited_open = False
        piece = escape(segment.text)
        if segment.suggestions:
            # Coloured as the narrowest span; a violation's sentence around it is underlined instead.
            classes = f"sg k-{segment.kinds[0]}"
            if "violation" in segment.kinds[1:]:
                classes += " in-violation"
            if len(segment.suggestions) > 1:
                classes += " multi"
            out.append(
                f'<mark class="{classes}" data-s="{escape(" ".join(segment.suggestions))}" '
                f'data-start="{segment.start}" data-end="{segment.end}">{piece}</mark>'
            )
        else:
            out.append(str(piece))
    if cited_open:
        out.append("</span>")
    if empty_cite:
        out.append('<span id="cited" class="cited"></span>')
    return Markup("".join(out))


def describe(suggestion: Record, language: str) -> str:
    """A suggestion's value in a few words (a vocabulary label where there is one)."""
    value = suggestion.data.get("value")
    if suggestion.redacted or not isinstance(value, dict):
        return ""
    kind = suggestion.data.get("kind")
    if kind in ("violation", "facility", "place", "institution"):
        chosen = value.get("type") if kind == "violation" else value.get("id")
        return label_of(chosen, language) if chosen else str(suggestion.data.get("quote") or "")
    if kind == "date":
        return str(value.get("value") or "")
    if kind == "person":
        return str(value.get("name") or "")
    if kind == "figure":
        low, high = value.get("low"), value.get("high")
        amount = f"{low}–{high}" if low is not None and high is not None and low != high else value.get("value")
        return " ".join(str(part) for part in (amount, value.get("unit")) if part not in (None, ""))
    return ""


def review_data(suggestions: list[Record]) -> list[dict[str, Any]]:
    """What the page's script needs to review: ids, versions, and the proposed record to edit."""
    items = []
    for suggestion in suggestions:
        proposed: dict[str, Any] | None = None
        if not suggestion.redacted and suggestion.data.get("decision") == "pending":
            try:
                proposed = proposed_record(suggestion)
            except (GirokError, KeyError):
                proposed = None  # a vocabulary id no longer known: the reviewer may still accept or reject
        items.append(
            {
                "id": suggestion.id,
                "version": suggestion.version,
                "kind": suggestion.data.get("kind"),
                "decision": suggestion.data.get("decision"),
                "record_type": record_type_for(str(suggestion.data.get("kind"))),
                "proposed": proposed,
            }
        )
    return items


def _list_page(
    request: Request, principal: Principal, offset: int, results: list[dict[str, Any]] | None = None
) -> Response:
    collection = services(request).collection
    found = source_view.list_sources(collection, principal.actor, limit=PAGE + 1, offset=offset)
    total = source_view.count_sources(collection, principal.actor)
    return render(
        request,
        "sources.html",
        {
            "found": found[:PAGE],
            "offset": offset,
            "next_offset": offset + PAGE if len(found) > PAGE else None,
            "previous_offset": max(offset - PAGE, 0) if offset > 0 else None,
            "total": total,
            "page_size": PAGE,
            "may_upload": principal.user.role in WRITERS,
            "max_upload": services(request).config.max_upload_bytes,
            "results": results,
        },
    )


@router.get("/sources")
def sources(request: Request, principal: CurrentUser, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    return _list_page(request, principal, offset)


@router.post("/sources")
async def upload_sources(request: Request, principal: CurrentUser) -> Response:
    """The upload form without JavaScript: every chosen file ingested in turn, one result line each."""
    principal.actor.require_writer()
    received = await receive(request, principal, services(request).config.max_upload_bytes)
    options = custody_options(received.fields)
    results: list[dict[str, Any]] = []
    for part in received.files:
        results.append(_one_result(request, principal, part, options))
    if not results:
        raise ValidationError("choose at least one file to upload")
    return _list_page(request, principal, 0, results)


def _one_result(request: Request, principal: Principal, part: Part, options: dict[str, Any]) -> dict[str, Any]:
    try:
        done = store_upload(request, principal, part, options)
    except GirokError as error:
        return {"filename": part.filename, "outcome": "refused", "reason": str(error)}
    except HTTPException as error:  # a part over the size limit (413)
        return {"filename": part.filename, "outcome": "refused", "reason": str(error.detail)}
    outcome = "created" if done.created else ("custody" if done.custody_added else "known")
    return {"filename": part.filename, "outcome": outcome, "id": done.source.id, "suggestions": done.suggestions}


@router.get("/sources/{source_id}")
def source_page(
    request: Request,
    principal: CurrentUser,
    source_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    view = source_view.source_view(services(request).collection, principal.actor, source_id, start=start, end=end)
    language = principal.user.language
    return render(
        request,
        "sources_view.html",
        {
            "view": view,
            "source": view.source,
            "text_html": text_html(view) if view.text is not None else None,
            "described": {s.id: describe(s, language) for s in view.suggestions},
            "review": review_data(view.suggestions),
            "may_review": principal.user.role in WRITERS and not view.redacted,
            "pending": sum(1 for s in view.suggestions if s.data.get("decision") == "pending"),
        },
    )


@router.post("/sources/{source_id}/suggestions/{suggestion_id}/accept")
def accept_form(
    request: Request,
    principal: CurrentUser,
    source_id: str,
    suggestion_id: str,
    expected_version: Annotated[int, Form()],
) -> Response:
    done = accept(services(request).collection, principal.actor, suggestion_id, expected_version=expected_version)
    return RedirectResponse(f"/sources/{done.suggestion.data['source']}#sg-{suggestion_id}", status_code=303)


@router.post("/sources/{source_id}/suggestions/{suggestion_id}/reject")
def reject_form(
    request: Request,
    principal: CurrentUser,
    source_id: str,
    suggestion_id: str,
    expected_version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    decided = reject(
        services(request).collection,
        principal.actor,
        suggestion_id,
        expected_version=expected_version,
        reason=reason,
    )
    return RedirectResponse(f"/sources/{decided.data['source']}#sg-{suggestion_id}", status_code=303)
