"""Ingest: a file becomes a Source, its original kept byte for byte, with a custody entry.

A Source made from a file has an id derived from the file's SHA-256, so the same file can only ever
be one Source. The same file arriving again adds a custody entry saying when and from whom it came;
the same custody facts recorded twice (a batch run again after a crash) add nothing. Nothing is
written for a file that cannot be read; the original reaches the evidence folder before the records
that point at it, and a file's Source and custody entry are written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from girok.errors import ConflictError, NotFoundError
from girok.ingest.extract_file import extract
from girok.ingest.filestore import FileCheck, FileStore, sha256_of
from girok.ingest.language import detect_language
from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, ReaderError, check_size, printable
from girok.services.actor import Actor
from girok.services.ids import digest_id
from girok.services.records import Collection, Record
from girok.store.store import Store

_CUSTODY_FACTS = ("sha256", "received_on", "received_from", "received_how", "received_by", "filename")


def source_id_for(sha256: str) -> str:
    """The Source id of a file: 26 Crockford base32 characters (130 bits) of its SHA-256."""
    return digest_id("src", sha256)


@dataclass(frozen=True)
class Prepared:
    """A file read and understood, not yet recorded (what a worker process hands back)."""

    sha256: str
    size: int
    extracted: Extracted


@dataclass(frozen=True)
class Receipt:
    """How a file came to the documenter: the facts of its custody entry."""

    filename: str
    received_from: str | None = None
    received_how: str | None = None
    received_on: str | None = None


@dataclass(frozen=True)
class IngestResult:
    source: Record
    custody: Record | None  # None: these custody facts were already recorded
    duplicate: bool


def prepare(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Prepared:
    """Hash and read a file (no I/O beyond the bytes given); ReaderError if it cannot be read."""
    check_size(len(data), limits)
    return Prepared(sha256=sha256_of(data), size=len(data), extracted=extract(data, limits))


def _metadata(extracted: Extracted, size: int) -> dict[str, Any]:
    metadata: dict[str, Any] = {key: value for key, value in extracted.metadata.items() if value not in (None, "")}
    metadata["size"] = size
    if extracted.pages:
        metadata["pages"] = [[page.start, page.end] for page in extracted.pages]
    if extracted.needs_ocr:
        metadata["needs_ocr"] = True
    return metadata


def _custody(actor: Actor, sha256: str, receipt: Receipt) -> dict[str, Any]:
    return {
        "source": source_id_for(sha256),
        "sha256": sha256,
        "received_on": receipt.received_on,
        "received_from": receipt.received_from,
        "received_how": receipt.received_how,
        "received_by": actor.name,
        "filename": receipt.filename,
    }


def known(collection: Collection, actor: Actor, sha256: str) -> Record | None:
    """The Source of this file, if it was ingested before (deleted or not)."""
    try:
        return collection.get(actor, source_id_for(sha256), include_deleted=True)
    except NotFoundError:
        return None


def record(
    collection: Collection,
    actor: Actor,
    prepared: Prepared,
    receipt: Receipt,
    *,
    kind: str = "document",
    protection: str | None = None,
) -> IngestResult:
    """Write the Source and its custody entry for a prepared file whose original is already stored."""
    actor.require_writer()
    existing = known(collection, actor, prepared.sha256)
    if existing is not None:
        return again(collection, actor, existing, receipt, protection)
    extracted = prepared.extracted
    text = printable(extracted.text) if extracted.text.strip() else None
    source_data = {
        "title": Path(receipt.filename).name or prepared.sha256[:12],
        "kind": kind,
        "sha256": prepared.sha256,
        "format": extracted.format,
        "filename": receipt.filename,
        "language": detect_language(text) if text else None,
        "metadata": _metadata(extracted, prepared.size),
        "text": text,
        "acquired_on": receipt.received_on,
        "acquired_by": actor.name,
        "acquired_how": receipt.received_how,
        "provider": receipt.received_from,
    }
    source_id = source_id_for(prepared.sha256)
    try:
        with collection.batch():
            source = collection.create(actor, "Source", source_data, protection=protection, record_id=source_id)
            entry = collection.create(
                actor, "Custody", _custody(actor, prepared.sha256, receipt), protection=source.protection
            )
    except ConflictError:  # the same file arrived through another process a moment ago
        return again(collection, actor, collection.get(actor, source_id), receipt, protection)
    return IngestResult(source=source, custody=entry, duplicate=False)


def again(
    collection: Collection, actor: Actor, source: Record, receipt: Receipt, protection: str | None = None
) -> IngestResult:
    """A file already ingested: a custody entry for this arrival, unless exactly these facts are recorded."""
    if source.deleted_at is not None:
        raise ReaderError(f"this file is Source {source.id}, which was deleted; restore it to add custody")
    facts = _custody(actor, source.data["sha256"], receipt)
    for entry in collection.referring(actor, source.id, "Custody"):
        if all(entry.data.get(name) == facts[name] for name in _CUSTODY_FACTS):
            return IngestResult(source=source, custody=None, duplicate=True)
    entry = collection.create(actor, "Custody", facts, protection=protection or source.protection)
    return IngestResult(source=source, custody=entry, duplicate=True)


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
    receipt = Receipt(filename, received_from, received_how, received_on)
    check_size(len(data), limits)
    existing = known(collection, actor, sha256_of(data))
    if existing is not None:  # no need to read it again
        return again(collection, actor, existing, receipt, protection)
    prepared = prepare(data, limits)
    files.put(data)
    return record(collection, actor, prepared, receipt, kind=kind, protection=protection)


def ingest_path(collection: Collection, files: FileStore, actor: Actor, path: Path, **options: Any) -> IngestResult:
    limits: Limits = options.get("limits", DEFAULT_LIMITS)
    try:
        check_size(path.stat().st_size, limits)
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
