"""Claims no run leased, on a real database: which the sweeper takes over, given what Prefect says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select, update

from db.engine import session_scope
from db.models import IntakeFile
from db.models.base import utcnow
from tasks.ingest.handover import RunFate
from tasks.ingest.intake import claim, handed_runs, note_handover, record_claims, sweep, with_ids
from tasks.ingest.lease import take
from tasks.ingest.model import ClaimedEnvelope
from watch_folder.watcher import WatchConfig, Watcher

GRACE = timedelta(minutes=5)


def claimed(engine: Engine, inbox: Path, *names: str, seconds_ago: float = 0) -> list[ClaimedEnvelope]:
    """Files claimed and recorded as the watcher would, ``seconds_ago``."""
    inbox.mkdir(exist_ok=True)
    for name in names:
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 " + name.encode())
    envelopes = claim(inbox, inbox / ".processing", only=sorted({n.split("/")[0] for n in names}))
    with session_scope(engine) as session:
        record_claims(session, envelopes, inbox / ".processing")
        recorded = with_ids(session, envelopes)
        ids = [i for e in recorded for i in e.intake_ids]
        session.execute(
            update(IntakeFile)
            .where(IntakeFile.id.in_(ids))
            .values(claimed_at=utcnow() - timedelta(seconds=seconds_ago))
        )
    return recorded


def handed(engine: Engine, envelopes: Sequence[ClaimedEnvelope], run: str) -> None:
    with session_scope(engine) as session:
        note_handover(session, [min(e.intake_ids) for e in envelopes], run)


def swept(engine: Engine, inbox: Path, fates: dict[str, RunFate]) -> set[str]:
    """What the sweeper (five-minute grace, default hand-over grace) takes over now."""
    with session_scope(engine) as session:
        found = sweep(session, inbox, inbox / ".processing", grace=GRACE, handover_grace=None, fates=fates)
        return {e.claim_name for e in found}


def sweeper_takes(engine: Engine, inbox: Path, fates: dict[str, RunFate]) -> set[str]:
    with session_scope(engine) as session:
        found = sweep(
            session,
            inbox,
            inbox / ".processing",
            grace=GRACE,
            handover_grace=timedelta(seconds=90),
            fates=fates,
        )
        return {e.claim_name for e in found}


def test_the_run_a_claim_was_handed_to_is_recorded_on_every_file_of_its_envelope(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    [folder] = claimed(fresh_engine, tmp_path / "inbox", "case/p1.pdf", "case/p2.pdf")
    handed(fresh_engine, [folder], "run-1")
    with session_scope(fresh_engine) as session:
        assert set(session.scalars(select(IntakeFile.handed_to))) == {"run-1"}
        assert handed_runs(session) == {"run-1"}
    handed(fresh_engine, [folder], "run-2")  # handed over again (the watcher's resume): the newer run
    with session_scope(fresh_engine) as session:
        assert set(session.scalars(select(IntakeFile.handed_to))) == {"run-2"}


def test_the_sweeper_takes_a_claim_at_once_when_its_run_is_over_or_late_and_not_while_it_may_come(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN claims 20 s old handed to a crashed run, a late run and a pending run THEN the sweeper
    takes the first two now and leaves the third to its run."""
    inbox = tmp_path / "inbox"
    [crashed] = claimed(fresh_engine, inbox, "crashed.pdf", seconds_ago=20)
    [late] = claimed(fresh_engine, inbox, "late.pdf", seconds_ago=20)
    [pending] = claimed(fresh_engine, inbox, "pending.pdf", seconds_ago=20)
    handed(fresh_engine, [crashed], "run-crashed")
    handed(fresh_engine, [late], "run-late")
    handed(fresh_engine, [pending], "run-pending")
    fates = {"run-crashed": RunFate.GONE, "run-late": RunFate.LATE, "run-pending": RunFate.ACTIVE}
    assert sweeper_takes(fresh_engine, inbox, fates) == {crashed.claim_name, late.claim_name}
    assert swept(fresh_engine, inbox, {}) == set()  # nothing known about the runs: the old five minutes


def test_a_claim_with_no_run_recorded_is_taken_after_the_short_grace(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    [fresh] = claimed(fresh_engine, inbox, "fresh.pdf", seconds_ago=30)
    [lost] = claimed(fresh_engine, inbox, "lost.pdf", seconds_ago=100)
    assert sweeper_takes(fresh_engine, inbox, {}) == {lost.claim_name}
    assert fresh.claim_name not in sweeper_takes(fresh_engine, inbox, {})


def test_a_leased_claim_is_left_to_its_lease_whatever_its_run_says(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN a run that leased its claim WHEN Prefect shows it over THEN the lease, not the run
    state, decides (a lapsed lease is taken over by ``expired``, a live one is left alone)."""
    inbox = tmp_path / "inbox"
    [leased] = claimed(fresh_engine, inbox, "leased.pdf", seconds_ago=100)
    handed(fresh_engine, [leased], "run-1")
    take(fresh_engine, [leased], "run-1")
    assert sweeper_takes(fresh_engine, inbox, {"run-1": RunFate.GONE}) == set()


def test_a_stray_inbox_file_still_waits_its_settle_time(fresh_engine: Engine, tmp_path: Path) -> None:
    """The short hand-over grace is for claims; a file in the inbox written a minute ago stays put."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "scanning.pdf").write_bytes(b"%PDF-1.4 half")
    assert sweeper_takes(fresh_engine, inbox, {}) == set()
    assert (inbox / "scanning.pdf").exists()


class RunStarter:
    """A hand-off that starts a (pretend) flow run per batch and says which."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, intake_ids: Sequence[int]) -> str:
        self.runs += 1
        return f"run-{self.runs}"


def test_the_watcher_records_the_run_it_handed_claims_to(fresh_engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = WatchConfig(
        inbox=inbox, processing_dir=inbox / ".processing", stable_seconds=0, batch_window_seconds=0
    )
    now = [1000.0]
    watcher = Watcher(config, fresh_engine, RunStarter(), clock=lambda: now[0])
    watcher.start()
    (inbox / "a.pdf").write_bytes(b"%PDF-1.4 a")
    for _ in range(3):
        watcher.tick()
        now[0] += 1
    with session_scope(fresh_engine) as session:
        assert session.scalars(select(IntakeFile.handed_to)).all() == ["run-1"]
