"""Sources and their suggestions over JSON: list, upload (streamed, size-capped), text, review decisions.

An upload is read part by part from the request stream and refused (413) the moment its file passes the
configured size, before anything is stored. Scripts and the page's uploader send the CSRF secret as a header,
so the body is still unread when the handler runs; a plain form (no header) was already parsed by the CSRF
check, and its files are then taken from that parsed form and measured one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import UploadFile

from girok.errors import PermissionDeniedError, ValidationError
from girok.ingest.readers.base import ReaderError, human_size
from girok.services import source_view
from girok.services.records import Record
from girok.services.suggestions import accept, list_suggestions, record_type_for, reject
from girok.web.api._common import ERRORS, MAX_LIMIT, Page, RecordOut, page_of, record_out
from girok.web.auth import CSRF_HEADER, CurrentUser, Principal
from girok.web.context import services

router = APIRouter(prefix="/api", tags=["sources"], responses=ERRORS)

#: The custody fields an upload may carry besides its file (form field -> upload() keyword).
UPLOAD_FIELDS = {
    "from": "received_from",
    "how": "received_how",
    "on": "received_on",
    "kind": "kind",
    "protection": "protection",
}
_FIELD_LIMIT = 2000  # characters of one custody field; longer is not a name, a date or a channel
_UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "from": {"type": "string", "description": "from whom the file came"},
                        "how": {"type": "string", "description": "how it came (hand-over, email, USB...)"},
                        "on": {"type": "string", "description": "when it came (a date, possibly partial)"},
                        "kind": {"type": "string", "description": "testimony, document, report, media or dataset"},
                        "protection": {"type": "string", "description": "none, protected (default) or high"},
                    },
                }
            }
        },
    }
}


class SourceSummaryOut(BaseModel):
    id: str
    title: str
    kind: str | None
    language: str | None
    format: str | None
    acquired_on: str | None
    protection: str
    confidentiality: str
    redacted: bool
    pending: int = Field(description="suggestions waiting for a decision")


class UploadOut(BaseModel):
    source: RecordOut
    created: bool = Field(description="false: this file was known already (same SHA-256)")
    custody_added: bool = Field(description="a custody entry was written for this arrival")
    suggestions: int = Field(description="suggestions the source's text has (new and kept)")


class TextOut(BaseModel):
    text: str = Field(description="exactly as citation offsets count it")


class SuggestionOut(BaseModel):
    id: str
    version: int
    source: str
    kind: str
    record_type: str = Field(description="the record type accepting it makes or reuses")
    start: int
    end: int
    quote: str | None
    value: dict[str, Any] | None
    decision: str
    decision_reason: str | None
    result: str | None = Field(description="the record an accepted suggestion became")
    redacted: bool


class AcceptIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    set_: dict[str, Any] = Field(
        default_factory=dict, alias="set", description="field -> value overriding the proposed record's fields"
    )
    expected_version: int = Field(description="the suggestion's version the reviewer saw")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    expected_version: int


class AcceptOut(BaseModel):
    suggestion: SuggestionOut
    record: RecordOut
    citation: RecordOut
    reused: bool = Field(description="an existing Place or Organisation was reused")


def summary_out(item: source_view.SourceSummary) -> SourceSummaryOut:
    data = item.source.data
    return SourceSummaryOut(
        id=item.source.id,
        title=str(data.get("title") or item.source.id),
        kind=data.get("kind"),
        language=data.get("language"),
        format=data.get("format"),
        acquired_on=data.get("acquired_on"),
        protection=item.source.protection,
        confidentiality=item.source.confidentiality,
        redacted=item.source.redacted,
        pending=item.pending,
    )


def suggestion_out(suggestion: Record) -> SuggestionOut:
    data = suggestion.data
    value = data.get("value")
    return SuggestionOut(
        id=suggestion.id,
        version=suggestion.version,
        source=str(data["source"]),
        kind=str(data["kind"]),
        record_type=record_type_for(str(data["kind"])),
        start=int(data["start"]),
        end=int(data["end"]),
        quote=data.get("quote"),
        value=value if isinstance(value, dict) else None,
        decision=str(data["decision"]),
        decision_reason=data.get("decision_reason"),
        result=data.get("result"),
        redacted=suggestion.redacted,
    )


# -- receiving uploads ----------------------------------------------------------------------------------------


@dataclass
class Part:
    """One file of an upload: its name as the client gave it (no folders) and its bytes, or why it was refused."""

    filename: str
    data: bytes = b""
    refused: str | None = None


@dataclass
class Received:
    files: list[Part] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def too_large(limit: int) -> str:
    return f"the file is larger than the {human_size(limit)} upload limit; nothing was stored"


def clean_filename(raw: str) -> str:
    """The last component of a client's file name (browsers may send a Windows path)."""
    name = PureWindowsPath(PurePosixPath(raw).name).name.strip()
    return name[:255] or "upload"


