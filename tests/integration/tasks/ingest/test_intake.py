"""Intake: temporary names, stability, claim by rename, ledger rows, resuming after a crash."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import IntakeFile
from tasks.ingest import batch
from tasks.ingest.batch import envelope_lock, process_batch
from tasks.ingest.intake import (
    StabilityTracker,
    claim,
    envelopes_named,
    inbox_entries,
    is_ignored,
    orphans,
    record_claims,
    resumable,
    settled_entries,
    signature,
    sweep,
    unfinished,
)
from tasks.ingest.model import ClaimedEnvelope, EnvelopeOutcome, Outcome


def age(path: Path, seconds: float) -> None:
    """Pretend a file was last written ``seconds`` ago."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("~$письмо.docx", True),
        ("scan.pdf.tmp", True),
        ("scan.PART", True),
        (".DS_Store", True),
        (".processing", True),
        ("scan.pdf", False),
        ("Постановление 12.jpg", False),
        ("tmp.pdf", False),
    ],
)
def test_is_ignored_skips_temporary_names_and_dotfiles(name: str, ignored: bool) -> None:
    assert is_ignored(name) is ignored


def test_stability_tracker_waits_until_size_and_mtime_stop_changing(inbox: Path) -> None:
    scan = inbox / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 part")
    tracker = StabilityTracker(stable_seconds=2)
    assert tracker.stable(inbox, ["scan.pdf"], now=0) == []
    assert tracker.stable(inbox, ["scan.pdf"], now=1) == []
    with scan.open("ab") as stream:
        stream.write(b" more")
    assert tracker.stable(inbox, ["scan.pdf"], now=2.5) == []  # changed: the wait restarts
    assert tracker.stable(inbox, ["scan.pdf"], now=4) == []
    assert tracker.stable(inbox, ["scan.pdf"], now=4.5) == ["scan.pdf"]


def test_stability_tracker_waits_for_every_file_of_a_folder(inbox: Path) -> None:
    folder = inbox / "envelope"
    folder.mkdir()
    (folder / "1.pdf").write_bytes(b"%PDF-1")
    tracker = StabilityTracker(stable_seconds=1)
    tracker.stable(inbox, ["envelope"], now=0)
    (folder / "2.pdf").write_bytes(b"%PDF-2")
    assert tracker.stable(inbox, ["envelope"], now=1.5) == []
    assert tracker.stable(inbox, ["envelope"], now=3) == ["envelope"]


def test_signature_is_none_while_a_folder_holds_a_partial_copy(inbox: Path) -> None:
    folder = inbox / "envelope"
    folder.mkdir()
    (folder / "1.pdf").write_bytes(b"%PDF-1")
    (folder / "2.pdf.part").write_bytes(b"%PD")
    assert signature(folder) is None
    assert signature(inbox / "missing.pdf") is None


def test_claim_renames_files_and_folders_into_processing_with_unique_names(
    inbox: Path, processing: Path
) -> None:
    (inbox / "scan.pdf").write_bytes(b"a")
    (inbox / "scan.pdf.part").write_bytes(b"b")
    (inbox / "envelope").mkdir()
    (inbox / "envelope" / "1.pdf").write_bytes(b"c")
    (inbox / "envelope" / "2.pdf").write_bytes(b"d")
    (inbox / "empty").mkdir()
    envelopes = {e.claim_name.split("__", 1)[1]: e for e in claim(inbox, processing)}
    assert set(envelopes) == {"scan.pdf", "envelope"}
    loose, folder = envelopes["scan.pdf"], envelopes["envelope"]
    assert loose.file_claims == (loose.claim_name,)
    assert folder.file_claims == (f"{folder.claim_name}/1.pdf", f"{folder.claim_name}/2.pdf")
    assert (processing / loose.claim_name).read_bytes() == b"a"
    assert inbox_entries(inbox) == ["empty"]  # left alone until something is in it
    (inbox / "scan.pdf").write_bytes(b"again")
    (again,) = claim(inbox, processing, only=["scan.pdf"])
    assert again.claim_name != loose.claim_name


def test_claim_skips_an_entry_that_vanished(inbox: Path, processing: Path) -> None:
    assert claim(inbox, processing, only=["gone.pdf"]) == []


def test_record_claims_hashes_files_and_is_idempotent(
    session: Session, inbox: Path, processing: Path
) -> None:
    (inbox / "envelope").mkdir()
    (inbox / "envelope" / "1.pdf").write_bytes(b"one")
    (inbox / "scan.pdf").write_bytes(b"two")
    envelopes = claim(inbox, processing)
    assert record_claims(session, envelopes, processing) == 2
    assert record_claims(session, envelopes, processing) == 0
    rows = session.scalars(select(IntakeFile).order_by(IntakeFile.original_name)).all()
    assert [(r.original_name, r.size, r.status) for r in rows] == [
        ("1.pdf", 3, "claimed"),
        ("scan.pdf", 3, "claimed"),
    ]
    assert rows[0].sha256 == "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"
    folder = next(e for e in envelopes if e.claim_name.endswith("__envelope"))
    assert (rows[0].envelope, rows[0].claim_name) == (folder.claim_name, folder.file_claims[0])


