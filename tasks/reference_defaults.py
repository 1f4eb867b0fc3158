"""Bringing an installation's built-in document type rules up to the shipped ones.

The seed (``tasks.reference.install_standard_document_types``) copies each standard type's rules
into the database once and never overwrites them, so an installation set up before the rules
improved keeps the old ones. ``restore_standard_type_rules`` refreshes them: every standard type
gets the shipped rules, except one whose rules a clerk changed on the Справочники page (the audit
log's latest ``document_type.update`` of ``match_rules`` is newer than any restore): those are kept
and named, unless the caller asks to overwrite them too. Clerks' own types are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import AuditLog, DocumentType
from tasks.doctype_rules import STANDARD_RULES
from tasks.reference import install_standard_document_types

RESTORE_ACTION = "document_type.restore"
_UPDATE_ACTION = "document_type.update"


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What ``restore_standard_type_rules`` did, by type name."""

    refreshed: tuple[str, ...]
    kept_edited: tuple[str, ...]
    added: int


def _edited_by_clerks(session: Session) -> set[int]:
    """Types whose rules a clerk changed after the last restore (audit log, latest entry wins)."""
    rows = session.execute(
        select(AuditLog.entity_id, AuditLog.action, AuditLog.details)
        .where(AuditLog.entity == "document_type", AuditLog.action.in_((_UPDATE_ACTION, RESTORE_ACTION)))
        .order_by(AuditLog.id)
    )
    edited: set[int] = set()
    for entity_id, action, details in rows:
        if entity_id is None or not entity_id.isdigit():
            continue
        if action == RESTORE_ACTION:
            edited.discard(int(entity_id))
        elif "match_rules" in (details or {}).get("fields", ()):
            edited.add(int(entity_id))
    return edited


def restore_standard_type_rules(
    session: Session, *, actor: str, overwrite_edited: bool = False
) -> RestoreReport:
    """Give the standard types the shipped rules (missing standard types are added); audited.

    A standard type a clerk edited keeps its rules unless ``overwrite_edited``; a type a clerk
    added (``is_standard`` false) is never changed. Runs in the caller's transaction.
    """
    added = install_standard_document_types(session, actor=actor)
    edited = _edited_by_clerks(session)
    refreshed: list[str] = []
    kept: list[str] = []
    standard = session.scalars(
        select(DocumentType).where(DocumentType.is_standard.is_(True)).order_by(DocumentType.id)
    )
    for doc_type in standard:
        if doc_type.name not in STANDARD_RULES:
            continue
        shipped = "\n".join(STANDARD_RULES[doc_type.name])
        if (doc_type.match_rules or "") == shipped:
            continue
        if doc_type.id in edited and not overwrite_edited:
            kept.append(doc_type.name)
            continue
        doc_type.match_rules = shipped
        audit.record(
            session,
            actor=actor,
            action=RESTORE_ACTION,
            entity="document_type",
            entity_id=doc_type.id,
            details={"fields": ["match_rules"]},
        )
        refreshed.append(doc_type.name)
    session.flush()
    return RestoreReport(tuple(refreshed), tuple(kept), added)