def _form_unread(request: Request, principal: Principal) -> bool:
    # Mirrors auth.check_csrf: only a session request without the header had its form parsed there.
    return principal.session is None or CSRF_HEADER in request.headers


async def _stream(request: Request, limit: int) -> Received:
    """Parse a multipart body from the stream, refusing (413) a file part once it passes ``limit`` bytes."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ValidationError("send the file as multipart/form-data (field 'file')")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise HTTPException(413, too_large(limit))  # refused before a byte is read
    received = Received()
    current: dict[str, Any] = {}
    header: dict[str, bytearray] = {"field": bytearray(), "value": bytearray()}
    headers: dict[str, bytes] = {}

    def header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def header_end() -> None:
        headers[bytes(header["field"]).lower().decode("latin-1")] = bytes(header["value"])
        header["field"].clear()
        header["value"].clear()

    def headers_finished() -> None:
        _, disposition = parse_options_header(headers.get("content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        current.clear()
        current.update(name=name, filename=filename, data=bytearray())
        headers.clear()

    def part_data(data: bytes, start: int, end: int) -> None:
        buffer: bytearray = current["data"]
        buffer += data[start:end]
        if current["filename"] is not None and len(buffer) > limit:
            raise HTTPException(413, too_large(limit))
        if current["filename"] is None and len(buffer) > _FIELD_LIMIT * 4:
            raise ValidationError(f"the field {current['name'][:40]!r} is too long")

    def part_end() -> None:
        if current.get("filename") is not None:
            if current["name"] == "file":
                name = clean_filename(current["filename"].decode("utf-8", "replace"))
                received.files.append(Part(filename=name, data=bytes(current["data"])))
        elif current.get("name"):
            received.fields[current["name"]] = bytes(current["data"]).decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
            "on_headers_finished": headers_finished,
            "on_part_data": part_data,
            "on_part_end": part_end,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise ValidationError("the upload was not a valid multipart/form-data body") from None
    return received


async def receive(request: Request, principal: Principal, limit: int) -> Received:
    """The files and custody fields of an upload, each file within ``limit`` or marked refused."""
    if _form_unread(request, principal):
        return await _stream(request, limit)
    form = await request.form()
    received = Received()
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            if name != "file" or not value.filename:
                continue  # a form's empty file input sends a part with no name
            part = Part(filename=clean_filename(value.filename))
            if value.size is not None and value.size > limit:
                part.refused = too_large(limit)
            else:
                part.data = await value.read()
            received.files.append(part)
        elif isinstance(value, str):
            received.fields[name] = value
    return received


def custody_options(fields: dict[str, str]) -> dict[str, str | None]:
    """upload() keywords from the form's custody fields (blank ones left out)."""
    options: dict[str, str | None] = {}
    for name, keyword in UPLOAD_FIELDS.items():
        value = (fields.get(name) or "").strip()
        if len(value) > _FIELD_LIMIT:
            raise ValidationError(f"{name}: longer than {_FIELD_LIMIT} characters")
        if value:
            options[keyword] = value
    return options


