"""The sandbox through httpx.MockTransport: real shapes, state, clock, faults, quota."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pochta import (
    Order,
    OtpravkaClient,
    PochtaAuthError,
    PochtaBadRequest,
    PochtaNotFound,
    PochtaQuotaExceeded,
    PochtaUnavailable,
    TariffRequest,
    TicketAnswer,
    TicketNotReady,
    TrackingClient,
    TrackingStatus,
    is_valid_barcode,
    latest_status,
)
from pochta.sandbox import Outcomes, Sandbox, SandboxState
from pochta.sandbox._timeline import plan
from tests.unit.pochta.pochta_factories import BASE_URL, make_order


def _create_one(client: OtpravkaClient, order: Order) -> int:
    result = client.create_orders([order])
    result.raise_for_errors()
    return result.created[0].result_id


def test_sandbox_create_orders_assigns_ids_and_valid_unique_barcodes(otpravka: OtpravkaClient) -> None:
    result = otpravka.create_orders([make_order(f"A-{i}") for i in range(20)])
    barcodes = [c.barcode or "" for c in result.created]
    assert result.errors == []
    assert len(set(barcodes)) == 20
    assert all(is_valid_barcode(b) and len(b) == 14 for b in barcodes)
    assert [c.position for c in result.created] == list(range(20))


def test_sandbox_create_orders_rejects_bad_orders_per_position(otpravka: OtpravkaClient) -> None:
    orders = [
        make_order("OK-1"),
        make_order("BAD-INDEX", index_to=12345),
        make_order("NO-PLACE", place_to=None, region_to=None),
        make_order("HEAVY", mass=101),
        make_order("NO-POINT", postoffice_code=None),
    ]
    result = otpravka.create_orders(orders)
    assert [c.order_num for c in result.created] == ["OK-1"]
    codes = {(e.order_num, e.code) for e in result.errors}
    assert codes == {
        ("BAD-INDEX", "ILLEGAL_INDEX_TO"),
        ("NO-PLACE", "EMPTY_REGION_TO"),
        ("NO-PLACE", "EMPTY_PLACE_TO"),
        ("HEAVY", "ILLEGAL_MASS_EXCESS"),
        ("NO-POINT", "EMPTY_POSTOFFICE_CODE"),
    }
    assert next(e for e in result.errors if e.code == "EMPTY_POSTOFFICE_CODE").details == "102961 109012"


def test_sandbox_search_orders_by_num_finds_backlog_and_batched(otpravka: OtpravkaClient) -> None:
    order_id = _create_one(otpravka, make_order("A-1"))
    assert [o.id for o in otpravka.search_orders_by_num("A-1")] == [order_id]
    otpravka.create_batch([order_id])
    found = otpravka.search_orders_by_num("A-1")
    assert [(o.id, o.batch_status) for o in found] == [(order_id, "CREATED")]
    assert otpravka.search_orders_by_num("A-2") == []


def test_sandbox_create_is_exactly_once_when_answer_lost_and_caller_searches_first(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    """
    GIVEN a sandbox that applies a create and then loses the answer
    WHEN the caller gets PochtaUnavailable and follows the rule "search by order-num before retrying"
    THEN the order exists exactly once
    """
    sandbox.state.set_faults(lost_answer_rate=1.0, paths=("/2.0/user/backlog",))
    with pytest.raises(PochtaUnavailable) as info:
        otpravka.create_orders([make_order("A-1")])
    assert info.value.maybe_applied
    sandbox.state.clear_faults()
    if not otpravka.search_orders_by_num("A-1"):
        otpravka.create_orders([make_order("A-1")])
    assert len(sandbox.state.orders_by_num("A-1")) == 1


def test_sandbox_lose_next_answers_loses_exactly_the_next_writes_after_applying(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    sandbox.state.lose_next_answers("/2.0/user/backlog")
    with pytest.raises(PochtaUnavailable) as info:
        otpravka.create_orders([make_order("A-1")])
    assert info.value.maybe_applied and len(sandbox.state.orders_by_num("A-1")) == 1
    assert otpravka.create_orders([make_order("A-2")]).created
    assert sandbox.state.lost_answers == {"PUT /2.0/user/backlog": 1}
    with httpx.Client(base_url=BASE_URL, transport=sandbox.transport()) as raw:
        assert raw.get("/__sandbox__/stats").json()["lost-answers"] == {"PUT /2.0/user/backlog": 1}


def test_sandbox_lost_answer_error_mode_answers_503_after_commit(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    sandbox.state.set_faults(lost_answer_rate=1.0, lost_answer_mode="error")
    with pytest.raises(PochtaUnavailable) as info:
        otpravka.create_orders([make_order("A-1")])
    assert info.value.status_code == 503
    assert len(sandbox.state.orders_by_num("A-1")) == 1


def test_sandbox_error_rate_makes_reads_retry_then_fail(sandbox: Sandbox, otpravka: OtpravkaClient) -> None:
    sandbox.state.set_faults(error_rate=1.0)
    with pytest.raises(PochtaUnavailable):
        otpravka.settings()
    assert sandbox.state.calls["GET /1\\.0/settings"] == 0
    assert sandbox.state.quota_used() == 0


def test_sandbox_timeout_fault_raises_unavailable_and_applies_nothing(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    sandbox.state.set_faults(timeout_rate=1.0)
    with pytest.raises(PochtaUnavailable):
        otpravka.create_orders([make_order("A-1")])
    assert sandbox.state.orders_by_num("A-1") == []


def test_sandbox_delete_orders_works_in_backlog_only(otpravka: OtpravkaClient) -> None:
    first, second = (_create_one(otpravka, make_order(f"A-{i}")) for i in (1, 2))
    assert otpravka.delete_orders([first]).result_ids == [first]
    with pytest.raises(PochtaNotFound):
        otpravka.get_order(first)
    otpravka.create_batch([second])
    result = otpravka.delete_orders([second])
    assert [(e.position, e.code) for e in result.errors] == [(0, "NOT_FOUND")]


_AUTH = {"Authorization": "AccessToken token", "X-User-Authorization": "Basic dXNlcjpzZWNyZXQ="}


def _raw(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(base_url=BASE_URL, transport=sandbox.transport(), headers=_AUTH)


def test_sandbox_id_lists_accept_numbers_and_numeric_strings(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    """
    GIVEN orders created in the sandbox
    WHEN batching, returning, removing and deleting send ids as JSON numbers or numeric strings
    THEN each endpoint treats both alike, as the real service (and public clients) do
    """
    ids = [_create_one(otpravka, make_order(f"A-{i}")) for i in range(4)]
    with _raw(sandbox) as raw:
        batched = raw.post("/1.0/user/shipment", json=[ids[0], str(ids[1]), str(ids[2])])
        assert batched.status_code == 200 and batched.json()["result-ids"] == ids[:3]
        back = raw.post("/1.0/user/backlog", json=[str(ids[0])])
        assert back.status_code == 200 and back.json()["result-ids"] == [ids[0]]
        removed = raw.request("DELETE", "/1.0/shipment", json=[str(ids[1]), ids[2]])
        assert removed.status_code == 200 and removed.json()["result-ids"] == [ids[1], ids[2]]
        deleted = raw.request("DELETE", "/1.0/backlog", json=[str(ids[0]), ids[3], "999"])
        assert deleted.status_code == 200 and deleted.json()["result-ids"] == [ids[0], ids[3]]
        assert [(e["position"], e["error-code"]) for e in deleted.json()["errors"]] == [(2, "NOT_FOUND")]
    assert sandbox.state.live_orders() == []


@pytest.mark.parametrize("bad", ["abc", "12a", "", 1.5, True, None, {"id": 1}])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/1.0/user/shipment"),
        ("POST", "/1.0/user/backlog"),
        ("DELETE", "/1.0/shipment"),
        ("DELETE", "/1.0/backlog"),
    ],
)
def test_sandbox_id_lists_refuse_non_numeric_ids_as_bad_request(
    sandbox: Sandbox, otpravka: OtpravkaClient, method: str, path: str, bad: object
) -> None:
    """A non-numeric id fails the whole request with the real 400 shape; nothing changes."""
    order_id = _create_one(otpravka, make_order("A-1"))
    with _raw(sandbox) as raw:
        answer = raw.request(method, path, json=[order_id, bad])
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "400" and body["sub-code"] == "BAD_REQUEST" and "position 1" in body["desc"]
    assert otpravka.get_order(order_id).batch_name is None


def test_sandbox_return_to_new_refused_when_batch_checked_in(otpravka: OtpravkaClient) -> None:
    first, second = (_create_one(otpravka, make_order(f"A-{i}")) for i in (1, 2))
    batch = otpravka.create_batch([first, second]).batches[0].batch_name
    assert otpravka.return_to_new([first]).result_ids == [first]
    assert otpravka.get_order(first).batch_name is None
    assert otpravka.checkin_batch(batch).f103_sent
    result = otpravka.return_to_new([second])
    assert [e.code for e in result.errors] == ["READONLY_STATE"]
    assert "Партия" in result.errors[0].message


def test_sandbox_batch_moves_created_accepted_sent_and_prints_real_pdfs(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    order_id = _create_one(otpravka, make_order("A-1"))
    batch = otpravka.create_batch([order_id]).batches[0]
    assert batch.batch_status == "CREATED"
    with pytest.raises(PochtaBadRequest):
        otpravka.print_f103(batch.batch_name)  # electronic-f103 is false until check-in
    assert otpravka.checkin_batch(batch.batch_name).f103_sent
    assert otpravka.get_batch(batch.batch_name).batch_status == "ACCEPTED"
    sandbox.state.advance(dt.timedelta(hours=5))
    assert otpravka.get_batch(batch.batch_name).batch_status == "SENT"
    barcode = otpravka.get_batch_shipments(batch.batch_name)[0].barcode
    f103 = PdfReader(io.BytesIO(otpravka.print_f103(batch.batch_name)))
    assert str(barcode) in f103.pages[0].extract_text()
    forms = PdfReader(io.BytesIO(otpravka.print_order_forms(order_id)))
    assert len(forms.pages) == 1


def test_sandbox_get_batch_raises_not_found_for_unknown_batch(otpravka: OtpravkaClient) -> None:
    with pytest.raises(PochtaNotFound):
        otpravka.get_batch("999")


def test_sandbox_batches_split_by_category(otpravka: OtpravkaClient) -> None:
    ordered = _create_one(otpravka, make_order("A-1"))
    valued = _create_one(
        otpravka, make_order("A-2", mail_category="WITH_DECLARED_VALUE", insr_value=100, inventory=True)
    )
    result = otpravka.create_batch([ordered, valued])
    assert sorted(b.mail_category or "" for b in result.batches) == ["ORDERED", "WITH_DECLARED_VALUE"]


def test_sandbox_tariff_and_order_rates_are_kopecks(otpravka: OtpravkaClient) -> None:
    tariff = otpravka.tariff(
        TariffRequest(index_from="109012", index_to="115551", mass=20, with_order_of_notice=True)
    )
    order = otpravka.get_order(_create_one(otpravka, make_order("A-1")))
    assert tariff.total_with_vat == order.total_with_vat
    assert isinstance(tariff.total_rate, int) and tariff.total_rate > 0


def test_sandbox_quota_exhaustion_raises_quota_exceeded(sandbox: Sandbox, otpravka: OtpravkaClient) -> None:
    sandbox.state.set_quota(allowed=3)
    otpravka.settings()
    limit = otpravka.api_limit()
    assert (limit.allowed_count, limit.current_count) == (3, 2)
    otpravka.settings()
    with pytest.raises(PochtaQuotaExceeded):
        otpravka.settings()
    sandbox.state.advance(dt.timedelta(days=1))
    otpravka.settings()


def test_sandbox_refuses_missing_credentials(sandbox: Sandbox) -> None:
    with httpx.Client(base_url=BASE_URL, transport=sandbox.transport()) as raw:
        assert raw.get("/1.0/settings").status_code == 401
    with OtpravkaClient(BASE_URL, token="", login="", password="", transport=sandbox.transport()) as client:
        with pytest.raises(PochtaAuthError):
            client.settings()


def test_sandbox_answers_407_for_unknown_path(otpravka: OtpravkaClient) -> None:
    with pytest.raises(PochtaBadRequest) as info:
        otpravka._json("GET", "/1.0/no-such-thing", idempotent=True)
    assert info.value.status_code == 407


def test_sandbox_tracking_ticket_is_not_ready_then_shows_events(
    sandbox: Sandbox, otpravka: OtpravkaClient, tracking: TrackingClient
) -> None:
    order_id = _create_one(otpravka, make_order("A-1"))
    batch = otpravka.create_batch([order_id]).batches[0].batch_name
    otpravka.checkin_batch(batch)
    barcode = str(otpravka.get_batch_shipments(batch)[0].barcode)
    ticket = tracking.get_ticket([barcode])
    assert isinstance(tracking.get_response_by_ticket(ticket), TicketNotReady)
    sandbox.state.advance(dt.timedelta(days=60))
    answer = tracking.get_response_by_ticket(ticket)
    assert isinstance(answer, TicketAnswer)
    statuses = [e.status for e in answer.events[barcode] if e.status]
    assert statuses[:2] == [TrackingStatus.ACCEPTED, TrackingStatus.ARRIVED]
    history = tracking.get_operation_history(barcode)
    assert [e.oper_type_id for e in history] == [e.oper_type_id for e in answer.events[barcode]]


def test_sandbox_tracking_outcomes_are_seeded_and_mixed(otpravka: OtpravkaClient, sandbox: Sandbox) -> None:
    sandbox.state.outcomes = Outcomes(returned=0.2, unclaimed=0.1, failed_attempt=0.3)
    ids = [c.result_id for c in otpravka.create_orders([make_order(f"A-{i}") for i in range(100)]).created]
    batch = otpravka.create_batch(ids).batches[0].batch_name
    otpravka.checkin_batch(batch)
    sandbox.state.advance(dt.timedelta(days=60))
    finals = {}
    for order in sandbox.state.live_orders():
        events = order.events_until(sandbox.state.now())
        finals[order.barcode] = (events[-1].oper_type, events[-1].oper_attr)
    fates = set(finals.values())
    assert {(2, 1), (2, 2), (12, 1)} <= fates
    assert 5 <= sum(1 for f in finals.values() if f == (2, 2)) <= 40
    order = sandbox.state.live_orders()[0]
    replay = plan(
        order.barcode,
        seed=42,
        created_at=order.created_at,
        checked_in_at=order.created_at,  # the clock did not move between create and check-in
        from_index="109012",
        to_index="115551",
        outcomes=sandbox.state.outcomes,
    )
    assert [(e.oper_type, e.oper_attr) for e in replay] == [
        (e.oper_type, e.oper_attr) for e in order.timeline
    ]


def test_latest_status_follows_sandbox_story(
    sandbox: Sandbox, otpravka: OtpravkaClient, tracking: TrackingClient
) -> None:
    order_id = _create_one(otpravka, make_order("A-1"))
    batch = otpravka.create_batch([order_id]).batches[0].batch_name
    otpravka.checkin_batch(batch)
    barcode = str(otpravka.get_batch_shipments(batch)[0].barcode)
    assert latest_status(tracking.get_operation_history(barcode)) is None
    sandbox.state.advance(dt.timedelta(hours=5))
    assert latest_status(tracking.get_operation_history(barcode)) is TrackingStatus.ACCEPTED


def test_sandbox_control_endpoints_drive_clock_faults_and_show_orders(
    sandbox: Sandbox, otpravka: OtpravkaClient
) -> None:
    _create_one(otpravka, make_order("A-1"))
    with httpx.Client(base_url=BASE_URL, transport=sandbox.transport()) as raw:
        before = dt.datetime.fromisoformat(raw.get("/__sandbox__/clock").json()["now"])
        after = dt.datetime.fromisoformat(
            raw.post("/__sandbox__/clock/advance", json={"hours": 2}).json()["now"]
        )
        assert after - before == dt.timedelta(hours=2)
        assert raw.put("/__sandbox__/faults", json={"error_rate": 0.5}).json()["error_rate"] == 0.5
        assert raw.put("/__sandbox__/faults", json={"nonsense": 1}).status_code == 400
        assert raw.delete("/__sandbox__/faults").json()["error_rate"] == 0.0
        orders = raw.get("/__sandbox__/orders", params={"order-num": "A-1"}).json()
        assert [(o["order-num"], o["state"]) for o in orders] == [("A-1", "backlog")]
        assert raw.get("/__sandbox__/stats").json()["orders"] == 1


@settings(max_examples=25, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=150),
    start=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2098, 12, 1)),
)
def test_sandbox_barcodes_are_always_valid_and_unique(count: int, start: dt.datetime) -> None:
    state = SandboxState(start=start.replace(tzinfo=dt.UTC))
    barcodes = [state.create_order({"order-num": str(i)}).barcode for i in range(count)]
    assert all(len(b) == 14 and is_valid_barcode(b) for b in barcodes)
    assert len(set(barcodes)) == count
