"""Named exclusive locks that die with their holder, for work that must not run twice at once.

On PostgreSQL a session advisory lock (workers may sit on several hosts); on SQLite, which lives
on one host, ``flock`` on one of ``LOCK_STRIPES`` files in a directory beside the database. A
killed process never leaves a lock behind, so nothing needs cleaning up after a crash.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

LOCK_STRIPES = 1024
POLL_SECONDS = 0.1


def lock_key(name: str) -> int:
    """A signed 64-bit key for ``name`` (the type ``pg_advisory_lock`` takes)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def lock_dir_beside(engine: Engine) -> Path:
    """Where SQLite lock files go: next to the database file, so every process finds the same."""
    database = engine.url.database or ""
    if not database or database == ":memory:":
        return Path(".korr-locks").resolve()
    return Path(database).resolve().parent / ".korr-locks"


def _retry_until(try_once: Callable[[], bool], deadline: float) -> bool:
    """Try at once, then every ``POLL_SECONDS`` until ``deadline`` (monotonic); True once taken."""
    while not try_once():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


@contextmanager
def exclusive_lock(
    engine: Engine, name: str, *, lock_dir: Path | None = None, wait_seconds: float = 0.0
) -> Iterator[bool]:
    """Hold the lock ``name``; yields False if another process still holds it after ``wait_seconds``."""
    key = lock_key(name)
    deadline = time.monotonic() + wait_seconds
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:

            def try_once() -> bool:
                taken = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
                connection.commit()
                return taken

            acquired = _retry_until(try_once, deadline)
            try:
                yield acquired
            finally:
                if acquired:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    connection.commit()
        return
    directory = lock_dir or lock_dir_beside(engine)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / f"{key % LOCK_STRIPES:04d}.lock").open("a") as handle:

        def try_once() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        acquired = _retry_until(try_once, deadline)
        try:
            yield acquired
        finally:
            if acquired:
                fcntl.flock(handle, fcntl.LOCK_UN)
