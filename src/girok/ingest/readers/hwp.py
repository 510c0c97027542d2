"""HWP 5 (Hangul Word Processor's binary format): section text in order, with summary metadata.

An HWP 5 file is an OLE2 compound file (read with olefile from memory, never from a path). Its streams,
as the public specification "한글 문서 파일 형식 5.0" describes them:

- ``FileHeader``: the signature ``HWP Document File``, the version, and property bits: compressed (bit 0),
  password-encrypted (bit 1), distribution document (bit 2: the text is encrypted in ``ViewText``).
  Encrypted and distribution documents are refused with a one-line reason;
- ``BodyText/Section0``, ``Section1``...: the text, read in numeric order, each a sequence of records,
  raw-deflate compressed when the compressed bit is set;
- ``\\x05HwpSummaryInformation``: an OLE property set with the title, author and dates.

Hostile input: no stream may declare more bytes than the file holds; deflate streams are decompressed
incrementally and stop as soon as the bytes produced pass ``Limits.max_expanded_bytes`` (over all
sections) or, past :data:`~.zipguard.RATIO_FLOOR`, ``Limits.max_ratio`` times the compressed size; a
truncated or corrupt deflate stream, or a record running past the end of its section, is a damaged file.

Text: every paragraph (``HWPTAG_PARA_HEADER``) is one line, made of its ``HWPTAG_PARA_TEXT`` (UTF-16LE).
Control characters inside are dropped except tab (``\\t``), line break (``\\n``), hyphen (``-``) and the
non-breaking and fixed-width spaces (`` ``); inline and extended controls (fields, tables, drawings...)
take eight code units each and are skipped. Paragraphs inside tables, text boxes, headers, footnotes and
other sub-lists are records nested after the paragraph holding them, so they follow it, as in HWPX.
Runs of blank lines collapse to one.

Metadata, from the summary stream when it is readable (a damaged one never stops the text): ``title``,
``subject``, ``author``, ``keywords``, ``last_modified_by``, ``created`` and ``modified`` (ISO 8601, UTC).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import struct
import zlib
from datetime import UTC, datetime, timedelta

import olefile

from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, ReaderError, human_size, normalise
from girok.ingest.readers.zipguard import RATIO_FLOOR

log = logging.getLogger(__name__)

SIGNATURE = b"HWP Document File"
SUMMARY = "\x05HwpSummaryInformation"
COMPRESSED, ENCRYPTED, DISTRIBUTION = 0x1, 0x2, 0x4
HWPTAG_BEGIN = 0x10
HWPTAG_PARA_HEADER = HWPTAG_BEGIN + 50
HWPTAG_PARA_TEXT = HWPTAG_BEGIN + 51
CHUNK = 64 * 1024

DAMAGED = "damaged HWP file"
_SECTION = re.compile(r"^Section(\d+)$")
_BLANKS = re.compile(r"\n{3,}")
# A run of UTF-16LE code units that are not controls (high byte set, or low byte 0x20 or more), two bytes
# at a time so a match never loses the code-unit alignment.
_PLAIN = re.compile(rb"(?:[\x20-\xff][\x00-\xff]|[\x00-\x1f][\x01-\xff])*")
# Controls one code unit wide and what they stand for; every other control below 32 is eight units wide.
_CHAR_CONTROLS = {0: "", 10: "\n", 13: "", 24: "-", 25: "", 26: "", 27: "", 28: "", 29: "", 30: " ", 31: " "}
_INLINE_WIDTH = 16  # bytes: the control, six code units of data, the control again
# Summary property ids (PIDSI_*) and our metadata keys.
_STRINGS = {2: "title", 3: "subject", 4: "author", 5: "keywords", 8: "last_modified_by"}
_DATES = {12: "created", 13: "modified"}
_VT_LPSTR, _VT_LPWSTR, _VT_FILETIME = 30, 31, 64


class _Budget:
    """What is left of ``Limits.max_expanded_bytes`` for all the sections of one file."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.left = limits.max_expanded_bytes

    def bomb(self) -> ReaderError:
        return ReaderError(f"deflate bomb: HWP expands past the {human_size(self.limits.max_expanded_bytes)} limit")


def _inflate(raw: bytes, budget: _Budget) -> bytes:
    """Raw deflate, decompressed in chunks under the budget and the ratio limit."""
    ratio_cap = max(RATIO_FLOOR, int(budget.limits.max_ratio * max(len(raw), 1)))
    inflater = zlib.decompressobj(-15)
    out = bytearray()
    pending = raw
    try:
        while not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            out += chunk
            if len(out) > budget.left:
                raise budget.bomb()
            if len(out) > ratio_cap:
                ratio = len(out) / max(len(raw), 1)
                raise ReaderError(f"deflate bomb: HWP compresses {ratio:.0f}:1 (limit {budget.limits.max_ratio:.0f}:1)")
            if not chunk and not pending:
                raise ReaderError(DAMAGED)  # the input ran out before the end of the deflate stream
    except zlib.error:
        raise ReaderError(DAMAGED) from None
    budget.left -= len(out)
    return bytes(out)


def _para_text(payload: bytes) -> str:
    parts: list[str] = []
    pos, end = 0, len(payload) - 1
    while pos < end:
        plain = _PLAIN.match(payload, pos)
        stop = plain.end() if plain else pos
        if stop > pos:
            parts.append(payload[pos:stop].decode("utf-16-le", "replace"))
            pos = stop
            continue
        code = payload[pos]
        if code in _CHAR_CONTROLS:
            parts.append(_CHAR_CONTROLS[code])
            pos += 2
        else:
            if code == 9:
                parts.append("\t")
            pos += _INLINE_WIDTH
    return "".join(parts)


