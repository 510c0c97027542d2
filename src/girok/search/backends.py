"""The two text indexes behind one narrow interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Everything above this module is backend-neutral: documents arrive as blind tokens, queries as an
expression over tokens (:mod:`.expand`). What differs is only how a token expression is written (an
FTS5 MATCH string or a tsquery), how a document's tokens are stored, and the score function (bm25 or
ts_rank). Both strings are built from tokens that are lower-case letters and digits only, and travel as
bound parameters, so nothing a user types reaches SQL or the text-query parser.

Who may see a document is a condition of the same statement (``lo <= clearance <= hi``): counts, facets
and hits are computed only over what the reader may see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, delete, insert, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from girok.search.expand import All, Any_, Expr, Seq, Tok, Without
from girok.store.tables import search_docs, search_facets, search_prefixes

#: Sort orders a search can ask for.
SORTS = ("relevance", "date", "-date")
#: Every document holds this meta token, so a query of only NOT terms has something to subtract from.
EVERYTHING = "everything"


@dataclass
class Row:
    """One document as stored: blind tokens in order (terms, then keys, facets and meta tokens)."""

    kind: str
    record_id: str
    source_id: str | None
    start: int | None
    end: int | None
    page: int | None
    lo: int
    hi: int
    date: int | None
    tokens: list[str]
    #: The text span of each token (see :func:`encode_spans`).
    spans: bytes
    facets: list[tuple[str, str]]


@dataclass(frozen=True)
class Scope:
    """What a query may touch: the reader's clearance rank and the kinds of document asked for."""

    clearance: int
    kinds: tuple[str, ...] = ()


