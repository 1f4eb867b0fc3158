"""Initial schema: the whole first-cut data model of ARCHITECTURE.md.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 10:16:06.245872
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("login", name=op.f("uq_app_user_login")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity_entity_id", ["entity", "entity_id"], unique=False)

    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("inn", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("name", name=op.f("uq_client_name")),
    )
    op.create_table(
        "counterparty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("postal_index", sa.String(length=6), nullable=True),
        sa.Column("inn", sa.String(length=12), nullable=True),
        sa.Column("ogrn", sa.String(length=15), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparty")),
        sa.UniqueConstraint("name", name=op.f("uq_counterparty_name")),
    )
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counterparty_inn"), ["inn"], unique=False)

    op.create_table(
        "debtor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("inn", sa.String(length=12), nullable=True),
        sa.Column("snils", sa.String(length=11), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debtor")),
    )
    with op.batch_alter_table("debtor", schema=None) as batch_op:
        batch_op.create_index("ix_debtor_full_name_birth_date", ["full_name", "birth_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_debtor_inn"), ["inn"], unique=False)
        batch_op.create_index(batch_op.f("ix_debtor_snils"), ["snils"], unique=False)

    op.create_table(
        "document_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("belongs_to", sa.String(length=10), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("match_rules", sa.Text(), nullable=False),
        sa.Column("is_standard", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_type")),
        sa.UniqueConstraint("name", name=op.f("uq_document_type_name")),
    )
    op.create_table(
        "reg_counter",
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("direction", "year", name=op.f("pk_reg_counter")),
    )
    op.create_table(
        "rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("moved_to", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejection")),
    )
    with op.batch_alter_table("rejection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejection_rejected_at"), ["rejected_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rejection_sha256"), ["sha256"], unique=False)

    op.create_table(
        "debt_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=100), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("contract_number", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_debt_case_client_id_client")),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtor.id"], name=op.f("fk_debt_case_debtor_id_debtor")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debt_case")),
        sa.UniqueConstraint("case_number", name=op.f("uq_debt_case_case_number")),
    )
    with op.batch_alter_table("debt_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debt_case_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_debt_case_debtor_id"), ["debtor_id"], unique=False)

    op.create_table(
        "incoming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reg_number", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["counterparty.id"], name=op.f("fk_incoming_sender_id_counterparty")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming")),
        sa.UniqueConstraint("reg_number", name=op.f("uq_incoming_reg_number")),
    )
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incoming_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incoming_sender_id"), ["sender_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incoming_status"), ["status"], unique=False)

    op.create_table(
        "case_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["debt_case.id"],
            name=op.f("fk_case_identifier_case_id_debt_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_identifier")),
        sa.UniqueConstraint("case_id", "kind", "value", name=op.f("uq_case_identifier_case_id_kind_value")),
    )
    with op.batch_alter_table("case_identifier", schema=None) as batch_op:
        batch_op.create_index("ix_case_identifier_kind_value", ["kind", "value"], unique=False)

    op.create_table(
        "intake_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_name", sa.String(length=300), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("envelope", sa.String(length=300), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=True),
        sa.Column("rejection_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incoming_id"], ["incoming.id"], name=op.f("fk_intake_file_incoming_id_incoming")
        ),
        sa.ForeignKeyConstraint(
            ["rejection_id"], ["rejection.id"], name=op.f("fk_intake_file_rejection_id_rejection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_file")),
        sa.UniqueConstraint("claim_name", name=op.f("uq_intake_file_claim_name")),
    )
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_file_envelope"), ["envelope"], unique=False)
        batch_op.create_index(batch_op.f("ix_intake_file_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_intake_file_status"), ["status"], unique=False)

    op.create_table(
        "outgoing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reg_number", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("shipping_point_index", sa.String(length=6), nullable=False),
        sa.Column("mail_type", sa.String(length=40), nullable=False),
        sa.Column("mail_category", sa.String(length=40), nullable=False),
        sa.Column("with_notice", sa.Boolean(), nullable=False),
        sa.Column("with_inventory", sa.Boolean(), nullable=False),
        sa.Column("declared_value_kopecks", sa.Integer(), nullable=True),
        sa.Column("weight_grams", sa.Integer(), nullable=False),
        sa.Column("recipient_counterparty_id", sa.Integer(), nullable=True),
        sa.Column("recipient_debtor_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.String(length=500), nullable=False),
        sa.Column("recipient_address", sa.Text(), nullable=False),
        sa.Column("recipient_index", sa.String(length=6), nullable=True),
        sa.Column("recipient_address_parts", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("document_type_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("cost_kopecks", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("barcode", sa.String(length=20), nullable=True),
        sa.Column("batch_name", sa.String(length=50), nullable=True),
        sa.Column("tracking_status", sa.String(length=30), nullable=True),
        sa.Column("tracking_status_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sync_attempts", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["debt_case.id"], name=op.f("fk_outgoing_case_id_debt_case")),
        sa.ForeignKeyConstraint(
            ["document_type_id"],
            ["document_type.id"],
            name=op.f("fk_outgoing_document_type_id_document_type"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_counterparty_id"],
            ["counterparty.id"],
            name=op.f("fk_outgoing_recipient_counterparty_id_counterparty"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_debtor_id"], ["debtor.id"], name=op.f("fk_outgoing_recipient_debtor_id_debtor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing")),
        sa.UniqueConstraint("barcode", name=op.f("uq_outgoing_barcode")),
        sa.UniqueConstraint("reg_number", name=op.f("uq_outgoing_reg_number")),
    )
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_batch_name"), ["batch_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_state"), ["state"], unique=False)

    op.create_table(
        "package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_type_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("debtor_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["debt_case.id"], name=op.f("fk_package_case_id_debt_case")),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_package_client_id_client")),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtor.id"], name=op.f("fk_package_debtor_id_debtor")),
        sa.ForeignKeyConstraint(
            ["document_type_id"], ["document_type.id"], name=op.f("fk_package_document_type_id_document_type")
        ),
        sa.ForeignKeyConstraint(
            ["incoming_id"], ["incoming.id"], name=op.f("fk_package_incoming_id_incoming"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package")),
    )
    with op.batch_alter_table("package", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_package_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_package_debtor_id"), ["debtor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_package_incoming_id"), ["incoming_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("outgoing_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("incoming_sha256", sa.String(length=64), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_method", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_attachment_outgoing_id_outgoing"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["package.id"], name=op.f("fk_attachment_package_id_package"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blob.sha256"], name=op.f("fk_attachment_sha256_blob")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("incoming_sha256", name=op.f("uq_attachment_incoming_sha256")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_outgoing_id"), ["outgoing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_package_id"), ["package_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    op.create_table(
        "outgoing_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_outgoing_transition_outgoing_id_outgoing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_transition")),
    )
    with op.batch_alter_table("outgoing_transition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_transition_outgoing_id"), ["outgoing_id"], unique=False)

    op.create_table(
        "tracking_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=True),
        sa.Column("barcode", sa.String(length=20), nullable=False),
        sa.Column("oper_type", sa.Integer(), nullable=False),
        sa.Column("oper_attr", sa.Integer(), nullable=True),
        sa.Column("oper_name", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place_index", sa.String(length=6), nullable=True),
        sa.Column("place_name", sa.String(length=300), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outgoing_id"],
            ["outgoing.id"],
            name=op.f("fk_tracking_event_outgoing_id_outgoing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_event")),
        sa.UniqueConstraint(
            "barcode",
            "oper_type",
            "oper_attr",
            "happened_at",
            name=op.f("uq_tracking_event_barcode_oper_type_oper_attr_happened_at"),
        ),
    )
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_event_barcode"), ["barcode"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracking_event_outgoing_id"), ["outgoing_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_event_outgoing_id"))
        batch_op.drop_index(batch_op.f("ix_tracking_event_barcode"))

    op.drop_table("tracking_event")
    with op.batch_alter_table("outgoing_transition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_transition_outgoing_id"))

    op.drop_table("outgoing_transition")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_package_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_outgoing_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("package", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_incoming_id"))
        batch_op.drop_index(batch_op.f("ix_package_debtor_id"))
        batch_op.drop_index(batch_op.f("ix_package_case_id"))

    op.drop_table("package")
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_state"))
        batch_op.drop_index(batch_op.f("ix_outgoing_order_id"))
        batch_op.drop_index(batch_op.f("ix_outgoing_case_id"))
        batch_op.drop_index(batch_op.f("ix_outgoing_batch_name"))

    op.drop_table("outgoing")
    with op.batch_alter_table("intake_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_file_status"))
        batch_op.drop_index(batch_op.f("ix_intake_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_intake_file_envelope"))

    op.drop_table("intake_file")
    with op.batch_alter_table("case_identifier", schema=None) as batch_op:
        batch_op.drop_index("ix_case_identifier_kind_value")

    op.drop_table("case_identifier")
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_status"))
        batch_op.drop_index(batch_op.f("ix_incoming_sender_id"))
        batch_op.drop_index(batch_op.f("ix_incoming_received_at"))

    op.drop_table("incoming")
    with op.batch_alter_table("debt_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debt_case_debtor_id"))
        batch_op.drop_index(batch_op.f("ix_debt_case_client_id"))

    op.drop_table("debt_case")
    with op.batch_alter_table("rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejection_sha256"))
        batch_op.drop_index(batch_op.f("ix_rejection_rejected_at"))

    op.drop_table("rejection")
    op.drop_table("reg_counter")
    op.drop_table("document_type")
    with op.batch_alter_table("debtor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debtor_snils"))
        batch_op.drop_index(batch_op.f("ix_debtor_inn"))
        batch_op.drop_index("ix_debtor_full_name_birth_date")

    op.drop_table("debtor")
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counterparty_inn"))

    op.drop_table("counterparty")
    op.drop_table("client")
    op.drop_table("blob")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity_entity_id")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_actor"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
    op.drop_table("app_user")
