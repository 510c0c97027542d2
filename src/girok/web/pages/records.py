"""Records: the list with facets, a record's page (fields, citations, relations, status), its history.

Thin over the services: listing.list_records counts and filters in the database, the Collection
decides who may read or change what (a viewer's POST fails there with 403, whatever the page shows).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from girok.errors import GirokError, StatusRuleError
from girok.schema.enums import enum_entry, enum_values
from girok.schema.model import FieldSpec, RecordType
from girok.schema.vocabulary import label_of
from girok.services.actor import Actor
from girok.services.diff import diff_states
from girok.services.listing import FACETS, Filters, display_name, list_records, summary
from girok.services.protection import REDACTED
from girok.services.records import Collection, Record
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.pages.records_forms import form_router
from girok.web.templating import language_of, render

router = APIRouter(include_in_schema=False)
router.include_router(form_router)  # before /records/{record_id}, so /records/new is not read as an id

PAGE_SIZE = 50
#: Long texts shown on a record's page up to this many characters (a source's text has its own page).
TEXT_PREVIEW = 2000


@dataclass(frozen=True)
class Item:
    """One displayed value: text, optionally a link, optionally a CSS class."""

    text: str
    href: str | None = None
    css: str = ""


def display(spec: FieldSpec | None, value: Any, language: str, linked: Mapping[str, Record]) -> list[Item]:
    """A field's value(s) as the reader sees them: labels in their language, references as links."""
    if value == REDACTED:
        return [Item(REDACTED, css="protected")]
    values = value if isinstance(value, list) else [value]
    return [_one(spec, item, language, linked) for item in values if item is not None]


def _one(spec: FieldSpec | None, value: Any, language: str, linked: Mapping[str, Record]) -> Item:
    kind = spec.type if spec else ""
    if value == REDACTED:
        return Item(REDACTED, css="protected")
    if kind == "vocab" and spec is not None:
        return Item(label_of(value, language, spec.vocab))
    if kind == "enum" and spec is not None:
        return Item(label_of(value, language, spec.enum))
    if kind == "ref" and isinstance(value, str):
        name = display_name(linked.get(value))
        return Item(f"{name} ({value})" if name and name != value else value, href=f"/records/{value}")
    if kind == "name" and isinstance(value, Mapping):
        extra = label_of(value["kind"], language, "name_kinds") if value.get("kind") else ""
        return Item(f"{value.get('text', '')}" + (f" ({extra})" if extra else ""))
    if kind == "geo" and isinstance(value, Mapping):
        return Item(f"{value.get('lat')}, {value.get('lon')}")
    if kind == "json" or isinstance(value, Mapping | list):
        return Item(json.dumps(value, ensure_ascii=False, sort_keys=True)[:TEXT_PREVIEW], css="json")
    text = str(value)
    if kind == "longtext":
        return Item(text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "…", css="longtext")
    return Item(text)


def linked_records(collection: Collection, actor: Actor, ids: set[str]) -> dict[str, Record]:
    """The records among ``ids`` this actor may see (deleted ones too: a history names them)."""
    found: dict[str, Record] = {}
    for record_id in sorted(ids)[:200]:
        try:
            found[record_id] = collection.get(actor, record_id, include_deleted=True)
        except GirokError:
            continue
    return found


