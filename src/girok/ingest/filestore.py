"""The content-addressed store of originals: files/<sha256[:2]>/<sha256>, written once, never modified.

Writing goes to a temporary file in the same folder, is flushed to disk, then renamed into place, so
a crash leaves either the whole original or nothing under its name. Stored files are made read-only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from girok.errors import GirokError

CHUNK = 1 << 20


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileCheck:
    sha256: str
    problem: str | None  # None: present and intact; "missing" or "changed"


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` under its SHA-256 (once) and return the digest."""
        digest = sha256_of(data)
        target = self.path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise GirokError("cannot write to the evidence folder (check free space and permissions)") from None
        return digest

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except OSError:
            raise GirokError(f"the original {sha256[:12]}… is missing from the evidence folder") from None

    def check(self, sha256: str) -> FileCheck:
        path = self.path(sha256)
        if not path.is_file():
            return FileCheck(sha256, "missing")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return FileCheck(sha256, None if digest.hexdigest() == sha256 else "changed")

    def check_all(self, digests: Iterable[str]) -> Iterator[FileCheck]:
        for sha256 in sorted(set(digests)):
            yield self.check(sha256)