class Backend:
    """What both backends share; the subclasses differ in text-index statements only."""

    _rowid = "d.id"

    def __init__(self, everything: str) -> None:
        self.everything = everything

    # -- writing ------------------------------------------------------------------------------------

    def delete(self, conn: Connection, record_id: str, kinds: Sequence[str] | None = None) -> None:
        query = select(search_docs.c.id, search_docs.c.terms).where(search_docs.c.record_id == record_id)
        if kinds is not None:
            query = query.where(search_docs.c.kind.in_(list(kinds)))
        rows = conn.execute(query).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        self._unindex(conn, rows)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(delete(search_facets).where(search_facets.c.doc.in_(chunk)))
            conn.execute(delete(search_docs).where(search_docs.c.id.in_(chunk)))

    def insert(self, conn: Connection, rows: Sequence[Row]) -> None:
        """Store documents: one multi-row insert (ids returned in order), then their text index and facets."""
        if not rows:
            return
        values = [
            {
                "kind": row.kind,
                "record_id": row.record_id,
                "source_id": row.source_id,
                "start": row.start,
                "end": row.end,
                "page": row.page,
                "lo": row.lo,
                "hi": row.hi,
                "date": row.date,
                "terms": " ".join(row.tokens),
                "spans": row.spans,
            }
            for row in rows
        ]
        ids = self._insert_docs(conn, values)
        self._index(conn, [(doc_id, str(value["terms"])) for doc_id, value in zip(ids, values, strict=True)])
        facets = [
            {"doc": doc_id, "facet": f, "value": v}
            for doc_id, row in zip(ids, rows, strict=True)
            for f, v in sorted(set(row.facets))
        ]
        if facets:
            conn.execute(insert(search_facets), facets)

    def add_prefixes(self, conn: Connection, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [{"prefix": p, "term": t} for p, t in sorted(set(pairs))]
        for start in range(0, len(rows), 2000):
            self._insert_ignore(conn, rows[start : start + 2000])

    def clear(self, conn: Connection) -> None:
        conn.execute(delete(search_facets))
        conn.execute(delete(search_prefixes))
        conn.execute(delete(search_docs))

    # -- reading ------------------------------------------------------------------------------------

    def prefix_terms(self, conn: Connection, prefix: str, limit: int) -> list[str]:
        query = select(search_prefixes.c.term).where(search_prefixes.c.prefix == prefix).limit(limit)
        return [row.term for row in conn.execute(query)]

    def fetch(self, conn: Connection, doc_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        if not doc_ids:
            return {}
        query = select(search_docs).where(search_docs.c.id.in_(bindparam("ids", expanding=True)))
        return {row["id"]: dict(row) for row in conn.execute(query, {"ids": list(doc_ids)}).mappings()}

    def hits(
        self,
        conn: Connection,
        expr: Expr | None,
        scope: Scope,
        sort: str,
        limit: int,
        offset: int,
        floor: int | None = None,
    ) -> list[tuple[int, float]]:
        """A page of (document id, score); ``floor``: only documents from this id on (see ``window_floor``)."""
        sql, params = self._matching(expr, scope, scored=sort == "relevance")
        if floor is not None:
            sql += f" AND {self._rowid_of(expr)} >= :floor"
            params["floor"] = floor
        # Ties are broken by what a document is (record, kind, offset), not by its row id, so the order
        # of equal hits survives a rebuild of the index.
        tie = "d.record_id, d.kind, COALESCE(d.start, -1)"
        if sort == "relevance" and expr is not None:
            order = f"score DESC, {tie}"
        elif sort == "-date":
            order = f"d.date IS NULL, d.date DESC, {tie}"
        else:
            order = f"d.date IS NULL, d.date, {tie}"
        statement = text(f"{sql} ORDER BY {order} LIMIT :limit OFFSET :offset")
        rows = conn.execute(statement, {**params, "limit": limit, "offset": offset}).all()
        return [(int(row[0]), float(row[1] or 0.0)) for row in rows]

    def _rowid_of(self, expr: Expr | None) -> str:
        return self._rowid if expr is not None else "d.id"

    def window_floor(self, conn: Connection, expr: Expr | None, scope: Scope, window: int) -> int | None:
        """The id from which the ``window`` most recently indexed matches start (None: fewer match).

        Scoring every match of a very common word costs time in proportion to the matches (BM25 reads
        each one's positions); ranking the newest ``window`` of them keeps a query's cost bounded."""
        sql, params = self._matching(expr, scope, scored=False)
        statement = text(f"{sql} ORDER BY {self._rowid_of(expr)} DESC LIMIT 1 OFFSET :window")
        found = conn.execute(statement, {**params, "window": window - 1}).first()
        return int(found[0]) if found is not None else None

    def count(self, conn: Connection, expr: Expr | None, scope: Scope) -> int:
        sql, params = self._matching(expr, scope, scored=False)
        return int(conn.execute(text(f"SELECT count(*) FROM ({sql}) AS m"), params).scalar_one())

    def facet_counts(
        self, conn: Connection, expr: Expr | None, scope: Scope, facets: Sequence[str], floor: int | None = None
    ) -> list[tuple[str, str, int]]:
        """(facet, blind value, documents) over the matches (from document ``floor`` on, when given)."""
        if not facets:
            return []
        sql, params = self._matching(expr, scope, scored=False)
        if floor is not None:
            sql += f" AND {self._rowid_of(expr)} >= :floor"
            params["floor"] = floor
        statement = text(
            "SELECT f.facet, f.value, count(*) FROM search_facets f "
            f"WHERE f.facet IN :facets AND f.doc IN (SELECT m.id FROM ({sql}) AS m) GROUP BY f.facet, f.value"
        ).bindparams(bindparam("facets", expanding=True))
        rows = conn.execute(statement, {**params, "facets": list(facets)}).all()
        return [(row[0], row[1], int(row[2])) for row in rows]

    # -- the parts that differ -----------------------------------------------------------------------

    def _access(self, scope: Scope, params: dict[str, Any]) -> str:
        params["clearance"] = scope.clearance
        where = "d.lo <= :clearance AND d.hi >= :clearance"
        for i, kind in enumerate(scope.kinds):
            params[f"kind{i}"] = kind
        if scope.kinds:
            where += " AND d.kind IN (" + ", ".join(f":kind{i}" for i in range(len(scope.kinds))) + ")"
        return where

    def _matching(self, expr: Expr | None, scope: Scope, scored: bool) -> tuple[str, dict[str, Any]]:
        """SELECT id, score, date of the documents the reader may see that match ``expr`` (all: None)."""
        params: dict[str, Any] = {}
        access = self._access(scope, params)
        if expr is None:
            return f"SELECT d.id AS id, 0.0 AS score, d.date AS date FROM search_docs d WHERE {access}", params
        source, condition, score = self._text_match(expr, params)
        return (
            f"SELECT d.id AS id, {score if scored else '0.0'} AS score, d.date AS date FROM {source} "
            f"WHERE {condition} AND {access}",
            params,
        )

    def _text_match(self, expr: Expr, params: dict[str, Any]) -> tuple[str, str, str]:
        """(FROM clause with ``d`` for search_docs, the text-match condition, the score) for ``expr``."""
        raise NotImplementedError

    def _insert_docs(self, conn: Connection, values: list[dict[str, Any]]) -> list[int]:
        statement = insert(search_docs).returning(search_docs.c.id, sort_by_parameter_order=True)
        return [int(doc_id) for doc_id in conn.execute(statement, values).scalars()]

    def _index(self, conn: Connection, docs: list[tuple[int, str]]) -> None:
        """Add documents (id, space-separated tokens) to the backend's text index."""
        raise NotImplementedError

    def _unindex(self, conn: Connection, rows: Sequence[Any]) -> None:
        raise NotImplementedError

    def _insert_ignore(self, conn: Connection, rows: list[dict[str, str]]) -> None:
        raise NotImplementedError

    def after_rebuild(self, conn: Connection) -> None:
        """What the backend wants after the whole index was written at once."""


class SqliteBackend(Backend):
    """FTS5 over an external-content table: bm25 ranking, phrase queries on token positions."""

    _rowid = "search_fts.rowid"  # FTS5 walks its doclists by rowid, in either direction

    def _index(self, conn: Connection, docs: list[tuple[int, str]]) -> None:
        statement = text("INSERT INTO search_fts(rowid, terms) VALUES (:id, :terms)")
        conn.execute(statement, [{"id": doc_id, "terms": terms} for doc_id, terms in docs])

    def _unindex(self, conn: Connection, rows: Sequence[Any]) -> None:
        statement = text("INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', :id, :terms)")
        conn.execute(statement, [{"id": row.id, "terms": row.terms} for row in rows])

    def clear(self, conn: Connection) -> None:
        super().clear(conn)
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))

    def after_rebuild(self, conn: Connection) -> None:
        """Merge the FTS5 segments into one (faster queries after a bulk build)."""
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))

    def _insert_ignore(self, conn: Connection, rows: list[dict[str, str]]) -> None:
        conn.execute(insert(search_prefixes).prefix_with("OR IGNORE"), rows)

    def _text_match(self, expr: Expr, params: dict[str, Any]) -> tuple[str, str, str]:
        params["match"] = self.fts(expr)
        return (
            "search_fts JOIN search_docs d ON d.id = search_fts.rowid",
            "search_fts MATCH :match",
            "-bm25(search_fts)",
        )

    def fts(self, expr: Expr) -> str:
        """The FTS5 query string of an expression (tokens quoted; NOT is binary in FTS5)."""
        if isinstance(expr, Tok):
            return f'"{expr.token}"'
        if isinstance(expr, Seq):
            return '"' + " ".join(expr.tokens) + '"'
        if isinstance(expr, Without):
            return f'("{self.everything}" NOT {self.fts(expr.item)})'
        if isinstance(expr, Any_):
            return "(" + " OR ".join(self.fts(item) for item in expr.items) + ")"
        positive = [item for item in expr.items if not isinstance(item, Without)]
        negative = [item.item for item in expr.items if isinstance(item, Without)]
        base = " AND ".join(self.fts(item) for item in positive) if positive else f'"{self.everything}"'
        for item in negative:
            base = f"({base}) NOT {self.fts(item)}"
        return f"({base})"


