"""What clerks see and do in the folders: lists with Russian labels, archive, fix and resend.

The app and the CLI call these; they contain the only rules about which clerk action is allowed
when, so both front ends behave the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.models import Outgoing
from db.models.enums import OutgoingState
from tasks.outgoing.errors import OutgoingError, OutgoingProblem
from tasks.outgoing.flags import Flag, describe
from tasks.outgoing.history import clear_flags, has_flag, move
from tasks.outgoing.states import FOLDER_OF, STATES_OF, Folder

TRACKING_LABELS = {
    "accepted": "Принято в отделении",
    "arrived": "Прибыло в место вручения",
    "failed_attempt": "Неудачная попытка вручения",
    "delivered": "Вручено адресату",
    "returning": "Возвращается отправителю",
    "returned": "Возвращено отправителю",
    "lost": "Утрачено",
    "cancelled": "Отменено",
    "unknown": "Неизвестный статус",
}
ARCHIVABLE_FLAGS = (
    Flag.RETURNED,
    Flag.RETURNING,
    Flag.UNCLAIMED,
    Flag.LOST,
    Flag.NEEDS_ATTENTION,
    Flag.CANCELLED,
)


@dataclass(frozen=True, slots=True)
class LetterRow:
    """One line of a folder list, everything already in Russian."""

    id: int
    reg_number: str
    recipient: str
    folder: Folder
    cost_kopecks: int | None
    barcode: str | None
    batch_name: str | None
    status: str | None
    status_at: dt.datetime | None
    flags: tuple[str, ...]
    problem: str | None


def row_of(letter: Outgoing) -> LetterRow:
    """The list line of one letter."""
    flags = tuple(describe(code) for code in (letter.flags or {}) if code != Flag.TRACKING_FINAL)
    return LetterRow(
        id=letter.id,
        reg_number=letter.reg_number,
        recipient=letter.recipient_name,
        folder=FOLDER_OF[OutgoingState(letter.state)],
        cost_kopecks=letter.cost_kopecks,
        barcode=letter.barcode,
        batch_name=letter.batch_name,
        status=TRACKING_LABELS.get(letter.tracking_status or "", letter.tracking_status),
        status_at=letter.tracking_status_at,
        flags=flags,
        problem=letter.last_error,
    )


def list_folder(session: Session, folder: Folder, *, limit: int = 200, offset: int = 0) -> list[LetterRow]:
    """Letters of one folder, newest first."""
    query = (
        select(Outgoing)
        .where(Outgoing.state == STATES_OF[folder])
        .order_by(Outgoing.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [row_of(letter) for letter in session.scalars(query)]


def folder_counts(session: Session) -> dict[Folder, int]:
    """How many letters each folder holds (every folder present, zero included)."""
    counts = dict.fromkeys(Folder, 0)
    for state, count in session.execute(select(Outgoing.state, func.count()).group_by(Outgoing.state)):
        counts[FOLDER_OF[OutgoingState(state)]] = count
    return counts


def _letter(session: Session, letter_id: int) -> Outgoing:
    letter = session.get(Outgoing, letter_id)
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    return letter


def archive_letter(session: Session, letter_id: int, *, actor: str) -> None:
    """A clerk moves a returned, unclaimed or otherwise finished letter from «В пути» to «Архив»."""
    letter = _letter(session, letter_id)
    if letter.state != OutgoingState.IN_TRANSIT or not any(has_flag(letter, f) for f in ARCHIVABLE_FLAGS):
        raise OutgoingError(
            OutgoingProblem.NOT_ARCHIVABLE,
            "В архив вручную переносятся только возвращённые, невостребованные или утраченные письма.",
        )
    move(session, letter, OutgoingState.DELIVERED, actor=actor, note="перенесено в архив вручную")
    session.flush()


def correct_recipient(
    session: Session,
    letter_id: int,
    *,
    actor: str,
    name: str | None = None,
    address: str | None = None,
    index: str | None = None,
    address_parts: dict[str, str] | None = None,
) -> None:
    """Fix a draft Russian Post refused; the next sync sends it again (after a look-up by number)."""
    letter = _letter(session, letter_id)
    if letter.state != OutgoingState.DRAFT:
        raise OutgoingError(OutgoingProblem.NOT_A_DRAFT, "Исправить получателя можно только у черновика.")
    if name:
        letter.recipient_name = name
    if address:
        letter.recipient_address, letter.recipient_address_parts = address, {}
    if index:
        letter.recipient_index = index
    if address_parts is not None:
        letter.recipient_address_parts = dict(address_parts)
    clear_flags(letter, Flag.REJECTED, Flag.ADDRESS_UNRECOGNISED)
    letter.last_error = None
    audit.record(
        session,
        actor=actor,
        action="outgoing.correct",
        entity="outgoing",
        entity_id=letter.id,
        details={"reg_number": letter.reg_number, "address_changed": bool(address or address_parts)},
    )
    session.flush()


def resend_missing(session: Session, letter_id: int, *, actor: str) -> None:
    """A clerk decides that a letter whose order vanished at Russian Post is to be sent again.

    The letter goes back to ``draft`` without its old order; the sync creates a new one. This is
    the only way an order is ever recreated: explicitly, by a person, with a trace.
    """
    letter = _letter(session, letter_id)
    if not has_flag(letter, Flag.MISSING_AT_POCHTA) or letter.state not in (
        OutgoingState.CREATED,
        OutgoingState.READY,
    ):
        raise OutgoingError(
            OutgoingProblem.NOT_MISSING,
            "Отправить заново можно только письмо, заказ которого пропал из «Отправки».",
        )
    old = letter.order_id
    if letter.state == OutgoingState.READY:
        move(session, letter, OutgoingState.CREATED, actor=actor, note="заказ пропал из партии")
    letter.order_id = letter.barcode = letter.batch_name = letter.cost_kopecks = None
    letter.checked_in_at = None
    clear_flags(letter, Flag.MISSING_AT_POCHTA, Flag.CHECKIN_REFUSED)
    letter.last_error = None
    move(session, letter, OutgoingState.DRAFT, actor=actor, note=f"заказ {old} пропал, создать заново")
    session.flush()
