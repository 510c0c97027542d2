"""A revision's changes, field by field."""

from __future__ import annotations

from girok.services.diff import diff_states


def test_fields_lists_and_attributes() -> None:
    before = {"status": "alleged", "protection": "none", "data": {"type": "torture", "names": ["a", "b"], "x": 1}}
    after = {"status": "verified", "protection": "none", "data": {"type": "killing", "names": ["b", "c"]}}
    changes = {c.field: c for c in diff_states(before, after)}
    assert changes["status"].meta and (changes["status"].before, changes["status"].after) == ("alleged", "verified")
    assert (changes["type"].before, changes["type"].after) == ("torture", "killing")
    assert changes["names"].added == ["c"] and changes["names"].removed == ["a"] and changes["names"].is_list
    assert changes["x"].after is None
    assert "protection" not in changes


def test_creation_lists_every_field_as_new() -> None:
    changes = diff_states(None, {"status": None, "data": {"title": "T", "tags": ["a"]}})
    assert [(c.field, c.after, c.added) for c in changes] == [("title", "T", []), ("tags", ["a"], ["a"])]
