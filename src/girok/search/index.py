"""The search index of a collection: kept current inside every write, rebuilt by `girok reindex`.

``SearchIndex.record_changed`` is called by the services in the transaction of each write, so a record
and its documents are committed or rolled back together. ``reindex`` rebuilds everything (the text
analysis of sources runs on every core; the writes are one transaction). ``search`` lives in
:mod:`.searcher`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from girok.errors import NotFoundError
from girok.schema.model import Schema, load_schema
from girok.search.backends import EVERYTHING, Backend, Row, backend_for, encode_spans
from girok.search.blind import Blinder
from girok.search.documents import (
    UNINDEXED_TYPES,
    Document,
    SourceAnalysis,
    documents_of,
    passage_level,
    passages_of,
    referenced_places,
)
from girok.search.expand import PREFIX_CHARS
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.protection import unseal
from girok.store.store import Store, utc_now

#: The setting naming the key the index's tokens are made with.
KEY_SETTING = "search.key_id"


@dataclass
class ReindexReport:
    records: int = 0
    documents: int = 0


class SearchIndex:
    def __init__(self, store: Store, keyring: Keyring | None, schema: Schema | None = None) -> None:
        self.store = store
        self.keyring = keyring
        self.schema = schema or load_schema()
        self._blinder: Blinder | None = None
        self._backend: Backend | None = None
        #: Analyses of texts made elsewhere (an ingest worker), waiting for the write that stores the text.
        self._offered: dict[int, tuple[str, SourceAnalysis]] = {}

    def offer(self, text: str, analysis: SourceAnalysis) -> None:
        """Hand over the analysis of a text about to be written (so the writer need not make it)."""
        if len(self._offered) >= 16:
            self._offered.clear()
        self._offered[hash(text)] = (text, analysis)

    def _offered_for(self, text: object) -> SourceAnalysis | None:
        if not isinstance(text, str):
            return None
        found = self._offered.pop(hash(text), None)
        return found[1] if found is not None and found[0] == text else None

    # -- parts --------------------------------------------------------------------------------------

    def blinder(self, conn: Connection) -> Blinder:
        """The blinder of the key the index is made with (read each time: another process may have
        rebuilt the index under a new key)."""
        key_id = Store.get_setting(conn, KEY_SETTING)
        if self._blinder is None or (key_id is not None and key_id != self._blinder.key_id):
            self._blinder = Blinder.for_keyring(self.keyring, key_id)
            self._backend = None
        if key_id is None and conn.get_execution_options().get("girok_write"):
            Store.set_setting(conn, KEY_SETTING, self._blinder.key_id)
        return self._blinder

    def backend(self, conn: Connection) -> Backend:
        if self._backend is None:
            self._backend = backend_for(self.store.engine.dialect.name, self.blinder(conn).meta(EVERYTHING))
        return self._backend

    # -- keeping it current -------------------------------------------------------------------------

    def record_changed(
        self,
        conn: Connection,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
        analysis: SourceAnalysis | None = None,
    ) -> None:
        """Replace the documents of the record ``after`` (``before``: its stored row before the write)."""
        if after["type"] in UNINDEXED_TYPES:
            return
        backend = self.backend(conn)
        keep_passages = after["type"] == "Source" and before is not None and _same_text(before, after)
        backend.delete(conn, after["id"], kinds=[after["type"].lower()] if keep_passages else None)
        docs = self._documents(conn, after, analysis, with_passages=not keep_passages)
        self._write(conn, backend, docs)

    def _documents(
        self, conn: Connection, row: Mapping[str, Any], analysis: SourceAnalysis | None, *, with_passages: bool
    ) -> list[Document]:
        if row["deleted_at"] is not None:
            return []
        record_type = self.schema.get(row["type"])
        data, _ = unseal(self.keyring, record_type, row["id"], row["data"], True)
        related = {}
        for place_id in referenced_places(record_type, data):
            try:
                place = Store.get_record(conn, place_id)
            except NotFoundError:  # a reference to a record that is gone: no province from it
                continue
            related[place_id] = place["data"]
        if not with_passages:
            data = {k: v for k, v in data.items() if k != "text"}
        elif analysis is None and record_type.name == "Source":
            analysis = self._offered_for(data.get("text"))
        return documents_of(record_type, row, data, related, analysis)

    def _write(self, conn: Connection, backend: Backend, docs: list[Document]) -> None:
        blinder = self.blinder(conn)
        backend.insert(conn, [to_row(blinder, doc) for doc in docs])
        backend.add_prefixes(conn, prefix_pairs(blinder, docs))

    # -- rebuilding ---------------------------------------------------------------------------------

    def reindex(
        self, actor: Actor, *, workers: int | None = None, progress: Callable[[int], None] | None = None
    ) -> ReindexReport:
        """Rebuild the whole index under the active key, in one transaction (readers keep the old index
        until it commits). Sources' texts are analysed in ``workers`` processes (default: every core),
        a batch at a time, so memory stays bounded however large the collection."""
        actor.require_admin()
        report = ReindexReport()
        workers = max(1, workers or (os.cpu_count() or 1))
        with self.store.write() as conn:
            self._blinder = Blinder.for_keyring(self.keyring)
            Store.set_setting(conn, KEY_SETTING, self._blinder.key_id)
            self._backend = None
            backend = self.backend(conn)
            blinder = self.blinder(conn)
            backend.clear(conn)
            seen: set[tuple[str, str]] = set()
            pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(blinder,)) if workers > 1 else None
            if pool is None:
                _init_worker(blinder)
            try:
                for batch in _batches(Store.iter_records(conn), _BATCH):
                    jobs: list[tuple[dict[str, Any], dict[str, Any], int]] = []
                    for row in batch:
                        if row["deleted_at"] is not None or row["type"] in UNINDEXED_TYPES:
                            continue
                        docs = self._documents(conn, row, None, with_passages=False)
                        backend.insert(conn, [to_row(blinder, doc) for doc in docs])
                        backend.add_prefixes(conn, prefix_pairs(blinder, docs, seen))
                        report.records += 1
                        report.documents += len(docs)
                        if row["type"] == "Source":
                            job = self._passage_job(row)
                            if job is not None:
                                jobs.append(job)
                    results = pool.map(_passage_rows, jobs, chunksize=4) if pool else map(_passage_rows, jobs)
                    for rows, words in results:
                        backend.insert(conn, rows)
                        backend.add_prefixes(conn, _pairs(blinder, words, seen))
                        report.documents += len(rows)
                    if progress is not None:
                        progress(report.records)
            finally:
                if pool is not None:
                    pool.shutdown()
            backend.after_rebuild(conn)
            Store.append_audit(
                conn,
                {
                    "at": utc_now(),
                    "actor": actor.name,
                    "action": "search.reindex",
                    "record_id": None,
                    "record_type": None,
                    "version": None,
                    "digest": None,
                    "details": {"records": report.records, "documents": report.documents},
                },
            )
        return report

    def _passage_job(self, row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        record_type = self.schema.get("Source")
        data, _ = unseal(self.keyring, record_type, row["id"], row["data"], True)
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            return None
        minimal_row = {k: row[k] for k in ("id", "type", "protection", "confidentiality")}
        minimal = {k: data.get(k) for k in ("text", "metadata", "language")}
        return minimal_row, minimal, passage_level(record_type, row["protection"], row["confidentiality"])


_BATCH = 256
_worker_blinder: Blinder | None = None


def _init_worker(blinder: Blinder) -> None:
    global _worker_blinder
    _worker_blinder = blinder


def _passage_rows(job: tuple[dict[str, Any], dict[str, Any], int]) -> tuple[list[Row], set[tuple[str, str]]]:
    """In a worker (or inline): a source's passages as stored rows, and their (term, surface) words."""
    row, data, lo = job
    blinder = _worker_blinder
    assert blinder is not None
    docs = passages_of(row, data, lo)
    return [to_row(blinder, doc) for doc in docs], _words_of(docs)


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def to_row(blinder: Blinder, doc: Document) -> Row:
    """A document as stored: blind tokens (terms in order, a key once per place that names it, facet
    values, the meta token) and, aligned with them, the span of text each one stands for."""
    tokens: list[str] = []
    spans: list[tuple[int, int] | None] = []
    for term, _, start, end in doc.terms:
        tokens.append(blinder.term(term))
        spans.append((start, end))
    for key in sorted(doc.keys):
        token = blinder.key(key)
        places: list[tuple[int, int] | None] = [p for p in sorted(doc.keys[key]) if p[1] > p[0]] or [None]
        for place in places:
            tokens.append(token)
            spans.append(place)
    facets = [
        (facet, blinder.facet(facet, value)) for facet, values in sorted(doc.facets.items()) for value in sorted(values)
    ]
    tokens += [token for _, token in facets]
    tokens.append(blinder.meta(EVERYTHING))
    spans += [None] * (len(tokens) - len(spans))
    return Row(
        kind=doc.kind,
        record_id=doc.record_id,
        source_id=doc.source_id,
        start=doc.start,
        end=doc.end,
        page=doc.page,
        lo=doc.lo,
        hi=doc.hi,
        date=doc.date,
        tokens=tokens,
        spans=encode_spans(spans),
        facets=facets,
    )


