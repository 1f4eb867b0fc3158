"""Intake leases: a run says "I am working on these envelopes until …" and renews it while it lives.

Why: a worker host that dies (SIGKILL, power) leaves its envelopes ``claimed``; without a sign of
life the only way to tell a dead run from a slow one was the age of the claim, so the sweeper
waited five minutes after the claim and ran every three (up to ~8 minutes of delay). A lease is
that sign of life: ``lease_until`` is pushed forward every ``RENEW_SECONDS`` by a thread of the
run, so ``LEASE_SECONDS`` after a death the envelopes are free, and the next run or the sweeper
(every minute) takes them over. The envelope lock (``tasks.ingest.batch.envelope_lock``) stays the
last guard against two processes on one envelope; the lease decides who *should* work on it, so a
batch handed over twice is not done twice.

``leased_by`` names the holder: a Prefect flow run's id (so a reclaimer can mark that run crashed)
or ``host:pid`` outside Prefect.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db.engine import session_scope
from db.models import IntakeFile
from db.models.base import utcnow
from db.models.enums import IntakeStatus
from tasks.ingest.intake import envelopes_named
from tasks.ingest.model import ClaimedEnvelope

logger = logging.getLogger(__name__)

LEASE_SECONDS = 40.0
"""How long a lease holds without renewal: four missed renewals, so a slow database is no death."""
RENEW_SECONDS = 10.0

_CLAIMED = IntakeStatus.CLAIMED.value


def local_holder() -> str:
    """The holder name of a process outside Prefect: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def flow_run_of(holder: str | None) -> uuid.UUID | None:
    """The Prefect flow run a holder name stands for, if it is one (its id)."""
    try:
        return uuid.UUID(holder or "")
    except ValueError:
        return None


def take(
    engine: Engine,
    envelopes: Sequence[ClaimedEnvelope],
    holder: str,
    *,
    seconds: float = LEASE_SECONDS,
    now: datetime | None = None,
) -> tuple[list[ClaimedEnvelope], list[ClaimedEnvelope]]:
    """Lease each envelope for ``holder``; returns (taken, held by another live run).

    An envelope is taken when none of its claimed rows carries someone else's unexpired lease.
    Each envelope in its own short transaction (a conditional UPDATE, then a look): two runs
    leasing overlapping batches never deadlock, and only one of them gets an envelope.
    Envelopes with no claimed row left (finished, files still to move) need no lease: taken.
    """
    clock = now or utcnow()
    taken: list[ClaimedEnvelope] = []
    held: list[ClaimedEnvelope] = []
    for envelope in envelopes:
        with session_scope(engine) as session:
            session.execute(
                update(IntakeFile)
                .where(
                    IntakeFile.claim_name.in_(envelope.file_claims),
                    IntakeFile.status == _CLAIMED,
                    or_(
                        IntakeFile.lease_until.is_(None),
                        IntakeFile.lease_until < clock,
                        IntakeFile.leased_by == holder,
                    ),
                )
                .values(lease_until=clock + timedelta(seconds=seconds), leased_by=holder)
            )
            others = session.scalar(
                select(IntakeFile.id)
                .where(
                    IntakeFile.claim_name.in_(envelope.file_claims),
                    IntakeFile.status == _CLAIMED,
                    IntakeFile.leased_by != holder,
                    IntakeFile.lease_until >= clock,
                )
                .limit(1)
            )
        (held if others is not None else taken).append(envelope)
    return taken, held


def renew(engine: Engine, holder: str, *, seconds: float = LEASE_SECONDS) -> int:
    """Push the holder's leases forward; returns how many rows it still holds."""
    with session_scope(engine) as session:
        result = session.execute(
            update(IntakeFile)
            .where(IntakeFile.leased_by == holder, IntakeFile.status == _CLAIMED)
            .values(lease_until=utcnow() + timedelta(seconds=seconds))
        )
        return int(getattr(result, "rowcount", 0) or 0)


def release(engine: Engine, holder: str) -> None:
    """Give the holder's leases back (rows left claimed after an error wait for the sweeper)."""
    with session_scope(engine) as session:
        session.execute(
            update(IntakeFile).where(IntakeFile.leased_by == holder).values(lease_until=None, leased_by=None)
        )


@dataclass(frozen=True, slots=True)
class Expired:
    """Envelopes whose holder stopped renewing, and the holders (dead runs, most likely)."""

    envelopes: list[ClaimedEnvelope]
    holders: frozenset[str]


def expired(session: Session, *, now: datetime | None = None, limit: int | None = None) -> Expired:
    """Claimed envelopes whose lease has run out, oldest lease first."""
    query = (
        select(IntakeFile.envelope, IntakeFile.claim_name, IntakeFile.leased_by)
        .where(IntakeFile.status == _CLAIMED, IntakeFile.lease_until < (now or utcnow()))
        .order_by(IntakeFile.lease_until)
    )
    names: list[str] = []
    holders: set[str] = set()
    for envelope, claim_name, holder in session.execute(query):
        name = envelope or claim_name
        if name not in names:
            if limit is not None and len(names) >= limit:
                break
            names.append(name)
        if holder:
            holders.add(holder)
    return Expired(envelopes_named(session, names), frozenset(holders))


def live_envelopes(session: Session, names: Collection[str], *, now: datetime | None = None) -> set[str]:
    """Which of the envelopes ``names`` someone holds an unexpired lease on."""
    if not names:
        return set()
    rows = session.execute(
        select(IntakeFile.envelope, IntakeFile.claim_name).where(
            or_(IntakeFile.envelope.in_(names), IntakeFile.claim_name.in_(names)),
            IntakeFile.status == _CLAIMED,
            IntakeFile.lease_until >= (now or utcnow()),
        )
    )
    return {envelope or claim_name for envelope, claim_name in rows}


@contextmanager
def kept(engine: Engine, holder: str, *, every: float = RENEW_SECONDS) -> Iterator[None]:
    """Renew the holder's leases from a background thread while the block runs; release after.

    The thread dies with the process, which is the point: a killed run's leases run out.
    A renewal that fails (database briefly away) is logged and tried again next time.
    """
    stop = threading.Event()

    def keep() -> None:
        while not stop.wait(every):
            try:
                renew(engine, holder)
            except SQLAlchemyError as exc:  # no traceback: the text lists the statement's values
                logger.warning("Could not renew intake leases (%s); trying again", type(exc).__name__)

    thread = threading.Thread(target=keep, name="intake-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
        try:
            release(engine, holder)
        except SQLAlchemyError as exc:
            logger.warning("Could not release intake leases (%s); they run out", type(exc).__name__)
