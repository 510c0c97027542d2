"""OCR of scanned PDFs and images with Tesseract (Korean and English), as pure functions over bytes.

- :func:`ocr_available`: Tesseract with the Korean and English language data, and poppler's ``pdftoppm``,
  are on the PATH (Debian: tesseract-ocr, tesseract-ocr-kor, tesseract-ocr-eng, poppler-utils, all
  installed by ``scripts/setup``).
- :func:`ocr_image`: the text of an image (every page of a multi-page TIFF, pages joined by a blank line).
- :func:`ocr_pdf`: each page of a PDF rendered by ``pdftoppm`` (300 dpi, grey) into a temporary
  directory, then read by Tesseract; an :class:`Extracted` with one :class:`Page` span per page, exactly
  as :mod:`.readers.pdf` lays out a text layer (pages joined by a blank line).
- :func:`ocr_extracted`: completes a reader's ``needs_ocr`` result. It never raises: when OCR is missing
  or fails, the reader's result comes back unchanged (still ``needs_ocr``) with ``metadata["ocr_error"]``
  saying why in one line, so the caller stores the source marked "needs OCR" instead of losing it.

Why the ``tesseract`` command through :mod:`subprocess` and not pytesseract: pytesseract is itself a
wrapper that runs the same command; calling it directly costs a few lines and gives what matters here:
an explicit argv (no shell), a timeout that kills the process, our own environment (one OpenMP thread:
on a busy 2-core machine Tesseract's threads spin and make a page about twice as slow), and no extra
dependency.

Choices that matter for evidence:

- Page segmentation mode 4 ("a single column of text of variable sizes") and not Tesseract's default 3
  (automatic layout): with the Korean model, mode 3 dropped whole lines of clean Hangul text in our
  tests; mode 4 reads every line. Testimonies and official documents are single-column; a two-column
  page still has all its text, only the order of lines suffers.
- Images are decoded by Pillow behind the guards of :mod:`.images` (size limit, known formats only),
  turned upright by their EXIF orientation (phone photos of paper), flattened onto white and handed to
  Tesseract as a clean grey PNG: the image decoders of Tesseract's Leptonica never see a hostile file.
- PDF pages are rendered at :attr:`OcrLimits.dpi` unless a page would then exceed
  :attr:`OcrLimits.max_page_pixels` (a hostile or poster-sized page), in which case its resolution is
  lowered; a PDF with more than :attr:`OcrLimits.max_pages` pages is refused rather than half-read.

Text is normalised (:func:`.readers.base.normalise`), trailing blanks stripped, form feeds dropped and
runs of blank lines cut to one. Errors are :class:`ReaderError` with one line for a user; what a tool
printed on failure is logged server-side only.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps
from pypdf import PdfReader

from girok.ingest.images import IMAGE_FORMATS, frame_count, load, open_image
from girok.ingest.readers.base import PAGE_SEPARATOR, Extracted, ReaderError, join_pages, normalise

log = logging.getLogger(__name__)

LANGUAGES = "kor+eng"
PSM = "4"
_LANGUAGES = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
_BLANK_RUNS = re.compile(r"\n{3,}")
_PACKAGES = {"kor": "tesseract-ocr-kor", "eng": "tesseract-ocr-eng"}


@dataclass(frozen=True)
class OcrLimits:
    """How OCR runs and what it may cost.

    ``languages``: Tesseract language codes joined by ``+``; ``dpi``: resolution PDF pages are rendered
    at; ``max_page_pixels``: the rendering of one page (300 dpi A3 is 17.4 million); ``max_pages``: pages
    of a PDF or frames of a TIFF; ``page_timeout_s``: OCR of one page; ``render_timeout_s``: rendering
    of one PDF page.
    """

    languages: str = LANGUAGES
    dpi: int = 300
    max_page_pixels: int = 40_000_000
    max_pages: int = 1000
    page_timeout_s: float = 120.0
    render_timeout_s: float = 120.0


DEFAULT_OCR_LIMITS = OcrLimits()


# --- the engines -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _engine_facts(path: str) -> tuple[str, frozenset[str]]:
    """Version line and installed languages of the Tesseract at ``path`` (cached per executable)."""
    try:
        version = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True, env=_env()
        ).stdout
        langs = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=30, check=True, env=_env()
        ).stdout
    except (OSError, subprocess.SubprocessError):
        log.warning("tesseract at %s does not run", path, exc_info=True)
        raise ReaderError("OCR unavailable: Tesseract does not run") from None
    first = version.strip().splitlines()[0] if version.strip() else "tesseract"
    # --list-langs prints a heading line ("List of available languages in ...") then one code per line
    codes = frozenset(line.strip() for line in langs.splitlines()[1:] if line.strip())
    return first.strip(), codes


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _tesseract(languages: str) -> tuple[str, str]:
    """Path and version of a Tesseract that has ``languages``; ReaderError saying what is missing."""
    if not _LANGUAGES.match(languages):
        raise ReaderError("OCR languages must be Tesseract codes joined by '+', such as kor+eng")
    path = shutil.which("tesseract")
    if path is None:
        raise ReaderError("OCR unavailable: Tesseract is not installed")
    version, installed = _engine_facts(path)
    missing = [code for code in languages.split("+") if code not in installed]
    if missing:
        packages = ", ".join(_PACKAGES.get(code, f"language data {code}") for code in missing)
        raise ReaderError(f"OCR unavailable: Tesseract lacks {packages}")
    return path, version


def _pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        raise ReaderError("OCR unavailable: pdftoppm (poppler-utils) is not installed")
    return path


def ocr_available(languages: str = LANGUAGES) -> bool:
    """Whether images and scanned PDFs can be OCRed here in ``languages``."""
    try:
        _tesseract(languages)
        _pdftoppm()
    except ReaderError:
        return False
    return True


# --- OCR ----------------------------------------------------------------------------------------------


def _clean(raw: str) -> str:
    text = normalise(raw).replace("\f", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return _BLANK_RUNS.sub("\n\n", text)


def _recognise(tesseract: str, image: Path, languages: str, timeout_s: float, page: int, dpi: int | None) -> str:
    argv = [tesseract, str(image), "stdout", "-l", languages, "--psm", PSM]
    if dpi:
        argv += ["--dpi", str(dpi)]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout_s, env=_env(), check=False)
    except subprocess.TimeoutExpired:
        raise ReaderError(f"OCR timed out on page {page} after {timeout_s:g} s") from None
    except OSError:
        log.warning("tesseract could not be started", exc_info=True)
        raise ReaderError("OCR unavailable: Tesseract does not run") from None
    if done.returncode != 0:
        log.warning("tesseract failed (%d) on page %d: %s", done.returncode, page, done.stderr[-2000:])
        raise ReaderError(f"OCR failed on page {page}")
    return _clean(done.stdout.decode("utf-8", errors="replace"))


def _dpi(image: Image.Image) -> int | None:
    raw = image.info.get("dpi")
    try:
        dpi = round(float(raw[0])) if isinstance(raw, tuple) else None
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi is not None and 70 <= dpi <= 2400 else None


def _frames(data: bytes, max_pages: int) -> Iterator[tuple[Image.Image, int | None]]:
    """Each page of an image (TIFF pages; the first frame of anything else), upright, grey on white."""
    with open_image(data) as image:
        pages = frame_count(image) if image.format == "TIFF" else 1
        if pages > max_pages:
            raise ReaderError(f"image of {pages:,} pages is over the {max_pages:,}-page OCR limit")
        for index in range(pages):
            try:
                image.seek(index)
            except Exception:
                raise ReaderError("damaged image") from None
            load(image)
            dpi = _dpi(image)
            try:
                frame = ImageOps.exif_transpose(image)
                if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
                    rgba = frame.convert("RGBA")
                    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                    frame = Image.alpha_composite(white, rgba)
                grey = frame.convert("L")
            except Exception:
                raise ReaderError("damaged image") from None
            yield grey, dpi


def _ocr_image_pages(data: bytes, limits: OcrLimits) -> tuple[list[str], str]:
    tesseract, version = _tesseract(limits.languages)
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="girok-ocr-") as tmp:
        target = Path(tmp) / "page.png"
        for number, (frame, dpi) in enumerate(_frames(data, limits.max_pages), start=1):
            frame.save(target, format="PNG", compress_level=1)
            texts.append(_recognise(tesseract, target, limits.languages, limits.page_timeout_s, number, dpi))
    return texts, version


def ocr_image(data: bytes, languages: str = LANGUAGES, timeout_s: float = 120) -> str:
    """The text of an image (pages of a multi-page TIFF joined by a blank line); ReaderError if it fails."""
    texts, _ = _ocr_image_pages(data, replace(DEFAULT_OCR_LIMITS, languages=languages, page_timeout_s=timeout_s))
    return PAGE_SEPARATOR.join(texts)


def _page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height of each page in points (crop box, as pdftoppm renders it)."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("encrypted PDF: cannot read without its password")
        sizes = []
        for page in reader.pages:
            unit = float(page.get("/UserUnit", 1) or 1)
            box = page.cropbox
            sizes.append((abs(float(box.width)) * unit, abs(float(box.height)) * unit))
    except ReaderError:
        raise
    except Exception:
        raise ReaderError("truncated or damaged PDF") from None
    if not sizes:
        raise ReaderError("damaged PDF: it has no pages")
    return sizes


def _render_dpi(size: tuple[float, float], limits: OcrLimits) -> int:
    pixels = (size[0] / 72 * limits.dpi) * (size[1] / 72 * limits.dpi)
    if not math.isfinite(pixels) or pixels <= limits.max_page_pixels:
        return limits.dpi
    return max(1, math.floor(limits.dpi * math.sqrt(limits.max_page_pixels / pixels)))


def ocr_pdf(data: bytes, limits: OcrLimits = DEFAULT_OCR_LIMITS) -> Extracted:
    """Every page of a (scanned) PDF rendered and OCRed: text, page spans, OCR metadata."""
    tesseract, version = _tesseract(limits.languages)
    pdftoppm = _pdftoppm()
    sizes = _page_sizes(data)
    if len(sizes) > limits.max_pages:
        raise ReaderError(f"scanned PDF of {len(sizes):,} pages is over the {limits.max_pages:,}-page OCR limit")
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="girok-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        root = Path(tmp) / "page"
        image = root.with_suffix(".pgm")
        for number, size in enumerate(sizes, start=1):
            dpi = _render_dpi(size, limits)
            argv = [pdftoppm, "-q", "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray", "-singlefile"]
            try:
                done = subprocess.run(
                    [*argv, str(source), str(root)], capture_output=True, timeout=limits.render_timeout_s, check=False
                )
            except subprocess.TimeoutExpired:
                raise ReaderError(
                    f"rendering page {number} for OCR timed out after {limits.render_timeout_s:g} s"
                ) from None
            except OSError:
                log.warning("pdftoppm could not be started", exc_info=True)
                raise ReaderError("OCR unavailable: pdftoppm does not run") from None
            if done.returncode != 0 or not image.exists():
                log.warning("pdftoppm failed (%d) on page %d: %s", done.returncode, number, done.stderr[-2000:])
                raise ReaderError(f"could not render page {number} of the PDF for OCR")
            texts.append(_recognise(tesseract, image, limits.languages, limits.page_timeout_s, number, dpi))
            image.unlink()
    text, pages = join_pages(texts)
    metadata = {"page_count": len(sizes), "ocr": version, "ocr_languages": limits.languages}
    return Extracted(text=text, pages=pages, format="pdf", metadata=metadata)


def ocr_extracted(data: bytes, extracted: Extracted, limits: OcrLimits = DEFAULT_OCR_LIMITS) -> Extracted:
    """``extracted`` completed by OCR when it ``needs_ocr``; unchanged, with ``ocr_error``, if OCR fails."""
    if not extracted.needs_ocr:
        return extracted
    try:
        if extracted.format == "pdf":
            done = ocr_pdf(data, limits)
            text, pages, ocr_metadata = done.text, done.pages, dict(done.metadata)
        elif extracted.format in IMAGE_FORMATS:
            texts, version = _ocr_image_pages(data, limits)
            text, pages = join_pages(texts)
            ocr_metadata = {"ocr": version, "ocr_languages": limits.languages}
        else:
            raise ReaderError(f"OCR does not apply to {extracted.format} files")
    except ReaderError as error:
        return replace(extracted, metadata={**extracted.metadata, "ocr_error": str(error)})
    except Exception:
        log.warning("OCR of a %s file failed", extracted.format, exc_info=True)
        return replace(extracted, metadata={**extracted.metadata, "ocr_error": "OCR failed"})
    return replace(extracted, text=text, pages=pages, metadata={**extracted.metadata, **ocr_metadata}, needs_ocr=False)
