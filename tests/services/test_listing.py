"""Filtered record lists and their facet counts, counted in the database, on both backends."""

from __future__ import annotations

import pytest

from girok.errors import ValidationError
from girok.services.actor import Actor
from girok.services.listing import FacetCache, Filters, list_records, summary
from girok.services.records import Collection


@pytest.fixture
def arranged(collection: Collection, editor: Actor) -> dict[str, str]:
    place_data = {"names": ["Hoeryong town"], "gazetteer": "hoeryong", "province": "KP-09"}
    place = collection.create(editor, "Place", place_data)
    victim = collection.create(editor, "Person", {"names": ["김영호"]}, protection="none")
    ids = {"place": place.id, "victim": victim.id}
    rows = [
        ("a", {"type": "arbitrary-detention", "facility": "kwalliso-15", "date": "1997-03"}, "internal"),
        ("b", {"type": "torture", "facility": "kwalliso-15", "date": "1997"}, "internal"),
        ("c", {"type": "torture", "place": place.id, "date": "1985", "victim": victim.id}, "internal"),
        ("d", {"type": "torture", "facility": "kwalliso-15", "date": "1998"}, "restricted"),
    ]
    for key, data, level in rows:
        ids[key] = collection.create(editor, "Violation", data, confidentiality=level).id
    return ids


def test_filters_and_counts_over_what_the_actor_may_see(collection: Collection, arranged: dict[str, str]) -> None:
    viewer = Actor(name="vic", role="viewer", clearance="internal")
    listing = list_records(collection, viewer, Filters(type="Violation"))
    assert listing.total == 3  # the restricted one is not counted for an internal reader
    assert [rec.id for rec in listing.records] == [arranged["c"], arranged["b"], arranged["a"]]  # newest first
    facets = listing.facets
    assert dict(facets["year"]) == {"1985": 1, "1997": 2}
    assert dict(facets["decade"]) == {"1980s": 1, "1990s": 2}
    assert dict(facets["violation_type"]) == {"torture": 2, "arbitrary-detention": 1}
    assert dict(facets["facility"]) == {"kwalliso-15": 2}
    assert dict(facets["province"]) == {"KP-08": 2, "KP-09": 1}  # via the facility, or via the Place
    assert dict(facets["status"]) == {"alleged": 3}
    assert dict(facets["type"])["Violation"] == 3 and dict(facets["type"])["Place"] == 1

    year = list_records(collection, viewer, Filters(type="Violation", year="1997"))
    assert {rec.id for rec in year.records} == {arranged["a"], arranged["b"]}
    assert dict(year.facets["year"]) == {"1985": 1, "1997": 2}  # a facet ignores its own filter
    assert dict(year.facets["violation_type"]) == {"torture": 1, "arbitrary-detention": 1}
    decade = list_records(collection, viewer, Filters(year="1980s"))
    assert [rec.id for rec in decade.records] == [arranged["c"]]
    province = list_records(collection, viewer, Filters(province="KP-09", type="Violation"))
    assert [rec.id for rec in province.records] == [arranged["c"]]
    assert dict(province.facets["province"]) == {"KP-08": 2, "KP-09": 1}
    place = list_records(collection, viewer, Filters(place=arranged["place"]))
    assert [rec.id for rec in place.records] == [arranged["c"]]
    kind = list_records(collection, viewer, Filters(violation_type="torture", facility="kwalliso-15"))
    assert [rec.id for rec in kind.records] == [arranged["b"]]
    admin = Actor(name="root", role="admin", clearance="restricted")
    assert list_records(collection, admin, Filters(type="Violation")).total == 4


def test_pages_are_stable_and_complete(collection: Collection, arranged: dict[str, str]) -> None:
    admin = Actor(name="root", role="admin", clearance="restricted")
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = list_records(collection, admin, Filters(), limit=2, offset=offset, facets=False)
        seen += [rec.id for rec in page.records]
        offset = page.next_offset
    assert len(seen) == len(set(seen)) == 6


def test_summary_names_type_victim_date_and_place(collection: Collection, arranged: dict[str, str]) -> None:
    admin = Actor(name="root", role="admin", clearance="restricted")
    page = list_records(collection, admin, Filters(type="Violation", place=arranged["place"]))
    line = summary(page.records[0], page.linked, "en")
    assert line == "Torture · 김영호 · 1985 · Hoeryong town"
    page = list_records(collection, admin, Filters(facility="kwalliso-15", year="1998"))
    assert "Yodok Political Prison Camp No. 15" in summary(page.records[0], page.linked, "en")
    assert "요덕 제15호 관리소" in summary(page.records[0], page.linked, "ko")


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(type="Nothing"), "type: unknown record type"),
        (Filters(year="19x7"), "year: expected a year"),
        (Filters(facility="nowhere"), "facility: unknown gazetteer id"),
        (Filters(province="kwalliso-15"), "province: expected a province id"),
        (Filters(place="../etc"), "place: expected a Place record id"),
        (Filters(violation_type="beating"), "violation_type: unknown violation type"),
    ],
)
def test_bad_filters_get_one_line(collection: Collection, filters: Filters, message: str) -> None:
    admin = Actor(name="root", role="admin", clearance="restricted")
    with pytest.raises(ValidationError, match=message):
        list_records(collection, admin, filters)


def test_facet_counts_are_kept_until_the_next_write(collection: Collection, editor: Actor) -> None:
    cache = FacetCache()
    collection.create(editor, "Violation", {"type": "torture", "date": "1997"})
    first = list_records(collection, editor, Filters(type="Violation"), facet_cache=cache).facets
    assert list_records(collection, editor, Filters(type="Violation"), facet_cache=cache).facets is first
    collection.create(editor, "Violation", {"type": "execution", "date": "1998"})
    after = list_records(collection, editor, Filters(type="Violation"), facet_cache=cache).facets
    assert after is not first
    assert dict(after["violation_type"]) == {"torture": 1, "execution": 1}
    assert after == list_records(collection, editor, Filters(type="Violation")).facets  # the same as uncached