class PostgresBackend(Backend):
    """A tsvector per document (built from the tokens and their positions) under a GIN index."""

    _rowid = "d.id"

    def _insert_docs(self, conn: Connection, values: list[dict[str, Any]]) -> list[int]:
        # The tsvector goes in with its row (an UPDATE afterwards would leave a dead row version behind).
        rows = [{**value, "tsv": tsvector_literal(value["terms"].split())} for value in values]
        statement = insert(_PG_DOCS).returning(_PG_DOCS.c.id, sort_by_parameter_order=True)
        return [int(doc_id) for doc_id in conn.execute(statement, rows).scalars()]

    def _index(self, conn: Connection, docs: list[tuple[int, str]]) -> None:
        return  # done by _insert_docs

    def _unindex(self, conn: Connection, rows: Sequence[Any]) -> None:
        return  # the tsvector goes with its row

    def after_rebuild(self, conn: Connection) -> None:
        """Fresh planner statistics, so the first queries after a rebuild are planned on real counts."""
        for table in ("search_docs", "search_facets", "search_prefixes"):
            conn.execute(text(f"ANALYZE {table}"))

    def _insert_ignore(self, conn: Connection, rows: list[dict[str, str]]) -> None:
        conn.execute(pg_insert(search_prefixes).on_conflict_do_nothing(), rows)

    def _text_match(self, expr: Expr, params: dict[str, Any]) -> tuple[str, str, str]:
        params["query"] = self.tsquery(expr)
        return "search_docs d", "d.tsv @@ CAST(:query AS tsquery)", "ts_rank(d.tsv, CAST(:query AS tsquery))"

    def tsquery(self, expr: Expr) -> str:
        if isinstance(expr, Tok):
            return f"'{expr.token}'"
        if isinstance(expr, Seq):
            return "(" + " <-> ".join(f"'{t}'" for t in expr.tokens) + ")"
        if isinstance(expr, Without):
            return f"!({self.tsquery(expr.item)})"
        joiner = " | " if isinstance(expr, Any_) else " & "
        assert isinstance(expr, (All, Any_))
        return "(" + joiner.join(self.tsquery(item) for item in expr.items) + ")"


