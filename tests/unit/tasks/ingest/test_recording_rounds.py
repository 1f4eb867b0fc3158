"""record_envelope's registration retry after a lost race: it retries, and only a few times."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from db.models.enums import IntakeStatus
from tasks.ingest import recording
from tasks.register import DuplicateContent


def _rig(
    monkeypatch: pytest.MonkeyPatch, register_outcomes: list[object]
) -> tuple[SimpleNamespace, list[int]]:
    """One claimed file whose registration yields ``register_outcomes`` in turn (an exception is
    raised); the duplicate check never drops it, as if the content stayed invisible."""
    row = SimpleNamespace(
        status=IntakeStatus.CLAIMED, sha256=None, size=None, incoming_id=None, finished_at=None
    )
    calls: list[int] = []

    def register(*_args: Any, **_kwargs: Any) -> object:
        calls.append(1)
        outcome = register_outcomes[len(calls) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(recording, "_ledger", lambda *_a, **_k: {"c1": row})
    monkeypatch.setattr(recording, "load_reference", lambda _session: object())
    monkeypatch.setattr(recording, "_drop_duplicates", lambda _s, _r, pending, **_k: pending)
    monkeypatch.setattr(recording, "_register", register)
    return row, calls


def _record() -> None:
    analysis = SimpleNamespace(checked=SimpleNamespace(sha256="a" * 64, size=1))
    recording.record_envelope(
        cast(Any, None),
        cast(Any, None),
        analyses=[("c1", cast(Any, analysis))],
        refused=[],
        config=cast(Any, None),
        actor="test",
    )


def test_record_envelope_registers_after_losing_one_race(monkeypatch: pytest.MonkeyPatch) -> None:
    row, calls = _rig(
        monkeypatch,
        [DuplicateContent("a" * 64, "ВХ-2026-000001"), [SimpleNamespace(id=7, status="registered")]],
    )
    _record()
    assert len(calls) == 2 and (row.status, row.incoming_id) == ("registered", 7)


def test_record_envelope_gives_up_after_register_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A duplicate that never shows up in the check must not loop: the refusal propagates, the
    envelope's transaction fails and its next attempt (bounded by MAX_ATTEMPTS) takes over."""
    lost = [DuplicateContent("a" * 64, None) for _ in range(recording.REGISTER_ROUNDS + 5)]
    row, calls = _rig(monkeypatch, list(lost))
    with pytest.raises(DuplicateContent):
        _record()
    assert len(calls) == recording.REGISTER_ROUNDS and row.status == IntakeStatus.CLAIMED
