"""A page of one record type in id order, read from an index (record lists and the API at 100k+ records).

Live records only (deleted_at IS NULL) are listed, so the index carries it: skipping to an offset reads the
index alone.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_type_id", "records", ["type", "deleted_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_records_type_id", table_name="records")
