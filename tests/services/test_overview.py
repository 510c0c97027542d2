"""The dashboard's overview: counts over what the actor may see, kept until the next write."""

from __future__ import annotations

from girok.services.actor import Actor
from girok.services.overview import Dashboard, overview
from girok.services.records import Collection


def _violation(collection: Collection, actor: Actor, date: str, confidentiality: str = "internal") -> str:
    record = collection.create(actor, "Violation", {"type": "torture", "date": date}, confidentiality=confidentiality)
    return record.id


def test_counts_by_type_year_and_status_respect_clearance(collection: Collection, editor: Actor) -> None:
    _violation(collection, editor, "1997-03")
    _violation(collection, editor, "1997")
    _violation(collection, editor, "2001-05-02", confidentiality="confidential")
    viewer = Actor(name="vic", role="viewer", clearance="internal")
    seen = overview(collection, viewer)
    assert seen.counts["Violation"] == 2
    assert seen.violations_by_year == [("1997", 2)]
    assert seen.violations_by_type == [("torture", 2)]
    full = overview(collection, editor)
    assert full.violations_by_year == [("1997", 2), ("2001", 1)]
    assert dict(full.violations_by_status) == {"alleged": 3}
    # A viewer's recent activity lists records, never the audit log, and only visible ones.
    assert {entry["record_type"] for entry in seen.recent} == {"Violation"} and len(seen.recent) == 2


def test_the_dashboard_recomputes_after_any_write(collection: Collection, editor: Actor) -> None:
    dashboard = Dashboard(collection)
    first = dashboard.overview(editor)
    assert dashboard.overview(editor) is first  # nothing changed: the same overview
    _violation(collection, editor, "1999")
    after = dashboard.overview(editor)
    assert after is not first and after.counts["Violation"] == first.counts.get("Violation", 0) + 1
