"""The errors of outgoing letters, one hierarchy for the package.

    OutgoingError                  anything a clerk asked for that cannot be done
    ├── LetterInvalid              the letter or its attachments break a rule; .problems (codes)
    ├── TransitionNotAllowed       the state machine refuses a move; .from_state, .to_state
    └── DeleteRefused              Russian Post (or the letter's state) forbids deleting it; .reason

Each carries a Russian ``message`` ready for the clerk; the codes are what gets stored.
Russian Post's own failures stay ``pochta.PochtaError``: they are not ours to rename.
"""

from __future__ import annotations


class OutgoingError(Exception):
    """Base of the package's errors; ``message`` is Russian text for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LetterInvalid(OutgoingError):
    """A draft cannot be accepted as it is; ``problems`` are machine codes, one per rule broken."""

    def __init__(self, message: str, *, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class TransitionNotAllowed(OutgoingError):
    """A letter cannot move from ``from_state`` to ``to_state``."""

    def __init__(self, from_state: str, to_state: str) -> None:
        super().__init__(f"Письмо нельзя перевести из состояния «{from_state}» в «{to_state}».")
        self.from_state = from_state
        self.to_state = to_state


class DeleteRefused(OutgoingError):
    """The letter cannot be deleted any more; ``reason`` is a code, ``message`` says why in Russian."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
