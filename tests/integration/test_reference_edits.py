"""The Справочники table edits applied without Streamlit, on SQLite and PostgreSQL.

The page passes exactly the delta ``st.data_editor`` keeps (edited rows mapped to ids, added
rows); these tests hand the same shapes to ``tasks.reference`` directly.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import list_entries
from db.models import Counterparty, DocumentType
from tasks.reference import save_counterparties, save_document_types


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
    assert problems == [
        f"Строка «{existing.name}»: название не может быть пустым.",
        f"Строка «{other.name}»: «{existing.name}» уже есть в справочнике.",
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
