"""Access rules inside the query: no hit, count, facet or snippet from above the reader's clearance."""

from __future__ import annotations

import pytest

from girok.search import search
from girok.services.actor import LEVELS, Actor, level_rank
from girok.services.records import Collection

TEXT = "Kim Young-chul was beaten at the Chongori camp in 2001. 김영철은 전거리 교화소에서 맞았다."


@pytest.fixture
def spread(collection: Collection, editor: Actor) -> dict[tuple[str, str], str]:
    """One source per (confidentiality, protection), all saying the same thing."""
    ids = {}
    for confidentiality in LEVELS:
        for protection in ("none", "protected", "high"):
            record = collection.create(
                editor,
                "Source",
                {"title": f"{confidentiality}/{protection}", "kind": "testimony", "text": TEXT},
                protection=protection,
                confidentiality=confidentiality,
            )
            ids[(confidentiality, protection)] = record.id
    return ids


def _readable(clearance: str, confidentiality: str, protection: str) -> bool:
    """May a reader see this source's text: its confidentiality, and its protection's clearance."""
    needed = {"none": "public", "protected": "confidential", "high": "restricted"}[protection]
    return level_rank(clearance) >= max(level_rank(confidentiality), level_rank(needed))


@pytest.mark.parametrize("clearance", LEVELS)
def test_passages_counts_and_facets_stop_at_the_clearance(
    collection: Collection, spread: dict[tuple[str, str], str], clearance: str
) -> None:
    reader = Actor(name="reader", role="viewer", clearance=clearance)
    assert collection.search_index is not None
    for query in ("Chongori", "김영철", "Kim Yong Chol", "beaten", "교화소"):
        result = search(
            collection.search_index, reader, query, kinds=["passage"], facets=["confidentiality", "year"], limit=100
        )
        expected = {sid for (conf, prot), sid in spread.items() if _readable(clearance, conf, prot)}
        assert {hit.record_id for hit in result.hits} == expected, query
        assert result.total == len(expected)
        levels = {row["value"]: row["count"] for row in result.facets["confidentiality"]}
        assert all(level_rank(level) <= level_rank(clearance) for level in levels)
        assert sum(levels.values()) == len(expected)
        assert sum(row["count"] for row in result.facets["year"]) == len(expected)


@pytest.mark.parametrize("clearance", LEVELS)
def test_a_protected_persons_name_is_found_only_by_readers_cleared_for_it(
    collection: Collection, editor: Actor, clearance: str
) -> None:
    person = collection.create(
        editor, "Person", {"names": ["Kim Young-chul"], "occupation": "miner"}, protection="protected"
    )
    reader = Actor(name="reader", role="viewer", clearance=clearance)
    assert collection.search_index is not None
    by_name = search(collection.search_index, reader, "김영철")
    by_job = search(collection.search_index, reader, "miner")
    cleared = level_rank(clearance) >= level_rank("confidential")
    sees_record = level_rank(clearance) >= level_rank("internal")
    assert {h.record_id for h in by_name.hits} == ({person.id} if cleared else set())
    assert {h.record_id for h in by_job.hits} == ({person.id} if sees_record else set())
    for hit in by_job.hits:  # one hit per record, and without the name unless cleared
        assert ("Kim Young-chul" in hit.snippet) == cleared
    assert by_job.total == len(by_job.hits)
