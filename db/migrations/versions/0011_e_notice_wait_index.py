"""Index for delivered letters still waiting for their electronic notice (issue 14).

The tracking poll asks about a delivered letter until its ЭУВ arrives (``tasks.outgoing.tracking``);
with a million archived letters that look must not scan them: the pair
(``with_electronic_notice``, ``e_notice_status``) narrows it to the few letters with an ЭУВ and no
outcome yet.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outgoing_e_notice_wait", ["with_electronic_notice", "e_notice_status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_e_notice_wait")
