"""Intake leases: who processes a claimed envelope, and until when (issue 16.2).

A flow run leases the envelopes it works on (``lease_until``, ``leased_by``) and renews the lease
while it lives; a SIGKILLed worker stops renewing, so another run takes the envelopes over within a
minute or two instead of waiting for the sweeper's five-minute grace after the claim.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("leased_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.drop_column("leased_by")
        batch_op.drop_column("lease_until")
