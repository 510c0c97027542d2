"""The search page and GET /api/search: hits, facets, marks (escaped), pages, and one-line errors."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection

HIT = re.compile(r'<li class="hit card" data-kind="([^"]+)" data-id="([^"]+)">\s*<a class="hit-title" href="([^"]+)"')


def _hits(page: str) -> list[tuple[str, str, str]]:
    return [(kind, ident, html.unescape(href)) for kind, ident, href in HIT.findall(page)]


def _facet_links(page: str, facet: str) -> dict[str, tuple[str, int]]:
    """value -> (href, count) of one facet's links in the sidebar."""
    section = page.split(f'data-facet="{facet}"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'<a href="([^"]+)"[^>]*data-value="([^"]+)">.*?<span class="badge count">(\d+)</span>', section)
    return {value: (html.unescape(href), int(n)) for href, value, n in found}


def test_results_link_to_passages_and_records(demo: dict[str, int], sign_in: Callable[[str], WebClient]) -> None:
    # The demo's testimonies are protected: their passages are found by readers cleared for confidential.
    page = sign_in("reviewer").get("/search", params={"q": "Onsong"})
    assert page.status_code == 200
    hits = _hits(page.text)
    assert hits
    kinds = {kind for kind, _, _ in hits}
    assert "passage" in kinds and kinds - {"passage"}
    for kind, ident, href in hits:
        if kind == "passage":
            source, span = ident.split("@")
            start, end = span.split("-")
            assert href == f"/sources/{source}?start={start}&end={end}"
        else:
            assert href == f"/records/{ident}"
    assert "<mark>" in page.text


def test_korean_and_romanized_names_give_the_same_hits(
    demo: dict[str, int], sign_in: Callable[[str], WebClient]
) -> None:
    client = sign_in("viewer")
    korean = client.get("/api/search", params={"q": "요덕"}).json()
    latin = client.get("/api/search", params={"q": "Yodok"}).json()
    assert korean["total"] > 0
    assert [h["id"] for h in korean["hits"]] == [h["id"] for h in latin["hits"]]
    page_ids = [ident for _, ident, _ in _hits(client.get("/search", params={"q": "요덕"}).text)]
    assert page_ids == [h["id"] for h in latin["hits"]]


def test_facet_counts_and_a_facet_link_narrows_then_widens(
    demo: dict[str, int], sign_in: Callable[[str], WebClient]
) -> None:
    client = sign_in("reviewer")
    page = client.get("/search", params={"q": "Onsong"})
    all_hits = _hits(page.text)
    kinds = _facet_links(page.text, "kind")
    assert kinds["passage"][1] == sum(1 for kind, _, _ in all_hits if kind == "passage")
    assert 'data-facet="province"' in page.text and 'data-facet="facility"' in page.text
    href, count = kinds["place"]
    assert parse_qs(urlsplit(href).query)["facet"] == ["kind=place"]
    narrowed = client.get(href)
    hits = _hits(narrowed.text)
    assert len(hits) == count < len(all_hits)
    assert {kind for kind, _, _ in hits} == {"place"}
    active = _facet_links(narrowed.text, "kind")["place"][0]  # the active link takes the filter off again
    assert "facet" not in parse_qs(urlsplit(active).query)
    assert len(_hits(client.get(active).text)) == len(all_hits)


def test_highlights_are_marked_and_the_text_escaped(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    web_collection.create(
        operator, "Event", {"title": "<script>alert('x')</script> beating at the pier", "description": "a & b"}
    )
    client = sign_in("viewer")
    page = client.get("/search", params={"q": "beating"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(" in page.text
    assert re.search(r"<mark>beating</mark>", page.text)
    api = client.get("/api/search", params={"q": "beating"}).json()
    hit = api["hits"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "beating"


def test_a_bad_query_gives_one_line_and_no_internals(demo: dict[str, int], sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    bad = [
        ({"q": "the of"}, "too common"),
        ({"q": "Onsong", "facet": "facility=Nowhere Camp"}, "unknown facility"),
        ({"q": "Onsong", "facet": "colour=red"}, "unknown facet"),
        ({"q": "Onsong", "sort": "sideways"}, "unknown sort"),
        ({"q": "Onsong", "kind": "spaceship"}, "unknown kind"),
        ({"q": "Onsong", "facet": "type="}, "give a value"),
    ]
    for params, words in bad:
        page = client.get("/search", params=params)
        assert page.status_code == 422, params
        message = re.search(r'<p class="error" role="alert" id="search-error">([^<]*)</p>', page.text)
        assert message is not None and words in html.unescape(message.group(1)), params
        assert "\n" not in message.group(1) and "Traceback" not in page.text
        api = client.get("/api/search", params=params)
        assert api.status_code == 422
        assert words in api.json()["error"]["message"] and "Traceback" not in api.text
    assert client.get("/search", params={"q": "x", "offset": "-1"}).status_code == 422


def test_api_shape(demo: dict[str, int], sign_in: Callable[[str], WebClient]) -> None:
    body = sign_in("viewer").get("/api/search", params={"q": "Onsong", "facet": ["kind", "province=KP-09"]}).json()
    assert set(body) == {"total", "hits", "facets", "notes"}
    assert set(body["facets"]) == {"kind", "province"}
    assert body["facets"]["province"] == [{"value": "KP-09", "count": body["total"]}]
    assert set(body["hits"][0]) == {
        "kind", "id", "source_id", "score", "snippet", "highlights", "record_id", "start", "end", "page"
    }  # fmt: skip
    whole = sign_in("viewer").get("/api/search", params={"q": "Onsong"}).json()
    limited = sign_in("viewer").get("/api/search", params={"q": "Onsong", "limit": 2, "offset": 1}).json()
    assert [h["id"] for h in limited["hits"]] == [h["id"] for h in whole["hits"][1:3]]


def test_pages_of_results(demo: dict[str, int], sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    first = client.get("/search", params={"facet": "kind=place"})
    assert first.status_code == 200
    ids = [ident for _, ident, _ in _hits(first.text)]
    assert len(ids) == 20
    following = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert following is not None
    second = client.get(html.unescape(following.group(1)))
    more = [ident for _, ident, _ in _hits(second.text)]
    assert more and not set(more) & set(ids)
    assert 'rel="prev"' in second.text
