"""The standard document types every installation starts with, and their seeding.

Names are exactly those clerks know. The seed is idempotent and never overwrites what a
clerk has edited: a type that exists keeps its rules, ``belongs_to`` and direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import DocumentType
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
