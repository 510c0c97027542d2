"""The tables behind the Store, in SQLAlchemy Core (the migrations create exactly these)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

#: JSON on SQLite, JSONB on PostgreSQL (indexable, compact).
Json = JSON().with_variant(JSONB(), "postgresql")

#: Times are ISO 8601 UTC strings ("2026-11-21T23:11:21.123456Z"): exact, sortable and identical on both backends.
Timestamp = String(32)

records = Table(
    "records",
    metadata,
    Column("id", String(48), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(32), nullable=True),
    Column("protection", String(16), nullable=False),
    Column("confidentiality", String(16), nullable=False),
    Column("data", Json, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("updated_by", String(128), nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
    Column("deleted_by", String(128), nullable=True),
    # Covers counting by type over what a reader may see (the dashboard, list facets) without reading rows.
    Index("ix_records_levels", "type", "deleted_at", "confidentiality"),
    # Recent activity: the newest changes first, read from the index and stopped after a page.
    Index("ix_records_updated", "updated_at"),
)

# A page of live records of one type in id order (record lists, the API), read from the index alone with the
# confidentiality each reader is tested on. Partial (live records only): PostgreSQL does not keep id order
# after a "deleted_at IS NULL" index column, and sorted all 30,000 violations for a deep page instead.
Index(
    "ix_records_type_id",
    records.c.type,
    records.c.id,
    records.c.confidentiality,
    sqlite_where=records.c.deleted_at.is_(None),
    postgresql_where=records.c.deleted_at.is_(None),
)

record_refs = Table(
    "record_refs",
    metadata,
    Column("from_id", String(48), ForeignKey("records.id"), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("to_id", String(48), ForeignKey("records.id"), primary_key=True),
    Index("ix_record_refs_to", "to_id"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(48), ForeignKey("records.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("action", String(32), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("at", Timestamp, nullable=False),
    Column("before", Json, nullable=True),
    Column("after", Json, nullable=True),
    Column("reason", Text, nullable=True),
    UniqueConstraint("record_id", "version", name="uq_revisions_record_version"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", Timestamp, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(48), nullable=False),
    Column("record_id", String(48), nullable=True),
    Column("record_type", String(32), nullable=True),
    Column("version", Integer, nullable=True),
    Column("digest", String(64), nullable=True),
    Column("details", Json, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: One row: the last entry of the chain. Appending locks it, which serialises writers on both backends.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- the search index (girok.search); migration 0002 adds the backend's text index over search_docs.terms:
# an external-content FTS5 table on SQLite, a GIN-indexed tsvector column on PostgreSQL.

#: One row per document (a passage or a record's text): who may find it (clearance ranks lo..hi) and
#: its blind tokens (see girok.search.blind).
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
    Column("terms", Text, nullable=False),
    Column("spans", LargeBinary, nullable=False),
    Index("ix_search_docs_record", "record_id"),
)

#: The blind facet values of each document, for counting.
search_facets = Table(
    "search_facets",
    metadata,
    Column("doc", Integer, nullable=False),
    Column("facet", String(16), nullable=False),
    Column("value", String(16), nullable=False),
    PrimaryKeyConstraint("doc", "facet", "value"),
    sqlite_with_rowid=False,
)

#: Blind prefix -> blind term, for prefix queries.
search_prefixes = Table(
    "search_prefixes",
    metadata,
    Column("prefix", String(16), nullable=False),
    Column("term", String(16), nullable=False),
    PrimaryKeyConstraint("prefix", "term"),
    sqlite_with_rowid=False,
)

# -- accounts (girok.services.accounts; migration 0003): people who sign in to the web app and the API.
# Secrets are never stored: passwords as argon2id hashes, session and API tokens as SHA-256 digests.

users = Table(
    "users",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),
    Column("clearance", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", Timestamp, nullable=True),
    Column("disabled", Integer, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("created_by", String(128), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(128), ForeignKey("users.name"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("seen_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False),
    Index("ix_sessions_user", "user_name"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_name", String(128), ForeignKey("users.name"), nullable=False),
    Column("label", String(128), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("last_used_at", Timestamp, nullable=True),
    Column("revoked_at", Timestamp, nullable=True),
    Index("ix_api_tokens_user", "user_name"),
)
