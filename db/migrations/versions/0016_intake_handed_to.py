"""The flow run a claim was handed to: ``intake_file.handed_to`` (issue 16).

The watcher records the id of the Prefect flow run it handed a batch of claims to. A claim no run
ever leased (the run never started, or died before leasing) is then taken over by the sweeper as
soon as Prefect shows that run finished, crashed, cancelled or late, instead of five minutes after
the claim; a claim with no run recorded (the hand-over failed) after a short grace.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handed_to", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.drop_column("handed_to")
