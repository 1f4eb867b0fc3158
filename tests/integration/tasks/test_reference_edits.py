"""The Справочники table edits applied without Streamlit, on SQLite and PostgreSQL.

The page passes exactly the delta ``st.data_editor`` keeps (edited rows mapped to ids, added
rows); these tests hand the same shapes to ``tasks.reference`` directly.
"""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import list_entries
from db.models import Counterparty, DocumentType
from db.models.enums import IncomingSource
from tasks.reference import save_counterparties, save_document_types
from tasks.reference_rename import RenameProblem, RenameRefused, rename, usage
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def _counterparty(session: Session, name: str) -> Counterparty:
    row = Counterparty(name=name, kind="court")
    session.add(row)
    session.flush()
    return row


def test_added_counterparty_is_cleaned_stored_and_audited(session: Session) -> None:
    name = _name("Мировой судья участка №")
    problems = save_counterparties(
        session,
        edited={},
        added=[
            {
                "name": f"  {name} ",
                "kind": "court",
                "aliases": "МС 1; ; участок 1 ",
                "inn": " ",
                "email": None,
            }
        ],
        actor="clerk",
    )
    assert problems == []
    row = session.scalars(select(Counterparty).where(Counterparty.name == name)).one()
    assert (row.kind, row.aliases, row.inn, row.active) == ("court", ["МС 1", "участок 1"], None, True)
    entry = list_entries(session, actor="clerk", action_prefix="counterparty.create", limit=1)[0]
    assert (entry.entity_id, entry.details) == (str(row.id), {"name": name})


def test_edited_counterparty_changes_only_known_fields_and_logs_which(session: Session) -> None:
    row = _counterparty(session, _name("Районный суд"))
    problems = save_counterparties(
        session,
        edited={row.id: {"address": "101000, г. Москва", "active": False, "id": 999, "created_at": None}},
        added=[],
        actor="clerk",
    )
    assert problems == []
    assert (row.address, row.active) == ("101000, г. Москва", False)
    entry = list_entries(session, actor="clerk", action_prefix="counterparty.update", limit=1)[0]
    assert (entry.entity_id, entry.details) == (str(row.id), {"fields": ["active", "address"]})


def test_rows_with_problems_are_skipped_with_russian_text_and_the_rest_saved(session: Session) -> None:
    existing = _counterparty(session, _name("ОСП по ЦАО"))
    other = _counterparty(session, _name("ОСП по САО"))
    fresh = _name("Арбитражный суд")
    problems = save_counterparties(
        session,
        edited={
            existing.id: {"name": "  "},
            other.id: {"name": existing.name},
            10**9: {"name": "нет такой строки"},
        },
        added=[{"name": None, "kind": "bank"}, {"name": existing.name}, {"name": fresh}],
        actor="clerk",
    )
    grid_rename = "название в таблице не меняется. Переименуйте запись через «Переименовать…» под таблицей"
    assert problems == [
        f"Строка «{existing.name}»: {grid_rename}: там видно, сколько документов получат новое название.",
        f"Строка «{other.name}»: {grid_rename}: там видно, сколько документов получат новое название.",
        "Новая строка без названия не сохранена.",
        f"«{existing.name}» уже есть в справочнике.",
    ]
    assert session.scalar(select(Counterparty.id).where(Counterparty.name == fresh)) is not None
    assert session.get_one(Counterparty, other.id).name != existing.name


def test_document_types_are_edited_and_added_like_counterparties(session: Session) -> None:
    seeded = session.scalars(select(DocumentType).order_by(DocumentType.id)).first()
    assert seeded is not None
    name = _name("Определение о разъяснении")
    problems = save_document_types(
        session,
        edited={seeded.id: {"match_rules": "разъяснени[ея]", "active": True}},
        added=[{"name": name, "belongs_to": "case", "direction": "incoming", "kind": "not a type column"}],
        actor="boss",
    )
    assert problems == []
    assert seeded.match_rules == "разъяснени[ея]"
    added = session.scalars(select(DocumentType).where(DocumentType.name == name)).one()
    assert (added.belongs_to, added.direction) == ("case", "incoming")
    actions = {
        e.action for e in list_entries(session, actor="boss", action_prefix="document_type.", limit=10)
    }
    assert actions == {"document_type.update", "document_type.create"}


def test_grid_edit_of_a_name_is_not_saved_but_the_row_s_other_changes_are(session: Session) -> None:
    """A double click in the grid must not relabel every document of a type."""
    writ = session.scalars(select(DocumentType).where(DocumentType.name == "Исполнительный лист")).one()
    problems = save_document_types(
        session, edited={writ.id: {"name": "Исполнительный лист ФС", "active": True}}, added=[], actor="boss"
    )
    assert len(problems) == 1 and "Переименовать…" in problems[0]
    assert session.get_one(DocumentType, writ.id).name == "Исполнительный лист"


def test_rename_renames_once_confirmed_and_logs_old_name_new_name_and_usage(session: Session) -> None:
    row = _counterparty(session, _name("ОСП по ЦАО"))
    taken = _counterparty(session, _name("ОСП по САО"))
    data = f"%PDF-1.4 {uuid.uuid4().hex}".encode()
    register_incoming(
        session,
        IncomingInput(sender_id=row.id, source=IncomingSource.MANUAL),
        [
            PackageInput(
                files=(FileInput("a.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1),)
            )
        ],
        actor="clerk",
    )
    assert usage(session, Counterparty, row.id) == 1
    for bad, code in (("  ", RenameProblem.EMPTY_NAME), (taken.name, RenameProblem.NAME_TAKEN)):
        with pytest.raises(RenameRefused) as info:
            rename(session, Counterparty, row.id, new_name=bad, actor="clerk")
        assert info.value.code is code
    old = row.name
    new = _name("ОСП по Центральному АО")
    assert rename(session, Counterparty, row.id, new_name=f" {new} ", actor="clerk") == old
    assert session.get_one(Counterparty, row.id).name == new
    entry = list_entries(session, actor="clerk", action_prefix="counterparty.rename", limit=1)[0]
    assert entry.details == {"from": old, "to": new, "usage": 1}
