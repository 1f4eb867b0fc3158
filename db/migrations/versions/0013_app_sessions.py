"""Signed-in browsers (issue 13.6): a reload or an opened link keeps the clerk signed in.

The app's cookie carries a signed random key; ``app_session`` holds only its SHA-256, when it was
last used (the 8-hour idle limit is judged here, on the server) and when and why it ended
(«Выйти», idleness, the user deactivated or their password reset).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_app_session_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_app_session_key_hash")),
    )
    op.create_index(op.f("ix_app_session_user_id"), "app_session", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_app_session_user_id"), table_name="app_session")
    op.drop_table("app_session")
