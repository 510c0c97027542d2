"""Records over JSON: list, create, read, edit, delete/restore, history, status, relations and citations.

Thin over services.records.Collection: roles, clearance and redaction are decided there. Writes carry the
version the client read (expected_version); a stale one is a 409 with a one-line message.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, StringConstraints

from girok.services.family import family_graph
from girok.services.listing import Filters, list_records
from girok.web.api._common import ERRORS, MAX_LIMIT, Page, RecordOut, record_out
from girok.web.auth import CurrentUser
from girok.web.context import services

router = APIRouter(prefix="/api", tags=["records"], responses=ERRORS)

Reason = Annotated[str, StringConstraints(max_length=2000)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class RecordIn(BaseModel):
    type: Annotated[str, StringConstraints(min_length=1, max_length=32)] = Field(examples=["Violation"])
    data: dict[str, Any] = Field(examples=[{"type": "torture", "facility": "kwalliso-15", "date": "1997"}])
    protection: str | None = Field(default=None, description="none, protected or high (default: protected)")
    confidentiality: str | None = Field(default=None, description="public, internal (default), confidential...")
    status: str | None = None


class RecordPatch(BaseModel):
    data: dict[str, Any] = Field(description="field -> new value; null or [] clears the field")
    expected_version: int = Field(description="the version the change was made to")
    reason: Reason | None = None
    protection: str | None = None
    confidentiality: str | None = None


class StatusIn(BaseModel):
    status: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    expected_version: int | None = Field(default=None, description="defaults to the current version")
    reason: Reason | None = None


class RestoreIn(BaseModel):
    expected_version: int | None = Field(default=None, description="defaults to the current version")
    reason: Reason | None = None


class RelationIn(BaseModel):
    subject: Id
    type: Annotated[str, StringConstraints(min_length=1, max_length=32)] = Field(examples=["parent-of"])
    object: Id
    date: str | None = None
    notes: Annotated[str, StringConstraints(max_length=20000)] | None = None
    confidentiality: str | None = None


class CitationIn(BaseModel):
    record: Id
    source: Id
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    page: int | None = Field(default=None, ge=0)
    quote: Annotated[str, StringConstraints(max_length=100000)] | None = None
    field: Annotated[str, StringConstraints(max_length=64)] | None = None


class RevisionOut(BaseModel):
    version: int
    action: str
    actor: str
    at: str
    reason: str | None
    before: dict[str, Any] | None = Field(description="the stored state before (data unsealed as far as cleared)")
    after: dict[str, Any] | None


@router.get("/records", response_model=Page[RecordOut])
def records(
    request: Request,
    principal: CurrentUser,
    type: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[str | None, Query(max_length=8)] = None,
    facility: Annotated[str | None, Query(max_length=64)] = None,
    place: Annotated[str | None, Query(max_length=64)] = None,
    province: Annotated[str | None, Query(max_length=8)] = None,
    violation_type: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[RecordOut]:
    filters = Filters(type, year, status, facility, place, province, violation_type)
    listing = list_records(
        services(request).collection,
        principal.actor,
        filters,
        limit=limit,
        offset=offset,
        facets=False,
        summaries=False,
    )
    items = [record_out(record) for record in listing.records]
    return Page[RecordOut](
        items=items, limit=limit, offset=offset, next_offset=listing.next_offset, total=listing.total
    )


@router.post("/records", response_model=RecordOut, status_code=201)
def create(request: Request, principal: CurrentUser, body: RecordIn) -> RecordOut:
    options: dict[str, Any] = {"protection": body.protection, "status": body.status}
    if body.confidentiality:
        options["confidentiality"] = body.confidentiality
    return record_out(services(request).collection.create(principal.actor, body.type, body.data, **options))


@router.get("/records/{record_id}", response_model=RecordOut)
def read(request: Request, principal: CurrentUser, record_id: str) -> RecordOut:
    return record_out(services(request).collection.get(principal.actor, record_id))


@router.patch("/records/{record_id}", response_model=RecordOut)
def edit(request: Request, principal: CurrentUser, record_id: str, body: RecordPatch) -> RecordOut:
    record = services(request).collection.update(
        principal.actor,
        record_id,
        body.data,
        expected_version=body.expected_version,
        protection=body.protection,
        confidentiality=body.confidentiality,
        reason=body.reason,
    )
    return record_out(record)


@router.delete("/records/{record_id}", response_model=RecordOut)
def delete(
    request: Request,
    principal: CurrentUser,
    record_id: str,
    expected_version: int,
    reason: Annotated[str | None, Query(max_length=2000)] = None,
) -> RecordOut:
    collection = services(request).collection
    return record_out(collection.delete(principal.actor, record_id, expected_version=expected_version, reason=reason))


@router.post("/records/{record_id}/restore", response_model=RecordOut)
def restore(request: Request, principal: CurrentUser, record_id: str, body: RestoreIn | None = None) -> RecordOut:
    collection = services(request).collection
    body = body or RestoreIn()
    version = body.expected_version
    if version is None:
        version = collection.get(principal.actor, record_id, include_deleted=True).version
    return record_out(collection.restore(principal.actor, record_id, expected_version=version, reason=body.reason))


@router.post("/records/{record_id}/status", response_model=RecordOut)
def status(request: Request, principal: CurrentUser, record_id: str, body: StatusIn) -> RecordOut:
    collection = services(request).collection
    version = body.expected_version
    if version is None:
        version = collection.get(principal.actor, record_id).version
    changed = collection.change_status(
        principal.actor, record_id, body.status, expected_version=version, reason=body.reason
    )
    return record_out(changed)


@router.get("/records/{record_id}/history", response_model=list[RevisionOut])
def history(request: Request, principal: CurrentUser, record_id: str) -> list[RevisionOut]:
    revisions = services(request).collection.history(principal.actor, record_id)
    return [
        RevisionOut.model_validate({key: revision.get(key) for key in RevisionOut.model_fields})
        for revision in revisions
    ]


@router.get("/records/{record_id}/citations", response_model=list[RecordOut])
def citations(request: Request, principal: CurrentUser, record_id: str) -> list[RecordOut]:
    return [record_out(c) for c in services(request).collection.citations_of(principal.actor, record_id)]


@router.post("/relations", response_model=RecordOut, status_code=201)
def relation(request: Request, principal: CurrentUser, body: RelationIn) -> RecordOut:
    options: dict[str, Any] = {"date": body.date, "notes": body.notes}
    if body.confidentiality:
        options["confidentiality"] = body.confidentiality
    created = services(request).collection.link(principal.actor, body.type, body.subject, body.object, **options)
    return record_out(created)


@router.post("/citations", response_model=RecordOut, status_code=201)
def citation(request: Request, principal: CurrentUser, body: CitationIn) -> RecordOut:
    created = services(request).collection.cite(
        principal.actor,
        body.record,
        body.source,
        field=body.field,
        start=body.start,
        end=body.end,
        page=body.page,
        quote=body.quote,
    )
    return record_out(created)


class FamilyNode(BaseModel):
    id: str
    label: str = Field(description="the person's name, or [protected] for readers not cleared")
    generation: int = Field(description="0: the person; -1 parents, 1 children...")
    redacted: bool
    root: bool
    x: int
    y: int


class FamilyEdge(BaseModel):
    relation: str
    type: str
    source: str = Field(description="the relation's subject (the parent, for parent-of)")
    target: str
    path: str = Field(description="SVG path of the drawn edge")


class FamilyOut(BaseModel):
    root: str
    nodes: list[FamilyNode]
    edges: list[FamilyEdge]
    width: int
    height: int


@router.get("/persons/{person_id}/family", response_model=FamilyOut, tags=["persons"])
def family(
    request: Request, principal: CurrentUser, person_id: str, depth: Annotated[int, Query(ge=1, le=4)] = 2
) -> FamilyOut:
    graph = family_graph(services(request).collection, principal.actor, person_id, depth=depth)
    return FamilyOut(**graph.to_dict())
