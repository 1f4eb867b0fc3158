"""Applying the reference tables' edits (counterparties, document types), audited, in one transaction.

Takes exactly the delta ``st.data_editor`` keeps (edited rows by position, added rows), mapped to
ids by the page. Nothing is deleted: a counterparty or type that letters point at must stay, so
"removing" is unticking ``active``. Errors come back as Russian text per row.

These belong in ``tasks.reference`` (the foundation's module); they live here until it offers
editing, so the page contains no queries of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Counterparty, DocumentType

COUNTERPARTY_FIELDS = (
    "name",
    "kind",
    "address",
    "postal_index",
    "inn",
    "ogrn",
    "aliases",
    "phone",
    "email",
    "active",
)
DOCUMENT_TYPE_FIELDS = ("name", "belongs_to", "direction", "match_rules", "active")


def _clean(field: str, value: Any) -> Any:
    if field == "aliases":
        return [part.strip() for part in str(value or "").split(";") if part.strip()]
    if field == "active":
        return bool(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _apply(
    session: Session,
    model: type[Counterparty] | type[DocumentType],
    fields: Sequence[str],
    *,
    edited: Mapping[int, Mapping[str, Any]],
    added: Sequence[Mapping[str, Any]],
    actor: str,
    entity: str,
) -> list[str]:
    problems: list[str] = []
    for row_id, changes in edited.items():
        row = session.get(model, row_id)
        if row is None:
            continue
        changed = {k: _clean(k, v) for k, v in changes.items() if k in fields}
        if "name" in changed and not changed["name"]:
            problems.append(f"Строка «{row.name}»: название не может быть пустым.")
            continue
        for key, value in changed.items():
            setattr(row, key, value)
        audit.record(
            session,
            actor=actor,
            action=f"{entity}.update",
            entity=entity,
            entity_id=row_id,
            details={"fields": sorted(changed)},
        )
    for values in added:
        cleaned = {k: _clean(k, v) for k, v in values.items() if k in fields and v is not None}
        if not cleaned.get("name"):
            problems.append("Новая строка без названия не сохранена.")
            continue
        if session.scalar(select(model.id).where(model.name == cleaned["name"])) is not None:
            problems.append(f"«{cleaned['name']}» уже есть в справочнике.")
            continue
        row = model(**cleaned)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action=f"{entity}.create",
            entity=entity,
            entity_id=row.id,
            details={"name": row.name},
        )
    session.flush()
    return problems


def save_counterparties(
    session: Session,
    *,
    edited: Mapping[int, Mapping[str, Any]],
    added: Sequence[Mapping[str, Any]],
    actor: str,
) -> list[str]:
    return _apply(
        session,
        Counterparty,
        COUNTERPARTY_FIELDS,
        edited=edited,
        added=added,
        actor=actor,
        entity="counterparty",
    )


def save_document_types(
    session: Session,
    *,
    edited: Mapping[int, Mapping[str, Any]],
    added: Sequence[Mapping[str, Any]],
    actor: str,
) -> list[str]:
    return _apply(
        session,
        DocumentType,
        DOCUMENT_TYPE_FIELDS,
        edited=edited,
        added=added,
        actor=actor,
        entity="document_type",
    )
