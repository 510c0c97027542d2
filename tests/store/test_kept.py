"""Values kept until the next write: reused while the audit head stands, bounded, recomputed after a write."""

from __future__ import annotations

from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.kept import KeptUntilWrite
from girok.store.store import Store


def test_kept_until_a_write_and_bounded(store: Store, collection: Collection, editor: Actor) -> None:
    kept: KeptUntilWrite[int] = KeptUntilWrite(size=2)
    computed: list[str] = []

    def get(key: str) -> int:
        with store.read() as conn:
            return kept.get(conn, key, lambda: computed.append(key) or len(computed))

    assert [get("a"), get("a"), get("b"), get("a")] == [1, 1, 2, 1]
    get("c")  # the third key drops the least recently used ("b")
    assert get("b") == 4 and computed == ["a", "b", "c", "b"]
    collection.create(editor, "Event", {"title": "a write"})
    assert get("a") == 5  # the audit head moved: computed again
