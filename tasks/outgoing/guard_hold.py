"""Drafts to a debtor under a contact guard are held at sync, and released when the guard is lifted.

A letter drafted before the guard existed must not go out: the sync flags it ``CONTACT_GUARDED``
(a blocking flag, so no step touches it) with the Russian reason naming the document, in
``last_error`` for the folders. Lifting the guard releases it at the next sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Outgoing
from db.models.enums import OutgoingState
from tasks.guards import active_guards, refusal_text
from tasks.outgoing.flags import Flag
from tasks.outgoing.history import clear_flags, set_flag


@dataclass(slots=True)
class HoldReport:
    held: list[int] = field(default_factory=list)
    released: list[int] = field(default_factory=list)


def hold_guarded_drafts(session: Session, *, actor: str = "system:outgoing-sync") -> HoldReport:
    """Flag drafts written to a guarded debtor; unflag those whose guard was lifted."""
    report = HoldReport()
    query = select(Outgoing).where(
        Outgoing.state == OutgoingState.DRAFT, Outgoing.recipient_debtor_id.is_not(None)
    )
    for letter in session.scalars(query):
        assert letter.recipient_debtor_id is not None
        guards = active_guards(session, debtor_id=letter.recipient_debtor_id)
        flagged = Flag.CONTACT_GUARDED.value in (letter.flags or {})
        if guards and not flagged:
            set_flag(
                letter, Flag.CONTACT_GUARDED, {"guard_id": guards[0].id, "source": guards[0].source_number}
            )
            letter.last_error = refusal_text(guards[0]).replace("не создаётся", "задержано")
            report.held.append(letter.id)
        elif flagged and not guards:
            clear_flags(letter, Flag.CONTACT_GUARDED)
            letter.last_error = None
            report.released.append(letter.id)
    session.flush()
    for letter_id in report.held:
        audit.record(
            session, actor=actor, action="outgoing.hold_guarded", entity="outgoing", entity_id=letter_id
        )
    for letter_id in report.released:
        audit.record(
            session, actor=actor, action="outgoing.release_guarded", entity="outgoing", entity_id=letter_id
        )
    return report
