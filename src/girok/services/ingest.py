"""Ingest: a file becomes a Source, its original kept byte for byte, with a custody entry.

A Source made from a file has an id derived from the file's SHA-256, so the same file can only ever
be one Source: ingesting it again (or re-running a batch that was interrupted) adds a custody entry
saying when and from whom it came again, never a second Source. Nothing is written for a file that
cannot be read; the original goes to the evidence folder before the records that point at it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from girok.errors import ConflictError, NotFoundError
from girok.ingest.filestore import FileCheck, FileStore, sha256_of
from girok.ingest.language import detect_language
from girok.ingest.readers import read
from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, ReaderError
from girok.services.actor import Actor
from girok.services.records import Collection, Record
from girok.store.store import Store

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def source_id_for(sha256: str) -> str:
    """The Source id of a file: 26 Crockford base32 characters (130 bits) of its SHA-256."""
    encoded = base64.b32encode(bytes.fromhex(sha256)).decode("ascii").translate(_CROCKFORD)
    return f"src_{encoded[:26]}"


@dataclass(frozen=True)
class IngestResult:
    source: Record
    custody: Record
    duplicate: bool


def _printable(text: str) -> str:
    """Control characters (form feeds from PDFs...) become spaces, one for one, so offsets stay put."""
    return _CONTROL.sub(" ", text)


def _metadata(extracted: Extracted, size: int) -> dict[str, Any]:
    metadata: dict[str, Any] = {key: value for key, value in extracted.metadata.items() if value not in (None, "")}
    metadata["size"] = size
    if extracted.pages:
        metadata["pages"] = [[page.start, page.end] for page in extracted.pages]
    if extracted.needs_ocr:
        metadata["needs_ocr"] = True
    return metadata


def ingest_bytes(
    collection: Collection,
    files: FileStore,
    actor: Actor,
    data: bytes,
    *,
    filename: str,
    received_from: str | None = None,
    received_how: str | None = None,
    received_on: str | None = None,
    kind: str = "document",
    protection: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestResult:
    actor.require_writer()
    if len(data) > limits.max_bytes:
        read(data, limits)  # raises the one-line size error
    sha256 = sha256_of(data)
    source_id = source_id_for(sha256)
    custody = {
        "source": source_id,
        "sha256": sha256,
        "received_on": received_on,
        "received_from": received_from,
        "received_how": received_how,
        "received_by": actor.name,
        "filename": filename,
    }
    try:
        existing = collection.get(actor, source_id, include_deleted=True)
    except NotFoundError:
        existing = None
    if existing is not None:
        return _again(collection, actor, existing, custody, protection)
    extracted = read(data, limits)
    files.put(data)
    language = detect_language(extracted.text) if extracted.text.strip() else None
    source_data = {
        "title": Path(filename).name or sha256[:12],
        "kind": kind,
        "sha256": sha256,
        "format": extracted.format,
        "filename": filename,
        "language": language,
        "metadata": _metadata(extracted, len(data)),
        "text": _printable(extracted.text) if extracted.text.strip() else None,
        "acquired_on": received_on,
        "acquired_by": actor.name,
        "acquired_how": received_how,
        "provider": received_from,
    }
    try:
        with collection.batch():
            source = collection.create(actor, "Source", source_data, protection=protection, record_id=source_id)
            entry = collection.create(actor, "Custody", custody, protection=source.protection)
    except ConflictError:  # the same file arrived through another process a moment ago
        return _again(collection, actor, collection.get(actor, source_id), custody, protection)
    return IngestResult(source=source, custody=entry, duplicate=False)


def _again(
    collection: Collection, actor: Actor, source: Record, custody: dict[str, Any], protection: str | None
) -> IngestResult:
    if source.deleted_at is not None:
        raise ReaderError(f"this file is Source {source.id}, which was deleted; restore it to add custody")
    entry = collection.create(actor, "Custody", custody, protection=protection or source.protection)
    return IngestResult(source=source, custody=entry, duplicate=True)


def ingest_path(collection: Collection, files: FileStore, actor: Actor, path: Path, **options: Any) -> IngestResult:
    limits: Limits = options.get("limits", DEFAULT_LIMITS)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ReaderError(f"file of {size:,} bytes is over the {limits.max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError:
        raise ReaderError("cannot read the file") from None
    return ingest_bytes(collection, files, actor, data, filename=path.name, **options)


def source_text(collection: Collection, actor: Actor, source_id: str) -> str:
    """The text of a Source exactly as citation offsets count it ("" when it has none yet)."""
    text = collection.get(actor, source_id).data.get("text") or ""
    return str(text)


def verify_files(collection: Collection, files: FileStore, actor: Actor) -> list[FileCheck]:
    """Re-hash every original a Source or custody entry names; the problems found (empty: all intact)."""
    actor.require_reviewer()
    with collection.store.read() as conn:
        digests = [
            row["data"]["sha256"]
            for row in Store.iter_records(conn)
            if row["type"] in ("Source", "Custody") and isinstance(row["data"].get("sha256"), str)
        ]
    return [check for check in files.check_all(digests) if check.problem is not None]
