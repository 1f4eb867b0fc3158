"""The day an item was received, as the law counts it: ``incoming.received_on`` (issue 14/15).

``received_at`` stays the moment the item was registered (its number's year, the register's
order, the archive's folder). ``received_on`` is the receipt date deadlines «от даты получения»
count from: the envelope's postmark date when a scanned stack's envelope was legible, otherwise
the day the file arrived; a clerk corrects it («Исправить»). Nullable: rows registered before this
revision count from the Moscow day of ``received_at`` (``tasks.deadlines.store.receipt_date``).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.drop_column("received_on")
