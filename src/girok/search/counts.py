"""What a query's page does not change, kept until the next write: its total, its rank window and its facets.

Counting every match and its facet values costs most of a search (Hoeryong at 170k records: 115 ms with the
sidebar's eight facets, 51 without). Those depend only on the query, its filters and kinds, and the reader's
clearance, not on the page or the order, so paging and re-sorting reuse them. Every write appends to the audit
chain and moves its head, which is read first (one row): a kept count is never staler than the last write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.engine import Connection

from girok.store.store import Store

Counts = tuple[int, Any, Any]  # total, the rank window's floor (or None), the facet counts


class SearchCounts:
    """A bounded map (query, filters, kinds, clearance, facets, index key) -> counts, valid for one audit head."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[int, Counts]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], Counts]) -> Counts:
        head, _ = Store.audit_head(conn)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == head:
                self._entries.move_to_end(key)
                return hit[1]
        counts = compute()
        with self._lock:
            self._entries[key] = (head, counts)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return counts
