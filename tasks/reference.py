"""Changing reference data: the standard document types and their seeding; clerks' table edits.

Names of the standard types are exactly those clerks know. The seed is idempotent and never
overwrites what a clerk has edited: a type that exists keeps its rules, ``belongs_to`` and direction.

The Справочники page edits counterparties and document types in a table; ``save_counterparties``
and ``save_document_types`` apply exactly the delta ``st.data_editor`` keeps (edited rows, mapped
to ids by the page, and added rows), audited, in the caller's transaction. They take plain
mappings, so they are tested without Streamlit. Nothing is deleted: a counterparty or type that
letters point at must stay, so "removing" is unticking ``active``. Problems come back as Russian
text per row, for the page to show as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Counterparty, DocumentType
from db.models.enums import BelongsTo, Direction


@dataclass(frozen=True, slots=True)
class StandardType:
    name: str
    belongs_to: BelongsTo = BelongsTo.CASE
    direction: Direction = Direction.INCOMING


OTHER = "Прочее"

STANDARD_TYPES: tuple[StandardType, ...] = (
    StandardType("Постановление о возбуждении исполнительного производства"),
    StandardType("Постановление об окончании исполнительного производства"),
    StandardType("Постановление об отказе в возбуждении исполнительного производства"),
    StandardType("Постановление об обращении взыскания на доходы должника"),
    StandardType("Постановление о замене стороны исполнительного производства"),
    StandardType("Акт о невозможности взыскания"),
    StandardType("Ответ на обращение"),
    StandardType("Судебный приказ"),
    StandardType("Определение об отмене судебного приказа"),
    StandardType("Решение суда"),
    StandardType("Определение о процессуальном правопреемстве"),
    StandardType("Исполнительный лист"),
    StandardType("Определение о возвращении заявления"),
    StandardType("Договор уступки прав требования", belongs_to=BelongsTo.CLIENT),
    StandardType("Заявление должника"),
    StandardType(OTHER, direction=Direction.BOTH),
    # What the agency sends (reference/domain.md A.2).
    StandardType("Претензия (досудебное требование)", direction=Direction.OUTGOING),
    StandardType("Уведомление об уступке права требования", direction=Direction.OUTGOING),
    StandardType("Уведомление о привлечении иного лица для взаимодействия", direction=Direction.OUTGOING),
    StandardType("Заявление о возбуждении исполнительного производства", direction=Direction.OUTGOING),
    StandardType("Заявление о замене стороны в исполнительном производстве", direction=Direction.OUTGOING),
    StandardType("Заявление о выдаче судебного приказа", direction=Direction.OUTGOING),
    StandardType("Заявление о процессуальном правопреемстве", direction=Direction.OUTGOING),
    StandardType("Жалоба на бездействие судебного пристава-исполнителя", direction=Direction.OUTGOING),
    StandardType("Ходатайство", direction=Direction.OUTGOING),
    StandardType("Запрос о ходе исполнительного производства", direction=Direction.OUTGOING),
)


def install_standard_document_types(session: Session, *, actor: str) -> int:
    """Add the standard types that are missing (with their shipped rules); returns how many."""
    from tasks.doctype_rules import STANDARD_RULES

    present = set(session.scalars(select(DocumentType.name)))
    added = 0
    for standard in STANDARD_TYPES:
        if standard.name in present:
            continue
        doc_type = DocumentType(
            name=standard.name,
            belongs_to=standard.belongs_to.value,
            direction=standard.direction.value,
            match_rules="\n".join(STANDARD_RULES.get(standard.name, ())),
            is_standard=True,
        )
        session.add(doc_type)
        session.flush()
        audit.record(
            session, actor=actor, action="document_type.seed", entity="document_type", entity_id=doc_type.id
        )
        added += 1
    return added


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
"""The columns a clerk may change, in the editor's order; any other key in a delta is ignored."""


def _clean(field: str, value: Any) -> Any:
    """A cell as stored: aliases typed as ``a; b`` become a list, blank text becomes NULL."""
    if field == "aliases":
        return [part.strip() for part in str(value or "").split(";") if part.strip()]
    if field == "active":
        return bool(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _name_taken(session: Session, model: type[Counterparty] | type[DocumentType], name: str) -> bool:
    return session.scalar(select(model.id).where(model.name == name)) is not None


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
    """Apply one editor delta to ``model``; rows with a problem are skipped, the rest are saved.

    Skipping rather than failing the whole save keeps a clerk's other edits: the page shows the
    problems and the clerk fixes just those rows. Names stay unique, so a clash is a problem too.
    A name changed in an existing row is not saved: a rename relabels every document of that row,
    so it goes through ``tasks.reference_rename`` with the clerk's confirmation.
    """
    problems: list[str] = []
    for row_id, changes in edited.items():
        row: Counterparty | DocumentType | None = session.get(model, row_id)  # type: ignore[assignment]
        if row is None:
            continue
        changed = {k: _clean(k, v) for k, v in changes.items() if k in fields}
        if changed.pop("name", row.name) != row.name:
            problems.append(
                f"Строка «{row.name}»: название в таблице не меняется. Переименуйте запись через "
                "«Переименовать…» под таблицей: там видно, сколько документов получат новое название."
            )
        if not changed:
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
        if _name_taken(session, model, cleaned["name"]):
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
    """Save the Контрагенты table's delta; returns the Russian problems of rows not saved."""
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
    """Save the Типы документов table's delta; the caller checks the user may edit types."""
    return _apply(
        session,
        DocumentType,
        DOCUMENT_TYPE_FIELDS,
        edited=edited,
        added=added,
        actor=actor,
        entity="document_type",
    )
