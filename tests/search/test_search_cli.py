"""`girok search` and `girok reindex` end to end on the demo collection: the issue's acceptance check."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from girok.cli.main import main
from girok.extract.folding import is_hangul
from girok.home import Home
from girok.services.actor import Actor
from girok.services.records import Collection

#: Places of the demo collection, each in Hangul, McCune-Reischauer and Revised Romanization.
SPELLINGS = [
    ("회령", "Hoeryŏng", "Hoeryeong"),
    ("온성", "Onsŏng", "Onseong"),
    ("청진", "Ch'ŏngjin", "Cheongjin"),
    ("무산", "Musan", "Musan-gun"),
    ("혜산", "Hyesan", "Hyesan-si"),
    ("요덕", "Yodŏk", "Yodeok"),
    ("함경북도", "Hamgyŏng-pukto", "Hamgyeongbuk-do"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _search(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "search", *args, "--json", "--limit", "100")
    assert code == 0, err
    return json.loads(out)


def test_after_the_demo_each_script_finds_the_other_scripts_spellings(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "demo", "--size", "16", "--seed", "3")[0] == 0
    found_both_languages = []
    for spellings in SPELLINGS:
        results = [_search(capsys, spelling, "--kind", "passage") for spelling in spellings]
        ids = [sorted(hit["id"] for hit in result["hits"]) for result in results]  # type: ignore[union-attr]
        assert ids[0] == ids[1] == ids[2], spellings
        snippets = [hit["snippet"] for hit in results[0]["hits"]]  # type: ignore[index]
        if any(any(is_hangul(ch) for ch in s) for s in snippets) and any(s.isascii() for s in snippets):
            found_both_languages.append(spellings[0])
    assert found_both_languages, "no demo place was found in both a Korean and an English passage"
    result = _search(capsys, SPELLINGS[0][0], "--facet", "type", "--facet", "kind")
    assert set(result) == {"total", "hits", "facets", "notes"}
    for hit in result["hits"]:  # type: ignore[union-attr]
        assert {"kind", "id", "source_id", "score", "snippet"} <= set(hit)
    assert set(result["facets"]) == {"type", "kind"}  # type: ignore[arg-type]


def test_search_prints_readable_hits_and_reindex_rebuilds(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "demo", "--size", "4")[0] == 0
    code, before, _ = run(capsys, "search", "수용소 OR camp", "--facet", "kind")
    assert code == 0 and " hits" in before and "kind: " in before and "«" in before
    code, out, _ = run(capsys, "reindex", "--workers", "1")
    assert code == 0 and out.startswith("indexed ")
    assert run(capsys, "search", "수용소 OR camp", "--facet", "kind")[1] == before


def test_search_errors_are_one_line_with_exit_code_1(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    for args, message in (
        (["the of"], "only words too common"),
        (["x" * 5000], "limit is 1000"),
        (["camp", "--facet", "colour"], "unknown facet"),
        (["camp", "--facet", "type=nonsense"], "unknown type"),
        (["camp", "--clearance", "secret"], "unknown clearance"),
        (["camp", "--limit", "0"], "limit must be"),
    ):
        code, _, err = run(capsys, "search", *args)
        assert code == 1, args
        assert err.startswith("error: ") and message in err and err.count("\n") == 1
    code, _, err = run(capsys, "reindex", "--workers", "0")
    assert code == 1 and "--workers" in err


def test_a_lower_clearance_sees_fewer_hits(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "demo", "--size", "4")[0] == 0
    everything = _search(capsys, "수용소 OR camp OR 보위부 OR police")
    internal = _search(capsys, "수용소 OR camp OR 보위부 OR police", "--clearance", "internal")
    assert everything["total"] > internal["total"]  # type: ignore[operator]
    reader = Actor(name="reader", role="viewer", clearance="internal")
    store, keyring = home.open()
    try:
        collection = Collection(store, keyring)
        for hit in internal["hits"]:  # type: ignore[union-attr]
            record = collection.get(reader, hit["record_id"])  # visible to the reader, or this raises
            if hit["kind"] == "passage":
                assert not record.redacted  # and its text readable
    finally:
        store.close()


def test_search_survives_a_key_rotation_that_drops_the_old_key(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "demo", "--size", "3")[0] == 0
    before = _search(capsys, "수용소 OR camp OR 보위부")
    assert before["total"]
    assert run(capsys, "keys", "rotate", "--drop-old")[0] == 0
    after = _search(capsys, "수용소 OR camp OR 보위부")
    assert sorted(h["id"] for h in after["hits"]) == sorted(h["id"] for h in before["hits"])  # type: ignore[union-attr]


def test_an_empty_index_over_existing_records_says_to_reindex(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "add", "place", "--name", "Chongori")[0] == 0
    store, _ = home.open()
    try:
        with store.write() as conn:  # as a home made before the search index existed would have it
            for table in ("search_facets", "search_prefixes", "search_docs"):
                conn.execute(text(f"DELETE FROM {table}"))
            if store.engine.dialect.name == "sqlite":
                conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
    finally:
        store.close()
    result = _search(capsys, "Chongori")
    assert result["total"] == 0 and any("girok reindex" in note for note in result["notes"])  # type: ignore[union-attr]
    assert run(capsys, "reindex")[0] == 0
    assert _search(capsys, "Chongori")["total"] == 1
