"""Queries over reference data: counterparties, document types, clients, debtors, cases."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from db.models import Case, CaseIdentifier, Client, Counterparty, Debtor, DocumentType


def get_counterparty_by_name(session: Session, *, name: str) -> Counterparty | None:
    return session.scalar(select(Counterparty).where(Counterparty.name == name))


def list_counterparties(session: Session, *, active_only: bool = True) -> list[Counterparty]:
    query = select(Counterparty).order_by(Counterparty.name)
    if active_only:
        query = query.where(Counterparty.active.is_(True))
    return list(session.scalars(query))


def search_counterparties(session: Session, *, prefix: str, limit: int = 20) -> list[Counterparty]:
    """Type-ahead: counterparties whose name contains ``prefix`` (case-insensitive), best first."""
    needle = prefix.strip().lower()
    query = select(Counterparty).where(Counterparty.active.is_(True)).order_by(Counterparty.name).limit(limit)
    if needle:
        query = query.where(func.lower(Counterparty.name).contains(needle))
    return list(session.scalars(query))


def get_document_type_by_name(session: Session, *, name: str) -> DocumentType | None:
    return session.scalar(select(DocumentType).where(DocumentType.name == name))


def list_document_types(
    session: Session, *, direction: str | None = None, active_only: bool = True
) -> list[DocumentType]:
    """Types usable for ``direction`` ("incoming"/"outgoing"); "both" types serve either."""
    query = select(DocumentType).order_by(DocumentType.name)
    if active_only:
        query = query.where(DocumentType.active.is_(True))
    if direction:
        query = query.where(DocumentType.direction.in_((direction, "both")))
    return list(session.scalars(query))


def get_case_by_number(session: Session, *, case_number: str) -> Case | None:
    return session.scalar(
        select(Case).where(Case.case_number == case_number).options(selectinload(Case.identifiers))
    )


def cases_by_identifier(session: Session, *, kind: str, values: Sequence[str]) -> list[Case]:
    """Cases carrying any of ``values`` as an identifier of ``kind`` (ИП number, court case, …).

    Values compare exactly, on the (kind, value) index: the caller passes every spelling it
    accepts (``tasks.match`` asks for a court case number's canonical and older spellings).
    """
    if not values:
        return []
    query = (
        select(Case)
        .join(CaseIdentifier)
        .where(CaseIdentifier.kind == kind, CaseIdentifier.value.in_(list(values)))
        .options(selectinload(Case.identifiers))
        .distinct()
    )
    return list(session.scalars(query))


def cases_by_contract(session: Session, *, numbers: Sequence[str]) -> list[Case]:
    """Cases whose loan contract number is one of ``numbers``."""
    if not numbers:
        return []
    query = (
        select(Case).where(Case.contract_number.in_(list(numbers))).options(selectinload(Case.identifiers))
    )
    return list(session.scalars(query))


def find_debtors(
    session: Session, *, snils: str | None = None, inn: str | None = None, surname: str | None = None
) -> list[Debtor]:
    """Debtors by СНИЛС or ИНН, or whose full name starts with ``surname``."""
    conditions = []
    if snils:
        conditions.append(Debtor.snils == snils)
    if inn:
        conditions.append(Debtor.inn == inn)
    if surname:
        conditions.append(func.lower(Debtor.full_name).startswith(surname.lower() + " "))
    if not conditions:
        return []
    return list(session.scalars(select(Debtor).where(or_(*conditions)).limit(200)))


def cases_of_debtors(session: Session, *, debtor_ids: Sequence[int]) -> list[Case]:
    if not debtor_ids:
        return []
    query = select(Case).where(Case.debtor_id.in_(list(debtor_ids))).options(selectinload(Case.identifiers))
    return list(session.scalars(query))


def search_cases(session: Session, *, text: str, limit: int = 20) -> list[Case]:
    """Type-ahead over cases by case number, debtor name or any identifier (ИП number …)."""
    needle = text.strip().lower()
    if not needle:
        return []
    by_identifier = select(CaseIdentifier.case_id).where(func.lower(CaseIdentifier.value).contains(needle))
    query = (
        select(Case)
        .join(Debtor, Case.debtor_id == Debtor.id)
        .where(
            or_(
                func.lower(Case.case_number).contains(needle),
                func.lower(Debtor.full_name).contains(needle),
                Case.id.in_(by_identifier),
            )
        )
        .order_by(Case.case_number)
        .limit(limit)
    )
    return list(session.scalars(query))


def list_clients(session: Session) -> dict[int, str]:
    """Clients by id, name-sorted: for documents that belong to a client rather than to a case."""
    return {row[0]: row[1] for row in session.execute(select(Client.id, Client.name).order_by(Client.name))}


def get_or_create_client(session: Session, *, name: str) -> tuple[Client, bool]:
    client = session.scalar(select(Client).where(Client.name == name))
    if client is not None:
        return client, False
    client = Client(name=name)
    session.add(client)
    session.flush()
    return client, True