def _paragraphs(section: bytes, out: list[str]) -> None:
    """Append one line per paragraph of ``section`` (a sequence of records) to ``out``, in record order."""
    pos, size = 0, len(section)
    current: int | None = None
    while pos < size:
        if pos + 4 > size:
            raise ReaderError(DAMAGED)
        (header,) = struct.unpack_from("<I", section, pos)
        pos += 4
        tag, length = header & 0x3FF, header >> 20
        if length == 0xFFF:
            if pos + 4 > size:
                raise ReaderError(DAMAGED)
            (length,) = struct.unpack_from("<I", section, pos)
            pos += 4
        if pos + length > size:
            raise ReaderError("damaged HWP file: a record runs past the end of its section")
        if tag == HWPTAG_PARA_HEADER:
            current = len(out)
            out.append("")
        elif tag == HWPTAG_PARA_TEXT and current is not None:
            out[current] += _para_text(section[pos : pos + length])
        pos += length


def _filetime(value: int) -> str | None:
    if value <= 0:
        return None
    try:
        when = datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=value // 10)
    except OverflowError:
        return None
    return when.isoformat()


def _summary(stream: bytes) -> dict[str, object]:
    """Title, author and dates from an OLE property set (MS-OLEPS), first section only; bounded parsing."""
    found: dict[str, object] = {}
    if len(stream) < 48 or stream[:2] != b"\xfe\xff":
        return found
    (start,) = struct.unpack_from("<I", stream, 44)
    if start + 8 > len(stream):
        return found
    (section_size, count) = struct.unpack_from("<II", stream, start)
    section = stream[start : start + min(section_size, len(stream) - start)]
    codepage = "cp949"
    entries = []
    for i in range(min(count, (len(section) - 8) // 8)):
        pid, offset = struct.unpack_from("<II", section, 8 + 8 * i)
        if offset + 8 > len(section):
            continue
        entries.append((pid, offset))
        if pid == 1:  # PID_CODEPAGE: a VT_I2
            page = struct.unpack_from("<H", section, offset + 4)[0]
            codepage = "utf-8" if page == 65001 else f"cp{page}"
    for pid, offset in entries:
        key = _STRINGS.get(pid) or _DATES.get(pid)
        if key is None:
            continue
        (vtype,) = struct.unpack_from("<H", section, offset)
        value: str | None = None
        if vtype == _VT_FILETIME and pid in _DATES:
            value = _filetime(struct.unpack_from("<Q", section, offset + 4)[0])
        elif vtype in (_VT_LPWSTR, _VT_LPSTR) and pid in _STRINGS:
            (n,) = struct.unpack_from("<I", section, offset + 4)
            if vtype == _VT_LPWSTR:
                value = section[offset + 8 : offset + 8 + 2 * n].decode("utf-16-le", "replace")
            else:
                raw = section[offset + 8 : offset + 8 + n]
                try:
                    value = raw.decode(codecs.lookup(codepage).name, "replace")
                except LookupError:
                    value = raw.decode("cp949", "replace")
            value = value.split("\x00", 1)[0].strip() or None
        if value:
            found[key] = normalise(value)
    return found


def _stream(ole: olefile.OleFileIO, path: str, file_size: int) -> bytes:
    if ole.get_size(path) > file_size:
        raise ReaderError(DAMAGED)  # a stream cannot hold more than the whole file
    data: bytes = ole.openstream(path).read()
    if len(data) != ole.get_size(path):
        raise ReaderError(DAMAGED)  # the file ends before the stream does
    return data


def read_hwp(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        raise ReaderError(DAMAGED) from None
    with ole:
        try:
            if not ole.exists("FileHeader"):
                raise ReaderError(DAMAGED)
            header = _stream(ole, "FileHeader", len(data))
            if not header.startswith(SIGNATURE) or len(header) < 40:
                raise ReaderError(DAMAGED)
            version, properties = struct.unpack_from("<II", header, 32)
            if properties & ENCRYPTED:
                raise ReaderError("encrypted HWP: cannot read without its password")
            if properties & DISTRIBUTION:
                raise ReaderError("HWP distribution document: its text is encrypted")
            sections = sorted(
                (int(match.group(1)), "/".join(path))
                for path in ole.listdir(streams=True, storages=False)
                if len(path) == 2 and path[0] == "BodyText" and (match := _SECTION.match(path[1])) is not None
            )
            if not sections:
                raise ReaderError(DAMAGED)
            budget = _Budget(limits)
            lines: list[str] = []
            for _, path in sections:
                raw = _stream(ole, path, len(data))
                _paragraphs(_inflate(raw, budget) if properties & COMPRESSED else raw, lines)
            summary = _stream(ole, SUMMARY, len(data)) if ole.exists(SUMMARY) else b""
        except ReaderError:
            raise
        except (OSError, ValueError, struct.error):  # olefile's "incomplete OLE sector" and the like
            raise ReaderError(DAMAGED) from None
    metadata: dict[str, object] = {}
    try:
        metadata = _summary(summary)
    except (struct.error, ValueError):
        log.info("unreadable HWP summary information", exc_info=True)
    major, minor, build, revision = version >> 24, (version >> 16) & 0xFF, (version >> 8) & 0xFF, version & 0xFF
    metadata["hwp_version"] = f"{major}.{minor}.{build}.{revision}"
    text = _BLANKS.sub("\n\n", normalise("\n".join(lines))).strip("\n")
    return Extracted(text=text, pages=(), format="hwp", metadata=metadata)
