"""PDF with a text layer, via pypdf: text per page with page boundaries, and document metadata.

- Text: each page's extracted text (normalised, trailing blanks stripped), pages joined by a blank line
  (``"\\n\\n"``); ``pages[i]`` gives that page's span, so ``text[page.start:page.end]`` is exactly the
  page's text.
- Metadata: ``page_count``, and when set ``title``, ``author``, ``subject``, ``creator``, ``producer``,
  ``created``, ``modified`` (ISO 8601 when the date parses, else as written).
- Encrypted PDFs are read when the empty user password opens them (the common "owner password only"
  case); otherwise ReaderError ``"encrypted PDF: cannot read without its password"``.
- Truncated files (no ``%%EOF`` marker near the end) and files pypdf cannot parse raise ReaderError
  ``"truncated or damaged PDF"``: pypdf would otherwise rebuild what it can and silently lose pages.
- A PDF whose pages have (almost) no text, fewer than :data:`MIN_CHARS_PER_PAGE` visible characters per
  page on average, is a scan: ``needs_ocr=True``, empty text, and one empty span ``(0, 0)`` per page so
  the page count is kept. OCR is a separate step.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from girok.ingest.readers.base import (
    DEFAULT_LIMITS,
    Extracted,
    Limits,
    Page,
    ReaderError,
    join_pages,
    normalise,
)

MIN_CHARS_PER_PAGE = 10
EOF_WINDOW = 2048
ENCRYPTED = "encrypted PDF: cannot read without its password"
DAMAGED = "truncated or damaged PDF"


def _clean(text: str) -> str:
    lines = normalise(text).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _value(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def _date(getter: Any, raw: Any) -> str | None:
    try:
        value = getter()
    except Exception:  # pypdf raises on dates that do not follow the PDF date syntax
        return _value(raw)
    return value.isoformat() if isinstance(value, datetime) else _value(raw)


def _metadata(reader: PdfReader, page_count: int) -> dict[str, object]:
    found: dict[str, object] = {"page_count": page_count}
    try:
        info = reader.metadata
    except (PyPdfError, ValueError, TypeError, KeyError):
        return found
    if info is None:
        return found
    for key, attr in (("title", "title"), ("author", "author"), ("subject", "subject"), ("creator", "creator")):
        value = _value(getattr(info, attr, None))
        if value:
            found[key] = value
    producer = _value(info.get("/Producer"))
    if producer:
        found["producer"] = producer
    dates = (("created", "creation_date", "/CreationDate"), ("modified", "modification_date", "/ModDate"))
    for key, attr, raw_key in dates:
        value = _date(lambda attr=attr: getattr(info, attr), info.get(raw_key))
        if value:
            found[key] = value
    return found


def read_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReaderError(DAMAGED)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError(ENCRYPTED)
        texts = [_clean(page.extract_text() or "") for page in reader.pages]
        metadata = _metadata(reader, len(texts))
    except (FileNotDecryptedError, DependencyError):
        raise ReaderError(ENCRYPTED) from None
    except ReaderError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError, RecursionError):
        raise ReaderError(DAMAGED) from None
    if not texts:
        raise ReaderError("damaged PDF: it has no pages")
    visible = sum(len("".join(t.split())) for t in texts)
    if visible < MIN_CHARS_PER_PAGE * len(texts):
        pages = tuple(Page(number, 0, 0) for number in range(1, len(texts) + 1))
        return Extracted(text="", pages=pages, format="pdf", metadata=metadata, needs_ocr=True)
    text, spans = join_pages(texts)
    return Extracted(text=text, pages=spans, format="pdf", metadata=metadata)
