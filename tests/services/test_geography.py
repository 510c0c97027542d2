"""The sites of the map: each violation counted once at its most precise site, within the reader's clearance."""

from __future__ import annotations

from girok.services.actor import Actor
from girok.services.geography import sites
from girok.services.records import Collection

VIEWER = Actor(name="vic", role="viewer", clearance="internal")


def _victim(collection: Collection, editor: Actor) -> str:
    return collection.create(editor, "Person", {"names": ["김철수"]}).id


def test_violations_are_counted_at_their_facility_with_the_gazetteers_first_pin(
    collection: Collection, editor: Actor
) -> None:
    victim = _victim(collection, editor)
    for _ in range(3):
        collection.create(editor, "Violation", {"type": "torture", "victim": victim, "facility": "kwalliso-15"})
    found = {site.id: site for site in sites(collection, editor).sites}
    yodok = found["kwalliso-15"]
    assert yodok.kind == "facility" and yodok.violations == 3 and yodok.type == "kwalliso"
    # The gazetteer keeps two pins for Yodok side by side; the first is drawn and the count of claims is said.
    assert yodok.coordinates_from == "gazetteer" and yodok.claims == 2
    assert yodok.point is not None and (yodok.point.lat, yodok.point.lon) == (39.6743, 126.851)
    assert yodok.href == "/records?type=Violation&facility=kwalliso-15"
    assert yodok.province == "KP-08"
    assert sites(collection, editor, "ko").sites[0].name == "요덕 제15호 관리소"


def test_a_place_standing_for_a_facility_gives_its_coordinates_and_is_drawn_once(
    collection: Collection, editor: Actor
) -> None:
    victim = _victim(collection, editor)
    camp = collection.create(
        editor,
        "Place",
        {"names": ["Yodok camp", "요덕수용소"], "gazetteer": "kwalliso-15", "coordinates": {"lat": 39.7, "lon": 126.9}},
    ).id
    collection.create(
        editor, "Violation", {"type": "torture", "victim": victim, "facility": "kwalliso-15", "place": camp}
    )
    collection.create(editor, "Violation", {"type": "forced-labour", "victim": victim, "place": camp})
    result = sites(collection, editor)
    assert [s.id for s in result.sites] == ["kwalliso-15"]
    site = result.sites[0]
    assert site.violations == 2 and site.place_id == camp
    assert site.coordinates_from == "record" and site.point is not None and site.point.lat == 39.7


def test_places_with_and_without_coordinates(collection: Collection, editor: Actor) -> None:
    victim = _victim(collection, editor)
    city = collection.create(editor, "Place", {"names": ["Hyesan", "혜산시"], "gazetteer": "hyesan"}).id
    pinned = collection.create(editor, "Place", {"names": ["A farm", "어느 농장"], "coordinates": "40.1, 127.2"}).id
    collection.create(editor, "Place", {"names": ["Nowhere in particular"]})
    collection.create(editor, "Violation", {"type": "torture", "victim": victim, "place": city})
    collection.create(editor, "Violation", {"type": "torture", "victim": victim})
    result = sites(collection, editor, "ko")
    by_id = {s.id: s for s in result.sites}
    assert set(by_id) == {city, pinned}  # a place with neither coordinates nor violations is left out
    assert by_id[city].violations == 1 and by_id[city].point is None and by_id[city].name == "혜산시"
    assert by_id[pinned].violations == 0 and by_id[pinned].name == "어느 농장"
    assert by_id[city].href == f"/records?type=Violation&place={city}"
    assert result.unplaced == 1
    assert [s.id for s in result.mapped] == [pinned] and [s.id for s in result.unmapped] == [city]
    assert result.by_province() == {"KP-10": 1}


def test_a_reader_counts_only_what_their_clearance_shows(collection: Collection, editor: Actor) -> None:
    victim = _victim(collection, editor)
    collection.create(editor, "Violation", {"type": "torture", "victim": victim, "facility": "kwalliso-16"})
    collection.create(
        editor,
        "Violation",
        {"type": "torture", "victim": victim, "facility": "kwalliso-16"},
        confidentiality="confidential",
    )
    gone = collection.create(editor, "Violation", {"type": "torture", "victim": victim, "facility": "kwalliso-16"})
    collection.delete(editor, gone.id, expected_version=1)
    assert {s.id: s.violations for s in sites(collection, editor).sites} == {"kwalliso-16": 2}
    assert {s.id: s.violations for s in sites(collection, VIEWER).sites} == {"kwalliso-16": 1}


def test_geojson_is_lon_lat_points_of_the_mapped_sites(collection: Collection, editor: Actor) -> None:
    victim = _victim(collection, editor)
    collection.create(editor, "Violation", {"type": "torture", "victim": victim, "facility": "kwalliso-22"})
    body = sites(collection, editor).geojson()
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [129.9355, 42.538]}
    assert feature["properties"]["claims"] == 3 and feature["properties"]["violations"] == 1
