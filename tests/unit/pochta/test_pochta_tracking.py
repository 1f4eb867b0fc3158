"""TrackingClient parsing (respx, SOAP shapes of reference §5) and the code → status table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from pochta import (
    PochtaAuthError,
    PochtaQuotaExceeded,
    PochtaUnavailable,
    TicketAnswer,
    TicketNotReady,
    TrackingClient,
    TrackingStatus,
    is_final,
    latest_status,
    status_for,
)
from tests.unit.pochta.pochta_factories import TRACKING_URL

SOAP11 = '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>{}</S:Body></S:Envelope>'
SOAP12 = '<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body>{}</S:Body></S:Envelope>'
FC = 'xmlns:ns2="http://fclient.russianpost.org" xmlns:ns3="http://fclient.russianpost.org/postserver"'
HISTORY = (Path(__file__).parent / "data" / "operation_history.xml").read_text(encoding="utf-8")


@pytest.fixture
def tracking_client() -> Iterator[TrackingClient]:
    with TrackingClient(TRACKING_URL, login="track", password="secret", backoff=0) as client:
        yield client


def _fc(body: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=SOAP11.format(body).encode(), headers={"Content-Type": "text/xml"})


@respx.mock
def test_get_ticket_sends_barcodes_and_credentials_and_returns_ticket(
    tracking_client: TrackingClient,
) -> None:
    route = respx.post(f"{TRACKING_URL}/fc").mock(
        return_value=_fc(
            f"<ns3:ticketResponse {FC}><value>20150917162048476CLIENTID</value></ns3:ticketResponse>"
        )
    )
    assert tracking_client.get_ticket(["80214523462306", "RA123456785RU"]) == "20150917162048476CLIENTID"
    sent = route.calls.last.request.content.decode()
    assert 'Barcode="80214523462306"' in sent and "<login>track</login>" in sent


def test_get_ticket_refuses_more_than_3000_barcodes(tracking_client: TrackingClient) -> None:
    with pytest.raises(ValueError, match="3000"):
        tracking_client.get_ticket(["80214523462306"] * 3001)


@respx.mock
def test_get_ticket_raises_quota_exceeded_when_error_3_says_limit(tracking_client: TrackingClient) -> None:
    error = '<error ErrorTypeID="3" ErrorName="Ошибка авторизации: Превышен лимит количества запросов"/>'
    respx.post(f"{TRACKING_URL}/fc").mock(
        return_value=_fc(f"<ns3:ticketResponse {FC}>{error}</ns3:ticketResponse>")
    )
    with pytest.raises(PochtaQuotaExceeded):
        tracking_client.get_ticket(["80214523462306"])


@respx.mock
def test_get_response_by_ticket_returns_not_ready_when_error_6(tracking_client: TrackingClient) -> None:
    error = '<error ErrorTypeID="6" ErrorName="Ответ по тикету T еще не готов."/>'
    respx.post(f"{TRACKING_URL}/fc").mock(
        return_value=_fc(f"<ns3:answerByTicketResponse {FC}>{error}</ns3:answerByTicketResponse>")
    )
    assert tracking_client.get_response_by_ticket("T") == TicketNotReady(ticket="T")


@respx.mock
def test_get_response_by_ticket_raises_unavailable_when_error_16_persists(
    tracking_client: TrackingClient,
) -> None:
    error = '<error ErrorTypeID="16" ErrorName="Внутренняя ошибка"/>'
    respx.post(f"{TRACKING_URL}/fc").mock(
        return_value=_fc(f"<ns3:answerByTicketResponse {FC}>{error}</ns3:answerByTicketResponse>")
    )
    with pytest.raises(PochtaUnavailable):
        tracking_client.get_response_by_ticket("T")


@respx.mock
def test_get_response_by_ticket_parses_items_operations_and_item_errors(
    tracking_client: TrackingClient,
) -> None:
    value = (
        '<value FileName="T" FileTypeID="2"><ns2:Item Barcode="10944022440321">'
        '<ns2:Operation OperTypeID="1" OperCtgID="2" OperName="Прием" '
        'DateOper="28.04.2018 10:15:00" IndexOper="109440"/>'
        '<ns2:Operation OperTypeID="2" OperCtgID="1" OperName="Вручение" '
        'DateOper="03.05.2018 12:00:00" IndexOper="115551"/>'
        '</ns2:Item><ns2:item barcode="RA123456785RU">'
        '<ns2:Error ErrorTypeID="12" ErrorName="Не найдено"/></ns2:item>'
        "</value>"
    )
    respx.post(f"{TRACKING_URL}/fc").mock(
        return_value=_fc(f"<ns3:answerByTicketResponse {FC}>{value}</ns3:answerByTicketResponse>")
    )
    answer = tracking_client.get_response_by_ticket("T")
    assert isinstance(answer, TicketAnswer)
    events = answer.events["10944022440321"]
    assert [(e.oper_type_id, e.oper_attr_id, e.status) for e in events] == [
        (1, 2, TrackingStatus.ACCEPTED),
        (2, 1, TrackingStatus.DELIVERED),
    ]
    assert events[1].oper_date == dt.datetime(2018, 5, 3, 9, 0, tzinfo=dt.UTC)
    assert events[1].place_index == "115551" and events[1].is_final
    assert answer.errors["RA123456785RU"].error_type_id == 12


@respx.mock
def test_get_operation_history_parses_records(tracking_client: TrackingClient) -> None:
    route = respx.post(f"{TRACKING_URL}/rtm34").mock(
        return_value=httpx.Response(200, content=SOAP12.format(HISTORY).encode())
    )
    events = tracking_client.get_operation_history("80214523462306")
    assert route.calls.last.request.headers["Content-Type"].startswith("application/soap+xml")
    first, last = events
    assert (first.oper_type_id, first.oper_attr_id, first.oper_attr_name, first.status) == (28, 0, None, None)
    assert first.place_index == "802145"
    assert (last.status, last.oper_attr_name, last.place_name) == (
        TrackingStatus.DELIVERED,
        "Вручение адресату",
        "Магнитогорск 39",
    )
    assert last.oper_date.utcoffset() == dt.timedelta(hours=5)
    assert latest_status(events) is TrackingStatus.DELIVERED


@respx.mock
def test_get_operation_history_raises_auth_error_on_fault_without_retry(
    tracking_client: TrackingClient,
) -> None:
    fault = (
        '<S:Fault><S:Reason><S:Text xml:lang="ru">Ошибка авторизации</S:Text></S:Reason><S:Detail>'
        '<ns3:AuthorizationFaultReason xmlns:ns3="http://russianpost.org/operationhistory/data">x'
        "</ns3:AuthorizationFaultReason></S:Detail></S:Fault>"
    )
    route = respx.post(f"{TRACKING_URL}/rtm34").mock(
        return_value=httpx.Response(500, content=SOAP12.format(fault).encode())
    )
    with pytest.raises(PochtaAuthError):
        tracking_client.get_operation_history("80214523462306")
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("oper_type", "oper_attr", "expected"),
    [
        (1, 1, TrackingStatus.ACCEPTED),
        (8, 2, TrackingStatus.ARRIVED),
        (8, 0, None),
        (8, 25, None),
        (12, 1, TrackingStatus.FAILED_ATTEMPT),
        (42, 1, TrackingStatus.FAILED_ATTEMPT),
        (2, 1, TrackingStatus.DELIVERED),
        (2, 13, TrackingStatus.DELIVERED),
        (2, 2, TrackingStatus.RETURNED),
        (2, 7, TrackingStatus.RETURNED),
        (2, 3, TrackingStatus.UNKNOWN),
        (3, 1, TrackingStatus.RETURNING),
        (3, 10, TrackingStatus.RETURNING),
        (5, 1, TrackingStatus.LOST),
        (5, 2, TrackingStatus.UNKNOWN),
        (18, 0, TrackingStatus.LOST),
        (26, 1, TrackingStatus.CANCELLED),
        (28, 0, None),
        (6, 3, None),
        (99, 1, TrackingStatus.UNKNOWN),
    ],
)
def test_status_for_maps_codes_per_reference(
    oper_type: int, oper_attr: int, expected: TrackingStatus | None
) -> None:
    assert status_for(oper_type, oper_attr) is expected


def test_is_final_marks_giving_lost_and_not_returning() -> None:
    assert is_final(2, 1) and is_final(2, 2) and is_final(5, 1) and is_final(16, 0)
    assert not is_final(3, 1) and not is_final(8, 2) and not is_final(5, 3)
