"""Initial tables: records, references, revisions, the audit chain and settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(32), nullable=True),
        sa.Column("protection", sa.String(16), nullable=False),
        sa.Column("confidentiality", sa.String(16), nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("deleted_at", Timestamp, nullable=True),
        sa.Column("deleted_by", sa.String(128), nullable=True),
    )
    op.create_index("ix_records_type", "records", ["type", "deleted_at"])
    op.create_table(
        "record_refs",
        sa.Column("from_id", sa.String(48), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("field", sa.String(64), primary_key=True),
        sa.Column("to_id", sa.String(48), sa.ForeignKey("records.id"), primary_key=True),
    )
    op.create_index("ix_record_refs_to", "record_refs", ["to_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(48), sa.ForeignKey("records.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("before", Json, nullable=True),
        sa.Column("after", Json, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.UniqueConstraint("record_id", "version", name="uq_revisions_record_version"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("record_id", sa.String(48), nullable=True),
        sa.Column("record_type", sa.String(32), nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("details", Json, nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "audit_head", "audit_log", "revisions", "record_refs", "records"):
        op.drop_table(table)