#: search_docs as PostgreSQL has it: with the tsvector column migration 0002 adds there.
_PG_DOCS = Table("search_docs", MetaData(), *(c._copy() for c in search_docs.c), Column("tsv", TSVECTOR))


def tsvector_literal(tokens: Sequence[str]) -> str:
    """'tok':1,4 'other':2 ... (positions from 1; PostgreSQL keeps positions up to 16383)."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens, start=1):
        positions.setdefault(token, []).append(min(position, 16383))
    return " ".join(f"'{token}':" + ",".join(map(str, sorted(set(p))[:256])) for token, p in positions.items())


def backend_for(dialect: str, everything: str) -> Backend:
    return SqliteBackend(everything) if dialect == "sqlite" else PostgresBackend(everything)


def encode_spans(spans: Sequence[tuple[int, int] | None]) -> bytes:
    """Spans as unsigned LEB128 pairs (start, length + 1); 0 for a token that stands for no text.

    About three bytes a token: the highlights of a hit come from here, so showing a page of hits needs
    no second analysis of its text (the offsets say nothing the blind tokens do not already imply
    beyond word lengths)."""
    out = bytearray()
    for span in spans:
        numbers = (0,) if span is None else (span[1] - span[0] + 1, span[0])
        for number in numbers:
            while True:
                byte = number & 0x7F
                number >>= 7
                out.append(byte | 0x80 if number else byte)
                if not number:
                    break
    return bytes(out)


def decode_spans(data: bytes | None) -> list[tuple[int, int] | None]:
    numbers: list[int] = []
    value = shift = 0
    for byte in data or b"":
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            numbers.append(value)
            value = shift = 0
    spans: list[tuple[int, int] | None] = []
    i = 0
    while i < len(numbers):
        if numbers[i] == 0:
            spans.append(None)
            i += 1
        else:
            length, start = numbers[i] - 1, numbers[i + 1] if i + 1 < len(numbers) else 0
            spans.append((start, start + length))
            i += 2
    return spans
