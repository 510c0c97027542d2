"""The hash-chained audit log: each entry's hash covers the previous hash and the entry's canonical JSON.

Pure functions only; the store appends rows and reads them back in order. Changing, removing or
reordering any row breaks the chain at that row, and ``verify_chain`` names the first such row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

#: The columns an audit hash covers, in the order they are written.
ENTRY_FIELDS = ("seq", "at", "actor", "action", "record_id", "record_type", "version", "digest", "details")


def canonical_json(value: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    body = canonical_json({name: entry.get(name) for name in ENTRY_FIELDS})
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"audit entry {self.seq}: {self.reason}"


def verify_chain(rows: Iterable[Mapping[str, Any]], head_seq: int, head_hash: str) -> tuple[int, ChainProblem | None]:
    """Walk the rows in seq order; return how many were checked and the first problem, if any."""
    expected_seq = 1
    expected_prev = GENESIS
    checked = 0
    for row in rows:
        seq = int(row["seq"])
        if seq != expected_seq:
            if seq > expected_seq:
                return checked, ChainProblem(expected_seq, "is missing (removed)")
            return checked, ChainProblem(seq, "appears out of order")
        if row["prev_hash"] != expected_prev:
            return checked, ChainProblem(
                seq, "does not follow the entry before it (an entry was altered, removed or reordered)"
            )
        if entry_hash(row["prev_hash"], row) != row["hash"]:
            return checked, ChainProblem(seq, "was altered (its content no longer matches its hash)")
        expected_prev = row["hash"]
        expected_seq += 1
        checked += 1
    if checked != head_seq or expected_prev != head_hash:
        return checked, ChainProblem(checked + 1, f"is missing: the log should end at entry {head_seq}")
    return checked, None
