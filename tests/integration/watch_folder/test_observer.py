"""The real observer on a real inbox: what the watcher process does between an event and a claim."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from config.settings import Settings
from db.engine import session_scope
from db.models import IntakeFile
from watch_folder.handler import InboxHandler
from watch_folder.main import make_observer, watch_config
from watch_folder.watcher import Watcher

DEPTH = 25


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def __call__(self, intake_ids: Sequence[int]) -> None:
        self.batches.append(list(intake_ids))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def drop_deep_folder(inbox: Path, name: str) -> None:
    """What a scanner's «save to folder» with a long path does: the folder grows in place, level by level."""
    folder = inbox / name
    for level in range(DEPTH):
        folder = folder / f"level{level:02d}"
        folder.mkdir(parents=True)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 " + name.encode())


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_a_deep_folder_dropped_into_the_inbox_arrives_without_warning_noise(
    polling: bool,
    fresh_engine: Engine,
    tmp_path: Path,
    recwarn: pytest.WarningsRecorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN the watcher's observer on the inbox WHEN scanners drop folders nested 25 deep THEN each
    arrives as one envelope, the log says so once, and no RuntimeWarning about vanished directory
    watches reaches the operator's log while the folders are flattened and removed."""
    settings = Settings(data_dir=tmp_path / "data", watch_polling=polling)
    settings.ensure_dirs()
    clock, handoff = Clock(), Recorder()
    # No periodic rescan during the test: the folders must be noticed through the observer.
    config = replace(watch_config(settings), stable_seconds=1, batch_size=1, rescan_seconds=1e9)
    watcher = Watcher(config, fresh_engine, handoff, clock=clock)
    watcher.start()
    watcher.tick()  # the first round's rescan: an empty inbox
    observer = make_observer(settings, InboxHandler(settings.inbox_dir, watcher.notice))
    observer.start()
    caplog.set_level(logging.INFO, logger="watch_folder")
    names = [f"envelope{i}" for i in range(3)]
    try:
        for name in names:
            drop_deep_folder(settings.inbox_dir, name)
        deadline = time.monotonic() + 20
        while len(handoff.batches) < len(names) and time.monotonic() < deadline:
            watcher.tick()
            clock.now += 0.5
            time.sleep(0.05)
        time.sleep(0.5)  # let the emitter take in the removal of the flattened trees
    finally:
        observer.stop()
        observer.join(timeout=5)
    runtime_warnings = [str(w.message) for w in recwarn if issubclass(w.category, RuntimeWarning)]
    assert runtime_warnings == []
    assert len(handoff.batches) == len(names)
    with session_scope(fresh_engine) as session:
        rows = session.scalars(select(IntakeFile)).all()
        assert sorted(row.original_name for row in rows) == ["scan.pdf"] * len(names)
        assert sorted((row.envelope or "").rsplit("__", 1)[-1] for row in rows) == names
    claimed = [m.split("ledger ids ", 1)[1] for m in caplog.messages if m.startswith("Claimed")]
    assert sorted(int(i) for line in claimed for i in line.split(", ")) == sorted(
        b[0] for b in handoff.batches
    )
    assert sorted(p.name for p in settings.inbox_dir.iterdir()) == [".processing"]
