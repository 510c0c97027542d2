"""Answering a query: hits, totals and facet counts the reader may see, with highlighted snippets.

The query is parsed (:mod:`.query`), expanded to blind tokens (:mod:`.expand`) and run by the backend
with the reader's clearance inside the statement. Snippets are made afterwards from the records
themselves, decrypted only for the page of hits shown, so what a snippet shows is exactly what the
reader could open. Pagination is stable: ties in score or date are broken by the document's id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from girok.extract.folding import fold_key
from girok.schema.enums import enum_values
from girok.schema.model import load_schema
from girok.schema.vocabulary import PROVINCE_KINDS, load_vocabularies
from girok.search.backends import SORTS, Scope, decode_spans
from girok.search.blind import Blinder
from girok.search.documents import FACETS, PASSAGE, UNINDEXED_TYPES, join_parts, record_text
from girok.search.expand import All, Any_, Expander, Tok
from girok.search.index import SearchIndex
from girok.search.query import QueryError, parse
from girok.services.actor import LEVELS, Actor, level_rank
from girok.services.protection import unseal
from girok.store.kept import KeptUntilWrite
from girok.store.store import Store
from girok.store.tables import records, search_docs

MAX_LIMIT = 1000
MAX_OFFSET = 100_000
#: With more matches than this, relevance and facet counts are computed over the most recently indexed
#: this many (their cost grows with the matches); the total and the date orders always cover every match.
RANK_WINDOW = 10_000
#: A query's total, its rank window's floor and its facet counts: what its page and order do not change,
#: so paging, re-sorting and repeating a query reuse them (they cost most of a search).
SearchCounts = KeptUntilWrite[tuple[int, Any, Any]]
SNIPPET_CHARS = 320
_VOCAB_FACETS = {
    "type": "violation_types",
    "coi": "coi_areas",
    "rome": "rome_statute",
    "facility": "gazetteer",
    "province": "gazetteer",
    "institution": "institutions",
}


@dataclass
class Hit:
    kind: str
    id: str
    source_id: str | None
    score: float
    snippet: str
    #: [start, end] of each highlighted word in ``snippet``.
    highlights: list[list[int]] = field(default_factory=list)
    record_id: str = ""
    start: int | None = None
    end: int | None = None
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "notes": self.notes,
        }


def search(
    index: SearchIndex,
    actor: Actor,
    query: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    facets: Sequence[str] = (),
    kinds: Sequence[str] = (),
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    counts: SearchCounts | None = None,
) -> SearchResult:
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (sorts: {', '.join(SORTS)})")
    if not 0 < limit <= MAX_LIMIT:
        raise QueryError(f"the limit must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"the offset must be between 0 and {MAX_OFFSET}")
    for facet in facets:
        _check_facet(facet)
    kinds = tuple(_check_kind(kind) for kind in kinds)
    parsed = parse(query)
    with index.store.read() as conn:
        blinder = index.blinder(conn)
        backend = index.backend(conn)
        expansion = Expander(blinder, lambda p, n: backend.prefix_terms(conn, p, n)).expand(parsed.node)
        notes = list(parsed.notes)
        if expansion.dropped:
            common = ", ".join(sorted(set(expansion.dropped)))[:120]
            if expansion.expr is None and parsed.node is not None:
                raise QueryError(
                    f"the query has only words too common to search for ({common}); add a more specific word"
                )
            notes.append(f"words too common to search for were left out: {common}")
        expr = _with_filters(expansion.expr, blinder, filters or {})
        scope = Scope(level_rank(actor.clearance), kinds)
        asked = list(dict.fromkeys(facets))

        def tally() -> tuple[int, Any, Any]:
            total = backend.count(conn, expr, scope)
            floor = backend.window_floor(conn, expr, scope, RANK_WINDOW) if total > RANK_WINDOW else None
            return total, floor, backend.facet_counts(conn, expr, scope, asked, floor)

        if counts is None:
            total, floor, counted = tally()
        else:
            chosen = tuple(sorted((name, tuple(sorted(values))) for name, values in (filters or {}).items()))
            key = (query, chosen, kinds, scope.clearance, tuple(asked), blinder.key_id)
            total, floor, counted = counts.get(conn, key, tally)
        ranked = sort == "relevance" and expr is not None and floor is not None
        if ranked:
            notes.append(
                f"{total} matches: relevance ranks the {RANK_WINDOW} most recently indexed of them "
                "(narrow the query, or sort by date to page through all)"
            )
        found = (
            backend.hits(conn, expr, scope, sort, limit, offset, floor if ranked else None) if total > offset else []
        )
        if facets and floor is not None:
            notes.append(f"facet counts cover the {RANK_WINDOW} most recently indexed of the {total} matches")
        docs = backend.fetch(conn, [doc_id for doc_id, _ in found])
        if total == 0 and _index_is_empty(conn):
            notes.append("the search index is empty although records exist: run `girok reindex`")
        opened: dict[tuple[str, bool], tuple[dict[str, Any], dict[str, Any]]] = {}
        wanted = sorted({doc["record_id"] for doc in docs.values()})
        opening = select(records).where(records.c.id.in_(wanted))
        rows = {row["id"]: dict(row) for row in conn.execute(opening).mappings()} if wanted else {}
        hits = [
            _hit(index, conn, actor, docs[doc_id], score, expansion.highlight, opened, rows)
            for doc_id, score in found
            if doc_id in docs and docs[doc_id]["record_id"] in rows
        ]
    return SearchResult(total, hits, _facet_table(blinder, facets, counted), notes)


# -- facets ------------------------------------------------------------------------------------------


def _check_facet(facet: str) -> str:
    if facet not in FACETS:
        raise QueryError(f"unknown facet {facet!r} (facets: {', '.join(FACETS)})")
    return facet


def _check_kind(kind: str) -> str:
    kind = kind.lower()
    if kind not in _kinds():
        raise QueryError(f"unknown kind {kind!r} (kinds: {', '.join(_kinds())})")
    return kind


@lru_cache(maxsize=1)
def _kinds() -> tuple[str, ...]:
    return (PASSAGE, *(name.lower() for name in load_schema().types if name not in UNINDEXED_TYPES))


@cache
def facet_values(facet: str) -> tuple[str, ...]:
    """Every value a facet can take (finite: that is how blind facet values are read back)."""
    if facet == "kind":
        return _kinds()
    if facet == "year":
        return tuple(str(year) for year in range(1900, 2101))
    if facet == "decade":
        return tuple(f"{decade}s" for decade in range(1900, 2101, 10))
    if facet == "language":
        return enum_values("languages")
    if facet == "status":
        return tuple(dict.fromkeys((*enum_values("violation_status"),)))
    if facet == "confidentiality":
        return LEVELS
    vocabulary = load_vocabularies().get(_VOCAB_FACETS[facet])
    if facet == "facility":
        return tuple(e.id for e in vocabulary if e.data.get("kind") == "facility")
    if facet == "province":
        return tuple(e.id for e in vocabulary if e.data.get("kind") in PROVINCE_KINDS)
    return vocabulary.ids()


@cache
def _aliases(facet: str) -> dict[str, str]:
    """Folded spelling -> value, for filters typed as names ("Yodok", "요덕", "Hamgyong-bukto")."""
    values = facet_values(facet)
    out: dict[str, str] = {fold_key(v): v for v in values}
    if facet in _VOCAB_FACETS:
        vocabulary = load_vocabularies().get(_VOCAB_FACETS[facet])
        for value in values:
            for name in vocabulary.get(value).names():
                out.setdefault(fold_key(name), value)
    return out


def resolve_filter(facet: str, value: str) -> str:
    """The facet value a filter names (an id, or any spelling of it); QueryError when none."""
    _check_facet(facet)
    value = value.strip()
    if facet == "decade" and value.isdigit():
        value += "s"
    if value in facet_values(facet):
        return value
    found = _aliases(facet).get(fold_key(value))
    if found is None:
        raise QueryError(f"unknown {facet} {value[:60]!r}")
    return found


def _with_filters(expr: Any, blinder: Blinder, filters: Mapping[str, Sequence[str]]) -> Any:
    parts = [expr] if expr is not None else []
    for facet, values in filters.items():
        resolved = sorted({resolve_filter(facet, v) for v in values})
        if resolved:
            options = [Tok(blinder.facet(facet, v)) for v in resolved]
            parts.append(options[0] if len(options) == 1 else Any_(tuple(options)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _facet_table(
    blinder: Blinder, facets: Sequence[str], counted: list[tuple[str, str, int]]
) -> dict[str, list[dict[str, Any]]]:
    table: dict[str, list[dict[str, Any]]] = {facet: [] for facet in dict.fromkeys(facets)}
    readers = {facet: {blinder.facet(facet, v): v for v in facet_values(facet)} for facet in table}
    for facet, token, count in counted:
        value = readers.get(facet, {}).get(token)
        if value is not None:
            table[facet].append({"value": value, "count": count})
    for rows in table.values():
        rows.sort(key=lambda r: (-r["count"], r["value"]))
    return table


# -- hits and snippets ----------------------------------------------------------------------------------


def _hit(
    index: SearchIndex,
    conn: Connection,
    actor: Actor,
    doc: Mapping[str, Any],
    score: float,
    highlight: set[str],
    opened: dict[tuple[str, bool], tuple[dict[str, Any], dict[str, Any]]],
    rows: Mapping[str, Mapping[str, Any]],
) -> Hit:
    key = (doc["record_id"], doc["kind"] == PASSAGE)
    if key not in opened:  # one decryption per record, however many of its passages hit
        row = dict(rows[doc["record_id"]])
        allowed = actor.may_read_identities(row["protection"])
        stored = row["data"]
        if doc["kind"] == PASSAGE:  # a passage needs only its source's text decrypted
            stored = {"text": stored.get("text")}
        data, _ = unseal(index.keyring, index.schema.get(row["type"]), row["id"], stored, allowed)
        opened[key] = (row, data)
    row, data = opened[key]
    record_type = index.schema.get(row["type"])
    if doc["kind"] == PASSAGE:
        text = data.get("text")
        snippet = text[doc["start"] : doc["end"]] if isinstance(text, str) else ""
        hit_id = f"{row['id']}@{doc['start']}-{doc['end']}"
        source_id: str | None = row["id"]
    else:
        full = doc["hi"] == len(LEVELS) - 1  # the other document leaves the identifying fields out
        snippet, _ = join_parts(record_text(record_type, data, with_identifying=full))
        hit_id = row["id"]
        source_id = row["id"] if row["type"] == "Source" else _cited_source(conn, actor, row["id"])
    spans = _highlights(doc, highlight, len(snippet))
    snippet, spans = _window(snippet, spans)
    return Hit(
        kind=doc["kind"],
        id=hit_id,
        source_id=source_id,
        score=round(score, 6),
        snippet=snippet,
        highlights=[list(s) for s in spans],
        record_id=row["id"],
        start=doc["start"],
        end=doc["end"],
        page=doc["page"],
    )


def _index_is_empty(conn: Connection) -> bool:
    """An index with no document over a collection with records (a home made before search existed)."""
    if conn.execute(select(search_docs.c.id).limit(1)).first() is not None:
        return False
    indexed = select(records.c.id).where(records.c.type.not_in(sorted(UNINDEXED_TYPES)), records.c.deleted_at.is_(None))
    return conn.execute(indexed.limit(1)).first() is not None


def _cited_source(conn: Connection, actor: Actor, record_id: str) -> str | None:
    citations = Store.referrers(conn, record_id, "Citation")
    sources = sorted(
        str(c["data"].get("source"))
        for c in citations
        if actor.may_see(c["confidentiality"]) and c["data"].get("record") == record_id
    )
    return sources[0] if sources else None


def _highlights(doc: Mapping[str, Any], highlight: set[str], length: int) -> list[tuple[int, int]]:
    """Spans of the snippet the query matched, from the spans stored with the document's tokens."""
    spans = [
        span
        for token, span in zip(str(doc["terms"]).split(), decode_spans(doc["spans"]), strict=False)
        if span is not None and token in highlight and span[1] <= length
    ]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    if len(text) <= SNIPPET_CHARS:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    kept = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return text[start:end], kept
