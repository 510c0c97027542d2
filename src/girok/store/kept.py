"""Values kept until the next write: the dashboard's overview, a list's facet counts, a search's counts.

Every write appends to the audit chain and so moves its head, which is read first (one row): a kept value
is never staler than the last write, in this process or any other. These values are read far more often
than the collection changes, and each costs whole-table scans to compute.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy.engine import Connection

from girok.store.store import Store

V = TypeVar("V")


class KeptUntilWrite(Generic[V]):
    """A bounded map key -> value (least recently used dropped first), each valid for one audit head."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[int, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], V]) -> V:
        """The value kept for ``key`` if nothing was written since, else ``compute()`` (and keep it)."""
        head, _ = Store.audit_head(conn)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == head:
                self._entries.move_to_end(key)
                return hit[1]
        value = compute()  # from a state at least as new as ``head``
        with self._lock:
            self._entries[key] = (head, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
