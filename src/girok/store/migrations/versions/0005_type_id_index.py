"""A page of one record type in id order, read from an index (record lists and the API at 100k+ records).

Only live records (deleted_at IS NULL) are listed, so the index is partial; it carries the confidentiality
each reader is tested on, so skipping to an offset reads the index alone.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    live = sa.text("deleted_at IS NULL")
    op.create_index(
        "ix_records_type_id",
        "records",
        ["type", "id", "confidentiality"],
        sqlite_where=live,
        postgresql_where=live,
    )


def downgrade() -> None:
    op.drop_index("ix_records_type_id", table_name="records")
