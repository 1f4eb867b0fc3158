"""The sync steps against the in-process sandbox: exactly once, refusals, missing orders, batches."""

from __future__ import annotations

import httpx
import pytest
import respx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.engine import session_scope
from db.models import Outgoing
from pochta import OtpravkaClient, PochtaUnavailable
from pochta.sandbox import Sandbox
from tasks.outgoing import units
from tasks.outgoing.flags import Flag
from tasks.outgoing.sync_batches import check_in, form_batches, pending_batches, read_batch
from tasks.outgoing.sync_create import (
    claim_for_creation,
    create_orders,
    fetch_costs,
    normalize_addresses,
    ready_drafts,
)
from tests.unit.tasks.outgoing.outgoing_factories import BASE_URL, SHIPPING_POINT, make_letter, runtime


def _send(session: Session, client: OtpravkaClient, letters: list[Outgoing]) -> None:
    ids = [letter.id for letter in letters]
    claim_for_creation(session, ids)
    session.commit()
    create_orders(session, client, ids, actor="flow")


def test_units_create_is_exactly_once_when_the_first_create_answer_is_lost(fresh_engine: Engine) -> None:
    """
    GIVEN three drafts and a Russian Post that applies the first create call but loses its answer
    WHEN ``units.create`` (claim committed, then create) fails and the next sync runs it again
    THEN the second run finds the orders by number and adopts them: one create call, one order each
    """
    sandbox = Sandbox(seed=3, shipping_points=[SHIPPING_POINT])
    rt = runtime(sandbox, fresh_engine)
    with session_scope(fresh_engine) as session:
        ids = [make_letter(session, n).id for n in (1, 2, 3)]
    sandbox.state.lose_next_answers("/2.0/user/backlog")
    with pytest.raises(PochtaUnavailable) as lost:
        units.create(rt, ids)
    assert lost.value.maybe_applied and sandbox.state.lost_answers == {"PUT /2.0/user/backlog": 1}
    again = units.create(rt, ids)
    assert (again.created, sorted(again.adopted), again.duplicates) == ([], ids, [])
    assert sandbox.state.calls["PUT /2\\.0/user/backlog"] == 1
    with session_scope(fresh_engine) as session:
        letters = session.scalars(select(Outgoing).where(Outgoing.id.in_(ids))).all()
        assert [letter.state for letter in letters] == ["created"] * 3
        for letter in letters:
            assert [o.id for o in sandbox.state.orders_by_num(letter.reg_number)] == [letter.order_id]
    assert len(sandbox.state.live_orders()) == 3


def test_create_orders_stores_russian_reason_and_never_retries_a_refusal(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    good = make_letter(session, 1)
    bad = make_letter(
        session,
        2,
        address_parts={
            "index": "999999",
            "region": "г. Москва",
            "place": "г. Москва",
            "street": "ул. Тверская",
            "house": "1",
        },
    )
    _send(session, client, [good, bad])
    assert good.state == "created" and bad.state == "draft"
    assert bad.flags[Flag.REJECTED] == ["CODE_1372"]
    assert bad.last_error == "Доставка по указанному маршруту не осуществляется."
    assert ready_drafts(session) == []


def test_normalize_addresses_parses_or_flags_for_the_clerk(session: Session, client: OtpravkaClient) -> None:
    fine = make_letter(session, 1, parts=False)
    vague = make_letter(session, 2, parts=False, recipient_address="115551 где-то", recipient_index="115551")
    report = normalize_addresses(session, client)
    assert report.normalized == [fine.id] and report.unrecognised == [vague.id]
    assert fine.recipient_address_parts["street"] == "шоссе Каширское"
    assert fine.recipient_address == "шоссе Каширское, д. 1, г. Москва, 115551"  # as the clerk now sees it
    assert Flag.ADDRESS_UNRECOGNISED in vague.flags and "не распознала адрес" in (vague.last_error or "")


def test_fetch_costs_flags_an_order_deleted_in_the_cabinet_and_never_recreates_it(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    """
    GIVEN a letter whose order was deleted in Russian Post's own cabinet
    WHEN the sync asks for its cost and then looks for work
    THEN the letter is flagged missing, and no step creates or batches it again
    """
    letter = make_letter(session, 1)
    _send(session, client, [letter])
    sandbox.state.delete_backlog([letter.order_id])
    assert fetch_costs(session, client, actor="flow") == []
    assert Flag.MISSING_AT_POCHTA in letter.flags and "не будет создано заново" in (letter.last_error or "")
    assert form_batches(session, client, actor="flow").batched == []
    assert ready_drafts(session) == [] and len(sandbox.state.orders_by_num(letter.reg_number)) == 0


def test_form_batches_and_check_in_survive_lost_answers(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    """
    GIVEN created letters and lost answers on batch creation and on check-in
    WHEN both steps are simply run again
    THEN the letters sit in one batch with final barcodes and cost, and the batch is checked in once
    """
    letters = [make_letter(session, n) for n in (1, 2)]
    _send(session, client, letters)
    sandbox.state.set_faults(lost_answer_rate=1.0, paths=["/1.0/user/shipment"])
    with pytest.raises(PochtaUnavailable):
        form_batches(session, client, actor="flow")
    sandbox.state.clear_faults()
    report = form_batches(session, client, actor="flow")
    assert sorted(report.batched) == sorted(letter.id for letter in letters) and report.batches == []
    (name,) = pending_batches(session)
    assert read_batch(session, client, name) == 2
    assert all(letter.state == "ready" and letter.cost_kopecks for letter in letters)
    sandbox.state.set_faults(lost_answer_rate=1.0, paths=["/1.0/batch/"])
    with pytest.raises(PochtaUnavailable):
        check_in(session, client, name, actor="flow")
    sandbox.state.clear_faults()
    assert check_in(session, client, name, actor="flow")
    assert all(letter.checked_in_at is not None for letter in letters)
    assert pending_batches(session) == []


def test_create_orders_searches_by_number_before_retrying_with_respx(session: Session) -> None:
    """
    GIVEN a create call that timed out after Russian Post stored the order
    WHEN the letter is sent again
    THEN the client searches ``/1.0/backlog/search`` by our number and sends no second create
    """
    letter = make_letter(session, 1)
    found = {
        "id": 555,
        "order-num": letter.reg_number,
        "barcode": "80000126000019",
        "total-rate-wo-vat": 10000,
        "total-vat": 2000,
    }
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as mock:
        create = mock.put("/2.0/user/backlog").mock(side_effect=httpx.ReadTimeout("lost"))
        search = mock.get("/1.0/backlog/search", params={"query": letter.reg_number}).respond(json=[found])
        with OtpravkaClient(BASE_URL, token="t", login="l", password="p", backoff=0) as client:
            with pytest.raises(PochtaUnavailable):
                _send(session, client, [letter])
            session.rollback()
            _send(session, client, [letter])
    assert create.call_count == 1 and search.call_count == 1
    assert (letter.state, letter.order_id, letter.cost_kopecks) == ("created", 555, 12000)
