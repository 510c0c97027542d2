"""Which format a file is, from its content (magic bytes, archive members), never from its name.

:func:`sniff` returns one of:

- ``"empty"``; ``"pdf"``;
- zip containers, told apart by their members (named in the local headers when a truncated file has no
  central directory left): ``"docx"`` (``word/document.xml``), ``"hwpx"`` (a
  ``mimetype`` of ``application/hwp+zip`` or ``Contents/section0.xml``), ``"xlsx"``
  (``xl/workbook.xml``), else ``"zip"``;
- OLE2 compound files: ``"hwp"`` (HWP 5: ``HWP Document File`` at the start of the ``FileHeader``
  stream), ``"encrypted-office"`` (a password-protected DOCX/XLSX is an OLE2 file holding an
  ``EncryptedPackage``), ``"doc"``, ``"xls"``, ``"ppt"``, else ``"ole"``;
- images: ``"png"``, ``"jpeg"``, ``"tiff"``, ``"gif"``, ``"webp"``;
- ``"html"``; ``"csv"`` (at least three lines with the same number, two or more, of comma-, tab- or
  semicolon-separated fields); ``"text"``;
- ``"binary"`` for anything else.

Only the head of a file is examined for text and HTML, so sniffing is cheap even for large files.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile

import olefile

from girok.ingest.readers.base import ReaderError, control_ratio
from girok.ingest.readers.text import BINARY_CONTROL_RATIO, bom_encoding, decode

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP_SIGNATURE = b"HWP Document File"
HWPX_MIMETYPE = b"application/hwp+zip"
HEAD = 64 * 1024

_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)
_HTML_LATER = re.compile(rb"<html[\s>]|<body[\s>]|<head[\s>]", re.I)


def _image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _zip(data: bytes) -> str:
    # The stored ``mimetype`` member, first in the archive, as in ODF and HWPX.
    if data[30:38] == b"mimetype" and HWPX_MIMETYPE in data[38:100]:
        return "hwpx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # No readable central directory (a truncated file): the local headers still name the members.
        for marker, kind in ((b"word/document.xml", "docx"), (b"Contents/section", "hwpx"), (b"xl/workbook", "xlsx")):
            if marker in data:
                return kind
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "Contents/section0.xml" in names or "Contents/content.hpf" in names:
        return "hwpx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _ole(data: bytes) -> str:
    try:
        with olefile.OleFileIO(data) as ole:
            if ole.exists("FileHeader"):
                header = ole.openstream("FileHeader").read(64)
                if header.startswith(HWP_SIGNATURE):
                    return "hwp"
            if ole.exists("EncryptedPackage"):
                return "encrypted-office"
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
            if ole.exists("PowerPoint Document"):
                return "ppt"
    except Exception:  # a damaged compound file: fall back on the raw signature
        if HWP_SIGNATURE in data[:HEAD]:
            return "hwp"
    return "ole"


def _looks_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and len(text) >= HEAD:
        lines = lines[:-1]  # the head may end mid-line
    if len(lines) < 3:
        return False
    for delimiter in (",", "\t", ";"):
        if delimiter not in lines[0]:
            continue
        with contextlib.suppress(csv.Error):
            widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
            if len(widths) == 1 and widths.pop() >= 2:
                return True
    return False


def _decode_head(data: bytes) -> str | None:
    head = data[:HEAD]
    whole = len(data) <= HEAD
    if bom_encoding(head) is None:
        with contextlib.suppress(UnicodeDecodeError):
            # The head may end inside a character: an incremental decoder leaves it out.
            return codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    for cut in (0, 1, 2, 3) if not whole else (0,):
        with contextlib.suppress(ReaderError, UnicodeDecodeError):
            return decode(head[: len(head) - cut])[0]
    return None


def _text(data: bytes) -> str:
    text = _decode_head(data)
    if text is None:
        return "binary"
    if control_ratio(text) > BINARY_CONTROL_RATIO:
        return "binary"
    if _HTML.match(text.encode("utf-8", "replace")) or _HTML_LATER.search(text[:1024].encode("utf-8", "replace")):
        return "html"
    if _looks_csv(text):
        return "csv"
    return "text"


def sniff(data: bytes) -> str:
    """The format of ``data`` (see the module docstring)."""
    if not data:
        return "empty"
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip(data)
    if data.startswith(OLE_MAGIC):
        return _ole(data)
    image = _image(data)
    if image is not None:
        return image
    return _text(data)
