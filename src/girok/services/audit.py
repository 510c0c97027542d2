"""Verifying the audit chain, and the records against the chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from girok.security.audit import ChainProblem, digest, verify_chain
from girok.services.actor import Actor
from girok.services.records import stored_state
from girok.store.store import Store


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problem: ChainProblem | None
    #: Records whose stored state differs from the state their newest audit entry vouches for.
    unaudited_records: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.unaudited_records

    def summary(self) -> str:
        if self.problem is not None:
            return f"audit chain broken at {self.problem}"
        if self.unaudited_records:
            shown = ", ".join(self.unaudited_records[:5])
            more = f" and {len(self.unaudited_records) - 5} more" if len(self.unaudited_records) > 5 else ""
            return f"{len(self.unaudited_records)} record(s) changed outside Girok: {shown}{more}"
        return f"audit chain intact: {self.entries} entries, every record matches its last audited state"


def recent(store: Store, actor: Actor, record_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The newest audit entries (who did what to which record, when); they hold ids and digests, never data."""
    actor.require_reviewer()
    with store.read() as conn:
        return Store.recent_audit(conn, record_id, limit)


def verify(store: Store, actor: Actor) -> AuditReport:
    """Re-compute the chain; then check each record's current state against its last audited digest."""
    actor.require_reviewer()
    with store.read() as conn:
        head_seq, head_hash = Store.audit_head(conn)
        checked, problem = verify_chain(Store.iter_audit(conn), head_seq, head_hash)
        if problem is not None:
            return AuditReport(entries=checked, problem=problem)
        audited = Store.last_audit_digests(conn)
        changed = [row["id"] for row in Store.iter_records(conn) if audited.get(row["id"]) != digest(stored_state(row))]
    return AuditReport(entries=checked, problem=None, unaudited_records=changed)
