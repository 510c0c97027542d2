"""What every API area shares: the page envelope, record JSON, and the error shape in the OpenAPI document."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from girok.services.records import Record

T = TypeVar("T")
MAX_LIMIT = 500


class ErrorBody(BaseModel):
    status: int
    message: str = Field(description="one line for a user; never internals")
    reference: str = Field(description="quote it when reporting: the server log has the details under it")


class ErrorResponse(BaseModel):
    error: ErrorBody


#: The error answers every API route may give, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        401: "no or bad credentials",
        403: "the user may not do this (or the CSRF secret is missing)",
        404: "no such record, or not visible to this user",
        409: "conflict: the record changed since it was read (expected_version), or a status rule",
        422: "invalid input",
    }.items()
}


class Page(BaseModel, Generic[T]):
    """One page of a list: ``next_offset`` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None
    total: int | None = Field(default=None, description="all matches, where counting them is cheap")


class RecordOut(BaseModel):
    id: str
    type: str
    version: int
    status: str | None
    protection: str
    confidentiality: str
    data: dict[str, Any]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None
    deleted_by: str | None
    redacted: bool = Field(description="true when identifying fields were withheld from this user")


def record_out(record: Record) -> RecordOut:
    return RecordOut(**record.to_dict())


def page_of(items: list[T], limit: int, offset: int, total: int | None = None) -> Page[T]:
    """A page from ``limit + 1`` fetched items (the extra one tells whether there is a next page)."""
    more = len(items) > limit
    return Page[T](
        items=items[:limit], limit=limit, offset=offset, next_offset=offset + limit if more else None, total=total
    )
