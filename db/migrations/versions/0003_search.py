"""Search accelerator for document text on PostgreSQL: a trigram index in its own schema.

The index lives in schema ``korr_search`` (table ``attachment_text``: attachment id and its
lower-cased text, GIN ``gin_trgm_ops``), so it is no model of ours and the model/migration
comparison, which looks at the default schema only, stays exact. ``db.search`` fills it
incrementally (extracted text never changes once stored) and falls back to a plain scan when the
schema is absent. SQLite gets its accelerator (an FTS5 trigram table) in a side file attached by
``db.search.attach_search_index``, so this revision does nothing there.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE SCHEMA IF NOT EXISTS korr_search")
    op.execute("CREATE TABLE korr_search.attachment_text (id bigint PRIMARY KEY, body text NOT NULL)")
    op.execute(
        "CREATE INDEX ix_attachment_text_body_trgm ON korr_search.attachment_text "
        "USING gin (body gin_trgm_ops)"
    )
    op.execute(
        "INSERT INTO korr_search.attachment_text (id, body) "
        "SELECT id, lower(text) FROM attachment WHERE text IS NOT NULL AND text <> ''"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP SCHEMA IF EXISTS korr_search CASCADE")
