"""Format readers: ``read(data) -> Extracted``, one pure function per format, chosen by sniffing.

:func:`read` checks the size against :class:`Limits`, sniffs the format from the content (the file name
plays no part, so a wrong extension changes nothing), and hands the bytes to that format's reader:

========== ===============================================================
text, csv  :mod:`.text` (CSV is read as text here; tabular import is separate)
html       :mod:`.html`
pdf        :mod:`.pdf`
docx       :mod:`.docx` (behind :mod:`.zipguard`)
hwpx       :mod:`.hwpx` (behind :mod:`.zipguard`)
hwp        :mod:`.hwp` (HWP 5, an OLE2 compound file)
xlsx       :func:`girok.ingest.tables.read_xlsx` (behind :mod:`.zipguard`): the first sheet as CSV text
images     no text: ``needs_ocr=True`` (OCR and EXIF: :mod:`girok.ingest.extract_file`)
========== ===============================================================

Legacy Word/Excel/PowerPoint and other archives are refused with a one-line reason.
Every failure is a :class:`ReaderError` with one line for a user; anything unexpected that a reader
raises is logged here (with its traceback, server-side) and becomes a generic ReaderError naming only
the format, never a path or a library's message. Readers do no I/O: they take bytes, return values.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, Page, ReaderError, check_size
from girok.ingest.readers.docx import read_docx
from girok.ingest.readers.html import read_html
from girok.ingest.readers.hwp import read_hwp
from girok.ingest.readers.hwpx import read_hwpx
from girok.ingest.readers.pdf import read_pdf
from girok.ingest.readers.sniff import sniff
from girok.ingest.readers.text import read_text

__all__ = ["IMAGES", "Extracted", "Limits", "Page", "ReaderError", "read", "sniff"]

log = logging.getLogger(__name__)

IMAGES = frozenset({"png", "jpeg", "tiff", "gif", "webp"})

_READERS: dict[str, Callable[[bytes, Limits], Extracted]] = {
    "text": lambda data, limits: read_text(data, "text"),
    "csv": lambda data, limits: read_text(data, "csv"),
    "html": lambda data, limits: read_html(data),
    "pdf": read_pdf,
    "docx": read_docx,
    "hwpx": read_hwpx,
    "hwp": read_hwp,
    "xlsx": lambda data, limits: _read_xlsx(data, limits),
}


def _read_xlsx(data: bytes, limits: Limits) -> Extracted:
    """A workbook's first sheet as CSV text (girok import-table turns its rows into records)."""
    from girok.ingest.tables import read_xlsx  # imported here: the tables module imports these readers

    table = read_xlsx(data, None, limits)
    return Extracted(text=table.as_csv(), pages=(), format="xlsx", metadata=dict(table.metadata))


_REFUSED = {
    "empty": "empty file",
    "binary": "unrecognised format (binary data)",
    "encrypted-office": "encrypted Office document: cannot read without its password",
    "doc": "unsupported format: legacy Word (.doc); save as DOCX",
    "xls": "unsupported format: legacy Excel (.xls); save as XLSX or CSV",
    "ppt": "unsupported format: PowerPoint (.ppt)",
    "ole": "unsupported format: an OLE2 compound file that is not HWP",
    "zip": "unsupported format: a zip archive that is not DOCX, HWPX or XLSX",
}

_LABELS = {
    "xlsx": "XLSX",
    "text": "text",
    "csv": "CSV",
    "html": "HTML",
    "pdf": "PDF",
    "docx": "DOCX",
    "hwpx": "HWPX",
    "hwp": "HWP",
}


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Text, pages and metadata of ``data``; ReaderError with a one-line reason if it cannot be read."""
    if not data:
        raise ReaderError("empty file")
    check_size(len(data), limits)
    kind = sniff(data)
    if kind in IMAGES:
        return Extracted(text="", pages=(), format=kind, metadata={}, needs_ocr=True)
    reader = _READERS.get(kind)
    if reader is None:
        raise ReaderError(_REFUSED.get(kind, "unrecognised format (binary data)"))
    try:
        return reader(data, limits)
    except ReaderError:
        raise
    except MemoryError:
        raise ReaderError(f"{_LABELS[kind]} file too large to read in memory") from None
    except RecursionError:
        raise ReaderError(f"damaged {_LABELS[kind]} file: nested too deeply") from None
    except Exception:
        log.warning("reader for %s failed", kind, exc_info=True)
        raise ReaderError(f"damaged or unreadable {_LABELS[kind]} file") from None
