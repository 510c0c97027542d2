"""OCR with Tesseract: English and Korean images, scanned PDFs page by page, OCR missing or failing.

Every image is drawn here with Pillow in a Hangul-capable font (fonts-nanum or fonts-noto-cjk, installed
by scripts/setup with Tesseract and poppler-utils); a scanned PDF is a Pillow image saved as PDF. OCR is
noisy, so the tests look for key words, not for exact text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageDraw, ImageFont

from girok.ingest.ocr import DEFAULT_OCR_LIMITS, ocr_available, ocr_extracted, ocr_image, ocr_pdf
from girok.ingest.readers import ReaderError, read

FONT_PATHS = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
ENGLISH = ["Testimony of witness 17", "Detained at Yodok camp in 1997.", "Forced labour every day."]
KOREAN = ["증언 17: 요덕 수용소", "1997년에 체포되었다.", "강제노동과 구타가 매일 있었다."]
PAGE_ONE = ["Page one: arrested in Hoeryong", "회령에서 체포되었다"]
PAGE_TWO = ["Page two: sent to Kaechon", "개천 교화소로 이송되었다"]


def hangul_font() -> str:
    for path in FONT_PATHS:
        if Path(path).is_file():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=ko"], capture_output=True, text=True).stdout
        if found and Path(found).is_file():
            return found
    pytest.fail("no Hangul font: run scripts/setup (installs fonts-nanum)")


def draw(lines: list[str], size: tuple[int, int] = (1400, 420), mode: str = "L") -> Image.Image:
    background = (0, 0, 0, 0) if mode == "RGBA" else 255
    image = Image.new(mode, size, background)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(hangul_font(), 48)
    for row, line in enumerate(lines):
        pen.text((60, 60 + row * 100), line, font=font, fill=(0, 0, 0, 255) if mode == "RGBA" else 0)
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def scanned_pdf(pages: list[list[str]]) -> bytes:
    images = [draw(lines, size=(1400, 700)) for lines in pages]
    return encode(images[0], "PDF", save_all=True, append_images=images[1:], resolution=150.0)


@pytest.fixture(scope="module")
def two_page_scan() -> bytes:
    return scanned_pdf([PAGE_ONE, PAGE_TWO])


@pytest.fixture
def no_tools_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH with nothing on it: how a machine without Tesseract and poppler looks to Girok."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_ocr_is_available() -> None:
    assert ocr_available(), "Tesseract (kor, eng) and pdftoppm missing: run scripts/setup"


def test_english_image() -> None:
    text = ocr_image(encode(draw(ENGLISH)))
    assert "Yodok" in text and "1997" in text and "witness" in text


def test_korean_image() -> None:
    text = ocr_image(encode(draw(KOREAN)))
    assert "요덕" in text and "수용소" in text and "1997" in text and "강제노동" in text


def test_text_is_normalised() -> None:
    text = ocr_image(encode(draw(ENGLISH)))
    assert "\f" not in text and "\r" not in text and "\n\n\n" not in text
    assert text == text.strip() and all(line == line.rstrip() for line in text.split("\n"))


def test_photo_turned_upright_by_exif_orientation() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8  # stored turned a quarter clockwise; shown after a quarter back
    sideways = draw(ENGLISH).convert("RGB").rotate(-90, expand=True)
    text = ocr_image(encode(sideways, "JPEG", quality=92, exif=exif))
    assert "Yodok" in text and "1997" in text


def test_transparent_png_is_read_on_white() -> None:
    text = ocr_image(encode(draw(ENGLISH, mode="RGBA")))
    assert "Yodok" in text


def test_image_through_ocr_extracted() -> None:
    data = encode(draw(KOREAN), "TIFF")
    extracted = read(data)
    assert extracted.needs_ocr and extracted.format == "tiff"
    done = ocr_extracted(data, extracted)
    assert not done.needs_ocr and done.format == "tiff"
    assert "요덕" in done.text
    assert [(p.number, p.start, p.end) for p in done.pages] == [(1, 0, len(done.text))]
    assert str(done.metadata["ocr"]).startswith("tesseract ") and done.metadata["ocr_languages"] == "kor+eng"


def test_multi_page_tiff_has_a_span_per_page() -> None:
    pages = [draw(PAGE_ONE), draw(PAGE_TWO)]
    data = encode(pages[0], "TIFF", save_all=True, append_images=pages[1:])
    done = ocr_extracted(data, read(data))
    assert len(done.pages) == 2
    first, second = (done.text[p.start : p.end] for p in done.pages)
    assert "Hoeryong" in first and "Kaechon" not in first
    assert "Kaechon" in second and "Hoeryong" not in second


def test_scanned_pdf_pages_as_offsets(two_page_scan: bytes) -> None:
    extracted = read(two_page_scan)
    assert extracted.needs_ocr and extracted.text == ""
    done = ocr_extracted(two_page_scan, extracted)
    assert not done.needs_ocr and done.format == "pdf"
    assert [p.number for p in done.pages] == [1, 2]
    first, second = (done.text[p.start : p.end] for p in done.pages)
    assert "Hoeryong" in first and "회령" in first and "Kaechon" not in first
    assert "Kaechon" in second and "개천" in second and "Hoeryong" not in second
    assert done.pages[0].start == 0 and done.pages[1].end == len(done.text)
    assert done.text[done.pages[0].end : done.pages[1].start] == "\n\n"
    assert done.metadata["page_count"] == 2
    assert str(done.metadata["ocr"]).startswith("tesseract ") and done.metadata["ocr_languages"] == "kor+eng"


def test_ocr_pdf_page_limit(two_page_scan: bytes) -> None:
    with pytest.raises(ReaderError, match=r"^scanned PDF of 2 pages is over the 1-page OCR limit$"):
        ocr_pdf(two_page_scan, replace(DEFAULT_OCR_LIMITS, max_pages=1))


def test_oversized_page_is_rendered_at_a_lower_resolution() -> None:
    data = scanned_pdf([ENGLISH])  # 1400x700 at 150 dpi: 2800x1400 pixels at 300 dpi
    done = ocr_pdf(data, replace(DEFAULT_OCR_LIMITS, max_page_pixels=2_000_000))  # so about 250 dpi
    assert "Yodok" in done.text


def test_ocr_unavailable_keeps_the_source_marked(no_tools_on_path: None, two_page_scan: bytes) -> None:
    assert not ocr_available()
    for data in (encode(draw(ENGLISH)), two_page_scan):
        extracted = read(data)
        kept = ocr_extracted(data, extracted)
        assert kept.needs_ocr and kept.text == "" and kept.pages == extracted.pages
        assert kept.metadata == {**extracted.metadata, "ocr_error": "OCR unavailable: Tesseract is not installed"}
    with pytest.raises(ReaderError, match=r"^OCR unavailable: Tesseract is not installed$"):
        ocr_image(encode(draw(ENGLISH)))


def test_pdf_ocr_without_pdftoppm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_page_scan: bytes) -> None:
    tesseract = shutil.which("tesseract")
    assert tesseract is not None
    only = tmp_path / "only-tesseract"
    only.mkdir()
    os.symlink(tesseract, only / "tesseract")
    monkeypatch.setenv("PATH", str(only))
    assert not ocr_available()
    kept = ocr_extracted(two_page_scan, read(two_page_scan))
    assert kept.needs_ocr and kept.metadata["ocr_error"] == "OCR unavailable: pdftoppm (poppler-utils) is not installed"


def test_missing_or_malformed_language() -> None:
    data = encode(draw(ENGLISH))
    with pytest.raises(ReaderError, match=r"^OCR unavailable: Tesseract lacks language data xyz$"):
        ocr_image(data, languages="eng+xyz")
    with pytest.raises(ReaderError, match=r"^OCR languages must be"):
        ocr_image(data, languages="eng --oem 9")


def test_timeout_is_a_one_line_error() -> None:
    with pytest.raises(ReaderError, match=r"^OCR timed out on page 1 after 0.001 s$"):
        ocr_image(encode(draw(ENGLISH)), timeout_s=0.001)


def test_damaged_image_is_kept_with_its_reason() -> None:
    data = encode(Image.effect_noise((600, 400), 60).convert("RGB"), "JPEG")
    data = data[: len(data) // 2]
    extracted = read(data)
    assert extracted.needs_ocr
    kept = ocr_extracted(data, extracted)
    assert kept.needs_ocr and kept.metadata["ocr_error"] == "damaged image"


def test_text_results_pass_through() -> None:
    extracted = read(b"Testimony: Yodok, 1997.")
    assert ocr_extracted(b"", extracted) is extracted
