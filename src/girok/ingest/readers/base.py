"""The types every reader shares: what a reader returns, the limits it works under, and its one error.

- :class:`Extracted` is a reader's result: the text, its pages as character offsets into that text, the
  format found by sniffing, metadata (author, title, dates, encoding... whatever the format carries, as
  plain JSON-friendly values: dates are ISO 8601 strings), a language hint when the document declares one,
  and ``needs_ocr`` when the file is an image or a PDF without a text layer (text is then empty).
- :class:`Page` is one page of a paged format (PDF): ``text[page.start:page.end]`` is that page's text.
  Formats without fixed pages (text, HTML, DOCX, HWPX) give an empty ``pages`` tuple: their pagination
  depends on how a word processor lays them out, and we do not invent one.
- :class:`Limits` bounds what a hostile file may cost: its size, how far its archive may expand, the
  compression ratio and the number of archive entries.
- :class:`ReaderError` is the only error a reader lets out. Its message is one line for a user, without
  paths, library names or internals (``"encrypted PDF: cannot read without its password"``).

Text is always normalised the same way (:func:`normalise`): newlines to ``\\n``, Unicode NFC, no NUL
characters, no byte order mark, so offsets mean the same thing whatever the source format was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from girok.errors import GirokError

MiB = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Page:
    """One page: ``number`` counts from 1; ``start``/``end`` are character offsets into the text."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Extracted:
    """What a reader found in a file."""

    text: str
    pages: tuple[Page, ...]
    format: str
    metadata: Mapping[str, object] = field(default_factory=dict)
    language_hint: str | None = None
    needs_ocr: bool = False


@dataclass(frozen=True)
class Limits:
    """What one file may cost to read.

    ``max_bytes``: the file itself; ``max_expanded_bytes``: everything decompressed from an archive
    (DOCX, HWPX...); ``max_ratio``: expanded size over compressed size, per entry and in total, for
    entries large enough to matter; ``max_entries``: members of an archive.
    """

    max_bytes: int = 200 * MiB
    max_expanded_bytes: int = 500 * MiB
    max_ratio: float = 100.0
    max_entries: int = 10_000


DEFAULT_LIMITS = Limits()


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file over ``limits.max_bytes`` before anything reads it."""
    if size > limits.max_bytes:
        raise ReaderError(f"file of {human_size(size)} is over the {human_size(limits.max_bytes)} limit")


class ReaderError(GirokError):
    """A file could not be read; the message is one line for a user, without paths or internals."""


def human_size(n: float) -> str:
    """``250 MB``, ``3.2 GB``, ``12 KB``, ``900 bytes`` (binary multiples, the usual short labels)."""
    if n < 1024:
        return f"{int(n)} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        n /= 1024
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}".replace(".0 ", " ")
    raise AssertionError("unreachable")  # pragma: no cover


def normalise(text: str) -> str:
    """Newlines to ``\\n``, NFC, no NUL, no leading byte order mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text)


def control_ratio(text: str) -> float:
    """Share of control characters other than tab, newline, form feed: high for binary data."""
    sample = text[:1_000_000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


PAGE_SEPARATOR = "\n\n"


def join_pages(texts: list[str]) -> tuple[str, tuple[Page, ...]]:
    """Page texts joined by a blank line, with each page's span: ``text[page.start:page.end]`` is that page."""
    parts: list[str] = []
    spans: list[Page] = []
    offset = 0
    for number, page_text in enumerate(texts, start=1):
        if number > 1:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        parts.append(page_text)
        spans.append(Page(number, offset, offset + len(page_text)))
        offset += len(page_text)
    return "".join(parts), tuple(spans)


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """Control characters (form feeds from PDFs...) become spaces, one for one, so offsets stay put."""
    return _CONTROL.sub(" ", text)
