"""The sandbox on a real loopback socket, driven by the real clients (no mocks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest

from pochta import (
    EnvelopeType,
    Order,
    OtpravkaClient,
    PochtaUnavailable,
    TicketAnswer,
    TrackingClient,
    TrackingStatus,
    is_valid_barcode,
    latest_status,
)
from pochta.sandbox import RunningSandbox, serve

pytestmark = pytest.mark.e2e


def _letter(num: str) -> Order:
    return Order(
        order_num=num,
        index_to=115551,
        region_to="г. Москва",
        place_to="г. Москва",
        street_to="шоссе Каширское",
        house_to="94",
        surname="Иванов",
        given_name="Петр",
        recipient_name="Иванов Петр",
        mass=20,
        postoffice_code="109012",
        envelope_type=EnvelopeType.DL,
        with_order_of_notice=True,
    )


@pytest.fixture
def pochta_sandbox() -> Iterator[RunningSandbox]:
    with serve("127.0.0.1", 0, seed=7) as running:
        yield running


def _client(url: str, *, timeout: float = 5.0) -> OtpravkaClient:
    return OtpravkaClient(url, token="t", login="l", password="p", timeout=timeout, backoff=0)


def test_pochta_sandbox_server_takes_a_letter_from_order_to_delivery(pochta_sandbox: RunningSandbox) -> None:
    """
    GIVEN the sandbox served on loopback
    WHEN a letter is created, batched, checked in and the clock moves on
    THEN the f103 is a PDF and tracking ends with the letter accepted and further
    """
    with (
        _client(pochta_sandbox.url) as client,
        TrackingClient(pochta_sandbox.url, login="t", password="p", backoff=0) as tracking,
    ):
        created = client.create_orders([_letter("ИСХ-2026-000001")])
        created.raise_for_errors()
        batch = client.create_batch([created.created[0].result_id]).batches[0].batch_name
        assert client.checkin_batch(batch).f103_sent
        assert client.print_f103(batch).startswith(b"%PDF")
        barcode = str(client.get_batch_shipments(batch)[0].barcode)
        assert is_valid_barcode(barcode)
        ticket = tracking.get_ticket([barcode])
        httpx.post(f"{pochta_sandbox.url}/__sandbox__/clock/advance", json={"days": 60}).raise_for_status()
        answer = tracking.get_response_by_ticket(ticket)
        assert isinstance(answer, TicketAnswer)
        assert latest_status(answer.events[barcode]) in {
            TrackingStatus.DELIVERED,
            TrackingStatus.RETURNED,
            TrackingStatus.FAILED_ATTEMPT,
        }


def test_pochta_sandbox_server_lost_answer_times_out_but_order_exists(pochta_sandbox: RunningSandbox) -> None:
    pochta_sandbox.sandbox.state.set_faults(lost_answer_rate=1.0, hang_seconds=5.0, paths=("/2.0/",))
    with _client(pochta_sandbox.url, timeout=0.3) as client:
        with pytest.raises(PochtaUnavailable) as info:
            client.create_orders([_letter("ИСХ-2026-000002")])
        assert info.value.maybe_applied
        pochta_sandbox.sandbox.state.clear_faults()
        assert [o.order_num for o in client.search_orders_by_num("ИСХ-2026-000002")] == ["ИСХ-2026-000002"]


def test_pochta_sandbox_server_stops_and_frees_the_port() -> None:
    running = serve("127.0.0.1", 0)
    url = running.url
    running.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/1.0/settings", timeout=dt.timedelta(seconds=1).total_seconds())
