"""DOCX (Word 2007+): body text in document order, with core properties.

The zip container passes :mod:`.zipguard` first; every member is read under its caps and repacked, so
python-docx only ever opens bytes we have measured (it would otherwise decompress the original itself).
python-docx parses XML with entity resolution off.

Text: each paragraph on its own line, in document order, including those inside content controls; a
table gives one line per row, cells separated by a tab (a cell's own paragraphs and nested tables joined
by spaces; a merged cell counted once). Headers, footers, footnotes and comments are not included.
Runs of blank lines collapse to one. Metadata: ``title``, ``author``, ``last_modified_by``, ``created``,
``modified`` (ISO 8601), only when the document has a core-properties part and the value is set.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, ReaderError, normalise
from girok.ingest.readers.zipguard import open_zip, repack

_BLANKS = re.compile(r"\n{3,}")


def _blocks(element: Any, parent: Any) -> Iterator[Paragraph | Table]:
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent)


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    for block in _blocks(cell._tc, cell):
        parts.append(block.text if isinstance(block, Paragraph) else " ".join(_table_lines(block)))
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _metadata(document: Any) -> dict[str, object]:
    props = document.core_properties
    found: dict[str, object] = {
        "title": props.title or None,
        "author": props.author or None,
        "last_modified_by": props.last_modified_by or None,
        "created": _iso(props.created),
        "modified": _iso(props.modified),
    }
    return {key: value for key, value in found.items() if value}


def read_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    with open_zip(data, "DOCX", limits) as archive:
        if not archive.has("word/document.xml"):
            raise ReaderError("damaged DOCX: its main document part is missing")
        has_core = archive.has("docProps/core.xml")
        members = archive.read_all()
    try:
        document = docx.Document(io.BytesIO(repack(members)))
    except (KeyError, ValueError, SyntaxError):
        raise ReaderError("damaged DOCX: its parts cannot be read") from None
    lines: list[str] = []
    for block in _blocks(document.element.body, document._body):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(_table_lines(block))
    text = _BLANKS.sub("\n\n", normalise("\n".join(lines))).strip("\n")
    metadata: dict[str, object] = _metadata(document) if has_core else {}
    return Extracted(text=text, pages=(), format="docx", metadata=metadata)
