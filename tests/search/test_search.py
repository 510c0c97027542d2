"""Search through the real services on SQLite and PostgreSQL: spellings, morphology, facets, freshness."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from girok.search import QueryError, SearchResult, search
from girok.search.searcher import SearchCounts
from girok.services.actor import Actor
from girok.services.records import Collection

ENGLISH = (
    "My brother Lee Yong-ho was taken to Yodok in March 1997.\n\n"
    "I was beaten by guards at Camp 15 and forced to work in the gold mine. Nobody helped us."
)
KOREAN = "1998년에 리용호는 요덕 수용소에서 구타를 당했다.\n\n우리는 매일 로동을 했다."
PUBLIC = "A public report on the Hoeryong market and prices of rice."


@pytest.fixture
def filled(collection: Collection, editor: Actor) -> dict[str, str]:
    ids = {}
    ids["english"] = collection.create(
        editor, "Source", {"title": "Interview A", "kind": "testimony", "language": "en", "text": ENGLISH}
    ).id
    ids["korean"] = collection.create(
        editor, "Source", {"title": "면담 B", "kind": "testimony", "language": "ko", "text": KOREAN}
    ).id
    ids["public"] = collection.create(
        editor,
        "Source",
        {"title": "Market report", "kind": "report", "language": "en", "text": PUBLIC},
        protection="none",
        confidentiality="public",
    ).id
    ids["person"] = collection.create(editor, "Person", {"names": ["이용호", "Lee Yong-ho"], "sex": "male"}).id
    ids["violation"] = collection.create(
        editor,
        "Violation",
        {"type": "torture", "facility": "kwalliso-15", "date": "1997-03", "victim": ids["person"]},
    ).id
    return ids


def _find(collection: Collection, actor: Actor, query: str, **options: object) -> SearchResult:
    assert collection.search_index is not None
    return search(collection.search_index, actor, query, **options)  # type: ignore[arg-type]


def _records(result: SearchResult) -> set[str]:
    return {hit.record_id for hit in result.hits}


@pytest.mark.parametrize("spelling", ["Yodeok", "Yodok", "Yodŏk", "요덕"])
def test_a_place_name_in_any_script_finds_every_spelling(
    collection: Collection, admin: Actor, filled: dict[str, str], spelling: str
) -> None:
    result = _find(collection, admin, spelling, kinds=["passage"])
    assert _records(result) == {filled["english"], filled["korean"]}
    assert all(hit.snippet[s:e] for hit in result.hits for s, e in hit.highlights)


@pytest.mark.parametrize("spelling", ["Ri Yong Ho", "Lee Yong-ho", "Yi Yong-ho", "리용호", "이용호"])
def test_a_korean_personal_name_in_any_spelling_finds_the_others(
    collection: Collection, admin: Actor, filled: dict[str, str], spelling: str
) -> None:
    result = _find(collection, admin, spelling)
    assert {filled["english"], filled["korean"], filled["person"]} <= _records(result)
    highlighted = {hit.snippet[s:e] for hit in result.hits if hit.kind == "passage" for s, e in hit.highlights}
    assert {"Lee Yong-ho", "리용호"} <= highlighted


def test_korean_words_match_their_inflected_forms_and_north_korean_spelling(
    collection: Collection, admin: Actor, filled: dict[str, str]
) -> None:
    assert _records(_find(collection, admin, "구타")) == {filled["korean"]}
    assert _records(_find(collection, admin, "당하다")) == {filled["korean"]}
    assert _records(_find(collection, admin, "노동")) == {filled["korean"]}  # the text says 로동
    hit = _find(collection, admin, "구타").hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["구타"]


def test_english_words_match_their_stems_phrases_prefixes_and_booleans(
    collection: Collection, admin: Actor, filled: dict[str, str]
) -> None:
    assert _records(_find(collection, admin, "beaten guards")) == {filled["english"]}
    assert _records(_find(collection, admin, "forcing")) == {filled["english"]}  # forced
    assert _records(_find(collection, admin, '"gold mine"')) == {filled["english"]}
    assert _find(collection, admin, '"mine gold"').total == 0
    assert _records(_find(collection, admin, "gol*")) == {filled["english"]}
    assert _records(_find(collection, admin, "market OR 구타")) == {filled["public"], filled["korean"]}
    without = _find(collection, admin, "Yodok -beaten", kinds=["passage"])
    assert without.hits and all("beaten" not in hit.snippet for hit in without.hits)
    assert _find(collection, admin, "zzzqqq*").total == 0


def test_a_vocabulary_label_finds_records_in_the_other_language(
    collection: Collection, admin: Actor, filled: dict[str, str]
) -> None:
    assert filled["violation"] in _records(_find(collection, admin, "고문", kinds=["violation"]))
    assert filled["violation"] in _records(_find(collection, admin, "요덕", kinds=["violation"]))


def test_facets_count_and_filter(collection: Collection, admin: Actor, filled: dict[str, str]) -> None:
    result = _find(collection, admin, "Yodok", facets=["kind", "type", "year", "province", "facility"])
    kinds = {row["value"]: row["count"] for row in result.facets["kind"]}
    assert kinds["passage"] == 3 and kinds["violation"] == 1  # "Camp 15" is Yodok too
    types = {row["value"]: row["count"] for row in result.facets["type"]}
    assert types["torture"] >= 2 and "forced-labour" in types  # the Violation, and what passages describe
    assert {row["value"] for row in result.facets["year"]} >= {"1997", "1998"}
    assert result.facets["province"][0]["value"] == "KP-08"
    assert result.facets["facility"][0]["value"] == "kwalliso-15"
    assert result.facets["facility"][0]["count"] >= 3
    only_1998 = _find(collection, admin, "Yodok", filters={"year": ["1998"]})
    assert _records(only_1998) == {filled["korean"]}
    filters = {"facility": ["Yodok concentration camp"], "type": ["torture"]}
    assert _records(_find(collection, admin, "", filters=filters, kinds=["violation"])) == {filled["violation"]}
    assert filled["english"] in _records(_find(collection, admin, "", filters=filters, kinds=["passage"]))
    assert _find(collection, admin, "", filters={"decade": ["1990"]}).total >= 3


def test_unknown_facets_values_kinds_and_sorts_are_refused_in_one_line(
    collection: Collection, admin: Actor, filled: dict[str, str]
) -> None:
    for options, message in (
        ({"facets": ["colour"]}, "unknown facet 'colour'"),
        ({"filters": {"type": ["kwalliso-99"]}}, "unknown type 'kwalliso-99'"),
        ({"filters": {"facility": ["Atlantis"]}}, "unknown facility 'Atlantis'"),
        ({"kinds": ["spaceship"]}, "unknown kind 'spaceship'"),
        ({"sort": "random"}, "unknown sort 'random'"),
        ({"limit": 0}, "limit must be between"),
    ):
        with pytest.raises(QueryError, match=message) as caught:
            _find(collection, admin, "Yodok", **options)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "query",
    [
        "x' OR 1=1; DROP TABLE records; --",
        'Yodok" OR "1"="1',
        "NEAR(Yodok beaten) terms:* ^Yodok {terms} : Yodok",
        "((((Yodok",
        "Yodok)))) AND OR NOT",
        "'; SELECT * FROM search_docs; --",
        "\\x00 \x00 Yodok",
        "😀 Yodok 🇰🇵",
    ],
)
def test_hostile_queries_are_answered_never_executed(
    collection: Collection, admin: Actor, filled: dict[str, str], query: str
) -> None:
    result = _find(collection, admin, query)
    assert result.total >= 0
    with collection.store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM records")).scalar_one() >= 5


def test_only_stop_words_too_long_or_too_short_a_prefix_get_a_clear_error(
    collection: Collection, admin: Actor, filled: dict[str, str]
) -> None:
    with pytest.raises(QueryError, match="only words too common"):
        _find(collection, admin, "the of and")
    with pytest.raises(QueryError, match="limit is 1000"):
        _find(collection, admin, "요덕 " * 2500)
    with pytest.raises(QueryError, match="at least 2 letters"):
        _find(collection, admin, "g*")
    notes = _find(collection, admin, 'the "gold mine').notes
    assert any("unclosed quote" in note for note in notes)
    assert any("too common" in note for note in notes)


def test_sort_by_date_and_stable_pages(collection: Collection, admin: Actor, filled: dict[str, str]) -> None:
    everything = _find(collection, admin, "", limit=100)
    assert everything.total == len(everything.hits) >= 8
    paged = [_find(collection, admin, "", limit=3, offset=o).hits for o in range(0, everything.total, 3)]
    assert [h.id for page in paged for h in page] == [h.id for h in everything.hits]
    dated = _find(collection, admin, "Yodok", sort="date", kinds=["passage"])
    # the passages that give a date come first, oldest first (1997 before 1998); undated ones last
    assert [h.record_id for h in dated.hits][:2] == [filled["english"], filled["korean"]]
    newest = _find(collection, admin, "Yodok", sort="-date", kinds=["passage"])
    assert [h.record_id for h in newest.hits][:2] == [filled["korean"], filled["english"]]


def test_the_index_follows_every_write(collection: Collection, editor: Actor, admin: Actor) -> None:
    person = collection.create(editor, "Person", {"names": ["Kim Chol-su"]})
    assert _records(_find(collection, admin, "김철수")) == {person.id}
    person = collection.update(editor, person.id, {"names": ["Pak Song-il"]}, expected_version=person.version)
    assert _find(collection, admin, "김철수").total == 0
    assert _records(_find(collection, admin, "박성일")) == {person.id}
    deleted = collection.delete(editor, person.id, expected_version=person.version)
    assert _find(collection, admin, "박성일").total == 0
    collection.restore(editor, person.id, expected_version=deleted.version)
    assert _records(_find(collection, admin, "박성일")) == {person.id}


def test_a_failed_write_leaves_no_documents(collection: Collection, editor: Actor, admin: Actor) -> None:
    with pytest.raises(RuntimeError), collection.batch():
        collection.create(editor, "Source", {"title": "t", "kind": "testimony", "text": "Chongori camp beatings."})
        raise RuntimeError("the import failed half-way")
    assert _find(collection, admin, "Chongori").total == 0


def test_citations_give_a_record_hit_its_source(
    collection: Collection, editor: Actor, admin: Actor, filled: dict[str, str]
) -> None:
    collection.cite(editor, filled["violation"], filled["english"], start=57, end=130)
    hit = next(h for h in _find(collection, admin, "고문", kinds=["violation"]).hits)
    assert hit.source_id == filled["english"]


def test_reindex_gives_the_same_answers(collection: Collection, admin: Actor, filled: dict[str, str]) -> None:
    queries = ["Yodeok", "Ri Yong Ho", "구타", "gold mine", "고문"]
    before = {q: sorted(h.id for h in _find(collection, admin, q).hits) for q in queries}
    assert collection.search_index is not None
    report = collection.search_index.reindex(admin, workers=1)
    assert report.records == 5 and report.documents >= 10
    assert {q: sorted(h.id for h in _find(collection, admin, q).hits) for q in queries} == before


def test_no_word_or_name_of_a_protected_text_is_stored_in_plaintext(
    collection: Collection, filled: dict[str, str]
) -> None:
    with collection.store.read() as conn:
        stored = [
            " ".join(str(value) for value in row)
            for table in ("search_docs", "search_facets", "search_prefixes")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        ]
    dump = "\n".join(stored).lower()
    tokens = set(dump.split())
    for word in ("리용호", "이용호", "요덕", "구타"):
        assert word not in dump
    for word in ("yodok", "yong", "ho", "lee", "beaten", "guards", "torture", "kwalliso-15", "1997", "kp-08"):
        assert word not in tokens  # (a random blind token may contain "yong" by chance, never be it)


def test_very_common_words_are_ranked_among_the_newest_matches_and_say_so(
    collection: Collection, editor: Actor, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [
        collection.create(
            editor, "Source", {"title": f"t{i}", "kind": "testimony", "text": "Chongori camp. " * (i + 1)}
        ).id
        for i in range(5)
    ]
    full = _find(collection, admin, "Chongori", kinds=["passage"])
    assert full.total == 5 and not any("most recently indexed" in note for note in full.notes)
    assert full.hits[0].record_id == ids[4]  # the most mentions: the best BM25 score
    monkeypatch.setattr("girok.search.searcher.RANK_WINDOW", 3)
    windowed = _find(collection, admin, "Chongori", kinds=["passage"], facets=["kind"])
    assert windowed.total == 5 and windowed.facets["kind"] == [{"value": "passage", "count": 3}]
    assert any("facet counts cover the 3 most recently indexed of the 5" in note for note in windowed.notes)
    assert {hit.record_id for hit in windowed.hits} == set(ids[2:])
    assert any("relevance ranks the 3 most recently indexed" in note for note in windowed.notes)
    assert len(_find(collection, admin, "Chongori", kinds=["passage"], sort="date").hits) == 5


def test_a_long_date_range_counts_for_its_decades_not_every_year(
    collection: Collection, editor: Actor, admin: Actor
) -> None:
    collection.create(editor, "Violation", {"type": "starvation", "date": "1994/1999"})
    collection.create(editor, "Violation", {"type": "starvation", "date": "1996/1998"})
    result = _find(collection, admin, "", filters={"type": ["starvation"]}, facets=["year", "decade"])
    assert result.facets["year"] == [{"value": v, "count": 1} for v in ("1996", "1997", "1998")]
    assert result.facets["decade"] == [{"value": "1990s", "count": 2}]


def test_the_words_of_a_name_must_stand_together(collection: Collection, editor: Actor, admin: Actor) -> None:
    together = collection.create(
        editor, "Source", {"title": "a", "kind": "testimony", "text": "Ri Yong-ho was taken."}
    ).id
    collection.create(editor, "Source", {"title": "b", "kind": "testimony", "text": "Ri Chol and Pak Yong-ho met."})
    assert _records(_find(collection, admin, "Ri Yong Ho", kinds=["passage"])) == {together}


def test_kept_counts_match_fresh_ones_and_follow_writes(
    collection: Collection, editor: Actor, filled: dict[str, str]
) -> None:
    counts = SearchCounts()
    options = {"facets": ["kind", "type", "facility"]}
    fresh = _find(collection, editor, "Yodok", **options)
    kept = _find(collection, editor, "Yodok", counts=counts, **options)
    again = _find(collection, editor, "Yodok", counts=counts, sort="-date", **options)
    assert (kept.total, kept.facets) == (fresh.total, fresh.facets) == (again.total, again.facets)
    assert _records(kept) == _records(fresh)
    # A write moves the audit head: the next search counts again and sees the new record.
    collection.create(editor, "Violation", {"type": "execution", "facility": "kwalliso-15", "date": "1998"})
    after = _find(collection, editor, "Yodok", counts=counts, **options)
    assert after.total == fresh.total + 1
    assert after.facets == _find(collection, editor, "Yodok", **options).facets
    # Another reader's clearance is another entry: a viewer does not get the editor's counts.
    viewer = Actor(name="vic", role="viewer", clearance="public")
    assert (
        _find(collection, viewer, "Yodok", counts=counts, **options).total
        == _find(collection, viewer, "Yodok", **options).total
    )
