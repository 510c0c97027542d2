"""Images: size, format and the EXIF facts that matter as evidence (when, where, with what camera).

:func:`image_metadata` returns plain JSON-friendly values, only those the file has:

- ``width``, ``height`` (pixels), ``format`` (``png``, ``jpeg``, ``tiff``, ``gif``, ``webp``: the names
  sniffing uses), ``frames`` when there is more than one (multi-page TIFF scans, animated GIF);
- ``taken``: EXIF DateTimeOriginal as ISO 8601 (``1997-03-02T14:05:09``, with ``+09:00`` when the
  camera wrote OffsetTimeOriginal); blank or zero dates ("0000:00:00 00:00:00") are left out;
- ``latitude``, ``longitude``: EXIF GPS as signed decimal degrees (S and W negative), rounded to 7
  places (about 1 cm); ``altitude`` in metres (below sea level negative); out-of-range or undefined
  values (a zero denominator) are left out;
- ``camera_make``, ``camera_model``.

Only the formats Girok accepts are opened (:data:`FORMATS`), so Pillow never hands a file to one of its
riskier plugins (EPS would start Ghostscript). Hostile files: an image of more than :data:`MAX_PIXELS`
pixels is refused before any pixel is decoded (``"image too large: ..."``), as is anything Pillow
itself flags as a decompression bomb; a file Pillow cannot open or fully decode (truncated, garbage)
is ``"damaged image"``. The pixels are decoded once so that a truncated photo is found at ingest, not
later; EXIF that does not parse is simply absent (the image itself is still good).

:func:`open_image` is the same guarded opening, for OCR.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

from girok.ingest.readers.base import ReaderError

log = logging.getLogger(__name__)

#: Pillow format names opened here; every other plugin is out of reach.
FORMATS = ("PNG", "JPEG", "TIFF", "GIF", "WEBP")
#: Sniffed format names of images (see :mod:`girok.ingest.readers.sniff`).
IMAGE_FORMATS = frozenset({"png", "jpeg", "tiff", "gif", "webp"})
#: Largest image decoded: 120 megapixels (a 108-megapixel phone photo passes; decoded as RGB that is
#: about 360 MB). Below Pillow's own hard limit (twice ``Image.MAX_IMAGE_PIXELS``), which stays as a
#: second line of defence and is never changed here (it is process-wide).
MAX_PIXELS = 120_000_000
DAMAGED = "damaged image"

_IFD0 = {"camera_make": ExifTags.Base.Make, "camera_model": ExifTags.Base.Model}


def _too_large(detail: str = "") -> ReaderError:
    return ReaderError(f"image too large: {detail}over the {MAX_PIXELS // 1_000_000}-megapixel limit")


def open_image(data: bytes) -> Image.Image:
    """The image in ``data``, opened lazily (header only) after the size check; ReaderError otherwise."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise _too_large() from None
    except Exception:  # Pillow's plugins raise many kinds of errors on damaged input
        raise ReaderError(DAMAGED) from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ReaderError(DAMAGED)
    if width * height > MAX_PIXELS:
        raise _too_large(f"{width}×{height} pixels, ")
    return image


def load(image: Image.Image) -> None:
    """Decode the current frame's pixels; ReaderError for a truncated or damaged image."""
    try:
        image.load()
    except Image.DecompressionBombError:
        raise _too_large() from None
    except Exception:
        raise ReaderError(DAMAGED) from None


def frame_count(image: Image.Image) -> int:
    """Frames (pages of a TIFF, frames of a GIF): 1 for single-frame formats; ReaderError if damaged."""
    try:
        frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:
        raise _too_large() from None
    except Exception:
        raise ReaderError(DAMAGED) from None
    return frames if isinstance(frames, int) and frames > 0 else 1


def _text(raw: Any) -> str | None:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        return None
    text = raw.replace("\x00", "").strip()
    return text or None


def _taken(exif_ifd: Mapping[int, Any]) -> str | None:
    raw = _text(exif_ifd.get(ExifTags.Base.DateTimeOriginal))
    if raw is None:
        return None
    try:
        moment = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = _text(exif_ifd.get(ExifTags.Base.OffsetTimeOriginal))
    iso = moment.isoformat()
    if offset and len(offset) == 6 and offset[0] in "+-" and offset[3] == ":":
        try:
            datetime.fromisoformat(iso + offset)
        except ValueError:
            return iso
        return iso + offset
    return iso


def _number(raw: Any) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def _degrees(raw: Any, ref: Any, negative: str, bound: float) -> float | None:
    if not isinstance(raw, tuple | list) or not 1 <= len(raw) <= 3:
        return None
    parts = [_number(part) for part in raw]
    if any(part is None or part < 0 for part in parts):
        return None
    value = sum(part / 60**i for i, part in enumerate(p for p in parts if p is not None))
    if (_text(ref) or "").upper().startswith(negative):
        value = -value
    return round(value, 7) if abs(value) <= bound else None


def _gps(gps_ifd: Mapping[int, Any]) -> dict[str, float]:
    tags = ExifTags.GPS
    found: dict[str, float] = {}
    latitude = _degrees(gps_ifd.get(tags.GPSLatitude), gps_ifd.get(tags.GPSLatitudeRef), "S", 90)
    longitude = _degrees(gps_ifd.get(tags.GPSLongitude), gps_ifd.get(tags.GPSLongitudeRef), "W", 180)
    if latitude is None or longitude is None:
        return found
    found["latitude"] = latitude
    found["longitude"] = longitude
    altitude = _number(gps_ifd.get(tags.GPSAltitude))
    if altitude is not None:
        below = gps_ifd.get(tags.GPSAltitudeRef) in (1, b"\x01")
        found["altitude"] = round(-altitude if below else altitude, 2)
    return found


def _exif(image: Image.Image) -> dict[str, object]:
    found: dict[str, object] = {}
    try:
        exif = image.getexif()
        for key, tag in _IFD0.items():
            value = _text(exif.get(tag))
            if value:
                found[key] = value
        taken = _taken(exif.get_ifd(ExifTags.IFD.Exif))
        if taken:
            found["taken"] = taken
        found.update(_gps(exif.get_ifd(ExifTags.IFD.GPSInfo)))
    except Exception:  # damaged EXIF: the image is still good, its EXIF is just not there
        log.info("unreadable EXIF", exc_info=True)
    return found


def image_metadata(data: bytes) -> dict[str, object]:
    """Width, height, format, frames, EXIF time, GPS position and camera of an image (see the module)."""
    image = open_image(data)
    with image:
        width, height = image.size
        metadata: dict[str, object] = {"width": width, "height": height, "format": (image.format or "").lower()}
        frames = frame_count(image)
        if frames > 1:
            metadata["frames"] = frames
        if image.format == "JPEG":
            image.draft("L", (max(1, width // 8), max(1, height // 8)))  # decoded at 1/8 size: cheaper
        load(image)
        metadata.update(_exif(image))
    return metadata
