"""The errors of outgoing letters, one hierarchy for the package.

    OutgoingError                  anything a clerk asked for that cannot be done (an ActionRefused)
    ├── LetterInvalid              the letter or its attachments break a rule; .problems (LetterProblem)
    ├── TransitionNotAllowed       the state machine refuses a move; .from_state, .to_state
    └── DeleteRefused              Russian Post (or the letter's state) forbids deleting it; .detail

Each carries a code (``OutgoingProblem``; a letter's own rules are ``letters.Problem``) and a
Russian ``message`` ready for the clerk; the codes are what gets stored and compared.
Russian Post's own failures stay ``pochta.PochtaError``: they are not ours to rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from config.errors import ActionRefused


class OutgoingProblem(StrEnum):
    """Why something asked of an outgoing letter or batch cannot be done."""

    LETTER_NOT_FOUND = "letter_not_found"
    LETTER_INVALID = "letter_invalid"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    NOT_ARCHIVABLE = "not_archivable"
    NOT_A_DRAFT = "not_a_draft"
    NOT_MISSING = "not_missing"
    BATCH_NOT_FOUND = "batch_not_found"
    BATCH_NOT_CHECKED_IN = "batch_not_checked_in"
    NO_SENDER = "no_sender"
    NO_POCHTA_CLIENT = "no_pochta_client"
    SYNC_BUSY = "sync_busy"
    POCHTA_UNAVAILABLE = "pochta_unavailable"
    ALREADY_SENT = "already_sent"
    CHECKED_IN = "checked_in"
    POCHTA_REFUSED = "pochta_refused"


class OutgoingError(ActionRefused):
    """Base of the package's errors; ``code`` says why, ``message`` is Russian text for the clerk."""


@dataclass(frozen=True, slots=True)
class LetterProblem:
    """One rule a draft breaks: ``code`` (a ``letters.Problem``) and the clerk's Russian ``message``."""

    code: StrEnum
    message: str


class LetterInvalid(OutgoingError):
    """A draft cannot be accepted as it is; ``problems`` has one ``LetterProblem`` per rule broken.

    ``message`` is every problem's message, one per line.
    """

    def __init__(self, problems: Sequence[LetterProblem]) -> None:
        super().__init__(OutgoingProblem.LETTER_INVALID, "\n".join(p.message for p in problems))
        self.problems = tuple(problems)


class TransitionNotAllowed(OutgoingError):
    """A letter cannot move from ``from_state`` to ``to_state``."""

    def __init__(self, from_state: str, to_state: str) -> None:
        super().__init__(
            OutgoingProblem.TRANSITION_NOT_ALLOWED,
            f"Письмо нельзя перевести из состояния «{from_state}» в «{to_state}».",
        )
        self.from_state = from_state
        self.to_state = to_state


class DeleteRefused(OutgoingError):
    """The letter cannot be deleted any more; ``message`` says why in Russian.

    ``detail`` is the letter's state or Russian Post's own error code, for the logs.
    """

    def __init__(self, code: OutgoingProblem, message: str, *, detail: str = "") -> None:
        super().__init__(code, message)
        self.detail = detail
