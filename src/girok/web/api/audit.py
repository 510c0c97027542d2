"""GET /api/audit: the newest audit entries (reviewers and administrators) and the chain's state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from girok.services import audit
from girok.web.api._common import ERRORS, MAX_LIMIT
from girok.web.auth import CurrentUser
from girok.web.context import services

router = APIRouter(prefix="/api", tags=["audit"])

#: A record id is a prefix and a ULID; anything much longer cannot be one (and is refused in one line).
RECORD_ID_MAX = 64


class AuditEntryOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    record_id: str | None
    record_type: str | None
    version: int | None
    digest: str | None = Field(description="SHA-256 of the record's stored state this entry vouches for")
    details: dict[str, Any] | None
    hash: str


class ChainOut(BaseModel):
    ok: bool = Field(description="the chain verifies and every record matches its last audited state")
    entries: int
    problem: str | None = Field(description="where the chain is broken, if it is")
    unaudited_records: list[str] = Field(description="records whose stored state no audit entry vouches for")
    summary: str


class AuditOut(BaseModel):
    items: list[AuditEntryOut]
    limit: int
    record: str | None
    chain: ChainOut | None = None


def entry_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("seq", "at", "actor", "action", "record_id", "record_type", "version", "digest", "details", "hash")
    out: dict[str, Any] = {key: row.get(key) for key in keys}
    at = out["at"]
    out["at"] = at.isoformat() if hasattr(at, "isoformat") else str(at)
    return out


def chain_out(report: audit.AuditReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "entries": report.entries,
        "problem": str(report.problem) if report.problem is not None else None,
        "unaudited_records": report.unaudited_records,
        "summary": report.summary(),
    }


@router.get("/audit", response_model=AuditOut, responses=ERRORS)
def audit_api(
    request: Request,
    principal: CurrentUser,
    record: Annotated[str | None, Query(max_length=RECORD_ID_MAX, description="only entries about this record")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    verify: Annotated[
        bool, Query(description="also re-check the chain and every record (slow on a large collection)")
    ] = False,
) -> dict[str, Any]:
    """Newest first; the services allow reviewers and administrators only (others: 403)."""
    store = services(request).collection.store
    rows = audit.recent(store, principal.actor, record or None, limit)
    return {
        "items": [entry_out(row) for row in rows],
        "limit": limit,
        "record": record or None,
        "chain": chain_out(audit.verify(store, principal.actor)) if verify else None,
    }
