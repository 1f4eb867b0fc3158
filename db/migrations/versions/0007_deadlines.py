"""Legal deadlines from incoming mail, their rules, and guards on contacting debtors (issue 14).

``deadline_rule``: what a document type obliges us to do and by when (defaults are seeded by
``tasks.deadlines.store.install_default_rules``, not here); ``deadline``: one clock per rule and
package, with its anchors; ``contact_guard``: a bar on writing to a debtor (230-ФЗ, 127-ФЗ).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=True),
        sa.Column("document_type", sa.String(length=300), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("anchor", sa.String(length=20), nullable=False),
        sa.Column("earliest_amount", sa.Integer(), nullable=True),
        sa.Column("earliest_unit", sa.String(length=20), nullable=True),
        sa.Column("latest_amount", sa.Integer(), nullable=True),
        sa.Column("latest_unit", sa.String(length=20), nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_rule")),
        sa.UniqueConstraint("key", name=op.f("uq_deadline_rule_key")),
    )
    with op.batch_alter_table("deadline_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_rule_document_type"), ["document_type"], unique=False)

    op.create_table(
        "contact_guard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_incoming_id", sa.Integer(), nullable=True),
        sa.Column("source_number", sa.String(length=64), nullable=True),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("representative_name", sa.String(length=500), nullable=True),
        sa.Column("representative_address", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=100), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["debt_case.id"], name=op.f("fk_contact_guard_case_id_debt_case")
        ),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtor.id"], name=op.f("fk_contact_guard_debtor_id_debtor")),
        sa.ForeignKeyConstraint(
            ["source_incoming_id"],
            ["incoming.id"],
            name=op.f("fk_contact_guard_source_incoming_id_incoming"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_guard")),
    )
    with op.batch_alter_table("contact_guard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_guard_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_guard_debtor_id"), ["debtor_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("date_confidence", sa.Double(), nullable=False),
        sa.Column("received_date", sa.Date(), nullable=False),
        sa.Column("earliest_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("assignee", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["debt_case.id"], name=op.f("fk_deadline_case_id_debt_case")),
        sa.ForeignKeyConstraint(
            ["incoming_id"],
            ["incoming.id"],
            name=op.f("fk_deadline_incoming_id_incoming"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["package.id"], name=op.f("fk_deadline_package_id_package"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["deadline_rule.id"],
            name=op.f("fk_deadline_rule_id_deadline_rule"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
        sa.UniqueConstraint("rule_id", "package_id", name=op.f("uq_deadline_rule_id_package_id")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_incoming_id"), ["incoming_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_package_id"), ["package_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_status"))
        batch_op.drop_index(batch_op.f("ix_deadline_rule_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_package_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_incoming_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_due_date"))
        batch_op.drop_index(batch_op.f("ix_deadline_case_id"))

    op.drop_table("deadline")
    with op.batch_alter_table("contact_guard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_guard_debtor_id"))
        batch_op.drop_index(batch_op.f("ix_contact_guard_case_id"))

    op.drop_table("contact_guard")
    with op.batch_alter_table("deadline_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_rule_document_type"))

    op.drop_table("deadline_rule")
