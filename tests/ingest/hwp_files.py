"""Builders of HWP 5 test files: an OLE2 compound file writer, HWP records and summary properties.

- :func:`make_compound`: an OLE2 compound file (version 3, 512-byte sectors) of any streams in nested
  storages, small streams in the mini stream as real files have them;
- :func:`para`, :func:`table`, :func:`section`: HWP 5 records (paragraph header and text, a table control
  with cell paragraphs at deeper levels);
- :func:`summary`: an ``\\x05HwpSummaryInformation`` property set;
- :func:`make_hwp`: a whole HWP 5 file from sections of records, compressed or not.
"""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096
PER_SECTOR = SECTOR // 4

# --- OLE2 ------------------------------------------------------------------------------------------


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, left, right, child, b"\x00" * 16, 0, 0, 0, start, size
    )


def _order(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN


def make_compound(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` by path (``"BodyText/Section0"``); storages are implied."""
    # Directory: the root, then every storage and stream; siblings chained through their right pointers
    # in the order compound files sort names (length first, then upper case).
    children: dict[str, list[str]] = {"": []}
    for path in streams:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            node, parent = "/".join(parts[:depth]), "/".join(parts[: depth - 1])
            if node not in children.setdefault(parent, []):
                children[parent].append(node)
            if depth < len(parts):
                children.setdefault(node, [])
    order = [""]
    for node in order:
        order.extend(sorted(children.get(node, []), key=lambda p: _order(p.rsplit("/", 1)[-1])))
    sid = {node: i for i, node in enumerate(order)}

    # Mini stream for small streams, regular sectors for the rest.
    mini_data, mini_fat, big = bytearray(), [], []
    placed: dict[str, tuple[int, int]] = {}
    for path, content in streams.items():
        if len(content) < CUTOFF:
            first = len(mini_data) // MINI
            count = max(1, -(-len(content) // MINI)) if content else 0
            mini_fat.extend([0] * count)
            _chain(mini_fat, first, count)
            mini_data += content.ljust(count * MINI, b"\x00")
            placed[path] = (first if content else ENDOFCHAIN, len(content))
        else:
            big.append(path)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""

    def sectors(n: int) -> int:
        return -(-n // SECTOR)

    dir_count = sectors(len(order) * 128)
    minifat_count = sectors(len(mini_fat_bytes))
    ministream_count = sectors(len(mini_data))
    big_counts = [sectors(len(streams[path])) for path in big]
    body = dir_count + minifat_count + ministream_count + sum(big_counts)
    fat_count = 1
    while fat_count * PER_SECTOR < fat_count + body:
        fat_count += 1
    assert fat_count <= 109, "test files stay under 109 FAT sectors (no DIFAT)"
    fat = [FREESECT] * (fat_count * PER_SECTOR)
    for i in range(fat_count):
        fat[i] = FATSECT
    next_sector = fat_count
    dir_start = next_sector
    _chain(fat, dir_start, dir_count)
    next_sector += dir_count
    minifat_start = next_sector if minifat_count else ENDOFCHAIN
    _chain(fat, next_sector, minifat_count)
    next_sector += minifat_count
    ministream_start = next_sector if ministream_count else ENDOFCHAIN
    _chain(fat, next_sector, ministream_count)
    next_sector += ministream_count
    for path, count in zip(big, big_counts, strict=True):
        placed[path] = (next_sector, len(streams[path]))
        _chain(fat, next_sector, count)
        next_sector += count

    entries = bytearray()
    for node in order:
        siblings = children.get(node.rsplit("/", 1)[0] if "/" in node else "", [])
        ordered = sorted(siblings, key=lambda p: _order(p.rsplit("/", 1)[-1]))
        right = NOSTREAM
        if node and ordered.index(node) + 1 < len(ordered):
            right = sid[ordered[ordered.index(node) + 1]]
        kids = sorted(children.get(node, []), key=lambda p: _order(p.rsplit("/", 1)[-1]))
        child = sid[kids[0]] if node in children and kids else NOSTREAM
        name = node.rsplit("/", 1)[-1]
        if not node:
            entries += _entry("Root Entry", 5, NOSTREAM, NOSTREAM, child, ministream_start, len(mini_data))
        elif node in streams:
            start, size = placed[node]
            entries += _entry(name, 2, NOSTREAM, right, NOSTREAM, start, size)
        else:
            entries += _entry(name, 1, NOSTREAM, right, child, 0, 0)
    entries = entries.ljust(dir_count * SECTOR, b"\x00")
    for i in range(len(order), dir_count * 4):  # unused slots: empty entries
        entries[i * 128 : (i + 1) * 128] = _entry("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0)

    difat = list(range(fat_count)) + [FREESECT] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_count,
        dir_start,
        0,
        CUTOFF,
        minifat_start,
        minifat_count,
        ENDOFCHAIN,
        0,
    ) + struct.pack("<109I", *difat)
    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += entries
    out += mini_fat_bytes.ljust(minifat_count * SECTOR, b"\xff")
    out += bytes(mini_data).ljust(ministream_count * SECTOR, b"\x00")
    for path, count in zip(big, big_counts, strict=True):
        out += streams[path].ljust(count * SECTOR, b"\x00")
    return bytes(out)


# --- HWP records -----------------------------------------------------------------------------------

PARA_HEADER, PARA_TEXT, PARA_CHAR_SHAPE, CTRL_HEADER, LIST_HEADER, TABLE = 0x42, 0x43, 0x44, 0x47, 0x48, 0x4D


def record(tag: int, level: int, payload: bytes) -> bytes:
    """One record: the header DWORD (with the extended size DWORD when the payload is 4095 bytes or more)."""
    if len(payload) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(payload)) + payload
    return struct.pack("<I", tag | level << 10 | len(payload) << 20) + payload


def inline(code: int, data: bytes = b"\x00" * 12) -> bytes:
    """An inline or extended control: eight code units, the control char at both ends."""
    return struct.pack("<H", code) + data + struct.pack("<H", code)


def chars(text: str) -> bytes:
    """Text as PARA_TEXT code units: ``\\t`` becomes the tab control, ``\\n`` a line break."""
    out = bytearray()
    for ch in text:
        if ch == "\t":
            out += inline(9, b"\x00" * 12)
        else:
            out += ch.encode("utf-16-le")
    return bytes(out)


def para(text: str | bytes, level: int = 0) -> bytes:
    """A paragraph: its header, its text (ending with the paragraph-end char) and a char-shape record."""
    body = (chars(text) if isinstance(text, str) else text) + struct.pack("<H", 13)
    header = struct.pack("<IIHBB", len(body) // 2, 0, 0, 0, 0) + b"\x00" * 10
    return (
        record(PARA_HEADER, level, header)
        + record(PARA_TEXT, level + 1, body)
        + record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))
    )


def empty_para(level: int = 0) -> bytes:
    """A paragraph with no text: HWP writes no PARA_TEXT record for it."""
    header = struct.pack("<IIHBB", 1, 0, 0, 0, 0) + b"\x00" * 10
    return record(PARA_HEADER, level, header) + record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))


def table(before: str, cells: list[str], level: int = 0) -> bytes:
    """A paragraph holding ``before`` and a table control, then the table's cells, one paragraph each."""
    control = inline(11, b"lbt " + b"\x00" * 8)
    out = para(chars(before) + control, level)
    out += record(CTRL_HEADER, level + 1, b"lbt " + b"\x00" * 40)
    out += record(TABLE, level + 2, b"\x00" * 24)
    for cell in cells:
        out += record(LIST_HEADER, level + 2, b"\x00" * 32)
        out += para(cell, level + 2)
    return out


def section(*paragraphs: bytes) -> bytes:
    return b"".join(paragraphs)


# --- summary information ---------------------------------------------------------------------------

HWP_FMTID = bytes.fromhex("60b6a29f6110d411b4c6006097c09d8c")


def _filetime(when: datetime) -> int:
    return int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def summary(
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    modified: datetime | None = None,
) -> bytes:
    """An ``\\x05HwpSummaryInformation`` property set (MS-OLEPS) with the given strings and dates."""
    values: list[tuple[int, bytes]] = []
    for pid, text in ((2, title), (4, author)):
        if text is not None:
            raw = (text + "\x00").encode("utf-16-le")
            value = struct.pack("<II", 31, len(raw) // 2) + raw
            values.append((pid, value.ljust(-(-len(value) // 4) * 4, b"\x00")))
    for pid, when in ((12, created), (13, modified)):
        if when is not None:
            values.append((pid, struct.pack("<IQ", 64, _filetime(when))))
    offset = 8 + 8 * len(values)
    index, blob = bytearray(), bytearray()
    for pid, value in values:
        index += struct.pack("<II", pid, offset + len(blob))
        blob += value
    section_bytes = struct.pack("<II", 8 + len(index) + len(blob), len(values)) + index + blob
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\x00" * 16, 1) + HWP_FMTID + struct.pack("<I", 48)
    return header + section_bytes


# --- whole files -----------------------------------------------------------------------------------


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def file_header(compressed: bool = True, encrypted: bool = False, distribution: bool = False) -> bytes:
    properties = int(compressed) | int(encrypted) << 1 | int(distribution) << 2
    version = 0x05010100  # 5.1.1.0
    return (b"HWP Document File".ljust(32, b"\x00") + struct.pack("<II", version, properties)).ljust(256, b"\x00")


def make_hwp(
    sections: list[bytes],
    *,
    compressed: bool = True,
    encrypted: bool = False,
    distribution: bool = False,
    summary_info: bytes | None = None,
    raw_sections: list[bytes] | None = None,
) -> bytes:
    """An HWP 5 file; ``raw_sections`` are written as given (already compressed or deliberately broken)."""
    streams = {"FileHeader": file_header(compressed, encrypted, distribution)}
    doc_info = record(0x10, 0, struct.pack("<H", len(sections)) + b"\x00" * 24)
    streams["DocInfo"] = deflate(doc_info) if compressed else doc_info
    bodies = raw_sections if raw_sections is not None else [deflate(s) if compressed else s for s in sections]
    for number, body in enumerate(bodies):
        streams[f"BodyText/Section{number}"] = body
    if summary_info is not None:
        streams["\x05HwpSummaryInformation"] = summary_info
    streams["PrvText"] = "미리보기".encode("utf-16-le")
    return make_compound(streams)
