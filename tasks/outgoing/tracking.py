"""Tracking: ask Russian Post about letters on their way, record every event once, move letters.

Batch tracking works by tickets (reference §5.2): a request for up to 3000 barcodes returns a
ticket whose answer is ready no sooner than 15 minutes later and is kept 32 hours. Tickets are
stored, so one poll submits and a later poll collects. Every answer holds an item's whole history;
events are recorded under a unique key, so a re-poll adds nothing and a crash loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, func, select, true, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from db.models import Outgoing, utcnow
from db.models.enums import OutgoingState
from db.models.outgoing import TrackingTicket
from pochta import ItemError, PochtaUnavailable, TicketNotReady, TrackingClient
from pochta import TrackingEvent as PochtaEvent
from tasks.outgoing.flags import Flag
from tasks.outgoing.tracking_apply import apply_answer
from tasks.outgoing.tracking_schedule import (
    CALLS_PER_TICKET,
    DEFAULT_POLICY,
    MAX_TICKET_SIZE,
    Policy,
    budget_for,
    day_start,
    plan_in_database,
)

TICKET_SIZE = 500  # LG's practice: 3000-item answers were too big to download (reference §5.2)
TICKET_WAIT = dt.timedelta(minutes=15)
TICKET_TTL = dt.timedelta(hours=32)


@dataclass(slots=True)
class PollReport:
    """What one tracking poll did."""

    tickets_submitted: int = 0
    tickets_answered: int = 0
    tickets_not_ready: int = 0
    tickets_expired: int = 0
    events_recorded: int = 0
    letters_moved: int = 0
    letters_asked: int = 0
    calls_left_today: int = 0
    errors: list[str] = field(default_factory=list)


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """Consecutive slices of ``items`` of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


_TRACKED = (Outgoing.state == OutgoingState.IN_TRANSIT) | (
    (Outgoing.state == OutgoingState.READY) & Outgoing.checked_in_at.is_not(None)
)
# A delivered letter whose electronic notice (ЭУВ) has not come yet stays asked about: the
# notice's own event (34) follows the delivery. A week later nobody waits for it any more.
E_NOTICE_WAIT = dt.timedelta(days=7)


def _awaiting_e_notice() -> ColumnElement[bool]:
    """Delivered letters still waiting for their ЭУВ (a second, small query: index on the pair)."""
    return (
        (Outgoing.with_electronic_notice == true())
        & Outgoing.e_notice_status.is_(None)
        & (Outgoing.state == OutgoingState.DELIVERED)
        & (Outgoing.tracking_status_at > utcnow() - E_NOTICE_WAIT)
        & Outgoing.barcode.is_not(None)
    )


def tracked_barcodes(session: Session) -> list[str]:
    """Barcodes of letters worth asking about: checked in or on their way, not finished."""
    query = select(Outgoing.barcode, Outgoing.flags).where(Outgoing.barcode.is_not(None), _TRACKED)
    live = {str(b) for b, flags in session.execute(query) if Flag.TRACKING_FINAL.value not in (flags or {})}
    awaiting = session.scalars(select(Outgoing.barcode).where(_awaiting_e_notice()))
    return sorted(live | {str(b) for b in awaiting})


def live_sources() -> list[ColumnElement[bool]]:
    """The letters the poll may ask about, as conditions for ``plan_in_database``: tracked ones
    not marked final, and delivered ones still awaiting their ЭУВ (final or not)."""
    not_final = Outgoing.flags[Flag.TRACKING_FINAL.value].as_string().is_(None)
    return [_TRACKED & not_final, _awaiting_e_notice()]


def calls_used_today(session: Session, now: dt.datetime) -> int:
    """Tracking calls spent (or reserved) since the quota's day began.

    Each ticket counts its request plus its answer checks, and at least one check before it is
    answered (reserved, so a poll does not spend what the next poll's collecting needs). A
    ticket's calls count on the day it was made (its answer follows within minutes or hours).
    """
    extra_checks = case((TrackingTicket.checks > 1, TrackingTicket.checks - 1), else_=0)
    tickets, extra = session.execute(
        select(func.count(TrackingTicket.id), func.coalesce(func.sum(extra_checks), 0)).where(
            TrackingTicket.submitted_at >= day_start(now).astimezone(dt.UTC)
        )
    ).one()
    return int(tickets) * CALLS_PER_TICKET + int(extra)


