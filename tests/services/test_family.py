"""The family graph: relatives through family relations, three generations, by generation, redacted."""

from __future__ import annotations

import pytest

from girok.errors import NotFoundError, ValidationError
from girok.services.actor import Actor
from girok.services.family import NODE_HEIGHT, family_graph
from girok.services.protection import REDACTED
from girok.services.records import Collection


@pytest.fixture
def family(collection: Collection, editor: Actor) -> dict[str, str]:
    def person(name: str, protection: str = "none", level: str = "internal") -> str:
        return collection.create(editor, "Person", {"names": [name]}, protection=protection, confidentiality=level).id

    ids = {
        "grandfather": person("Kim Il-man"),
        "father": person("Kim Yong-ho", protection="protected"),
        "mother": person("Pak Sun-hui"),
        "me": person("Kim Chol"),
        "sister": person("Kim Mi-ok"),
        "son": person("Kim Jun"),
        "hidden": person("Kim Secret", level="restricted"),
        "colleague": person("Ri Chang"),
        "great-grandfather": person("Kim Old"),
    }
    link = collection.link
    link(editor, "parent-of", ids["great-grandfather"], ids["grandfather"])
    link(editor, "parent-of", ids["grandfather"], ids["father"])
    link(editor, "parent-of", ids["father"], ids["me"])
    link(editor, "spouse-of", ids["mother"], ids["father"])
    link(editor, "sibling-of", ids["me"], ids["sister"])
    link(editor, "parent-of", ids["me"], ids["son"])
    link(editor, "parent-of", ids["me"], ids["hidden"], confidentiality="internal")
    org = collection.create(editor, "Organisation", {"names": ["Unit 7"]})
    link(editor, "member-of", ids["me"], org.id)  # not family: not followed
    link(editor, "relative-of", ids["son"], ids["colleague"])  # three steps away from the father
    return ids


def test_three_generations_laid_out_by_generation(collection: Collection, family: dict[str, str]) -> None:
    viewer = Actor(name="vic", role="viewer", clearance="confidential")
    graph = family_graph(collection, viewer, family["father"])
    by_id = {node.id: node for node in graph.nodes}
    name = {node.id: node.label for node in graph.nodes}
    generations = {key: by_id[pid].generation for key, pid in family.items() if pid in by_id}
    assert generations == {
        "grandfather": -1,
        "great-grandfather": -2,
        "father": 0,
        "mother": 0,
        "me": 1,
        "sister": 1,
        "son": 2,
    }  # the colleague is 3 steps away, the restricted person invisible to this reader
    assert name[family["father"]] == "Kim Yong-ho" and by_id[family["father"]].root
    rows = sorted({node.y for node in graph.nodes})
    assert len(rows) == 5 and by_id[family["great-grandfather"]].y == rows[0] and by_id[family["son"]].y == rows[-1]
    assert by_id[family["father"]].y == by_id[family["mother"]].y
    assert all(0 <= node.x <= graph.width and node.y + NODE_HEIGHT <= graph.height for node in graph.nodes)
    kinds = sorted(edge.type for edge in graph.edges)
    assert kinds == ["parent-of", "parent-of", "parent-of", "parent-of", "sibling-of", "spouse-of"]
    assert all(edge.path.startswith("M") for edge in graph.edges)
    assert set(graph.to_dict()) == {"root", "nodes", "edges", "width", "height"}


def test_names_are_redacted_for_readers_not_cleared(collection: Collection, family: dict[str, str]) -> None:
    low = Actor(name="low", role="viewer", clearance="internal")
    graph = family_graph(collection, low, family["me"], depth=1)
    father = next(node for node in graph.nodes if node.id == family["father"])
    assert father.label == REDACTED and father.redacted
    assert "Kim Yong-ho" not in str(graph.to_dict())
    assert {node.label for node in graph.nodes} >= {"Kim Chol", "Kim Mi-ok", "Kim Jun"}


def test_bad_requests(collection: Collection, family: dict[str, str], editor: Actor) -> None:
    low = Actor(name="low", role="viewer", clearance="internal")
    with pytest.raises(NotFoundError):
        family_graph(collection, low, family["hidden"])
    org = collection.create(editor, "Organisation", {"names": ["Unit 8"]})
    with pytest.raises(ValidationError, match="not a Person"):
        family_graph(collection, low, org.id)
    with pytest.raises(ValidationError, match="depth"):
        family_graph(collection, low, family["me"], depth=9)
