"""What one revision changed: field by field, with the items a list gained and lost.

Revisions keep the stored state before and after (services.records.stored_state); the history page
shows the difference, so a reviewer sees what an edit did without comparing two versions by eye.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

#: Record attributes outside ``data`` that a revision may change, shown before the fields.
META = ("status", "protection", "confidentiality", "deleted_at")


@dataclass(frozen=True)
class Change:
    field: str
    before: Any = None
    after: Any = None
    #: For list fields: what the list gained and lost (``before``/``after`` hold the whole lists).
    added: list[Any] = _field(default_factory=list)
    removed: list[Any] = _field(default_factory=list)
    meta: bool = False  # a record attribute (status, protection...), not a field of its data

    @property
    def is_list(self) -> bool:
        return isinstance(self.before, list) or isinstance(self.after, list)


def diff_states(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """Changes from ``before`` to ``after`` (either may be None: created, or nothing after)."""
    old, new = before or {}, after or {}
    changes: list[Change] = []
    for name in META:
        if before is not None and old.get(name) != new.get(name):
            changes.append(Change(name, old.get(name), new.get(name), meta=True))
    old_data: Mapping[str, Any] = old.get("data") or {}
    new_data: Mapping[str, Any] = new.get("data") or {}
    for name in list(dict.fromkeys([*new_data, *old_data])):
        a, b = old_data.get(name), new_data.get(name)
        if a == b:
            continue
        if isinstance(a, list) or isinstance(b, list):
            a_items = a if isinstance(a, list) else ([] if a is None else [a])
            b_items = b if isinstance(b, list) else ([] if b is None else [b])
            added = [item for item in b_items if item not in a_items]
            removed = [item for item in a_items if item not in b_items]
            changes.append(Change(name, a, b, added=added, removed=removed))
        else:
            changes.append(Change(name, a, b))
    return changes
