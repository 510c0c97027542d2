"""The persons area: the list, a person's page with the family graph (SVG), and its JSON."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection


@pytest.fixture
def family(web_collection: Collection, operator: Actor) -> dict[str, str]:
    def person(name: str, protection: str = "none") -> str:
        return web_collection.create(operator, "Person", {"names": [name]}, protection=protection).id

    ids = {
        "grandmother": person("Choe Grandmother"),
        "father": person("Kim Father", protection="protected"),
        "me": person("Kim Witness"),
        "son": person("Kim Son"),
        "wife": person("Ri Wife"),
    }
    web_collection.link(operator, "parent-of", ids["grandmother"], ids["father"])
    web_collection.link(operator, "parent-of", ids["father"], ids["me"])
    web_collection.link(operator, "parent-of", ids["me"], ids["son"])
    web_collection.link(operator, "spouse-of", ids["me"], ids["wife"])
    return ids


def test_family_graph_spans_three_generations(sign_in: Callable[[str], WebClient], family: dict[str, str]) -> None:
    client = sign_in("editor")  # confidential clearance: reads protected names
    page = client.get(f"/persons/{family['me']}")
    assert page.status_code == 200
    svg = re.search(r"<svg class=\"family-graph\".*?</svg>", page.text, re.S).group(0)  # type: ignore[union-attr]
    assert "style=" not in svg  # the CSP forbids inline styles: everything comes from persons.css
    nodes = dict(
        re.findall(r'<a href="/persons/(per_\w+)" class="node[^"]*" data-id="\w+" data-generation="(-?\d)"', svg)
    )
    assert nodes == {family["grandmother"]: "-2", family["father"]: "-1", family["me"]: "0", family["son"]: "1",
                     family["wife"]: "0"}  # fmt: skip
    assert "Kim Father" in svg and "Choe Grandmother" in svg
    assert svg.count('class="edge edge-parent-of"') == 3 and svg.count('class="edge edge-spouse-of"') == 1
    data = client.get(f"/api/persons/{family['me']}/family").json()
    assert {n["id"]: n["generation"] for n in data["nodes"]} == {k: int(v) for k, v in nodes.items()}
    assert {(e["type"], e["source"], e["target"]) for e in data["edges"]} >= {
        ("parent-of", family["father"], family["me"])
    }


def test_low_clearance_sees_protected_relatives_as_protected(
    sign_in: Callable[[str], WebClient], family: dict[str, str]
) -> None:
    client = sign_in("viewer")  # internal clearance
    page = client.get(f"/persons/{family['me']}")
    assert page.status_code == 200
    assert "Kim Father" not in page.text and "[protected]" in page.text
    assert 'class="node redacted"' in page.text
    data = client.get(f"/api/persons/{family['me']}/family").json()
    father = next(n for n in data["nodes"] if n["id"] == family["father"])
    assert father["label"] == "[protected]" and father["redacted"]
    listing = client.get("/persons")
    assert "Kim Witness" in listing.text and "Kim Father" not in listing.text and "[protected]" in listing.text
    assert client.get(f"/persons/{family['father']}").status_code == 200  # the page exists, the name does not show


def test_persons_errors(sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor) -> None:
    org = web_collection.create(operator, "Organisation", {"names": ["Unit 1"]}).id
    client = sign_in("viewer")
    assert client.get(f"/persons/{org}").status_code == 422
    assert client.get("/persons/per_nothing0000").status_code == 404
    assert client.get("/api/persons/per_nothing0000/family").status_code == 404
    assert client.get(f"/api/persons/{org}/family?depth=9").status_code == 422


def test_demo_persons_list_and_pages(sign_in: Callable[[str], WebClient], demo: dict[str, int]) -> None:
    client = sign_in("admin")
    listing = client.get("/persons")
    assert listing.status_code == 200
    ids = re.findall(r'<a href="/persons/(per_\w+)">', listing.text)
    assert ids
    assert all(client.get(f"/persons/{pid}").status_code == 200 for pid in ids[:5])
