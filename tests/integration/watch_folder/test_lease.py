"""Intake leases on a real database: one live holder per envelope, taken over once it stops renewing."""

from __future__ import annotations

import signal
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from prefect.exceptions import TerminationSignal
from sqlalchemy import Engine, select

from db.engine import session_scope
from db.models import IntakeFile
from db.models.base import utcnow
from tasks.ingest.intake import claim, record_claims, with_ids
from tasks.ingest.lease import expired, kept, live_envelopes, renew, take
from tasks.ingest.model import ClaimedEnvelope


def claimed(engine: Engine, tmp_path: Path, *names: str) -> list[ClaimedEnvelope]:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in names:
        (inbox / name).write_bytes(b"%PDF-1.4 " + name.encode())
    envelopes = claim(inbox, inbox / ".processing")
    with session_scope(engine) as session:
        record_claims(session, envelopes, inbox / ".processing")
        return with_ids(session, envelopes)


def lease_of(engine: Engine, envelope: ClaimedEnvelope) -> tuple[str | None, object]:
    with session_scope(engine) as session:
        row = session.scalars(
            select(IntakeFile).where(IntakeFile.claim_name == envelope.file_claims[0])
        ).one()
        return row.leased_by, row.lease_until


def test_a_live_lease_keeps_a_second_run_off_the_envelope(fresh_engine: Engine, tmp_path: Path) -> None:
    """GIVEN run A leased a batch WHEN run B is handed the same batch THEN B gets none of it."""
    envelopes = claimed(fresh_engine, tmp_path, "a.pdf", "b.pdf")
    taken_a, held_a = take(fresh_engine, envelopes, "run-a")
    taken_b, held_b = take(fresh_engine, envelopes, "run-b")
    assert (len(taken_a), held_a) == (2, [])
    assert (taken_b, len(held_b)) == ([], 2)
    assert lease_of(fresh_engine, envelopes[0])[0] == "run-a"
    with session_scope(fresh_engine) as session:
        assert live_envelopes(session, [e.claim_name for e in envelopes]) == {e.claim_name for e in envelopes}


def test_an_expired_lease_is_listed_with_its_holder_and_taken_over(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN run A leased an envelope and died (no renewal) THEN after the lease it is B's."""
    [envelope] = claimed(fresh_engine, tmp_path, "dead.pdf")
    take(fresh_engine, [envelope], "run-a", seconds=30)
    with session_scope(fresh_engine) as session:
        assert expired(session).envelopes == []  # still alive
        later = utcnow() + timedelta(seconds=31)
        lapsed = expired(session, now=later)
    assert [e.claim_name for e in lapsed.envelopes] == [envelope.claim_name]
    assert lapsed.holders == {"run-a"}
    taken, held = take(fresh_engine, lapsed.envelopes, "run-b", now=later)
    assert (len(taken), held) == (1, [])
    assert lease_of(fresh_engine, envelope)[0] == "run-b"


def test_a_living_run_renews_its_lease_and_releases_it_at_the_end(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    [envelope] = claimed(fresh_engine, tmp_path, "slow.pdf")
    with kept(fresh_engine, "run-a", every=0.05):
        take(fresh_engine, [envelope], "run-a", seconds=1)
        first = lease_of(fresh_engine, envelope)[1]
        time.sleep(0.3)
        second = lease_of(fresh_engine, envelope)[1]
        assert second > first  # type: ignore[operator]  # pushed forward by the keeper thread
    assert lease_of(fresh_engine, envelope) == (None, None)


def test_finished_rows_are_not_renewed(fresh_engine: Engine, tmp_path: Path) -> None:
    [envelope] = claimed(fresh_engine, tmp_path, "done.pdf")
    take(fresh_engine, [envelope], "run-a")
    with session_scope(fresh_engine) as session:
        for row in session.scalars(select(IntakeFile)):
            row.status = "registered"
    assert renew(fresh_engine, "run-a") == 0


def test_a_run_stopped_by_sigterm_leaves_no_renewing_thread_and_gives_its_leases_back(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN a run renewing its lease at the production interval (10 s) WHEN SIGTERM reaches it
    (Prefect raises ``TerminationSignal`` in the run) THEN the renewing thread is gone at once, not
    after its next wake-up, and the envelope is free for the sweeper without waiting for the lease."""
    [envelope] = claimed(fresh_engine, tmp_path, "stopped.pdf")
    with pytest.raises(TerminationSignal), kept(fresh_engine, "run-a"):
        take(fresh_engine, [envelope], "run-a")
        raise TerminationSignal(signal.SIGTERM)
    assert [t for t in threading.enumerate() if t.name == "intake-lease"] == []
    assert lease_of(fresh_engine, envelope) == (None, None)
