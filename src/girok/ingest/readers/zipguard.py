"""Safe opening of zip containers (DOCX, HWPX, XLSX): refuse bombs and hostile names before reading.

Checked on opening, from the central directory:

- the number of entries (``Limits.max_entries``);
- every entry name: no ``..`` part, no absolute path, no drive letter, no backslash, no NUL, no duplicate;
- no encrypted entry;
- the total declared uncompressed size (``Limits.max_expanded_bytes``);
- the compression ratio of each entry and of the whole archive (``Limits.max_ratio``), for entries and
  archives that expand past :data:`RATIO_FLOOR` (small, very regular XML parts legitimately compress well).

Headers can lie, so :meth:`SafeZip.read` does not trust them: it decompresses in chunks and stops with a
:class:`~.base.ReaderError` as soon as the bytes actually produced pass the member's declared size, the
ratio limit, or the archive's remaining budget of ``max_expanded_bytes``. The CRC is checked by zipfile at
the end of each member.

Why the standard library's zipfile and no third-party package: it reads the central directory and streams
members with a bounded decompressor, which is all the checks above need; the libraries that wrap it
(for DOCX, XLSX) add no guard of their own, and one more dependency on hostile input is one more risk.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from girok.ingest.readers.base import Limits, ReaderError, human_size

RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


def _bomb(kind: str, size: int, limits: Limits) -> ReaderError:
    return ReaderError(
        f"zip bomb: {kind} would expand to {human_size(size)} (limit {human_size(limits.max_expanded_bytes)})"
    )


def _ratio_bomb(kind: str, ratio: float, limits: Limits) -> ReaderError:
    return ReaderError(f"zip bomb: {kind} compresses {ratio:.0f}:1 (limit {limits.max_ratio:.0f}:1)")


class SafeZip:
    """A zip container whose directory passed the checks; members are read with hard caps."""

    def __init__(self, zf: zipfile.ZipFile, kind: str, limits: Limits) -> None:
        self._zf = zf
        self.kind = kind
        self.limits = limits
        self._infos = {info.filename: info for info in zf.infolist()}
        self._budget = limits.max_expanded_bytes

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """The member's bytes, decompressed under the caps described in the module docstring."""
        info = self._infos.get(name)
        if info is None:
            raise ReaderError(f"damaged {self.kind}: a required part is missing")
        ratio_cap = max(RATIO_FLOOR, int(self.limits.max_ratio * max(info.compress_size, 1)))
        cap = min(info.file_size, self._budget, ratio_cap)
        out = io.BytesIO()
        produced = 0
        try:
            with self._zf.open(info) as member:
                while True:
                    chunk = member.read(CHUNK)
                    if not chunk:
                        break
                    produced += len(chunk)
                    if produced > cap:
                        if produced > self._budget:
                            spent = self.limits.max_expanded_bytes - self._budget
                            raise _bomb(self.kind, spent + produced, self.limits)
                        if produced > ratio_cap:
                            raise _ratio_bomb(self.kind, produced / max(info.compress_size, 1), self.limits)
                        raise ReaderError(f"damaged {self.kind}: an entry is larger than its header says")
                    out.write(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
            raise ReaderError(f"damaged {self.kind}: an entry cannot be decompressed") from None
        self._budget -= produced
        return out.getvalue()

    def read_all(self) -> dict[str, bytes]:
        """Every member (directories excluded), in archive order."""
        return {name: self.read(name) for name, info in self._infos.items() if not info.is_dir()}


def check(zf: zipfile.ZipFile, kind: str, limits: Limits, archive_size: int) -> None:
    """Raise ReaderError if the directory of ``zf`` shows a bomb, a hostile name or encryption."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise ReaderError(f"{kind} has {len(infos):,} archive entries (limit {limits.max_entries:,})")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise ReaderError(f"unsafe archive entry name {name[:80]!r}")
        if name in seen:
            raise ReaderError(f"damaged {kind}: duplicate archive entry name {name[:80]!r}")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ReaderError(f"encrypted {kind}: cannot read without its password")
        total += info.file_size
        if total > limits.max_expanded_bytes:
            total = sum(i.file_size for i in infos)
            raise _bomb(kind, total, limits)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _ratio_bomb(kind, info.file_size / max(info.compress_size, 1), limits)
    if total > RATIO_FLOOR and total > limits.max_ratio * max(archive_size, 1):
        raise _ratio_bomb(kind, total / max(archive_size, 1), limits)


@contextmanager
def open_zip(data: bytes, kind: str, limits: Limits) -> Iterator[SafeZip]:
    """Open ``data`` as a zip container named ``kind`` (``"DOCX"``, ``"HWPX"``...) after the checks."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise ReaderError(f"truncated or damaged {kind}") from None
    with zf:
        check(zf, kind, limits, len(data))
        yield SafeZip(zf, kind, limits)


def repack(members: dict[str, bytes]) -> bytes:
    """A new, uncompressed zip of members already read under the caps, for libraries that open zips
    themselves (python-docx): they then see only bytes we have measured."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()
