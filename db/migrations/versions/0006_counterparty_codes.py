"""Counterparty codes: ИП department codes and court codes that identify a unit in documents.

A УИД (``59RS0004-01-…``) names the court and an ИП number (``…/59045-ИП``) the bailiff office
that wrote it; units sharing a name across cities («ОСП по Ленинскому району») are told apart by
them. Imported from the counterparties CSV (optional ``codes`` column) or learned from registered
documents. A JSON list like ``aliases``; nullable, so existing rows need no value.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.add_column(sa.Column("codes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.drop_column("codes")
