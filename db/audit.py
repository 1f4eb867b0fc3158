"""The audit log: one row for every change a person or a flow makes (152-ФЗ ст. 19)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import AuditLog, utcnow


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditLog:
    """Add one audit row to the caller's transaction; it commits or rolls back with the change."""
    row = AuditLog(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=details or {},
        at=utcnow(),
    )
    session.add(row)
    return row


def record_many(
    session: Session, *, actor: str, rows: Iterable[tuple[str, str, int | str | None, dict[str, Any]]]
) -> int:
    """Bulk form of ``record`` for imports: ``(action, entity, entity_id, details)`` tuples."""
    now = utcnow()
    values = [
        {
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "details": details,
            "at": now,
        }
        for action, entity, entity_id, details in rows
    ]
    if values:
        session.execute(insert(AuditLog), values)
    return len(values)


def list_entries(
    session: Session,
    *,
    actor: str | None = None,
    action_prefix: str | None = None,
    entity: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditLog]:
    """Newest first, filtered; the journal page and tests read the log through this."""
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit).offset(offset)
    if actor:
        query = query.where(AuditLog.actor == actor)
    if action_prefix:
        query = query.where(AuditLog.action.startswith(action_prefix))
    if entity:
        query = query.where(AuditLog.entity == entity)
    if since:
        query = query.where(AuditLog.at >= since)
    return list(session.scalars(query))


def action_codes(session: Session) -> list[str]:
    """Every action code the log holds, for the journal's «Действие» filter: a clerk picks
    «Контрагент: переименование» from a list instead of typing ``counterparty.rename``."""
    return list(session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))
