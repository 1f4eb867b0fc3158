"""Search accelerator for the short fields on PostgreSQL: trigram copies kept by triggers.

Four tables in schema ``korr_search`` (created by ``0003``), each ``(id, body)``: the id of a model
row and its lower-cased text, with a GIN ``gin_trgm_ops`` index. ``incoming_text`` holds an item's
registration number and comment, ``case_text`` the case number, ``case_identifier_text`` an
identifier's value, ``debtor_text`` the debtor's name. ``db.search`` joins them to the items through
packages at query time, so moving a package to another case needs no copy at all.

Triggers on the model tables keep the copies in the writer's own transaction, whichever program
writes (app, flows, imports): a clerk who corrects a case finds the item by it at once. The
documents' text (``attachment_text``, ``0003``) gets a trigger too, so nothing is left to catch up
at search time. The new tables are analysed at once: without statistics the planner guesses. The tables,
functions and triggers are no models of ours: the model/migration comparison, which looks at the
default schema's tables, columns and indexes only, stays exact. SQLite gets the same tables as FTS5
in the side file of ``db.search.attach_search_index``, so this revision does nothing there.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COPIES = {
    # side table: (model table, its text as SQL over a row named NEW, columns whose update re-copies)
    "incoming_text": (
        "incoming",
        "NEW.reg_number || E'\\n' || coalesce(NEW.comment, '')",
        "reg_number, comment",
    ),
    "case_text": ("debt_case", "NEW.case_number", "case_number"),
    "case_identifier_text": ("case_identifier", "NEW.value", "value"),
    "debtor_text": ("debtor", "NEW.full_name", "full_name"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (source, text, columns) in COPIES.items():
        op.execute(f"CREATE TABLE korr_search.{name} (id bigint PRIMARY KEY, body text NOT NULL)")
        op.execute(
            f"INSERT INTO korr_search.{name} (id, body) "
            f"SELECT id, lower({text.replace('NEW.', 'r.')}) FROM {source} r"
        )
        op.execute(f"CREATE INDEX ix_{name}_body_trgm ON korr_search.{name} USING gin (body gin_trgm_ops)")
        op.execute(
            f"""
            CREATE FUNCTION korr_search.copy_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM korr_search.{name} WHERE id = OLD.id;
                ELSE
                    INSERT INTO korr_search.{name} (id, body) VALUES (NEW.id, lower({text}))
                    ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body;
                END IF;
                RETURN NULL;
            END
            $$
            """
        )
        op.execute(
            f"CREATE TRIGGER korr_search_{name} AFTER INSERT OR DELETE OR UPDATE OF {columns} "
            f"ON {source} FOR EACH ROW EXECUTE FUNCTION korr_search.copy_{name}()"
        )
    _copy_document_text()
    op.execute("ANALYZE korr_search.attachment_text")
    for name in COPIES:
        op.execute(f"ANALYZE korr_search.{name}")


ATTACHMENT_COPY = """
CREATE FUNCTION korr_search.copy_attachment_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR coalesce(NEW.text, '') = '' THEN
        DELETE FROM korr_search.attachment_text WHERE id = OLD.id;
    ELSE
        INSERT INTO korr_search.attachment_text (id, body) VALUES (NEW.id, lower(NEW.text))
        ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body;
    END IF;
    RETURN NULL;
END
$$
"""


def _copy_document_text() -> None:
    """Document text too, by trigger instead of ``0003``'s catch-up by id at search time, which
    could miss a row committed more than its overlap behind a newer one."""
    op.execute(
        "INSERT INTO korr_search.attachment_text (id, body) SELECT a.id, lower(a.text) FROM attachment a "
        "WHERE coalesce(a.text, '') <> '' "
        "AND NOT EXISTS (SELECT 1 FROM korr_search.attachment_text t WHERE t.id = a.id)"
    )
    op.execute(ATTACHMENT_COPY)
    op.execute(
        "CREATE TRIGGER korr_search_attachment_text AFTER INSERT OR DELETE OR UPDATE OF text "
        "ON attachment FOR EACH ROW EXECUTE FUNCTION korr_search.copy_attachment_text()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS korr_search_attachment_text ON attachment")
    op.execute("DROP FUNCTION IF EXISTS korr_search.copy_attachment_text()")
    for name, (source, _text, _columns) in COPIES.items():
        op.execute(f"DROP TRIGGER IF EXISTS korr_search_{name} ON {source}")
        op.execute(f"DROP FUNCTION IF EXISTS korr_search.copy_{name}()")
        op.execute(f"DROP TABLE IF EXISTS korr_search.{name}")