def store_upload(request: Request, principal: Principal, part: Part, options: dict[str, Any]) -> UploadOut:
    """Ingest one received file (a reader's refusal becomes a 422 with its one-line reason)."""
    if part.refused is not None:
        raise HTTPException(413, part.refused)
    context = services(request)
    try:
        done = source_view.upload(
            context.collection,
            context.files,
            principal.actor,
            part.data,
            filename=part.filename,
            max_bytes=context.config.max_upload_bytes,
            **options,
        )
    except ReaderError as error:
        raise ValidationError(str(error)) from None
    return UploadOut(
        source=record_out(done.result.source),
        created=done.created,
        custody_added=done.result.custody is not None,
        suggestions=done.suggestions,
    )


# -- routes ----------------------------------------------------------------------------------------------------


@router.get("/sources", response_model=Page[SourceSummaryOut])
def sources(
    request: Request,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[SourceSummaryOut]:
    collection = services(request).collection
    found = source_view.list_sources(collection, principal.actor, limit=limit + 1, offset=offset)
    total = source_view.count_sources(collection, principal.actor)
    return page_of([summary_out(item) for item in found], limit, offset, total)


@router.post("/sources", response_model=UploadOut, status_code=201, openapi_extra=_UPLOAD_DOC)
async def upload_source(request: Request, principal: CurrentUser) -> UploadOut:
    """Upload one file (multipart field ``file``) with optional custody fields; 413 over the size limit."""
    principal.actor.require_writer()  # refuse a viewer before reading the body
    received = await receive(request, principal, services(request).config.max_upload_bytes)
    if len(received.files) != 1:
        raise ValidationError("send exactly one file, in the multipart field 'file'")
    return store_upload(request, principal, received.files[0], custody_options(received.fields))


@router.get("/sources/{source_id}", response_model=RecordOut)
def source(request: Request, principal: CurrentUser, source_id: str) -> RecordOut:
    return record_out(source_view.get_source(services(request).collection, principal.actor, source_id))


@router.get("/sources/{source_id}/text", response_model=TextOut)
def source_text(request: Request, principal: CurrentUser, source_id: str) -> TextOut:
    view = source_view.source_view(services(request).collection, principal.actor, source_id)
    if view.text is None:
        raise PermissionDeniedError(f"{principal.user.name} may not read the protected text of {source_id}")
    return TextOut(text=view.text)


@router.get("/sources/{source_id}/suggestions", response_model=list[SuggestionOut])
def source_suggestions(
    request: Request,
    principal: CurrentUser,
    source_id: str,
    decision: Annotated[str | None, Query(description="pending, accepted or rejected")] = None,
    kind: Annotated[str | None, Query(description="violation, facility, place, ...")] = None,
) -> list[SuggestionOut]:
    collection = services(request).collection
    source_view.get_source(collection, principal.actor, source_id)
    found = list_suggestions(collection, principal.actor, source_id=source_id, decision=decision, kind=kind)
    return [suggestion_out(s) for s in found]


@router.post("/suggestions/{suggestion_id}/accept", response_model=AcceptOut)
def accept_suggestion(request: Request, principal: CurrentUser, suggestion_id: str, body: AcceptIn) -> AcceptOut:
    done = accept(
        services(request).collection,
        principal.actor,
        suggestion_id,
        expected_version=body.expected_version,
        edits=body.set_,
    )
    return AcceptOut(
        suggestion=suggestion_out(done.suggestion),
        record=record_out(done.record),
        citation=record_out(done.citation),
        reused=done.reused,
    )


@router.post("/suggestions/{suggestion_id}/reject", response_model=SuggestionOut)
def reject_suggestion(request: Request, principal: CurrentUser, suggestion_id: str, body: RejectIn) -> SuggestionOut:
    decided = reject(
        services(request).collection,
        principal.actor,
        suggestion_id,
        expected_version=body.expected_version,
        reason=body.reason,
    )
    return suggestion_out(decided)