def test_orphans_finds_claims_without_rows_and_resumable_records_them(
    session: Session, inbox: Path, processing: Path
) -> None:
    """GIVEN a crash between claim and record WHEN resuming THEN the claim gets its row and is handed over."""
    (inbox / "a.pdf").write_bytes(b"a")
    (inbox / "b.pdf").write_bytes(b"b")
    first, second = claim(inbox, processing)
    record_claims(session, [first], processing)
    assert orphans(processing, session) == [second]
    assert orphans(processing, session, min_age_seconds=60) == []  # just claimed: a live watcher's
    resumed = resumable(processing, session)
    assert sorted(e.claim_name for e in resumed) == sorted([first.claim_name, second.claim_name])
    assert session.scalar(select(IntakeFile).where(IntakeFile.claim_name == second.claim_name))


def test_resumable_includes_finished_rows_whose_files_were_not_moved(
    session: Session, inbox: Path, processing: Path
) -> None:
    """GIVEN a crash after commit, before the file moves THEN the envelope is handed over again."""
    (inbox / "a.pdf").write_bytes(b"a")
    (envelope,) = claim(inbox, processing)
    record_claims(session, [envelope], processing)
    row = session.scalar(select(IntakeFile))
    assert row is not None
    row.status = "rejected"
    session.flush()
    assert unfinished(session) == []
    assert resumable(processing, session) == [envelope]
    (processing / envelope.claim_name).unlink()
    assert resumable(processing, session) == []


def test_unfinished_groups_rows_by_envelope_and_respects_the_grace_period(
    session: Session, inbox: Path, processing: Path
) -> None:
    (inbox / "envelope").mkdir()
    (inbox / "envelope" / "1.pdf").write_bytes(b"one")
    (inbox / "envelope" / "2.pdf").write_bytes(b"two")
    envelopes = claim(inbox, processing)
    record_claims(session, envelopes, processing)
    assert unfinished(session) == envelopes
    assert resumable(processing, session, grace=timedelta(minutes=5)) == []
    assert envelopes_named(session, [envelopes[0].file_claims[1]]) == envelopes


def test_sweep_claims_only_settled_inbox_files(session: Session, inbox: Path, processing: Path) -> None:
    (inbox / "old.pdf").write_bytes(b"old")
    age(inbox / "old.pdf", 600)
    (inbox / "fresh.pdf").write_bytes(b"fresh")
    assert settled_entries(inbox, min_age_seconds=300) == ["old.pdf"]
    (swept,) = sweep(session, inbox, processing, grace=timedelta(minutes=5))
    assert swept.claim_name.endswith("__old.pdf")
    assert inbox_entries(inbox) == ["fresh.pdf"]
    assert session.scalar(select(IntakeFile.original_name)) == "old.pdf"


def test_envelope_lock_keeps_a_second_worker_out(fresh_engine: Engine, tmp_path: Path) -> None:
    envelope = ClaimedEnvelope("x__a.pdf", ("x__a.pdf",))
    with envelope_lock(fresh_engine, envelope, lock_dir=tmp_path) as first:
        with envelope_lock(fresh_engine, envelope, lock_dir=tmp_path) as second:
            assert (first, second) == (True, False)
    with envelope_lock(fresh_engine, envelope, lock_dir=tmp_path) as again:
        assert again


def test_process_batch_records_an_unexpected_error_and_goes_on(
    fresh_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN one envelope that hits a bug THEN it is reported and noted, and the next one is still done."""
    config = IngestConfig(
        processing_dir=tmp_path / ".processing", archive_dir=tmp_path / "a", rejected_dir=tmp_path / "r"
    )
    bad, good = ClaimedEnvelope("b__bad.pdf", ("b__bad.pdf",)), ClaimedEnvelope("g__ok.pdf", ("g__ok.pdf",))
    with session_scope(fresh_engine) as session:
        record_claims(session, [bad, good], config.processing_dir)
    done = EnvelopeOutcome("g__ok.pdf", Outcome.REJECTED, None, ())

    def fake(_engine: Engine, envelope: ClaimedEnvelope, **_kwargs: object) -> EnvelopeOutcome:
        if envelope is bad:
            raise KeyError("bug")
        return done

    monkeypatch.setattr(batch, "process_envelope", fake)
    result = process_batch(fresh_engine, [bad, good], config=config, actor="t")
    assert result.outcomes == (done,) and [f.claim_name for f in result.failures] == ["b__bad.pdf"]
    with session_scope(fresh_engine) as session:
        assert session.scalar(select(IntakeFile.last_error).where(IntakeFile.claim_name == "b__bad.pdf"))

    def lost(*_args: object, **_kwargs: object) -> EnvelopeOutcome:
        raise OperationalError("SELECT 1", {}, ConnectionError("gone"))

    monkeypatch.setattr(batch, "process_envelope", lost)
    with pytest.raises(OperationalError):
        process_batch(fresh_engine, [good], config=config, actor="t")
