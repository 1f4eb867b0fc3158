"""Recording a letter's moves and flags: every change leaves a transition row and an audit row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db import audit
from db.models import Outgoing, OutgoingTransition, utcnow
from tasks.outgoing.flags import Flag
from tasks.outgoing.states import require_transition


def move(session: Session, letter: Outgoing, to_state: str, *, actor: str, note: str | None = None) -> None:
    """Move ``letter`` to ``to_state`` if the state machine allows it; raises ``TransitionNotAllowed``."""
    require_transition(letter.state, to_state)
    session.add(
        OutgoingTransition(
            outgoing=letter, from_state=letter.state, to_state=to_state, at=utcnow(), actor=actor, note=note
        )
    )
    audit.record(
        session,
        actor=actor,
        action=f"outgoing.{to_state}",
        entity="outgoing",
        entity_id=letter.id,
        details={"from": letter.state, "reg_number": letter.reg_number, **({"note": note} if note else {})},
    )
    letter.state = to_state


def set_flag(letter: Outgoing, flag: Flag, detail: Any = True) -> None:
    """Set a flag (replacing the dict, so SQLAlchemy sees the JSON change)."""
    letter.flags = {**(letter.flags or {}), flag.value: detail}


def clear_flags(letter: Outgoing, *flags: Flag) -> None:
    """Remove flags if present."""
    letter.flags = {k: v for k, v in (letter.flags or {}).items() if k not in {f.value for f in flags}}


def has_flag(letter: Outgoing, flag: Flag) -> bool:
    """True when the letter carries ``flag``."""
    return flag.value in (letter.flags or {})


def move_many(session: Session, moves: list[tuple[Outgoing, str, str | None]], *, actor: str) -> int:
    """``move`` for many letters at once (tracking moves thousands): bulk rows, same checks."""
    if not moves:
        return 0
    now = utcnow()
    transitions, audits = [], []
    for letter, to_state, note in moves:
        require_transition(letter.state, to_state)
        transitions.append(
            {
                "outgoing_id": letter.id,
                "from_state": letter.state,
                "to_state": to_state,
                "at": now,
                "actor": actor,
                "note": note,
            }
        )
        details: dict[str, Any] = {"from": letter.state, "reg_number": letter.reg_number}
        if note:
            details["note"] = note
        audits.append((f"outgoing.{to_state}", "outgoing", letter.id, details))
        letter.state = to_state
    session.execute(insert(OutgoingTransition), transitions)
    audit.record_many(session, actor=actor, rows=audits)
    return len(moves)
