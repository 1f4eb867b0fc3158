"""What the clerks' pages read about incoming mail and cases, with the reads the law wants logged.

Opening an item, a case or a file shows a debtor's documents, so ``open_item``, ``case_timeline``
and ``file_content`` write an audit row (152-ФЗ: every access to personal data is accountable);
the caller commits. Everything returned is fully loaded, so a page can use it after the session
has closed without a lazy load behind its back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from config.blob_store import load_blob
from db import audit
from db.models import Attachment, AuditLog, Blob, Case, Incoming, Outgoing, Package
from db.models.enums import IncomingStatus


def _item_query() -> Select[Incoming]:
    return select(Incoming).options(
        selectinload(Incoming.sender),
        selectinload(Incoming.packages).selectinload(Package.attachments),
        selectinload(Incoming.packages).selectinload(Package.document_type),
        selectinload(Incoming.packages).selectinload(Package.case),
        selectinload(Incoming.packages).selectinload(Package.client),
        selectinload(Incoming.packages).selectinload(Package.debtor),
    )


def get_item(session: Session, incoming_id: int) -> Incoming | None:
    """The item, fully loaded, without logging: for reruns of a view ``open_item`` already logged."""
    return session.scalar(_item_query().where(Incoming.id == incoming_id))


def open_item(session: Session, incoming_id: int, *, actor: str) -> Incoming | None:
    """The item with its packages and files' metadata (no content); logs the view."""
    item = get_item(session, incoming_id)
    if item is not None:
        audit.record(
            session, actor=actor, action="incoming.view", entity="incoming", entity_id=item.id, details={}
        )
    return item


def id_by_number(session: Session, reg_number: str) -> int | None:
    """The id of the item with this registration number (a link names items by number)."""
    return session.scalar(select(Incoming.id).where(Incoming.reg_number == reg_number.strip()))


def case_id_by_number(session: Session, case_number: str) -> int | None:
    """The id of the case with this number (a link names cases by number)."""
    return session.scalar(select(Case.id).where(Case.case_number == case_number.strip()))


def review_queue_size(session: Session) -> int:
    """Items waiting for review. ``count(*)``, not ``count(id)``: PostgreSQL then answers from the
    status index alone (50,000 waiting among a million: a few ms instead of a heap read)."""
    waiting = select(func.count()).select_from(Incoming).where(Incoming.status == "needs_review")
    return int(session.scalar(waiting) or 0)


def next_for_review(session: Session, *, after_id: int | None = None, actor: str) -> Incoming | None:
    """The next waiting item: priority ones first, then the oldest; ``after_id`` skips ahead.

    Logs the view, as ``open_item`` does: the clerk sees the scan. Two ordered ``LIMIT 1`` queries
    (priority ones, then any) rather than one ordered by a computed priority, which sorted every
    waiting item on each rerun of the page (50,000 at a million items: 0.3 s).
    """
    waiting = _item_query().where(Incoming.status == IncomingStatus.NEEDS_REVIEW.value)
    if after_id is not None:
        waiting = waiting.where(Incoming.id != after_id)
    oldest_first = (Incoming.received_at, Incoming.id)
    priority = waiting.where(Incoming.review_reason.contains("priority"))
    item = session.scalar(priority.order_by(*oldest_first).limit(1))
    if item is None:
        item = session.scalar(waiting.order_by(*oldest_first).limit(1))
    if item is not None:
        audit.record(
            session, actor=actor, action="incoming.view", entity="incoming", entity_id=item.id, details={}
        )
    return item


def item_history(session: Session, incoming_id: int, *, limit: int = 100) -> list[AuditLog]:
    """What happened to the item, oldest first, from the audit log."""
    query = (
        select(AuditLog)
        .where(AuditLog.entity == "incoming", AuditLog.entity_id == str(incoming_id))
        .order_by(AuditLog.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def file_content(session: Session, attachment_id: int, *, actor: str, purpose: str) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of an attachment; logs ``attachment.<purpose>`` (view, download)."""
    row = session.execute(
        select(Attachment.file_name, Attachment.mime, Attachment.sha256, Blob.data)
        .join(Blob, Blob.sha256 == Attachment.sha256)
        .where(Attachment.id == attachment_id)
    ).one_or_none()
    if row is None:
        raise LookupError(attachment_id)
    audit.record(
        session,
        actor=actor,
        action=f"attachment.{purpose}",
        entity="attachment",
        entity_id=attachment_id,
        details={"file_name": row[0]},
    )
    return row[0], row[1], load_blob(session, row[2], data=row[3])


@dataclass(frozen=True, slots=True)
class TimelineFile:
    attachment_id: int
    file_name: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One document that moved in or out for a case."""

    at: datetime
    direction: str  # "in" | "out"
    reg_number: str
    title: str
    counterpart: str
    status: str
    files: tuple[TimelineFile, ...]


def _files(attachments: list[Attachment]) -> tuple[TimelineFile, ...]:
    return tuple(TimelineFile(a.id, a.file_name, a.mime, a.size) for a in attachments)


def case_timeline(session: Session, case_id: int, *, actor: str) -> tuple[Case | None, list[TimelineEntry]]:
    """The case and its documents in and out, oldest first; logs the view."""
    found = session.get(Case, case_id)
    if found is None:
        return None, []
    entries: list[TimelineEntry] = []
    packages = session.scalars(
        select(Package)
        .where(Package.case_id == case_id)
        .options(
            selectinload(Package.incoming).selectinload(Incoming.sender),
            selectinload(Package.attachments),
            selectinload(Package.document_type),
        )
    )
    for package in packages:
        item = package.incoming
        entries.append(
            TimelineEntry(
                at=item.received_at,
                direction="in",
                reg_number=item.reg_number,
                title=package.document_type.name if package.document_type else "—",
                counterpart=item.sender.name if item.sender else "—",
                status=item.status,
                files=_files(package.attachments),
            )
        )
    letters = session.scalars(
        select(Outgoing)
        .where(Outgoing.case_id == case_id)
        .options(selectinload(Outgoing.attachments), selectinload(Outgoing.document_type))
    )
    for letter in letters:
        entries.append(
            TimelineEntry(
                at=letter.created_at,
                direction="out",
                reg_number=letter.reg_number,
                title=letter.document_type.name if letter.document_type else (letter.description or "—"),
                counterpart=letter.recipient_name,
                status=letter.state,
                files=_files(letter.attachments),
            )
        )
    audit.record(session, actor=actor, action="case.view", entity="case", entity_id=case_id, details={})
    return found, sorted(entries, key=lambda entry: entry.at)
