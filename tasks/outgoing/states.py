"""The life of an outgoing letter as a pure state machine, and the clerk's folders.

    draft ──► created ──► ready ──► in_transit ──► delivered
      │          │  ▲        │                        ▲
      │          │  └────────┘ (removed from batch)   │ (a clerk archives a returned or
      ▼          ▼           ▼                        │  unclaimed letter)
    deleted ◄────┴───────────┘

``created → draft`` exists for one case only: the order vanished at Russian Post and a clerk
chose to send the letter again (never done silently). ``delivered`` is the folder «Архив»;
returned and unclaimed letters stay ``in_transit`` with a flag until a clerk archives them.
"""

from __future__ import annotations

from enum import StrEnum

from db.models.enums import OutgoingState
from tasks.outgoing.errors import TransitionNotAllowed

S = OutgoingState

ALLOWED: dict[OutgoingState, frozenset[OutgoingState]] = {
    S.DRAFT: frozenset({S.CREATED, S.DELETED}),
    S.CREATED: frozenset({S.READY, S.DELETED, S.DRAFT}),
    S.READY: frozenset({S.IN_TRANSIT, S.CREATED, S.DELETED}),
    S.IN_TRANSIT: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.DELETED: frozenset(),
}


class Folder(StrEnum):
    """What the clerk sees: one folder per stage, named as in the Otpravka cabinet."""

    DRAFTS = "Черновики"
    NEW = "Новые"
    TO_HAND_OVER = "К сдаче"
    IN_TRANSIT = "В пути"
    ARCHIVE = "Архив"
    DELETED = "Удалённые"


FOLDER_OF: dict[OutgoingState, Folder] = {
    S.DRAFT: Folder.DRAFTS,
    S.CREATED: Folder.NEW,
    S.READY: Folder.TO_HAND_OVER,
    S.IN_TRANSIT: Folder.IN_TRANSIT,
    S.DELIVERED: Folder.ARCHIVE,
    S.DELETED: Folder.DELETED,
}

STATES_OF: dict[Folder, OutgoingState] = {folder: state for state, folder in FOLDER_OF.items()}


def can_transition(from_state: str, to_state: str) -> bool:
    """True when the machine allows ``from_state → to_state`` (unknown states never move)."""
    try:
        return S(to_state) in ALLOWED[S(from_state)]
    except ValueError:
        return False


def require_transition(from_state: str, to_state: str) -> None:
    """Raise ``TransitionNotAllowed`` unless the move is allowed."""
    if not can_transition(from_state, to_state):
        raise TransitionNotAllowed(from_state, to_state)


def path_to(from_state: str, to_state: str) -> list[OutgoingState]:
    """The states to pass through, forward only, e.g. ready → delivered is [in_transit, delivered].

    Tracking may report delivery of a letter we still hold as ``ready`` (the acceptance event was
    missed); the letter then walks the whole path so its history has no hole. ``[]`` if no path.
    """
    order = [S.DRAFT, S.CREATED, S.READY, S.IN_TRANSIT, S.DELIVERED]
    try:
        start, end = order.index(S(from_state)), order.index(S(to_state))
    except ValueError:
        return [S(to_state)] if can_transition(from_state, to_state) else []
    return order[start + 1 : end + 1] if end > start else []


def folder_of(state: str) -> Folder:
    """The folder a letter in ``state`` is shown in."""
    return FOLDER_OF[S(state)]
