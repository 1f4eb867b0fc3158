"""What registered mail sets off: the legal deadlines its documents start and the guards they put.

Called once an item is registered (by the pipeline, by hand) or confirmed/corrected in review, in
the same transaction, so the item and its consequences commit together. Idempotent: a second
call adds only what is missing (a corrected type cancels the old type's open deadlines).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Incoming
from tasks.deadlines.store import start_clocks
from tasks.guards import guard_from_incoming


def apply_mail_effects(session: Session, incoming: Incoming, *, actor: str) -> None:
    """Start the deadlines and put the guards that this registered item calls for."""
    start_clocks(session, incoming, actor=actor)
    guard_from_incoming(session, incoming, actor=actor)
