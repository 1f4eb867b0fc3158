"""Electronic notice of delivery (ЭУВ) per letter: in the order, in the cost, its outcome from tracking."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from db.models import Outgoing
from pochta import OtpravkaClient, TrackingClient, TrackingEvent, status_for
from pochta.sandbox import Outcomes, Sandbox
from tasks.outgoing.payload import order_for
from tasks.outgoing.sync_batches import check_in, form_batches, read_batch
from tasks.outgoing.sync_create import claim_for_creation, create_orders, fetch_costs
from tasks.outgoing.tracking import collect_answers, submit_tickets, tracked_barcodes
from tasks.outgoing.tracking_apply import apply_answer
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(
        seed=7,
        shipping_points=[SHIPPING_POINT],
        outcomes=Outcomes(returned=0.0, unclaimed=0.0, failed_attempt=0.0),
    )


def _create(session: Session, otpravka: OtpravkaClient, letters: list[Outgoing]) -> None:
    ids = [letter.id for letter in letters]
    claim_for_creation(session, ids)
    create_orders(session, otpravka, ids, actor="flow")


def test_an_electronic_notice_is_ordered_instead_of_the_paper_one(session: Session) -> None:
    letter = make_letter(session, 1, with_electronic_notice=True)
    wire = order_for(letter).to_wire()
    assert wire["with-electronic-notice"] is True
    assert "with-order-of-notice" not in wire
    assert wire["notice-payment-method"] == "CASHLESS"
    paper = order_for(make_letter(session, 2)).to_wire()
    assert paper["with-order-of-notice"] is True and "with-electronic-notice" not in paper


def test_the_notice_cost_comes_from_the_order_tariff(
    session: Session, clients: tuple[OtpravkaClient, TrackingClient]
) -> None:
    """The sandbox prices the ЭУВ at 40 ₽ + VAT and the paper notice at 80 ₽ + VAT."""
    otpravka, _tracking = clients
    electronic = make_letter(session, 1, with_electronic_notice=True)
    paper = make_letter(session, 2)
    _create(session, otpravka, [electronic, paper])
    fetch_costs(session, otpravka, actor="flow")
    assert electronic.notice_cost_kopecks == 4800 and paper.notice_cost_kopecks == 9600
    assert electronic.cost_kopecks is not None and paper.cost_kopecks is not None
    assert paper.cost_kopecks - electronic.cost_kopecks == 4800
    # Two notices never share a batch: Russian Post refuses mixed notice postmarks.
    assert len(form_batches(session, otpravka, actor="flow").batches) == 2


def test_the_electronic_notice_received_is_recorded_from_tracking(
    session: Session, sandbox: Sandbox, clients: tuple[OtpravkaClient, TrackingClient]
) -> None:
    """
    GIVEN a letter with an electronic notice, checked in, delivered to the addressee
    WHEN tracking is polled after the delivery and again after the notice's own event (34)
    THEN the letter is delivered and its notice recorded as received, with the event's time
    """
    otpravka, tracking = clients
    letter = make_letter(session, 1, with_electronic_notice=True)
    _create(session, otpravka, [letter])
    (name,) = form_batches(session, otpravka, actor="flow").batches
    read_batch(session, otpravka, name)
    assert check_in(session, otpravka, name, actor="flow")
    (order,) = sandbox.state.orders_by_num(letter.reg_number)
    delivered_at = next(e.at for e in order.timeline if e.oper_type == 2)
    # First poll: just after the delivery, before the notice came.
    sandbox.state.advance(delivered_at - sandbox.state.now() + dt.timedelta(minutes=1))
    submit_tickets(session, tracking, now=sandbox.state.now())
    sandbox.state.advance(dt.timedelta(minutes=16))
    collect_answers(session, tracking, now=sandbox.state.now(), actor="flow")
    assert letter.state == "delivered" and letter.e_notice_status is None
    assert letter.barcode in tracked_barcodes(session)  # still asked about: the notice is awaited
    sandbox.state.advance(dt.timedelta(hours=7))  # the next turn of a recently moved letter
    submit_tickets(session, tracking, now=sandbox.state.now())
    sandbox.state.advance(dt.timedelta(minutes=16))
    collect_answers(session, tracking, now=sandbox.state.now(), actor="flow")
    assert letter.e_notice_status == "received"
    assert letter.e_notice_at is not None and letter.e_notice_at.replace(tzinfo=dt.UTC) > delivered_at
    assert letter.barcode not in tracked_barcodes(session)


def _event(barcode: str, oper_type: int, attr: int, at: dt.datetime) -> TrackingEvent:
    return TrackingEvent(
        barcode=barcode,
        oper_type_id=oper_type,
        oper_type_name=None,
        oper_attr_id=attr,
        oper_attr_name=None,
        oper_date=at,
        place_index=None,
        place_name=None,
        status=status_for(oper_type, attr),
    )


def test_a_recipient_refusing_the_electronic_notice_is_recorded_and_changes_no_status(
    session: Session,
) -> None:
    letter = make_letter(session, 1, with_electronic_notice=True)
    letter.barcode, letter.state = "80082240994512", "in_transit"
    at = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    events = {letter.barcode: [_event(letter.barcode, 1, 2, at), _event(letter.barcode, 45, 1, at)]}
    apply_answer(session, events, {}, now=at, actor="flow")
    assert letter.e_notice_status == "refused" and letter.tracking_status == "accepted"
