"""Contract numbers in the search accelerator (PostgreSQL): a trigram copy kept by a trigger.

The register search matches a needle with a digit inside ``debt_case.contract_number``
(``db.search.parts.clients_and_contracts``). Scanned, that is every case on each such search: at a
million items and half a million cases it added 0.1–0.2 s to every number, ИП or case number
typed. As the short fields of ``0005``: table ``korr_search.contract_text`` (case id, lower-cased
contract number) with a GIN ``gin_trgm_ops`` index, kept by a trigger in the writer's transaction.
It is no model of ours, so the model/migration comparison stays exact. SQLite keeps scanning (a few
ms at 100,000 items), so this revision does nothing there.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COPY = """
CREATE FUNCTION korr_search.copy_contract_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR coalesce(NEW.contract_number, '') = '' THEN
        DELETE FROM korr_search.contract_text WHERE id = OLD.id;
    ELSE
        INSERT INTO korr_search.contract_text (id, body) VALUES (NEW.id, lower(NEW.contract_number))
        ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE korr_search.contract_text (id bigint PRIMARY KEY, body text NOT NULL)")
    op.execute(
        "INSERT INTO korr_search.contract_text (id, body) SELECT id, lower(contract_number) FROM debt_case "
        "WHERE coalesce(contract_number, '') <> ''"
    )
    op.execute(
        "CREATE INDEX ix_contract_text_body_trgm ON korr_search.contract_text USING gin (body gin_trgm_ops)"
    )
    op.execute(COPY)
    op.execute(
        "CREATE TRIGGER korr_contract_text_copy AFTER INSERT OR DELETE OR UPDATE OF contract_number "
        "ON debt_case FOR EACH ROW EXECUTE FUNCTION korr_search.copy_contract_text()"
    )
    op.execute("ANALYZE korr_search.contract_text")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS korr_contract_text_copy ON debt_case")
    op.execute("DROP FUNCTION IF EXISTS korr_search.copy_contract_text()")
    op.execute("DROP TABLE IF EXISTS korr_search.contract_text")
