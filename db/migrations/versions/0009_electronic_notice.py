"""Electronic notice of delivery (ЭУВ) per letter: asked for, its cost and its outcome (issue 14).

``outgoing.with_electronic_notice``: the order carries ``with-electronic-notice`` (instead of the
paper notice ф.119). ``notice_cost_kopecks``: the notice's part of the order's tariff (VAT
included), whichever notice the letter has. ``e_notice_status`` / ``e_notice_at``: what tracking
said of the electronic notice (``received``: 34 «электронное уведомление загружено»;
``refused``: 45 «отказ от отправки ЭУВ получателем»).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("with_electronic_notice", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("notice_cost_kopecks", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("e_notice_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("e_notice_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_column("e_notice_at")
        batch_op.drop_column("e_notice_status")
        batch_op.drop_column("notice_cost_kopecks")
        batch_op.drop_column("with_electronic_notice")
