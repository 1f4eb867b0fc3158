"""One outgoing letter as the Исходящие page shows it: the letter, its moves, files and tracking.

A read only: nothing is logged or changed. Everything the page touches after the session closes
(transitions, attachments) is loaded eagerly, so no lazy load fires on a detached letter.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Outgoing, TrackingEvent


def letter_detail(session: Session, letter_id: int) -> tuple[Outgoing | None, list[TrackingEvent]]:
    """The letter with its transitions and attachments, and its tracking events, newest first.

    ``(None, [])`` when no letter has that id, so the page can simply draw nothing.
    """
    letter = session.scalar(
        select(Outgoing)
        .where(Outgoing.id == letter_id)
        .options(selectinload(Outgoing.transitions), selectinload(Outgoing.attachments))
    )
    if letter is None:
        return None, []
    events = list(
        session.scalars(
            select(TrackingEvent)
            .where(TrackingEvent.outgoing_id == letter_id)
            .order_by(TrackingEvent.happened_at.desc())
        )
    )
    return letter, events
