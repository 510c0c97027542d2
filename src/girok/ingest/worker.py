"""The part of ingesting a file that runs in a worker process: read, hash, store the original, extract.

It touches no database (the parent process alone writes records), so any number of workers can run
on the machine's cores. What it returns is small and picklable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from girok.errors import GirokError
from girok.ingest.extract_file import extract
from girok.ingest.filestore import FileStore, sha256_of
from girok.ingest.readers.base import Extracted, Limits, check_size, printable
from girok.search.documents import SourceAnalysis, analyse


@dataclass(frozen=True)
class Work:
    path: str
    sha256: str | None = None
    size: int = 0
    extracted: Extracted | None = None  # None with no error: the file is already known, nothing to read
    error: str | None = None
    #: The search analysis of the text (Kiwi and extraction), made here so the writing process need not.
    analysis: SourceAnalysis | None = None


def prepare_file(path: str, files_root: str, known_digests: frozenset[str], limits: Limits) -> Work:
    """Read one file; store its original; extract its text unless its digest is already known."""
    try:
        file = Path(path)
        check_size(file.stat().st_size, limits)
        data = file.read_bytes()
        digest = sha256_of(data)
        if digest in known_digests:
            return Work(path=path, sha256=digest, size=len(data))
        extracted = extract(data, limits)
        FileStore(Path(files_root)).put(data)
        text = printable(extracted.text)
        analysis = analyse(text) if text.strip() else None
        return Work(path=path, sha256=digest, size=len(data), extracted=extracted, analysis=analysis)
    except GirokError as error:
        return Work(path=path, error=str(error))
    except OSError:
        return Work(path=path, error="cannot read the file")
