"""The search index: documents, facets, prefixes; FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(48), nullable=False),
        sa.Column("source_id", sa.String(48), nullable=True),
        sa.Column("start", sa.Integer, nullable=True),
        sa.Column("end", sa.Integer, nullable=True),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("lo", sa.Integer, nullable=False),
        sa.Column("hi", sa.Integer, nullable=False),
        sa.Column("date", sa.Integer, nullable=True),
        sa.Column("terms", sa.Text, nullable=False),
        sa.Column("spans", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_search_docs_record", "search_docs", ["record_id"])
    op.create_table(
        "search_facets",
        sa.Column("doc", sa.Integer, nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("doc", "facet", "value"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "search_prefixes",
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("term", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "term"),
        sqlite_with_rowid=False,
    )
    if op.get_bind().dialect.name == "sqlite":
        # External content: the tokens live once, in search_docs.terms; FTS5 keeps only its index.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "terms, content='search_docs', content_rowid='id', tokenize='ascii')"
        )
    else:
        op.execute("ALTER TABLE search_docs ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING gin (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    for table in ("search_prefixes", "search_facets", "search_docs"):
        op.drop_table(table)
