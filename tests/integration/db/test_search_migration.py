"""Migration 0005 (trigram copies of the short fields): up over existing data, down, up again."""

from __future__ import annotations

import hashlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db import migrate
from db.engine import make_engine, session_scope
from db.models import Base, Case, CaseIdentifier, Client, Debtor
from db.models.enums import IncomingSource
from db.search import IncomingFilter, attach_search_index, search_incoming
from tasks import register as register_module
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming

COPIES = ("incoming_text", "case_text", "case_identifier_text", "debtor_text")
NEEDLES = ("кс-0005", "миграцияев", "0005/24/1-ип", "заметка до 0005", "текст письма")


def _fill(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> int:
    """One item filed to a case by today's registration, then the schema walked down to 0004.

    Today's models carry columns later migrations add, so the item is written at the head and the
    migrations' downgrades take the schema back to 0004 with the row kept, as an installation
    that stayed at 0004 would hold it. Deadlines and guards (0007) are left out: an item of 0004
    had none.
    """
    monkeypatch.setattr(register_module, "apply_mail_effects", lambda *_args, **_kwargs: None)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        client, debtor = Client(name="Банк миграции"), Debtor(full_name="Миграцияев Иван")
        session.add_all([client, debtor])
        session.flush()
        case = Case(case_number="КС-0005", client_id=client.id, debtor_id=debtor.id)
        case.identifiers.append(CaseIdentifier(kind="ip", value="0005/24/1-ИП"))
        session.add(case)
        session.flush()
        data = b"%PDF-1.4 migration"
        file = FileInput(
            "m.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, "Текст письма"
        )
        item = register_incoming(
            session,
            IncomingInput(sender_id=None, source=IncomingSource.MANUAL, comment="Заметка до 0005"),
            [PackageInput(files=(file,), case_id=case.id, debtor_id=debtor.id)],
            actor="tests",
        )
        item_id = item.id
    migrate.downgrade(engine, "0004")
    return item_id


def _found_everywhere(engine: Engine, item_id: int) -> None:
    engine.dispose()  # connections remember which accelerator they saw
    with Session(engine) as session:
        for needle in NEEDLES:
            assert [r.id for r in search_incoming(session, IncomingFilter(text=needle)).rows] == [item_id], (
                needle
            )


def _copies(engine: Engine) -> dict[str, int | None]:
    """PostgreSQL: rows per copy table (None: no such table) and the number of our triggers."""
    with engine.connect() as connection:
        counts: dict[str, int | None] = {}
        for name in COPIES:
            exists = connection.scalar(text(f"SELECT to_regclass('korr_search.{name}')"))
            counts[name] = (
                connection.scalar(text(f"SELECT count(*) FROM korr_search.{name}")) if exists else None
            )
        counts["triggers"] = connection.scalar(
            text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'korr\\_search\\_%'")
        )
        return counts


def test_0005_copies_existing_rows_and_walks_down_and_up(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN data written at 0004 WHEN upgrading to 0005, down to 0004 and up again THEN every
    field finds the item each time, and on PostgreSQL the copies and triggers come and go."""
    engine = make_engine(empty_database_url)
    attach_search_index(engine)
    item_id = _fill(engine, monkeypatch)
    assert migrate.current_revision(engine) == "0004"
    migrate.upgrade(engine, "0005")
    assert migrate.current_revision(engine) == "0005"
    _found_everywhere(engine, item_id)
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        assert _copies(engine) == dict.fromkeys(COPIES, 1) | {"triggers": 5}
    migrate.downgrade(engine, "0004")
    _found_everywhere(engine, item_id)  # PostgreSQL scans again, SQLite keeps its side file
    if postgres:
        assert _copies(engine) == dict.fromkeys(COPIES) | {"triggers": 0}
    migrate.upgrade(engine)
    _found_everywhere(engine, item_id)
    if postgres:
        assert _copies(engine) == dict.fromkeys(COPIES, 1) | {"triggers": 5}
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