def refs_of(kind: RecordType, data: Mapping[str, Any]) -> set[str]:
    ids: set[str] = set()
    for spec in kind.ref_fields:
        value = data.get(spec.name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item != REDACTED:
                ids.add(item)
    return ids


# -- the list ----------------------------------------------------------------------------------------


@router.get("/records")
def records_page(
    request: Request,
    principal: CurrentUser,
    type: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[str | None, Query(max_length=8)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    facility: Annotated[str | None, Query(max_length=64)] = None,
    place: Annotated[str | None, Query(max_length=64)] = None,
    province: Annotated[str | None, Query(max_length=8)] = None,
    violation_type: Annotated[str | None, Query(max_length=64)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    collection = services(request).collection
    filters = Filters(type or None, year or None, status or None, facility or None, place or None,
                      province or None, violation_type or None)  # fmt: skip
    listing = list_records(
        collection, principal.actor, filters, limit=PAGE_SIZE, offset=offset, facet_cache=services(request).facet_cache
    )
    language = language_of(request)
    rows = [(record, summary(record, listing.linked, language)) for record in listing.records]
    active = filters.active()

    def link(**change: str | int | None) -> str:
        """This list's address with some filters changed (None removes one; offset restarts)."""
        params: dict[str, Any] = {**active, **change}
        query = {key: value for key, value in params.items() if value not in (None, "", 0)}
        return "/records" + (f"?{urlencode(query)}" if query else "")

    facets = {name: listing.facets.get(name, []) for name in (*FACETS, "decade")}
    writer = principal.user.role in ("admin", "editor")
    return render(
        request,
        "records.html",
        {
            "listing": listing,
            "rows": rows,
            "active": active,
            "facets": facets,
            "link": link,
            "writer": writer,
            "types": [name for name in collection.schema.types if name != "Suggestion"],
        },
    )


# -- one record --------------------------------------------------------------------------------------


def _status_choices(collection: Collection, actor: Actor, record: Record) -> list[str]:
    """The statuses this user may try to move the record to (the service still checks the rules)."""
    kind = collection.schema.get(record.type)
    if not kind.statuses or record.deleted_at:
        return []
    choices = []
    for status in enum_values(kind.statuses):
        if status == record.status:
            continue
        if status == "verified" and actor.role not in ("admin", "reviewer"):
            continue
        if status != "verified" and actor.role not in ("admin", "editor"):
            continue
        choices.append(status)
    return choices


def _relations(collection: Collection, actor: Actor, record_id: str, language: str) -> list[dict[str, Any]]:
    """Relations to and from the record, each read from this record's side."""
    found = []
    for relation in collection.referring(actor, record_id, "Relation"):
        data = relation.data
        if data.get("subject") == record_id:
            other, label_key = data.get("object"), "label"
        else:
            other, label_key = data.get("subject"), "inverse_label"
        try:
            labels: Any = enum_entry("relation_types", str(data.get("type")))[label_key]
            label = str(labels.get(language) or labels["en"])
        except (GirokError, KeyError):
            label = str(data.get("type"))
        found.append({"relation": relation, "other": other, "label": label, "date": data.get("date")})
    return found


def detail_context(collection: Collection, actor: Actor, record: Record, language: str) -> dict[str, Any]:
    """What a record's page shows (also the person page's upper half)."""
    kind = collection.schema.get(record.type)
    citations = collection.citations_of(actor, record.id) if not record.deleted_at else []
    relations = _relations(collection, actor, record.id, language) if not record.deleted_at else []
    wanted = refs_of(kind, record.data) | {str(c.data.get("source")) for c in citations}
    wanted |= {str(r["other"]) for r in relations if r["other"]}
    referring: list[Record] = []
    if record.type in ("Person", "Place", "Organisation", "Event") and not record.deleted_at:
        referring = collection.referring(actor, record.id, "Violation")
    linked = linked_records(collection, actor, wanted)
    fields = [
        (spec, display(spec, record.data[spec.name], language, linked))
        for spec in kind.fields.values()
        if spec.name in record.data
    ]
    return {
        "record": record,
        "kind": kind,
        "fields": fields,
        "citations": citations,
        "relations": relations,
        "referring": [(v, summary(v, linked, language)) for v in referring],
        "linked": linked,
        "name_of": lambda record_id: display_name(linked.get(record_id)) or record_id,
        "statuses": _status_choices(collection, actor, record),
        "writer": actor.role in ("admin", "editor"),
    }


def _record_page(
    request: Request, principal: Any, record_id: str, message: str | None = None, status: int = 200
) -> Response:
    collection = services(request).collection
    record = collection.get(principal.actor, record_id, include_deleted=True)
    context = detail_context(collection, principal.actor, record, language_of(request))
    context["message"] = message
    return render(request, "records_detail.html", context, status_code=status)


@router.get("/records/{record_id}")
def record_page(request: Request, principal: CurrentUser, record_id: str) -> Response:
    return _record_page(request, principal, record_id)


@router.post("/records/{record_id}/status")
def change_status(
    request: Request,
    principal: CurrentUser,
    record_id: str,
    status: Annotated[str, Form(max_length=32)],
    expected_version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    collection = services(request).collection
    try:
        collection.change_status(
            principal.actor, record_id, status, expected_version=expected_version, reason=reason.strip() or None
        )
    except StatusRuleError as error:  # a rule the user can act on: show it on the record's page
        return _record_page(request, principal, record_id, str(error), status=409)
    return RedirectResponse(f"/records/{record_id}", status_code=303)


@router.post("/records/{record_id}/delete")
def delete_record(
    request: Request,
    principal: CurrentUser,
    record_id: str,
    expected_version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    services(request).collection.delete(
        principal.actor, record_id, expected_version=expected_version, reason=reason.strip() or None
    )
    return RedirectResponse(f"/records/{record_id}", status_code=303)


@router.post("/records/{record_id}/restore")
def restore_record(
    request: Request,
    principal: CurrentUser,
    record_id: str,
    expected_version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    services(request).collection.restore(
        principal.actor, record_id, expected_version=expected_version, reason=reason.strip() or None
    )
    return RedirectResponse(f"/records/{record_id}", status_code=303)


@router.get("/records/{record_id}/history")
def history_page(request: Request, principal: CurrentUser, record_id: str) -> Response:
    collection = services(request).collection
    record = collection.get(principal.actor, record_id, include_deleted=True)
    kind = collection.schema.get(record.type)
    language = language_of(request)
    revisions = list(reversed(collection.history(principal.actor, record_id)))  # newest first
    wanted: set[str] = set()
    for revision in revisions:
        for side in ("before", "after"):
            if revision[side]:
                wanted |= refs_of(kind, revision[side]["data"])
    linked = linked_records(collection, principal.actor, wanted)

    def show(name: str, value: Any, meta: bool) -> list[Item]:
        if meta:
            enum = {"status": kind.statuses, "protection": "protection_levels"}.get(name, "confidentiality")
            return [Item(label_of(value, language, enum) if name != "deleted_at" else str(value or "—"))]
        spec = kind.fields.get(name)
        return display(spec, value, language, linked)

    entries = [
        {"revision": revision, "changes": diff_states(revision["before"], revision["after"])} for revision in revisions
    ]
    return render(request, "records_history.html", {"record": record, "entries": entries, "show": show})
