"""Tables (CSV and XLSX) as rows of text cells, for `girok import-table`.

CSV: the encoding is found as for text files (:func:`girok.ingest.readers.text.decode`: BOM, UTF-8,
CP949/EUC-KR, then statistics); the delimiter (comma, tab or semicolon) is the one that splits the first
lines into the most rows of the same width. XLSX: the container passes the zip guard (entry names, total
expanded size, compression ratio) and every member is decompressed under its caps *before* openpyxl sees
a byte (it gets a repacked copy of what we measured); openpyxl reads it read-only with cached values.

Rows are numbered as a spreadsheet numbers them (1 = the first row of the sheet or the first record of
the CSV); a row whose cells are all empty is dropped. Every cell is a stripped string ("" for empty).
Errors are :class:`ReaderError` with one line for a user.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from girok.ingest.readers.base import DEFAULT_LIMITS, Limits, ReaderError, check_size
from girok.ingest.readers.sniff import sniff
from girok.ingest.readers.text import decode
from girok.ingest.readers.zipguard import open_zip, repack

log = logging.getLogger(__name__)

DELIMITERS = (",", "\t", ";")
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
_SNIFF_LINES = 50


@dataclass(frozen=True)
class Row:
    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    format: str  # "csv" or "xlsx"
    rows: tuple[Row, ...]
    metadata: dict[str, object] = field(default_factory=dict)

    def as_csv(self) -> str:
        """The table as CSV text (how an XLSX table's text is kept on its Source)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in self.rows:
            writer.writerow(row.cells)
        return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _rows(records: Iterable[Iterable[object]]) -> tuple[Row, ...]:
    rows: list[Row] = []
    for number, record in enumerate(records, start=1):
        if number > MAX_ROWS:
            raise ReaderError(f"table has more than {MAX_ROWS:,} rows")
        cells = tuple(_cell(value) for value in record)
        if len(cells) > MAX_COLUMNS:
            raise ReaderError(f"row {number} has {len(cells):,} columns (limit {MAX_COLUMNS:,})")
        while cells and not cells[-1]:
            cells = cells[:-1]
        if cells:
            rows.append(Row(number, cells))
    return tuple(rows)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (two or more columns)."""
    lines = text.splitlines()[:_SNIFF_LINES]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = Counter(w for w in widths if w >= 2)
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    text = text.lstrip("\ufeff").replace("\x00", "")
    delimiter = sniff_delimiter(text)
    try:
        rows = _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ReaderError("damaged CSV: a quoted cell never ends") from None
    return Table("csv", rows, {"encoding": encoding, "delimiter": delimiter})


def read_xlsx(data: bytes, sheet: str | int | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    with open_zip(data, "XLSX", limits) as archive:
        members = archive.read_all()
    import openpyxl  # imported here: only a spreadsheet import needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(repack(members)), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged parts; the user gets one line
        log.warning("openpyxl could not open a workbook", exc_info=True)
        raise ReaderError("damaged XLSX: the workbook cannot be read") from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            name = names[0] if names else None
        elif isinstance(sheet, int):
            name = names[sheet - 1] if 1 <= sheet <= len(names) else None
        else:
            name = sheet if sheet in names else None
        if name is None:
            shown = ", ".join(repr(n) for n in names[:10])
            raise ReaderError(f"the workbook has no sheet {sheet!r} (sheets: {shown})")
        try:
            rows = _rows(book[name].iter_rows(values_only=True))
        except ReaderError:
            raise
        except Exception:
            log.warning("openpyxl could not read a sheet", exc_info=True)
            raise ReaderError("damaged XLSX: a sheet cannot be read") from None
    finally:
        book.close()
    return Table("xlsx", rows, {"sheet": name})


def read_table(data: bytes, sheet: str | int | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The rows of a CSV or XLSX file, chosen by content (not by name)."""
    if not data:
        raise ReaderError("empty file")
    check_size(len(data), limits)
    kind = sniff(data)
    if kind == "xlsx":
        return read_xlsx(data, sheet, limits)
    if kind in ("csv", "text"):
        return read_csv(data)
    raise ReaderError(f"not a table: this file is {kind.upper() if len(kind) <= 4 else kind}, not CSV or XLSX")
