"""Image metadata: size and format, EXIF time, GPS and camera, decompression bombs and damaged files.

Every image is made here with Pillow; EXIF is written with Pillow's Exif API."""

from __future__ import annotations

import io
import struct
import zlib
from fractions import Fraction

import pytest
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from girok.ingest.images import MAX_PIXELS, image_metadata
from girok.ingest.readers import ReaderError

YODOK = ((39, 1), (50, 1), (2430, 100))  # 39°50'24.3" N
YODOK_EAST = ((126, 1), (49, 1), (4830, 100))  # 126°49'48.3" E


def _rational(parts: tuple[tuple[int, int], ...]) -> tuple[IFDRational, ...]:
    return tuple(IFDRational(n, d) for n, d in parts)


def make_image(
    fmt: str = "JPEG",
    size: tuple[int, int] = (320, 200),
    taken: str | None = None,
    offset: str | None = None,
    gps: dict[int, object] | None = None,
    make: str | None = None,
    model: str | None = None,
) -> bytes:
    image = Image.new("RGB", size, (200, 180, 160))
    exif = Image.Exif()
    if make:
        exif[ExifTags.Base.Make] = make
    if model:
        exif[ExifTags.Base.Model] = model
    if taken or offset:
        exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        if taken:
            exif_ifd[ExifTags.Base.DateTimeOriginal] = taken
        if offset:
            exif_ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


def gps_tags(lat_ref: str, lat: tuple[tuple[int, int], ...], lon_ref: str, lon: tuple[tuple[int, int], ...]) -> dict:
    return {
        ExifTags.GPS.GPSLatitudeRef: lat_ref,
        ExifTags.GPS.GPSLatitude: _rational(lat),
        ExifTags.GPS.GPSLongitudeRef: lon_ref,
        ExifTags.GPS.GPSLongitude: _rational(lon),
    }


def png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: what a decompression bomb looks like up front."""
    out = io.BytesIO()
    Image.new("L", (8, 8), 255).save(out, format="PNG")
    png = out.getvalue()
    chunk = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[33:]


def test_photo_with_time_gps_and_camera() -> None:
    data = make_image(
        taken="1997:03:02 14:05:09",
        gps=gps_tags("N", YODOK, "E", YODOK_EAST),
        make="Canon",
        model="Canon EOS 5D",
    )
    metadata = image_metadata(data)
    assert metadata["width"] == 320 and metadata["height"] == 200 and metadata["format"] == "jpeg"
    assert metadata["taken"] == "1997-03-02T14:05:09"
    expected_lat = 39 + 50 / 60 + 24.3 / 3600
    expected_lon = 126 + 49 / 60 + 48.3 / 3600
    assert metadata["latitude"] == pytest.approx(expected_lat, abs=1e-7)
    assert metadata["longitude"] == pytest.approx(expected_lon, abs=1e-7)
    assert metadata["camera_make"] == "Canon" and metadata["camera_model"] == "Canon EOS 5D"


@pytest.mark.parametrize(
    ("lat_ref", "lon_ref", "sign_lat", "sign_lon"),
    [("N", "E", 1, 1), ("S", "E", -1, 1), ("N", "W", 1, -1), ("S", "W", -1, -1)],
)
def test_gps_hemispheres(lat_ref: str, lon_ref: str, sign_lat: int, sign_lon: int) -> None:
    data = make_image(gps=gps_tags(lat_ref, ((33, 1), (30, 1), (0, 1)), lon_ref, ((70, 1), (15, 1), (0, 1))))
    metadata = image_metadata(data)
    assert metadata["latitude"] == sign_lat * 33.5
    assert metadata["longitude"] == sign_lon * 70.25


def test_gps_altitude_below_sea_level() -> None:
    gps = gps_tags("N", YODOK, "E", YODOK_EAST)
    gps[ExifTags.GPS.GPSAltitude] = IFDRational(Fraction(125, 2))
    gps[ExifTags.GPS.GPSAltitudeRef] = b"\x01"
    assert image_metadata(make_image(gps=gps))["altitude"] == -62.5


def test_time_with_offset_in_png_and_webp() -> None:
    for fmt in ("PNG", "WEBP"):
        # a camera tag too: Pillow writes no PNG eXIf chunk for an Exif whose first directory is empty
        metadata = image_metadata(make_image(fmt, taken="2011:12:17 08:30:00", offset="+09:00", make="Samsung"))
        assert metadata["format"] == fmt.lower()
        assert metadata["taken"] == "2011-12-17T08:30:00+09:00"


@pytest.mark.parametrize("taken", ["0000:00:00 00:00:00", "    :  :     :  :  ", "yesterday"])
def test_blank_or_malformed_dates_are_left_out(taken: str) -> None:
    assert "taken" not in image_metadata(make_image(taken=taken))


def test_undefined_or_impossible_gps_is_left_out() -> None:
    zero = gps_tags("N", ((39, 0), (50, 1), (0, 1)), "E", YODOK_EAST)  # zero denominator
    assert "latitude" not in image_metadata(make_image(gps=zero))
    beyond = gps_tags("N", ((95, 1), (0, 1), (0, 1)), "E", YODOK_EAST)
    assert "latitude" not in image_metadata(make_image(gps=beyond))


def test_plain_image_has_size_and_format_only() -> None:
    assert image_metadata(make_image("GIF", size=(40, 30))) == {"width": 40, "height": 30, "format": "gif"}


def test_multi_page_tiff_counts_frames() -> None:
    out = io.BytesIO()
    pages = [Image.new("L", (100, 140), shade) for shade in (255, 200, 150)]
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:])
    metadata = image_metadata(out.getvalue())
    assert metadata["format"] == "tiff" and metadata["frames"] == 3


def test_decompression_bomb_is_refused() -> None:
    with pytest.raises(ReaderError, match=r"^image too large: over the 120-megapixel limit$"):
        image_metadata(png_with_size(100_000, 100_000))  # Pillow's own bomb check fires on opening


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_image_over_our_pixel_limit_is_refused() -> None:
    side = int(MAX_PIXELS**0.5) + 100
    with pytest.raises(ReaderError, match=rf"^image too large: {side}×{side} pixels, over the 120-megapixel limit$"):
        image_metadata(png_with_size(side, side))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_image_is_damaged(fmt: str) -> None:
    image = Image.effect_noise((400, 300), 60).convert("RGB")  # noise: the data does not compress away
    out = io.BytesIO()
    image.save(out, format=fmt)
    data = out.getvalue()
    with pytest.raises(ReaderError, match=r"^damaged image$"):
        image_metadata(data[: len(data) // 2])


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # PNG signature, garbage after it
        b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,  # JPEG start, garbage after it
        b"GIF89a\x01",
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",  # a format we never hand to Pillow
    ],
)
def test_damaged_or_foreign_files_are_refused(data: bytes) -> None:
    with pytest.raises(ReaderError, match=r"^damaged image$"):
        image_metadata(data)
