"""The watcher's loop: notice entries, wait until stable, claim, record (committed), hand over in batches.

The loop is a plain object driven by ``tick()`` with an injectable clock, so tests run it
against ``tmp_path`` without an observer or sleeping. Events only speed it up: a periodic
rescan of the inbox finds whatever an observer missed (inotify is silent on SMB/NFS, and
nothing watches while the watcher is down), and a periodic resume picks up claims whose
hand-over was lost.
"""

from __future__ import annotations

import logging
import os
import queue
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from db.engine import session_scope
from tasks.ingest.intake import (
    StabilityTracker,
    claim,
    inbox_entries,
    note_handover,
    record_claims,
    resumable,
    with_ids,
)
from tasks.ingest.model import ClaimedEnvelope
from watch_folder.handoff import Handoff

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """Where to watch and how long to wait; from Settings, with safety intervals of our own."""

    inbox: Path
    processing_dir: Path
    stable_seconds: float = 2.0
    batch_size: int = 20
    batch_window_seconds: float = 5.0
    rescan_seconds: float = 30.0
    resume_seconds: float = 300.0
    resume_grace_seconds: float = 300.0


@dataclass
class Watcher:
    """One watcher's state: names noticed, the stability tracker, and the batch being gathered."""

    config: WatchConfig
    engine: Engine
    handoff: Handoff
    clock: Callable[[], float] = time.monotonic
    _notices: queue.SimpleQueue[str] = field(default_factory=queue.SimpleQueue)
    _pending: set[str] = field(default_factory=set)
    _batch: list[int] = field(default_factory=list)
    """One ledger id per recorded envelope (its first file's), never a name: the flow resolves the
    whole envelope from it, and ids are what run parameters and logs may carry."""
    _batch_since: float = 0.0
    _last_rescan: float = float("-inf")
    _last_resume: float = 0.0
    _tracker: StabilityTracker = field(init=False)

    def __post_init__(self) -> None:
        self._tracker = StabilityTracker(stable_seconds=self.config.stable_seconds)

    def notice(self, name: str) -> None:
        """Thread-safe: called by the observer's handler for every event in the inbox."""
        self._notices.put(name)

    def start(self) -> int:
        """Resume what a crash left in ``.processing/`` and hand it over; returns envelopes resumed."""
        self.config.processing_dir.mkdir(parents=True, exist_ok=True)
        self._last_resume = self.clock()
        return self._resume(timedelta(0))

    def tick(self) -> None:
        """One round: take in notices (and rescan now and then), claim what is stable, hand over."""
        now = self.clock()
        while not self._notices.empty():
            self._pending.add(self._notices.get_nowait())
        if now - self._last_rescan >= self.config.rescan_seconds:
            self._pending.update(inbox_entries(self.config.inbox))
            self._last_rescan = now
        gone = {n for n in self._pending if not os.path.lexists(self.config.inbox / n)}
        self._pending -= gone
        self._tracker.forget(gone)
        ready = self._tracker.stable(self.config.inbox, self._pending, now=now)
        if ready:
            self._take(ready, now)
        if self._batch and (
            len(self._batch) >= self.config.batch_size
            or now - self._batch_since >= self.config.batch_window_seconds
        ):
            self.flush()
        if now - self._last_resume >= self.config.resume_seconds:
            self._last_resume = now
            self._resume(timedelta(seconds=self.config.resume_grace_seconds))

    def flush(self) -> None:
        """Hand the gathered claims over now (also at shutdown)."""
        batch, self._batch = self._batch, []
        for start in range(0, len(batch), self.config.batch_size):
            self._hand_over(batch[start : start + self.config.batch_size])

    def _take(self, names: list[str], now: float) -> None:
        self._pending.difference_update(names)
        self._tracker.forget(names)
        envelopes = claim(self.config.inbox, self.config.processing_dir, only=names)
        recorded = self._record(envelopes) if envelopes else []
        if not recorded:
            return
        if not self._batch:
            self._batch_since = now
        ids = _envelope_ids(recorded)
        self._batch += ids
        logger.info("Claimed %d envelopes: ledger ids %s", len(recorded), _ids(ids))

    def _record(self, envelopes: list[ClaimedEnvelope]) -> list[ClaimedEnvelope]:
        """Commit the claims' rows; the envelopes with their ids, or [] if the database refused.

        What the database refused waits in ``.processing``; the resume records it later.
        """
        for _attempt in range(3):
            try:
                with session_scope(self.engine) as session:
                    record_claims(session, envelopes, self.config.processing_dir)
                    return with_ids(session, envelopes)
            except IntegrityError:
                continue  # a sweeper recorded the same claim meanwhile: read again, add the rest
            except SQLAlchemyError as exc:  # no traceback: its text lists the statement's values
                logger.error("Could not record %d claims (%s)", len(envelopes), type(exc).__name__)
                return []
        return []

    def _resume(self, grace: timedelta) -> int:
        envelopes: list[ClaimedEnvelope] = []
        for _attempt in range(3):
            try:
                with session_scope(self.engine) as session:
                    envelopes = resumable(self.config.processing_dir, session, grace=grace)
                break
            except IntegrityError:
                continue  # another process recorded the same orphan: look again
            except SQLAlchemyError as exc:
                logger.error("Could not resume claimed files (%s); will try again", type(exc).__name__)
                return 0
        ids = _envelope_ids(envelopes)
        for start in range(0, len(ids), self.config.batch_size):
            self._hand_over(ids[start : start + self.config.batch_size])
        if envelopes:
            logger.info("Resumed %d envelopes left in .processing: ledger ids %s", len(envelopes), _ids(ids))
        return len(envelopes)

    def _hand_over(self, intake_ids: Iterable[int]) -> None:
        """Hand the claims on and record which flow run took them.

        Why record it: a run that never leases its claims (it never started, or died first) is
        then seen by the sweeper as soon as Prefect shows it over or late (``tasks.ingest.handover``).
        """
        intake_ids = list(intake_ids)
        try:
            run_id = self.handoff(intake_ids)
        except Exception:
            logger.exception("Hand-over of %d claims failed", len(intake_ids))
            return
        if not run_id:
            return
        try:
            with session_scope(self.engine) as session:
                note_handover(session, intake_ids, run_id)
        except SQLAlchemyError as exc:  # the claims wait the short hand-over grace instead
            logger.warning("Could not record the run of %d claims (%s)", len(intake_ids), type(exc).__name__)


def _envelope_ids(envelopes: Iterable[ClaimedEnvelope]) -> list[int]:
    """Each recorded envelope's first ledger id: enough for the flow to find the whole envelope."""
    return [min(e.intake_ids) for e in envelopes if e.intake_ids]


def _ids(ids: list[int]) -> str:
    """Ledger ids for a log line: all of a few, the range of many."""
    return ", ".join(map(str, ids)) if len(ids) <= 10 else f"{min(ids)}…{max(ids)} ({len(ids)})"
