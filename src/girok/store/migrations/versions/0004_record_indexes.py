"""Indexes for the web app's lists and dashboard: counts by type and confidentiality, newest changes first.

ix_records_levels (type, deleted_at, confidentiality) replaces ix_records_type (type, deleted_at), its prefix.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_levels", "records", ["type", "deleted_at", "confidentiality"])
    op.create_index("ix_records_updated", "records", ["updated_at"])
    op.drop_index("ix_records_type", table_name="records")


def downgrade() -> None:
    op.create_index("ix_records_type", "records", ["type", "deleted_at"])
    op.drop_index("ix_records_updated", table_name="records")
    op.drop_index("ix_records_levels", table_name="records")