def _words_of(docs: list[Document]) -> set[tuple[str, str]]:
    return {(term, surface) for doc in docs for term, surface, _, _ in doc.terms}


def prefix_pairs(
    blinder: Blinder, docs: list[Document], seen: set[tuple[str, str]] | None = None
) -> set[tuple[str, str]]:
    """(blind prefix, blind term) of every word of ``docs`` (skipping words in ``seen``, then adding them)."""
    return _pairs(blinder, _words_of(docs), seen)


def _pairs(blinder: Blinder, words: set[tuple[str, str]], seen: set[tuple[str, str]] | None) -> set[tuple[str, str]]:
    if seen is not None:
        words = words - seen
        seen |= words
    pairs: set[tuple[str, str]] = set()
    for term, surface in words:
        token = blinder.term(term)
        shortest = 1 if surface and "\uac00" <= surface[0] <= "\ud7a3" else 2
        for length in range(shortest, min(len(surface), PREFIX_CHARS) + 1):
            pairs.add((blinder.prefix(surface[:length]), token))
    return pairs


def _same_text(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether a Source's passages stay as they are (same text, pages, language and audience)."""
    if before["deleted_at"] is not None or after["deleted_at"] is not None:
        return False
    if (before["protection"], before["confidentiality"]) != (after["protection"], after["confidentiality"]):
        return False
    fields = ("text", "metadata", "language")
    return all(before["data"].get(f) == after["data"].get(f) for f in fields)
