"""«Отказы»: the files the inbox refused, for clerks: what, why, when; the file; closing a refusal.

A refused file is a ``rejection`` row and a file in ``rejected/`` with its ``.reason.txt`` (never an
incoming item, so never in Входящие or search). A clerk downloads it, registers it by hand (the
refusal is then closed as ``registered``) or, as a supervisor, deletes it (file and reason text
removed, the row closed as ``deleted``). Rows stay: the intake ledger points at them.

Only files inside ``rejected_dir`` are read or removed, never through a link: ``moved_to`` is a path
in the database, and a path is not trusted further than the folder it must be in.

Exceptions::

    RefusalError       the refusal cannot be acted on (config.errors.ActionRefused);
                       .code is a RefusalProblem, .message is for a clerk, in Russian
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db import audit
from db.models import Rejection, utcnow
from tasks.rejections import RejectReason, describe

REGISTERED = "registered"
DELETED = "deleted"


class RefusalProblem(StrEnum):
    """Why a refusal cannot be acted on."""

    NOT_FOUND = "not_found"
    CLOSED = "closed"
    FILE_MISSING = "file_missing"


class RefusalError(ActionRefused):
    """The refusal cannot be acted on as asked; ``message`` is for a clerk, in Russian."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One open refusal as «Отказы» lists it."""

    id: int
    file_name: str
    reason: str
    reason_text: str
    rejected_at: datetime
    size: int | None
    source: str


def reason_text(reason: str, detail: str | None) -> str:
    """The Russian sentence for a stored code (a code this version does not know is shown as is)."""
    try:
        return describe(RejectReason(reason), detail or "")
    except ValueError:
        return f"{reason} ({detail})" if detail else reason


def open_refusals(session: Session, *, limit: int = 200, offset: int = 0) -> list[Refusal]:
    """Open refusals, newest first."""
    rows = session.scalars(
        select(Rejection)
        .where(Rejection.closed_at.is_(None))
        .order_by(Rejection.rejected_at.desc(), Rejection.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        Refusal(r.id, r.file_name, r.reason, reason_text(r.reason, r.detail), r.rejected_at, r.size, r.source)
        for r in rows
    ]


def open_refusal_count(session: Session) -> int:
    """How many refusals wait for a clerk (the sidebar and ``korrespondent status``)."""
    return int(session.scalar(select(func.count(Rejection.id)).where(Rejection.closed_at.is_(None))) or 0)


def _row(session: Session, rejection_id: int) -> Rejection:
    row = session.get(Rejection, rejection_id, with_for_update=True)
    if row is None:
        raise RefusalError(RefusalProblem.NOT_FOUND, "Отказ не найден.")
    if row.closed_at is not None:
        raise RefusalError(RefusalProblem.CLOSED, f"Файл {row.file_name} уже обработан.")
    return row


def _inside(row: Rejection, rejected_dir: Path) -> Path | None:
    """The refused file when it is a regular file inside ``rejected_dir`` (not a link), else None."""
    if not row.moved_to:
        return None
    path = Path(row.moved_to)
    try:
        inside = path.parent.resolve() == rejected_dir.resolve() or path.resolve().is_relative_to(
            rejected_dir.resolve()
        )
    except OSError:
        return None
    if not inside or path.is_symlink() or not path.is_file():
        return None
    return path


def refused_file(session: Session, rejection_id: int, *, rejected_dir: Path) -> tuple[str, bytes]:
    """(original name, bytes) of a refused file; the download button audits the click."""
    row = _row(session, rejection_id)
    path = _inside(row, rejected_dir)
    if path is None:
        raise RefusalError(RefusalProblem.FILE_MISSING, f"Файл {row.file_name} не найден в папке отказов.")
    with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NOFOLLOW)) as stream:
        return row.file_name, stream.read()


def _close(session: Session, row: Rejection, *, how: str, actor: str, details: dict[str, str]) -> None:
    row.closed_at, row.closed_by, row.closed_how = utcnow(), actor, how
    audit.record(
        session,
        actor=actor,
        action=f"rejection.{how}",
        entity="rejection",
        entity_id=row.id,
        details={"file_name": row.file_name, "reason": row.reason, **details},
    )
    session.flush()


def _remove_file(row: Rejection, rejected_dir: Path) -> None:
    path = _inside(row, rejected_dir)
    if path is None:
        return
    path.with_name(path.name + ".reason.txt").unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def mark_registered(
    session: Session, rejection_id: int, *, reg_number: str, rejected_dir: Path, actor: str
) -> None:
    """Close a refusal whose file a clerk registered by hand; the file leaves ``rejected/``.

    Call after the item's transaction committed: the content is in the blob store by then.
    """
    row = _row(session, rejection_id)
    _close(session, row, how=REGISTERED, actor=actor, details={"reg_number": reg_number})
    _remove_file(row, rejected_dir)


def delete_refusal(session: Session, rejection_id: int, *, rejected_dir: Path, actor: str) -> str:
    """Remove a refused file and its reason text (a supervisor's decision); returns the file name.

    The row is closed in the caller's transaction; the files go after the flush, so a refused
    deletion leaves them in place.
    """
    row = _row(session, rejection_id)
    _close(session, row, how=DELETED, actor=actor, details={})
    _remove_file(row, rejected_dir)
    return row.file_name
