"""The register's order as one index: ``incoming (received_at, id)`` (issue 16).

The register lists items newest first by ``received_at, id``. With ``received_at`` alone indexed,
a deep page (page 1,000 of a million items: ``OFFSET 49,950``) read every skipped row from the
table, joined its sender and sorted ties by id: 0.1–0.15 s. With both columns in one index the
skipped rows are skipped inside the index (an index-only scan of ids), and only the page's fifty
rows are read (``db.search.paging``). The old single-column index stays: other queries and their
plans use it.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.create_index("ix_incoming_received_at_id", ["received_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_received_at_id")
