"""source_view on both backends: segments of overlapping spans, passages, pending counts, uploads."""

from __future__ import annotations

from pathlib import Path

import pytest

from girok.errors import PermissionDeniedError, ValidationError
from girok.ingest.filestore import FileStore
from girok.ingest.readers.base import ReaderError
from girok.services.actor import Actor
from girok.services.records import Collection
from girok.services.source_view import (
    count_sources,
    list_sources,
    passage,
    pending_counts,
    segments,
    source_view,
    upload,
)
from girok.services.suggestions import list_suggestions, reject

TEXT = (
    "In March 1997 the bowibu sent him to Yodok, Camp 15, in South Hamgyong, where he was beaten. "
    "His brother Kim Chol-su was also sent there.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


def test_overlapping_spans_become_flat_segments() -> None:
    text = "abcdefghij"
    spans = [("a", "place", 2, 6), ("b", "date", 4, 8), ("c", "person", 4, 6), ("bad", "date", 5, 50)]
    cut = segments(text, spans, cited=(1, 5))
    assert "".join(s.text for s in cut) == text
    assert [(s.start, s.end, s.suggestions) for s in cut] == [
        (0, 1, ()),
        (1, 2, ()),
        (2, 4, ("a",)),
        (4, 5, ("a", "b", "c")),
        (5, 6, ("a", "b", "c")),
        (6, 8, ("b",)),
        (8, 10, ()),
    ]
    assert [s.cited for s in cut] == [False, True, True, True, False, False, False]
    assert cut[3].kinds == ("person", "place", "date")  # the narrowest first
    for sid, _, start, end in spans[:3]:
        mine = [s for s in cut if sid in s.suggestions]
        assert (mine[0].start, mine[-1].end) == (start, end)
    assert segments("", [("a", "date", 0, 1)]) == []


def test_passages_are_checked_against_the_text() -> None:
    assert passage("abc", None, None) is None
    assert passage("abc", 0, 3) == (0, 3)
    assert passage("abc", 1, 1) == (1, 1)
    for start, end in ((None, 2), (2, 1), (0, 4), (-1, 2)):
        with pytest.raises(ValidationError):
            passage("abc", start, end)


def test_upload_makes_suggestions_and_counts_them(collection: Collection, files: FileStore, editor: Actor) -> None:
    done = upload(collection, files, editor, TEXT.encode(), filename="t.txt", max_bytes=10_000, kind="testimony")
    assert done.created and done.suggestions > 3
    source_id = done.result.source.id
    pending = list_suggestions(collection, editor, source_id=source_id, decision="pending")
    assert pending_counts(collection, editor, [source_id, "src_none"]) == {source_id: len(pending)}
    reject(collection, editor, pending[0].id, expected_version=pending[0].version, reason="not a fact")
    [summary] = list_sources(collection, editor)
    assert summary.pending == len(pending) - 1
    assert count_sources(collection, editor) == 1
    again = upload(collection, files, editor, TEXT.encode(), filename="t.txt", max_bytes=10_000, received_from="B")
    assert not again.created and again.result.custody is not None
    assert again.suggestions == done.suggestions  # the decision taken is kept, nothing is suggested twice
    view = source_view(collection, editor, source_id, start=3, end=13)
    assert view.text == TEXT and view.cited == (3, 13) and len(view.custody) == 2


def test_upload_refuses_before_storing(collection: Collection, files: FileStore, editor: Actor) -> None:
    with pytest.raises(ValidationError):
        upload(collection, files, editor, TEXT.encode(), filename="t.txt", max_bytes=10_000, received_on="soon")
    with pytest.raises(ValidationError):
        upload(collection, files, editor, TEXT.encode(), filename="t.txt", max_bytes=10_000, protection="secret")
    with pytest.raises(ReaderError):
        upload(collection, files, editor, TEXT.encode(), filename="t.txt", max_bytes=10)
    with pytest.raises(PermissionDeniedError):
        upload(collection, files, Actor("vic", "viewer", "restricted"), TEXT.encode(), filename="t", max_bytes=10_000)
    assert count_sources(collection, editor) == 0
    assert not files.root.exists() or not [p for p in files.root.rglob("*") if p.is_file()]


def test_a_reader_not_cleared_gets_no_text(collection: Collection, files: FileStore, editor: Actor) -> None:
    done = upload(collection, files, editor, TEXT.encode(), filename="kim.txt", max_bytes=10_000, protection="high")
    reader = Actor("rhee", "reviewer", "confidential")
    view = source_view(collection, reader, done.result.source.id, start=0, end=5)
    assert view.redacted and view.text is None and view.segments == []
    assert all(s.data["quote"] == "[protected]" for s in view.suggestions)
    assert list_sources(collection, reader)[0].source.data["title"] == "[protected]"
