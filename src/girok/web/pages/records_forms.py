"""Forms for new and edited records, generated from the schema (one input per field, lists repeatable).

A form that fails (a validation error, or an edit of a version someone else has changed since) is shown
again with the one-line message and everything the user typed, so nothing typed is lost.
Vocabulary fields carry the entry's id; static/records.js adds a picker that finds it from any
spelling through GET /api/vocab/find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from girok.errors import ConflictError, GirokError, PermissionDeniedError, ValidationError
from girok.schema.enums import enum_values
from girok.schema.model import FieldSpec, RecordType
from girok.services.actor import LEVELS
from girok.services.records import DEFAULT_CONFIDENTIALITY, DEFAULT_PROTECTION, Record
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.templating import render

form_router = APIRouter(include_in_schema=False)

#: Types made elsewhere (suggestions by extraction, custody by ingest) are not offered as new records.
NOT_NEW = ("Suggestion", "Custody")
#: Fields not edited in a form: a source's text is what citation offsets point into; JSON is metadata.
READ_ONLY = {("Source", "text"), ("Source", "sha256"), ("Source", "format")}
FORM_MAX_FIELDS = 2000


@dataclass
class FormField:
    """One input group: the field, its current values as text, and for names their kinds and sources."""

    spec: FieldSpec
    values: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def input(self) -> str:
        """Which widget: text, textarea, select (enum), vocab (picker), ref, name."""
        if self.spec.type == "longtext":
            return "textarea"
        if self.spec.type == "enum":
            return "select"
        if self.spec.type in ("vocab", "ref", "name"):
            return self.spec.type
        return "text"

    @property
    def rows(self) -> list[int]:
        """Indices of the inputs to show: each value, and one empty one more for a list."""
        count = len(self.values) + (1 if self.spec.multi or not self.values else 0)
        return list(range(max(count, 1)))

    def value(self, index: int) -> str:
        return self.values[index] if index < len(self.values) else ""

    def kind(self, index: int) -> str:
        return self.kinds[index] if index < len(self.kinds) else ""

    def source(self, index: int) -> str:
        return self.sources[index] if index < len(self.sources) else ""


def editable(kind: RecordType) -> list[FieldSpec]:
    return [s for s in kind.fields.values() if s.type != "json" and (kind.name, s.name) not in READ_ONLY]


def _text(value: Any) -> str:
    if isinstance(value, dict) and "lat" in value:
        return f"{value['lat']}, {value['lon']}"
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return "" if value is None else str(value)


def fields_from_data(kind: RecordType, data: dict[str, Any]) -> list[FormField]:
    result = []
    for spec in editable(kind):
        value = data.get(spec.name)
        items = value if isinstance(value, list) else ([] if value is None else [value])
        group = FormField(spec, [_text(item) for item in items])
        if spec.type == "name":
            group.kinds = [str(item.get("kind", "")) if isinstance(item, dict) else "" for item in items]
            group.sources = [str(item.get("source", "")) if isinstance(item, dict) else "" for item in items]
        result.append(group)
    return result


def fields_from_form(kind: RecordType, form: FormData) -> list[FormField]:
    """The inputs as the user sent them (to show the form again)."""
    result = []
    for spec in editable(kind):
        key = f"f.{spec.name}"
        values = [str(v) for v in form.getlist(key)]
        group = FormField(spec, values)
        if spec.type == "name":
            group.kinds = [str(v) for v in form.getlist(key + ".kind")]
            group.sources = [str(v) for v in form.getlist(key + ".source")]
            # keep the three lists aligned on the rows that carry a name
            keep = [i for i, v in enumerate(values) if v.strip()]
            group.values = [values[i] for i in keep]
            group.kinds = [group.kind(i) for i in keep]
            group.sources = [group.source(i) for i in keep]
        elif spec.multi:
            group.values = [v for v in values if v.strip()]
        result.append(group)
    return result


def data_from_form(kind: RecordType, form: FormData) -> dict[str, Any]:
    """Field -> value for the services (empty inputs clear a field; the cleaners read text)."""
    if len(form) > FORM_MAX_FIELDS:
        raise ValidationError("the form has too many fields")
    data: dict[str, Any] = {}
    for group in fields_from_form(kind, form):
        spec = group.spec
        if spec.type == "name":
            items: list[Any] = []
            for index, text in enumerate(group.values):
                name: dict[str, str] = {"text": text}
                if group.kind(index):
                    name["kind"] = group.kind(index)
                if group.source(index):
                    name["source"] = group.source(index)
                items.append(name)
        else:
            cleaned = [v if spec.type == "longtext" else v.strip() for v in group.values]
            items = [v.replace("\r\n", "\n") for v in cleaned if v.strip()]
        if spec.multi:
            data[spec.name] = items
        else:
            data[spec.name] = items[0] if items else None
    return data


def _form(
    request: Request,
    kind: RecordType,
    groups: list[FormField],
    *,
    record: Record | None = None,
    version: int | None = None,
    protection: str | None = None,
    confidentiality: str | None = None,
    reason: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "kind": kind,
        "groups": groups,
        "record": record,
        "version": version,
        "protection": protection or (DEFAULT_PROTECTION if kind.protectable else "none"),
        "confidentiality": confidentiality or DEFAULT_CONFIDENTIALITY,
        "protections": enum_values("protection_levels"),
        "levels": LEVELS,
        "name_kinds": enum_values("name_kinds"),
        "enum_values": enum_values,
        "reason": reason,
        "error": error,
    }
    return render(request, "records_form.html", context, status_code=status)


@form_router.get("/records/new")
def new_form(request: Request, principal: CurrentUser, type: str | None = None) -> Response:
    principal.actor.require_writer()
    schema = services(request).collection.schema
    if not type:
        kinds = [k for name, k in schema.types.items() if name not in NOT_NEW]
        return render(request, "records_new.html", {"kinds": kinds})
    kind = schema.get(type[:32])
    if kind.name in NOT_NEW:
        raise ValidationError(f"{kind.name} records are not made by hand")
    return _form(request, kind, fields_from_data(kind, {}))


@form_router.post("/records/new")
async def create(request: Request, principal: CurrentUser) -> Response:
    form = await request.form()
    collection = services(request).collection
    kind = collection.schema.get(str(form.get("type", ""))[:32])
    protection = str(form.get("protection") or "") or None
    confidentiality = str(form.get("confidentiality") or DEFAULT_CONFIDENTIALITY)
    try:
        data = data_from_form(kind, form)
        created = collection.create(
            principal.actor, kind.name, data, protection=protection, confidentiality=confidentiality
        )
    except PermissionDeniedError:
        raise
    except GirokError as error:
        groups = fields_from_form(kind, form)
        return _form(request, kind, groups, protection=protection, confidentiality=confidentiality,
                     error=str(error), status=422)  # fmt: skip
    return RedirectResponse(f"/records/{created.id}", status_code=303)


@form_router.get("/records/{record_id}/edit")
def edit_form(request: Request, principal: CurrentUser, record_id: str) -> Response:
    principal.actor.require_writer()
    collection = services(request).collection
    record = collection.get(principal.actor, record_id)
    if record.redacted:
        raise PermissionDeniedError(f"{principal.user.name} may not edit protected record {record_id}")
    kind = collection.schema.get(record.type)
    return _form(request, kind, fields_from_data(kind, record.data), record=record, version=record.version,
                 protection=record.protection, confidentiality=record.confidentiality)  # fmt: skip


@form_router.post("/records/{record_id}/edit")
async def edit(request: Request, principal: CurrentUser, record_id: str) -> Response:
    form = await request.form()
    collection = services(request).collection
    record = collection.get(principal.actor, record_id)
    kind = collection.schema.get(record.type)
    protection = str(form.get("protection") or "") or None
    confidentiality = str(form.get("confidentiality") or "") or None
    reason = str(form.get("reason") or "")[:2000]
    try:
        version = int(str(form.get("expected_version", "")))
    except ValueError:
        raise ValidationError("expected_version: missing; reload the form") from None
    try:
        data = data_from_form(kind, form)
        collection.update(principal.actor, record_id, data, expected_version=version, protection=protection,
                          confidentiality=confidentiality, reason=reason.strip() or None)  # fmt: skip
    except PermissionDeniedError:
        raise
    except GirokError as error:
        # A stale edit keeps the version the user edited: saving again must not silently overwrite.
        status = 409 if isinstance(error, ConflictError) else 422
        return _form(request, kind, fields_from_form(kind, form), record=record, version=version,
                     protection=protection, confidentiality=confidentiality, reason=reason, error=str(error),
                     status=status)  # fmt: skip
    return RedirectResponse(f"/records/{record_id}", status_code=303)
