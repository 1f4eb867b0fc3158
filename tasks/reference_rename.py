"""Renaming a counterparty or a document type: on purpose, with the count of mail it relabels.

A reference row's name is what every item of that sender or type shows, so a rename relabels all
of them at once (the rows keep their ids). The grid therefore never renames
(``tasks.reference`` refuses a changed name there); the page asks for the new name in a form,
shows ``usage`` and renames only after the clerk confirms. Rows in use are never deleted: a clerk
unticks «Действует», and an inactive row is not offered for new mail while old mail keeps it.

Exceptions::

    RenameRefused   (config.errors.ActionRefused) the new name is empty or taken, or the row is gone
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.models import Counterparty, DocumentType, Incoming, Outgoing, Package

ReferenceModel = type[Counterparty] | type[DocumentType]


class RenameProblem(StrEnum):
    NOT_FOUND = "not_found"
    EMPTY_NAME = "empty_name"
    NAME_TAKEN = "name_taken"
    SAME_NAME = "same_name"


class RenameRefused(ActionRefused):
    """The rename cannot be done; ``message`` is for a clerk, in Russian."""


def usage(session: Session, model: ReferenceModel, row_id: int) -> int:
    """How many incoming packages and outgoing letters (types) or items and letters (senders) use it."""
    if model is DocumentType:
        counts = [
            select(func.count()).select_from(Package).where(Package.document_type_id == row_id),
            select(func.count()).select_from(Outgoing).where(Outgoing.document_type_id == row_id),
        ]
    else:
        counts = [
            select(func.count()).select_from(Incoming).where(Incoming.sender_id == row_id),
            select(func.count()).select_from(Outgoing).where(Outgoing.recipient_counterparty_id == row_id),
        ]
    return sum(session.scalar(query) or 0 for query in counts)


def rename(session: Session, model: ReferenceModel, row_id: int, *, new_name: str, actor: str) -> str:
    """Give the row ``new_name`` (audited with the old name and the usage); returns the old name."""
    row: Counterparty | DocumentType | None = session.get(model, row_id)  # type: ignore[assignment]
    if row is None:
        raise RenameRefused(RenameProblem.NOT_FOUND, "Запись не найдена в справочнике.")
    name = new_name.strip()
    if not name:
        raise RenameRefused(RenameProblem.EMPTY_NAME, "Название не может быть пустым.")
    if name == row.name:
        raise RenameRefused(RenameProblem.SAME_NAME, "Новое название совпадает с прежним.")
    if session.scalar(select(model.id).where(model.name == name)) is not None:
        raise RenameRefused(RenameProblem.NAME_TAKEN, f"«{name}» уже есть в справочнике.")
    old = row.name
    row.name = name
    entity = "document_type" if model is DocumentType else "counterparty"
    audit.record(
        session,
        actor=actor,
        action=f"{entity}.rename",
        entity=entity,
        entity_id=row_id,
        details={"from": old, "to": name, "usage": usage(session, model, row_id)},
    )
    session.flush()
    return old
