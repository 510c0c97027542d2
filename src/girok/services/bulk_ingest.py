"""Ingesting many files: extraction on every core, records written by one process, resumable.

Worker processes read, hash, store and extract; this process writes each file's Source and custody
entry in one transaction as results arrive. A crash or kill -9 leaves every file either fully
recorded or not at all, and running the same command again skips what was recorded (same file, same
custody facts) and finishes the rest. Per-file failures never stop the batch; they are returned, one
line each, for the report.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from girok.errors import GirokError
from girok.ingest.filestore import FileStore
from girok.ingest.readers.base import DEFAULT_LIMITS, Limits, printable
from girok.ingest.worker import Work, prepare_file
from girok.services.actor import Actor
from girok.services.ingest import Prepared, Receipt, again, known, record
from girok.services.records import Collection
from girok.store.store import Store


@dataclass
class BulkReport:
    ingested: int = 0
    again: int = 0
    already: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0

    @property
    def done(self) -> int:
        return self.ingested + self.again + self.already + len(self.failures)


Progress = Callable[[str, str, BulkReport], None]


def _known_digests(collection: Collection) -> frozenset[str]:
    with collection.store.read() as conn:
        return frozenset(
            row["data"]["sha256"]
            for row in Store.list_records(conn, "Source", include_deleted=True)
            if isinstance(row["data"].get("sha256"), str)
        )


def ingest_many(
    collection: Collection,
    files: FileStore,
    actor: Actor,
    paths: Iterable[Path],
    *,
    received_from: str | None = None,
    received_how: str | None = None,
    received_on: str | None = None,
    kind: str = "document",
    protection: str | None = None,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> BulkReport:
    actor.require_writer()
    report = BulkReport()
    todo = [str(path) for path in paths]
    digests = _known_digests(collection)
    count = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    # "spawn": workers start clean, without copies of this process's database connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures = [pool.submit(prepare_file, path, str(files.root), digests, limits) for path in todo]
        for future in as_completed(futures):
            try:
                work = future.result()
            except BrokenProcessPool:
                raise GirokError(
                    f"a worker process died after {report.done} of {len(todo)} files; "
                    "every file recorded so far is complete: run the same command again to finish"
                ) from None
            outcome = _record(
                collection, actor, work, report, received_from, received_how, received_on, kind, protection
            )
            if progress is not None:
                progress(work.path, outcome, report)
    return report


def _record(
    collection: Collection,
    actor: Actor,
    work: Work,
    report: BulkReport,
    received_from: str | None,
    received_how: str | None,
    received_on: str | None,
    kind: str,
    protection: str | None,
) -> str:
    """Record one worker result; return what happened: ingested, again, already or failed: reason."""
    if work.error is not None or work.sha256 is None:
        report.failures.append((work.path, work.error or "unreadable"))
        return f"failed: {work.error}"
    receipt = Receipt(Path(work.path).name, received_from, received_how, received_on)
    try:
        if work.extracted is None:
            existing = known(collection, actor, work.sha256)
            if existing is None:
                raise GirokError("the file changed while it was being ingested; run again")
            result = again(collection, actor, existing, receipt, protection)
        else:
            if work.analysis is not None and collection.search_index is not None:
                collection.search_index.offer(printable(work.extracted.text), work.analysis)
            result = record(
                collection,
                actor,
                Prepared(work.sha256, work.size, work.extracted),
                receipt,
                kind=kind,
                protection=protection,
            )
    except GirokError as error:
        report.failures.append((work.path, str(error)))
        return f"failed: {error}"
    report.bytes += work.size
    if not result.duplicate:
        report.ingested += 1
        return "ingested"
    if result.custody is None:
        report.already += 1
        return "already"
    report.again += 1
    return "again"
