"""The search index's tables (SQLAlchemy Core); migration 0002 creates them with the backend's text index.

``search_docs``: one row per document (a passage or a record's text), with who may find it (clearance
ranks ``lo``..``hi``) and its blind tokens. SQLite indexes ``terms`` with an external-content FTS5 table
(``search_fts``); PostgreSQL keeps a ``tsv`` tsvector column under a GIN index. ``search_facets``: the
blind facet values of each document, for counting. ``search_prefixes``: blind prefix -> blind term.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text

metadata = MetaData()

search_docs = Table(
    "search_docs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("record_id", String(48), nullable=False),
    Column("source_id", String(48), nullable=True),
    Column("start", Integer, nullable=True),
    Column("end", Integer, nullable=True),
    Column("page", Integer, nullable=True),
    Column("lo", Integer, nullable=False),
    Column("hi", Integer, nullable=False),
    Column("date", Integer, nullable=True),
    Column("terms", Text, nullable=True),
    Index("ix_search_docs_record", "record_id"),
)

search_facets = Table(
    "search_facets",
    metadata,
    Column("doc", Integer, nullable=False),
    Column("facet", String(16), nullable=False),
    Column("value", String(16), nullable=False),
    PrimaryKeyConstraint("doc", "facet", "value"),
    sqlite_with_rowid=False,
)

search_prefixes = Table(
    "search_prefixes",
    metadata,
    Column("prefix", String(16), nullable=False),
    Column("term", String(16), nullable=False),
    PrimaryKeyConstraint("prefix", "term"),
    sqlite_with_rowid=False,
)
