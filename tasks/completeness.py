"""What an item needs before it counts as registered: a sender, and per package a type and a home.

One rule for every way an item becomes registered (by hand on «Новая входящая», by «Подтвердить
как есть» on «Разбор»): the item names its sender; each package has a document type; a type
kept «к кейсу» needs the case, a type kept «к клиенту» needs the client (a case gives its client,
so a case will do there too). ``registration_gaps`` is pure: ids and the types' ``belongs_to``
in, the clerk's Russian sentences out (empty when nothing is missing).

Example::

    gaps = registration_gaps(sender_id=None, packages=[PackageFacts(None, None, None)], belongs_to={})
    # ["Укажите отправителя.", "Пакет 1: укажите тип документа."]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DocumentType
from db.models.enums import BelongsTo


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """What the rule reads of one package: its type, case and client ids."""

    document_type_id: int | None
    case_id: int | None
    client_id: int | None


def registration_gaps(
    *, sender_id: int | None, packages: Sequence[PackageFacts], belongs_to: Mapping[int, str]
) -> list[str]:
    """What is missing, one Russian sentence each; ``belongs_to`` maps a type id to case/client."""
    gaps: list[str] = [] if sender_id is not None else ["Укажите отправителя."]
    if not packages:
        gaps.append("Добавьте хотя бы один пакет документов.")
    for number, package in enumerate(packages, start=1):
        if package.document_type_id is None:
            gaps.append(f"Пакет {number}: укажите тип документа.")
            continue
        home = belongs_to.get(package.document_type_id, BelongsTo.CASE.value)
        if home == BelongsTo.CLIENT.value:
            if package.client_id is None and package.case_id is None:
                gaps.append(f"Пакет {number}: выберите клиента (этот тип документа относится к клиенту).")
        elif package.case_id is None:
            gaps.append(f"Пакет {number}: выберите кейс (этот тип документа подшивается к кейсу).")
    return gaps


def type_homes(session: Session, type_ids: Iterable[int | None]) -> dict[int, str]:
    """``belongs_to`` of the given document types (inactive ones too: old mail keeps its type)."""
    wanted = {t for t in type_ids if t is not None}
    if not wanted:
        return {}
    query = select(DocumentType.id, DocumentType.belongs_to).where(DocumentType.id.in_(wanted))
    return {row[0]: row[1] for row in session.execute(query)}
