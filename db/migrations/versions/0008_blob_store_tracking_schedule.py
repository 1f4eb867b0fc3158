"""Scans out of the row store, and when each letter was last asked about (issue 16).

``blob.data`` becomes nullable: ``NULL`` means the bytes live in the content store
(``config.blob_store``). Moving existing bytes is not done here but by ``korrespondent blobs
migrate``: it needs the store's settings (a folder, a bucket and its keys), which a schema
migration is not given, and gigabytes move in resumable batches, not in one transaction.
The downgrade refuses while any row's bytes are outside (``korrespondent blobs migrate --to db``
brings them back first).

``outgoing.tracking_checked_at``: when the letter last went into a tracking ticket; the poll's
scheduler (``tasks.outgoing.tracking_schedule``) picks letters by it.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("blob", schema=None) as batch_op:
        batch_op.alter_column("data", existing_type=sa.LargeBinary(), nullable=True)
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tracking_checked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_outgoing_tracking_checked_at"), ["tracking_checked_at"])


def downgrade() -> None:
    moved = op.get_bind().scalar(sa.text("SELECT count(*) FROM blob WHERE data IS NULL"))
    if moved:
        raise RuntimeError(
            f"{moved} files are in the content store, not in the database: "
            "run `korrespondent blobs migrate --to db` before this downgrade"
        )
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_tracking_checked_at"))
        batch_op.drop_column("tracking_checked_at")
    with op.batch_alter_table("blob", schema=None) as batch_op:
        batch_op.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)
