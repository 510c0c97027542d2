"""The map: GeoJSON of the sites of violations (counted within the reader's clearance) and the page around it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection
from girok.web.app import STATIC

PROVINCES = json.loads((STATIC / "vendor" / "kp-provinces.geojson").read_text(encoding="utf-8"))


def _polygons(geometry: dict[str, Any]) -> Iterator[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    else:
        yield from geometry["coordinates"]


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def province_at(lon: float, lat: float) -> str | None:
    """The province polygon of Natural Earth that contains the point (ray casting), or None outside them all."""
    for feature in PROVINCES["features"]:
        for polygon in _polygons(feature["geometry"]):
            if _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, hole) for hole in polygon[1:]):
                return str(feature["properties"]["id"])
    return None


def _arrange(collection: Collection, operator: Actor) -> None:
    victim = collection.create(operator, "Person", {"names": ["박영수"]}).id
    for level in ("internal", "internal", "confidential"):
        collection.create(
            operator,
            "Violation",
            {"type": "torture", "victim": victim, "facility": "kwalliso-15"},
            confidentiality=level,
        )
    collection.create(operator, "Violation", {"type": "forced-labour", "victim": victim, "facility": "kwalliso-16"})


def _features(client: WebClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/map/places")
    assert response.status_code == 200
    return {f["id"]: f for f in response.json()["features"]}


def test_counts_match_the_violations_of_each_facility(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    _arrange(web_collection, operator)
    features = _features(sign_in("reviewer"))  # cleared for confidential
    assert {key: f["properties"]["violations"] for key, f in features.items()} == {"kwalliso-15": 3, "kwalliso-16": 1}
    yodok = features["kwalliso-15"]["properties"]
    assert yodok["href"] == "/records?type=Violation&facility=kwalliso-15"
    assert yodok["kind"] == "facility" and yodok["type"] == "kwalliso" and yodok["type_label"]
    assert yodok["coordinates_from"] == "gazetteer" and yodok["claims"] == 2


def test_an_internal_viewer_does_not_count_confidential_violations(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    _arrange(web_collection, operator)
    features = _features(sign_in("viewer"))  # clearance internal
    assert features["kwalliso-15"]["properties"]["violations"] == 2
    page = sign_in("viewer").get("/map")
    assert re.search(r'data-site="kwalliso-15"[^>]*data-violations="2"', page.text)


def test_geojson_is_valid_and_every_point_lies_in_its_province(
    demo: dict[str, int], sign_in: Callable[[str], WebClient]
) -> None:
    body = sign_in("admin").get("/api/map/places").json()
    assert body["type"] == "FeatureCollection" and body["features"]
    assert sum(f["properties"]["violations"] for f in body["features"]) >= 1
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(feature["properties"]) >= {"id", "name", "kind", "violations", "href"}
        assert province_at(lon, lat) == feature["properties"]["province"], feature["id"]
    assert sum(body["provinces"].values()) + body["unplaced"] == demo["Violation"]


def test_the_page_has_the_map_hooks_and_a_table_of_the_same_places(
    demo: dict[str, int], sign_in: Callable[[str], WebClient]
) -> None:
    client = sign_in("viewer")
    page = client.get("/map")
    assert page.status_code == 200
    html = page.text
    assert 'id="map"' in html and 'data-places="/api/map/places"' in html
    assert 'data-provinces="/static/vendor/kp-provinces.geojson"' in html
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html and '<script src="/static/map.js">' in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline code or style
    rows = re.findall(r'<tr data-site="([^"]+)" data-kind="(\w+)" data-violations="(\d+)"', html)
    api = _features(client)
    mapped = {site: int(n) for site, _, n in rows if site in api}
    assert mapped == {key: f["properties"]["violations"] for key, f in api.items()}
    assert "/records?type=Violation&amp;facility=" in html
    script = client.get("/static/map.js").text
    assert "tileLayer" not in script and "http" not in script  # no third-party map service is asked


def test_names_follow_the_readers_language(demo: dict[str, int], sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    client.post("/language", data={"lang": "ko", "next": "/map", "csrf": client.csrf})
    names = {f["properties"]["name"] for f in _features(client).values()}
    assert any(re.search(r"[\uac00-\ud7a3]", name) for name in names)
    assert "인권침해가 기록된 곳" in client.get("/map").text


def test_the_map_needs_sign_in(anonymous: WebClient) -> None:
    assert anonymous.get("/api/map/places").status_code == 401
    assert anonymous.get("/map").status_code == 303
