"""The watcher's loop on tmp_path with a fake clock: no observer, no sleeping, a real database."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from config.settings import Settings
from db.engine import session_scope
from db.models import IntakeFile
from tasks.ingest import intake
from tasks.ingest.intake import claim
from tests.corpus.texts import demo_cases
from watch_folder.main import watch_config
from watch_folder.watcher import WatchConfig, Watcher


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    """A hand-off that remembers batches (and can be told to fail)."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.fail = False

    def __call__(self, intake_ids: Sequence[int]) -> None:
        if self.fail:
            raise ConnectionError("Prefect API down")
        self.batches.append(list(intake_ids))


@pytest.fixture
def config(tmp_path: Path) -> WatchConfig:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return WatchConfig(
        inbox=inbox,
        processing_dir=inbox / ".processing",
        stable_seconds=2,
        batch_size=2,
        batch_window_seconds=5,
        rescan_seconds=10,
        resume_seconds=60,
        resume_grace_seconds=0,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def handoff() -> Recorder:
    return Recorder()


@pytest.fixture
def watcher(config: WatchConfig, fresh_engine: Engine, clock: Clock, handoff: Recorder) -> Watcher:
    watcher = Watcher(config, fresh_engine, handoff, clock=clock)
    watcher.start()
    return watcher


def run(watcher: Watcher, clock: Clock, seconds: float, step: float = 0.5) -> None:
    end = clock.now + seconds
    while clock.now < end:
        watcher.tick()
        clock.now += step


def names(engine: Engine, intake_ids: Sequence[int]) -> list[str]:
    """The original names of the files with these ledger ids (what the hand-off refers to)."""
    with session_scope(engine) as session:
        return sorted(
            session.scalars(select(IntakeFile.original_name).where(IntakeFile.id.in_(list(intake_ids))))
        )


def rows(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(IntakeFile)) or 0


def test_watcher_claims_files_present_at_start_once_stable_and_batches_by_count(
    watcher: Watcher, config: WatchConfig, clock: Clock, handoff: Recorder, fresh_engine: Engine
) -> None:
    for name in ("a.pdf", "b.pdf", "c.pdf", "~$c.pdf", "d.pdf.part"):
        (config.inbox / name).write_bytes(name.encode())
    watcher.tick()  # first look: nothing is stable yet
    assert handoff.batches == [] and rows(fresh_engine) == 0
    run(watcher, clock, 2.5)
    assert [len(b) for b in handoff.batches] == [2, 1]  # batch size reached: no waiting
    assert names(fresh_engine, [i for b in handoff.batches for i in b]) == ["a.pdf", "b.pdf", "c.pdf"]
    assert rows(fresh_engine) == 3
    assert sorted(p.name for p in config.inbox.iterdir()) == [".processing", "d.pdf.part", "~$c.pdf"]


def test_a_burst_is_split_into_small_batches_so_several_workers_share_it(
    config: WatchConfig, fresh_engine: Engine, clock: Clock, handoff: Recorder, tmp_path: Path
) -> None:
    """GIVEN the default settings and a scanner dropping 12 files at once THEN the watcher hands
    them over as several runs of at most ``KORR_WATCH_BATCH_SIZE`` files, not one big run."""
    size = watch_config(Settings(data_dir=tmp_path / "data")).batch_size
    watcher = Watcher(replace(config, batch_size=size), fresh_engine, handoff, clock=clock)
    watcher.start()
    for i in range(12):
        (config.inbox / f"scan{i:02d}.pdf").write_bytes(b"%PDF " + bytes([i]))
    run(watcher, clock, 8)
    assert sum(len(b) for b in handoff.batches) == 12
    assert max(len(b) for b in handoff.batches) <= size
    assert len(handoff.batches) >= 3  # a burst of 12 keeps three workers busy


def test_watcher_hands_over_a_small_batch_after_the_window(
    watcher: Watcher, config: WatchConfig, clock: Clock, handoff: Recorder
) -> None:
    (config.inbox / "a.pdf").write_bytes(b"a")
    watcher.notice("a.pdf")
    run(watcher, clock, 4)
    assert handoff.batches == []
    run(watcher, clock, 4)
    assert [len(b) for b in handoff.batches] == [1]


def test_watcher_waits_for_a_growing_file_and_takes_noticed_names(
    watcher: Watcher, config: WatchConfig, clock: Clock, handoff: Recorder, fresh_engine: Engine
) -> None:
    run(watcher, clock, 1)
    scan = config.inbox / "scan.pdf"
    for chunk in range(4):
        with scan.open("ab") as stream:
            stream.write(b"x" * (chunk + 1))
        watcher.notice("scan.pdf")
        run(watcher, clock, 1)
    assert handoff.batches == []
    run(watcher, clock, 8)
    assert len(handoff.batches) == 1 and names(fresh_engine, handoff.batches[0]) == ["scan.pdf"]


def test_watcher_claims_a_folder_as_one_envelope(
    watcher: Watcher, config: WatchConfig, clock: Clock, handoff: Recorder, fresh_engine: Engine
) -> None:
    folder = config.inbox / "envelope"
    folder.mkdir()
    (folder / "1.pdf").write_bytes(b"1")
    (folder / "2.pdf").write_bytes(b"2")
    watcher.notice("envelope")
    run(watcher, clock, 8)
    assert len(handoff.batches) == 1 and len(handoff.batches[0]) == 1  # one id stands for the envelope
    with session_scope(fresh_engine) as session:
        row = session.get(IntakeFile, handoff.batches[0][0])
        assert row is not None and row.envelope is not None and row.envelope.endswith("__envelope")
    assert rows(fresh_engine) == 2


def test_watcher_start_resumes_what_a_crash_left_in_processing(
    config: WatchConfig, fresh_engine: Engine, clock: Clock, handoff: Recorder
) -> None:
    """GIVEN a claim never recorded (crash) WHEN the watcher starts THEN it is recorded and handed over."""
    (config.inbox / "lost.pdf").write_bytes(b"lost")
    (envelope,) = claim(config.inbox, config.processing_dir)
    Watcher(config, fresh_engine, handoff, clock=clock).start()
    assert len(handoff.batches) == 1 and names(fresh_engine, handoff.batches[0]) == ["lost.pdf"]
    assert rows(fresh_engine) == 1


def test_watcher_keeps_going_when_the_hand_off_fails(
    watcher: Watcher, config: WatchConfig, clock: Clock, handoff: Recorder, fresh_engine: Engine
) -> None:
    """GIVEN the orchestrator is down THEN claims stay recorded, and the periodic resume hands them over."""
    handoff.fail = True
    (config.inbox / "a.pdf").write_bytes(b"a")
    run(watcher, clock, 10)
    assert rows(fresh_engine) == 1 and handoff.batches == []
    handoff.fail = False
    run(watcher, clock, 60)
    assert len(handoff.batches) == 1 and names(fresh_engine, handoff.batches[0]) == ["a.pdf"]


def test_watcher_takes_odd_names_links_and_fifos_and_the_files_after_them(
    watcher: Watcher, clock: Clock, handoff: Recorder, config: WatchConfig, fresh_engine: Engine
) -> None:
    """GIVEN a non-UTF-8 name, a 255-byte name, a dangling link and a FIFO before ordinary files
    WHEN the watcher runs THEN every entry is claimed, recorded and handed over, none left behind."""
    inbox = config.inbox
    odd = [os.fsdecode("Решение.pdf".encode("cp1251")), "Ж" * 125 + ".pdf", "a-dangling.pdf", "b-pipe.pdf"]
    (inbox / odd[0]).write_bytes(b"%PDF-1.4 cp1251")
    (inbox / odd[1]).write_bytes(b"%PDF-1.4 long")
    (inbox / odd[2]).symlink_to(inbox / "nowhere.pdf")
    os.mkfifo(inbox / odd[3])
    (inbox / "z-after.pdf").write_bytes(b"%PDF-1.4 after")
    run(watcher, clock, 20)
    assert [p.name for p in inbox.iterdir() if not p.name.startswith(".")] == []
    assert rows(fresh_engine) == 5
    assert sum(len(batch) for batch in handoff.batches) == 5


def test_watcher_restarts_over_a_claim_an_older_version_left_under_an_unsafe_name(
    config: WatchConfig, fresh_engine: Engine, clock: Clock, handoff: Recorder
) -> None:
    """GIVEN .processing holding claims with a non-UTF-8 name and a 251-byte name (no rows yet)
    WHEN the watcher starts THEN it renames them to safe claims, records and hands them over."""
    config.processing_dir.mkdir(parents=True)
    (config.processing_dir / os.fsdecode(b"20260101000000-0000abcd__\xcf\xf0.pdf")).write_bytes(b"%PDF old")
    (config.processing_dir / ("20260101000000-0000abce__" + "ы" * 111 + ".pdf")).write_bytes(b"%PDF long")
    watcher = Watcher(config, fresh_engine, handoff, clock=clock)
    assert watcher.start() == 2
    with session_scope(fresh_engine) as session:
        names = sorted(session.scalars(select(IntakeFile.original_name)))
    assert names[0] == "Пр.pdf" and names[1].endswith(".pdf") and len(names[1].encode()) <= 255


def test_watcher_logs_and_hands_over_no_debtor_names(
    watcher: Watcher,
    config: WatchConfig,
    clock: Clock,
    handoff: Recorder,
    fresh_engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN files and a folder named after debtors, and an entry that cannot be claimed
    WHEN the watcher claims, records, hands over and resumes THEN its logs and hand-offs carry
    ledger ids only, never a debtor's name (logs carry no personal data)."""
    surnames = [case["debtor_full_name"].split()[0] for case in demo_cases(3, seed=7)]
    (config.inbox / f"{surnames[0]}.pdf").write_bytes(b"%PDF-1.4 one")
    (config.inbox / f"Решение {surnames[1]}").mkdir()
    (config.inbox / f"Решение {surnames[1]}" / f"{surnames[1]} стр1.pdf").write_bytes(b"%PDF-1.4 two")
    stuck = config.inbox / f"{surnames[2]} ответ"
    stuck.mkdir()
    (stuck / "locked.pdf").write_bytes(b"%PDF-1.4 three")
    caplog.set_level(logging.DEBUG)
    real_claim_one = intake._claim_one

    def refuse_one(inbox: Path, processing_dir: Path, name: str) -> object:
        if name == stuck.name:
            raise PermissionError(13, "Permission denied", str(inbox / name))
        return real_claim_one(inbox, processing_dir, name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake, "_claim_one", refuse_one)
        run(watcher, clock, 10)
    run(watcher, clock, 70)  # the periodic resume runs too
    assert rows(fresh_engine) == 3 and handoff.batches
    assert all(isinstance(i, int) for batch in handoff.batches for i in batch)
    logged = "\n".join(
        [r.getMessage() for r in caplog.records] + [caplog.text] + [str(b) for b in handoff.batches]
    )
    assert "Claimed" in logged and "Cannot claim" in logged  # the lines under test were written
    for surname in surnames:
        assert surname not in logged
