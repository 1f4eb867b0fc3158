"""A refusal a clerk dealt with on «Отказы»: registered by hand or deleted (issue 13.8).

``rejection.closed_at`` / ``closed_by`` / ``closed_how`` (``registered`` or ``deleted``): the row
stays, as the intake ledger points at it and the journal names it; «Отказы» lists open ones.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rejection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("closed_how", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rejection", schema=None) as batch_op:
        batch_op.drop_column("closed_how")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
