"""The collection at a glance (the dashboard): counts by type and year, the review queue, recent activity.

Counted in the database (grouped on JSON fields), over what the actor may see, so the dashboard costs a
few indexed scans rather than a read of every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from girok.services.actor import LEVELS, Actor
from girok.services.records import Collection
from girok.store import tables as t
from girok.store.kept import KeptUntilWrite
from girok.store.store import Store


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    violations_by_year: list[tuple[str, int]]
    violations_by_type: list[tuple[str, int]]
    violations_by_status: list[tuple[str, int]]
    pending_suggestions: int
    #: (source id, pending suggestions), the sources with most waiting first.
    review_queue: list[tuple[str, int]]
    #: Newest first: {"at", "actor", "action", "record_id", "record_type"}.
    recent: list[dict[str, Any]] = field(default_factory=list)


def overview(collection: Collection, actor: Actor, *, queue: int = 10, recent: int = 15) -> Overview:
    visible = [level for level in LEVELS if actor.may_see(level)]
    r = t.records.c
    live = (r.deleted_at.is_(None), r.confidentiality.in_(visible))
    year = func.substr(r.data["date"].as_string(), 1, 4)
    with collection.store.read() as conn:
        counts = {kind: int(n) for kind, n in conn.execute(select(r.type, func.count()).where(*live).group_by(r.type))}
        violations = (*live, r.type == "Violation")
        by_year = conn.execute(
            select(year, func.count()).where(*violations, year.is_not(None)).group_by(year).order_by(year)
        ).all()
        vtype = r.data["type"].as_string()
        by_type = conn.execute(
            select(vtype, func.count()).where(*violations).group_by(vtype).order_by(func.count().desc(), vtype)
        ).all()
        by_status = conn.execute(
            select(r.status, func.count()).where(*violations).group_by(r.status).order_by(r.status)
        ).all()
        source = r.data["source"].as_string()
        pending = (*live, r.type == "Suggestion", r.data["decision"].as_string() == "pending")
        waiting = int(conn.execute(select(func.count()).where(*pending)).scalar_one())
        queue_rows = conn.execute(
            select(source, func.count()).where(*pending).group_by(source).order_by(func.count().desc(), source)
        ).all()[:queue]
        if actor.role in ("admin", "reviewer"):
            activity = [
                {key: row[key] for key in ("at", "actor", "action", "record_id", "record_type")}
                for row in Store.recent_audit(conn, None, recent)
            ]
        else:  # the audit log is for reviewers; others see the records recently changed that they may see
            rows = conn.execute(
                select(r.id, r.type, r.updated_at, r.updated_by, r.version)
                .where(*live)
                .order_by(r.updated_at.desc())
                .limit(recent)
            ).mappings()
            activity = [
                {
                    "at": row["updated_at"],
                    "actor": row["updated_by"],
                    "action": "create" if row["version"] == 1 else "update",
                    "record_id": row["id"],
                    "record_type": row["type"],
                }
                for row in rows
            ]
    return Overview(
        counts=counts,
        violations_by_year=[(str(y), int(n)) for y, n in by_year if y and str(y).isdigit()],
        violations_by_type=[(str(k), int(n)) for k, n in by_type if k],
        violations_by_status=[(str(k), int(n)) for k, n in by_status if k],
        pending_suggestions=waiting,
        review_queue=[(str(s), int(n)) for s, n in queue_rows if s],
        recent=activity,
    )


class Dashboard:
    """Overviews kept until the next write (girok.store.kept): the dashboard is read far more often than the
    collection changes, and an overview scans the records."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._kept: KeptUntilWrite[Overview] = KeptUntilWrite(size=16)

    def overview(self, actor: Actor) -> Overview:
        # What an overview shows depends only on the clearance and on whether the audit log is shown.
        key = (actor.clearance, actor.role in ("admin", "reviewer"))
        with self.collection.store.read() as conn:
            return self._kept.get(conn, key, lambda: overview(self.collection, actor))
