"""The watcher's sign of life as ``korrespondent status`` reads it."""

from __future__ import annotations

import time
from pathlib import Path

from watch_folder.heartbeat import STALE_AFTER_SECONDS, beat, heartbeat_path, is_alive


def test_heartbeat_is_alive_while_fresh_and_stale_after_a_minute(tmp_path: Path) -> None:
    path = heartbeat_path(tmp_path)
    assert is_alive(path) is None  # never ran with this data folder
    beat(path)
    assert is_alive(path) is True
    assert is_alive(path, now=time.time() + STALE_AFTER_SECONDS + 1) is False


def test_heartbeat_that_cannot_be_read_counts_as_not_alive(tmp_path: Path) -> None:
    path = heartbeat_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{half a fi")
    assert is_alive(path) is False