def _open_tickets(session: Session, now: dt.datetime) -> list[TrackingTicket]:
    query = select(TrackingTicket).where(TrackingTicket.answered_at.is_(None)).order_by(TrackingTicket.id)
    return [t for t in session.scalars(query) if _aware(t.submitted_at) > now - TICKET_TTL]


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def submit_tickets(
    session: Session,
    tracking: TrackingClient,
    *,
    now: dt.datetime,
    size: int = TICKET_SIZE,
    daily_calls: int = 3000,
    poll_interval: dt.timedelta = dt.timedelta(minutes=30),
    policy: Policy = DEFAULT_POLICY,
) -> PollReport:
    """Ask about the letters the scheduler picks for this poll, ``size`` per ticket.

    The poll spends an even share of the calls left today (``tracking_schedule``); letters already
    in an open ticket wait for its answer. A failure after some tickets were made keeps them
    (returns with ``errors``); a failure on the first raises, so a retry of the step is safe.
    """
    report = PollReport()
    budget = budget_for(
        now=now,
        daily_calls=daily_calls,
        calls_used_today=calls_used_today(session, now),
        poll_interval=poll_interval,
        ticket_size=size,
    )
    report.calls_left_today = budget.calls_left_today
    waiting = {b for t in _open_tickets(session, now) for b in t.barcodes}
    todo = plan_in_database(session, live_sources(), exclude=waiting, now=now, budget=budget, policy=policy)
    for chunk in chunks(todo, min(size, MAX_TICKET_SIZE)):
        try:
            ticket = tracking.get_ticket(chunk)
        except PochtaUnavailable as exc:
            if not report.tickets_submitted:
                raise
            report.errors.append(exc.message)
            break
        session.add(
            TrackingTicket(
                ticket=ticket, barcodes=list(chunk), submitted_at=now, next_check_at=now + TICKET_WAIT
            )
        )
        session.execute(
            update(Outgoing).where(Outgoing.barcode.in_(chunk)).values(tracking_checked_at=now),
            execution_options={"synchronize_session": False},
        )
        report.tickets_submitted += 1
        report.letters_asked += len(chunk)
    session.flush()
    return report


def collect_answers(
    session: Session,
    tracking: TrackingClient,
    *,
    now: dt.datetime,
    actor: str,
    report: PollReport | None = None,
) -> PollReport:
    """Fetch the answers of due tickets, record their events and move the letters.

    "Not ready yet" postpones the ticket 15 minutes (the service's own rule); a ticket unanswered
    for 32 hours is given up, and its barcodes go into the next ticket.
    """
    report = report or PollReport()
    due = session.scalars(
        select(TrackingTicket).where(TrackingTicket.answered_at.is_(None)).order_by(TrackingTicket.id)
    )
    for ticket in [t for t in due if _aware(t.next_check_at) <= now]:
        if _aware(ticket.submitted_at) <= now - TICKET_TTL:
            ticket.answered_at, ticket.last_error = now, "Ответ по запросу устарел (хранится 32 часа)"
            report.tickets_expired += 1
            continue
        try:
            answer = tracking.get_response_by_ticket(ticket.ticket)
        except PochtaUnavailable as exc:
            if not (report.tickets_answered or report.tickets_not_ready):
                raise
            report.errors.append(exc.message)
            break
        ticket.checks += 1
        if isinstance(answer, TicketNotReady):
            ticket.next_check_at = now + TICKET_WAIT
            report.tickets_not_ready += 1
            continue
        recorded, moved = apply_answer(session, answer.events, answer.errors, now=now, actor=actor)
        ticket.answered_at = now
        report.tickets_answered += 1
        report.events_recorded += recorded
        report.letters_moved += moved
        session.flush()
    session.flush()
    return report


def track_one(
    session: Session, tracking: TrackingClient, barcode: str, *, now: dt.datetime, actor: str
) -> int:
    """Ask the single-item service about one letter now (ad hoc, costs the 100/day quota)."""
    events: dict[str, list[PochtaEvent]] = {barcode: tracking.get_operation_history(barcode)}
    errors: dict[str, ItemError] = {}
    recorded, _ = apply_answer(session, events, errors, now=now, actor=actor)
    session.flush()
    return recorded
