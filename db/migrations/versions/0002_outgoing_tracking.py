"""Outgoing letters: envelope type, check-in time, stored batch-tracking tickets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("envelope_type", sa.String(length=4), server_default="DL", nullable=False)
        )
        batch_op.add_column(sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "tracking_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.String(length=100), nullable=False),
        sa.Column("barcodes", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_ticket")),
        sa.UniqueConstraint("ticket", name=op.f("uq_tracking_ticket_ticket")),
    )
    with op.batch_alter_table("tracking_ticket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_ticket_next_check_at"), ["next_check_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tracking_ticket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_ticket_next_check_at"))
    op.drop_table("tracking_ticket")
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_column("checked_in_at")
        batch_op.drop_column("envelope_type")
