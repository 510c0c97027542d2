"""The pure hash-chain functions."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from girok.security.audit import GENESIS, entry_hash, verify_chain


def _chain(actions: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    prev = GENESIS
    for seq, action in enumerate(actions, start=1):
        row: dict[str, Any] = {
            "seq": seq,
            "at": f"2026-01-01T00:00:{seq:02d}Z",
            "actor": "a",
            "action": action,
            "record_id": None,
            "record_type": None,
            "version": None,
            "digest": None,
            "details": None,
        }
        row["prev_hash"] = prev
        row["hash"] = prev = entry_hash(prev, row)
        rows.append(row)
    return rows


@given(st.lists(st.sampled_from(["record.create", "record.update", "keys.rotate"]), min_size=1, max_size=20))
def test_intact_chain_verifies(actions: list[str]) -> None:
    rows = _chain(actions)
    assert verify_chain(rows, len(rows), rows[-1]["hash"]) == (len(rows), None)


@given(st.integers(min_value=0, max_value=9), st.data())
def test_any_altered_field_is_caught_at_that_entry(index: int, data: st.DataObject) -> None:
    rows = _chain(["record.create"] * 10)
    field = data.draw(st.sampled_from(["at", "actor", "action", "record_id", "version", "digest", "details"]))
    rows[index][field] = "tampered"
    checked, problem = verify_chain(rows, 10, rows[-1]["hash"])
    assert problem is not None and problem.seq == index + 1 and checked == index


def test_truncated_tail_is_caught() -> None:
    rows = _chain(["a", "b", "c"])
    _, problem = verify_chain(rows[:2], 3, rows[-1]["hash"])
    assert problem is not None and str(problem) == "audit entry 3: is missing: the log should end at entry 3"


def test_empty_log_is_intact() -> None:
    assert verify_chain([], 0, GENESIS) == (0, None)
