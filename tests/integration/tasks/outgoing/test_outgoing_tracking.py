"""Tracking polls against the sandbox: tickets, idempotent events, folders and flags."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Outgoing, TrackingEvent
from db.models.outgoing import TrackingTicket
from pochta import OtpravkaClient, TrackingClient
from pochta.sandbox import Outcomes, Sandbox
from tasks.outgoing.flags import Flag
from tasks.outgoing.sync_batches import check_in, form_batches, read_batch
from tasks.outgoing.sync_create import claim_for_creation, create_orders
from tasks.outgoing.tracking import collect_answers, submit_tickets, tracked_barcodes
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(seed=3, shipping_points=[SHIPPING_POINT], outcomes=Outcomes(returned=0.3, unclaimed=0.2))


def _checked_in(session: Session, otpravka: OtpravkaClient, count: int) -> list[Outgoing]:
    letters = [make_letter(session, n) for n in range(1, count + 1)]
    ids = [letter.id for letter in letters]
    claim_for_creation(session, ids)
    create_orders(session, otpravka, ids, actor="flow")
    (name,) = form_batches(session, otpravka, actor="flow").batches
    read_batch(session, otpravka, name)
    assert check_in(session, otpravka, name, actor="flow")
    return letters


def _poll(session: Session, sandbox: Sandbox, tracking: TrackingClient) -> None:
    """Submit, wait the 15 minutes the service asks for, collect."""
    submit_tickets(session, tracking, now=sandbox.state.now())
    sandbox.state.advance(dt.timedelta(minutes=16))
    collect_answers(session, tracking, now=sandbox.state.now(), actor="flow")


def test_collect_answers_postpones_a_ticket_that_is_not_ready(
    session: Session, sandbox: Sandbox, clients: tuple[OtpravkaClient, TrackingClient]
) -> None:
    otpravka, tracking = clients
    _checked_in(session, otpravka, 2)
    now = sandbox.state.now()
    assert submit_tickets(session, tracking, now=now).tickets_submitted == 1
    assert submit_tickets(session, tracking, now=now).tickets_submitted == 0  # already asked
    early = collect_answers(session, tracking, now=now + dt.timedelta(minutes=15), actor="flow")
    ticket = session.scalars(select(TrackingTicket)).one()
    assert (early.tickets_answered, early.tickets_not_ready) == (0, 1)
    assert ticket.next_check_at.replace(tzinfo=dt.UTC) == now + dt.timedelta(minutes=30)
    sandbox.state.advance(dt.timedelta(minutes=16))
    report = collect_answers(session, tracking, now=now + dt.timedelta(minutes=30), actor="flow")
    assert report.tickets_answered == 1 and ticket.answered_at is not None


def test_tracking_records_each_event_once_and_moves_letters_to_their_folders(
    session: Session, sandbox: Sandbox, clients: tuple[OtpravkaClient, TrackingClient]
) -> None:
    """
    GIVEN 20 checked-in letters whose fates are delivered, returned or unclaimed
    WHEN tracking is polled as time passes, twice at the same moment
    THEN each event is stored once; delivered letters are archived with their status;
         returned and unclaimed ones stay «В пути», flagged; finished letters are no longer asked about
    """
    otpravka, tracking = clients
    letters = _checked_in(session, otpravka, 20)
    sandbox.state.advance(dt.timedelta(days=8))
    _poll(session, sandbox, tracking)
    first = session.scalar(select(func.count()).select_from(TrackingEvent))
    assert first and all(letter.state in ("in_transit", "delivered") for letter in letters)
    sandbox.state.advance(dt.timedelta(days=40))
    _poll(session, sandbox, tracking)
    total = session.scalar(select(func.count()).select_from(TrackingEvent))
    submit_tickets(session, tracking, now=sandbox.state.now() - dt.timedelta(minutes=20))
    sandbox.state.advance(dt.timedelta(minutes=16))
    again = collect_answers(session, tracking, now=sandbox.state.now(), actor="flow")
    assert (
        again.events_recorded == 0
        and session.scalar(select(func.count()).select_from(TrackingEvent)) == total
    )
    delivered = [letter for letter in letters if letter.state == "delivered"]
    waiting = [letter for letter in letters if letter.state == "in_transit"]
    assert delivered and all(letter.tracking_status == "delivered" for letter in delivered)
    assert waiting and all({Flag.RETURNED, Flag.UNCLAIMED} & set(letter.flags) for letter in waiting)
    returned = [letter for letter in waiting if Flag.RETURNED in letter.flags]
    assert returned and set(tracked_barcodes(session)) == {
        str(letter.barcode) for letter in waiting if Flag.RETURNED not in letter.flags
    }


def test_collect_answers_flags_a_barcode_the_service_does_not_know(
    session: Session, sandbox: Sandbox, clients: tuple[OtpravkaClient, TrackingClient]
) -> None:
    otpravka, tracking = clients
    (letter,) = _checked_in(session, otpravka, 1)
    letter.barcode = "80000126999995"
    session.flush()
    _poll(session, sandbox, tracking)
    assert Flag.TRACKING_ERROR in letter.flags
