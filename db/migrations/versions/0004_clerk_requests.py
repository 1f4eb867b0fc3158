"""Clerks' requests (work done by the ``clerk-requests`` flow) and an index on contract numbers.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clerk_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("open_key", sa.String(length=250), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("flow_run_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["result_sha256"], ["blob.sha256"], name=op.f("fk_clerk_request_result_sha256_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clerk_request")),
        sa.UniqueConstraint("open_key", name=op.f("uq_clerk_request_open_key")),
    )
    with op.batch_alter_table("clerk_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clerk_request_state"), ["state"], unique=False)
    with op.batch_alter_table("debt_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debt_case_contract_number"), ["contract_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("debt_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debt_case_contract_number"))
    with op.batch_alter_table("clerk_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clerk_request_state"))
    op.drop_table("clerk_request")
