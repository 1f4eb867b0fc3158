"""Where a link's object lives: a letter's folder and its place there, so a link can open it.

A link ``?letter=ИСХ-…`` names a letter by number; «Исходящие» lists one folder a page at a time,
newest first (``tasks.outgoing.folders.list_folder``), so opening it means choosing that folder and
the page it falls on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Outgoing
from db.models.enums import OutgoingState
from tasks.outgoing.states import FOLDER_OF, STATES_OF, Folder


@dataclass(frozen=True, slots=True)
class LetterPlace:
    """A letter's folder and its 0-based position in that folder's newest-first list."""

    letter_id: int
    folder: Folder
    index: int


def letter_place(session: Session, reg_number: str) -> LetterPlace | None:
    """Where the letter with this number is listed; None when there is no such letter on any list."""
    letter = session.scalar(select(Outgoing).where(Outgoing.reg_number == reg_number.strip()))
    if letter is None:
        return None
    folder = FOLDER_OF.get(OutgoingState(letter.state))
    if folder is None:
        return None
    newer = session.scalar(
        select(func.count())
        .select_from(Outgoing)
        .where(Outgoing.state == STATES_OF[folder], Outgoing.id > letter.id)
    )
    return LetterPlace(letter.id, folder, int(newer or 0))
