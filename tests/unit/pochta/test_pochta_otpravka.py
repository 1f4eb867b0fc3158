"""OtpravkaClient against respx, on the response shapes quoted in the reference."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
import respx

from pochta import (
    OtpravkaClient,
    PochtaAuthError,
    PochtaBadRequest,
    PochtaNotFound,
    PochtaQuotaExceeded,
    PochtaRejected,
    PochtaUnavailable,
    TariffRequest,
)
from tests.unit.pochta.pochta_factories import BASE_URL, make_order

V2 = f"{BASE_URL}/2.0/user/backlog"
VALIDATION_BODY = {
    "errors": [
        {
            "error-codes": [
                {"code": "EMPTY_INDEX_TO", "description": "Почтовый индекс не указан", "details": "…"},
                {"code": "EMPTY_PLACE_TO", "description": "Населенный пункт не указан"},
            ],
            "position": 1,
        }
    ]
}


@respx.mock
def test_create_orders_sends_auth_headers_and_kebab_case_json(client: OtpravkaClient) -> None:
    route = respx.put(V2).respond(
        json={"orders": [{"result-id": 1, "order-num": "A-1", "barcode": "80093053624992"}]}
    )
    client.create_orders([make_order("A-1")])
    request = route.calls.last.request
    assert request.headers["Authorization"] == "AccessToken token"
    assert (
        request.headers["X-User-Authorization"]
        == "Basic " + base64.b64encode(b"user@example.ru:secret").decode()
    )
    sent = json.loads(request.content)
    assert sent[0]["order-num"] == "A-1"
    assert sent[0]["index-to"] == 115551
    assert sent[0]["fragile"] is False
    assert "middle_name" not in sent[0]


@respx.mock
def test_create_orders_returns_created_with_positions_and_barcodes(client: OtpravkaClient) -> None:
    respx.put(V2).respond(
        json={
            "orders": [
                {"result-id": 310115153, "order-num": "A-2", "barcode": "80093053624992", "group-name": "x"},
            ]
        }
    )
    result = client.create_orders([make_order("A-1"), make_order("A-2")])
    assert [(c.position, c.result_id, c.barcode) for c in result.created] == [
        (1, 310115153, "80093053624992")
    ]


@respx.mock
def test_create_orders_returns_position_errors_when_http_200_carries_validation_errors(
    client: OtpravkaClient,
) -> None:
    respx.put(V2).respond(json={"orders": [{"result-id": 7, "order-num": "A-1"}], **VALIDATION_BODY})
    result = client.create_orders([make_order("A-1"), make_order("A-2")])
    assert [c.result_id for c in result.created] == [7]
    assert [(e.position, e.code, e.order_num) for e in result.errors] == [
        (1, "EMPTY_INDEX_TO", "A-2"),
        (1, "EMPTY_PLACE_TO", "A-2"),
    ]
    assert result.errors[0].description == "Почтовый индекс не указан"
    assert "индекс" in result.errors[0].message
    with pytest.raises(PochtaRejected) as info:
        result.raise_for_errors()
    assert len(info.value.errors) == 2


@respx.mock
def test_create_orders_chunks_and_offsets_positions(client: OtpravkaClient) -> None:
    client.chunk_size = 2
    route = respx.put(V2).mock(
        side_effect=[
            httpx.Response(
                200,
                json={"orders": [{"result-id": 1, "order-num": "A-1"}, {"result-id": 2, "order-num": "A-2"}]},
            ),
            httpx.Response(
                200, json={"errors": [{"error-codes": [{"code": "ILLEGAL_MASS_EXCESS"}], "position": 0}]}
            ),
        ]
    )
    result = client.create_orders([make_order("A-1"), make_order("A-2"), make_order("A-3")])
    assert route.call_count == 2
    assert [e.position for e in result.errors] == [2]
    assert result.errors[0].order_num == "A-3"


def test_create_orders_refuses_duplicate_order_nums(client: OtpravkaClient) -> None:
    with pytest.raises(ValueError, match="unique"):
        client.create_orders([make_order("A-1"), make_order("A-1")])


@respx.mock
def test_get_order_retries_5xx_then_succeeds() -> None:
    sleeps: list[float] = []
    route = respx.get(f"{BASE_URL}/1.0/backlog/5").mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(500, json={"code": "1002", "sub-code": "INTERNAL_ERROR"}),
            httpx.Response(200, json={"id": 5, "order-num": "A-5"}),
        ]
    )
    with OtpravkaClient(
        BASE_URL, token="t", login="l", password="p", retries=3, backoff=0.5, sleep=sleeps.append
    ) as c:
        assert c.get_order(5).order_num == "A-5"
    assert route.call_count == 3
    assert sleeps == [0.5, 1.0]


@respx.mock
def test_get_order_raises_unavailable_when_timeouts_persist(client: OtpravkaClient) -> None:
    route = respx.get(f"{BASE_URL}/1.0/backlog/5").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(PochtaUnavailable) as info:
        client.get_order(5)
    assert route.call_count == 3
    assert info.value.maybe_applied is True
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


@respx.mock
def test_create_orders_does_not_retry_when_answer_may_be_lost(client: OtpravkaClient) -> None:
    route = respx.put(V2).mock(side_effect=httpx.ReadTimeout("lost"))
    with pytest.raises(PochtaUnavailable) as info:
        client.create_orders([make_order("A-1")])
    assert route.call_count == 1
    assert info.value.maybe_applied is True


@respx.mock
def test_create_orders_retries_when_connection_never_opened(client: OtpravkaClient) -> None:
    route = respx.put(V2).mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"orders": [{"result-id": 1, "order-num": "A-1"}]}),
        ]
    )
    assert client.create_orders([make_order("A-1")]).created[0].result_id == 1
    assert route.call_count == 2


@respx.mock
def test_create_orders_does_not_retry_when_5xx_after_sending(client: OtpravkaClient) -> None:
    route = respx.put(V2).respond(500, json={"code": "1002", "sub-code": "INTERNAL_ERROR", "desc": "x"})
    with pytest.raises(PochtaUnavailable):
        client.create_orders([make_order("A-1")])
    assert route.call_count == 1


@respx.mock
def test_get_order_raises_not_found_on_404_without_retry(client: OtpravkaClient) -> None:
    body = {
        "code": "1001",
        "desc": "Instance ComplexOrderV2 not found for params: 123",
        "sub-code": "RESOURCE_NOT_FOUND",
    }
    route = respx.get(f"{BASE_URL}/1.0/backlog/123").respond(404, json=body)
    with pytest.raises(PochtaNotFound) as info:
        client.get_order(123)
    assert route.call_count == 1
    assert info.value.code == "1001"


@respx.mock
def test_api_limit_raises_quota_exceeded_on_429_without_retry(client: OtpravkaClient) -> None:
    route = respx.get(f"{BASE_URL}/1.0/settings/limit").respond(429, json={"sub-code": "LIMIT_EXCEEDED"})
    with pytest.raises(PochtaQuotaExceeded):
        client.api_limit()
    assert route.call_count == 1


@respx.mock
def test_settings_raises_auth_error_on_401(client: OtpravkaClient) -> None:
    respx.get(f"{BASE_URL}/1.0/settings").respond(401)
    with pytest.raises(PochtaAuthError):
        client.settings()


@respx.mock
def test_get_batch_raises_bad_request_on_unknown_path_407(client: OtpravkaClient) -> None:
    respx.get(f"{BASE_URL}/1.0/batch/1").respond(
        407, json={"message": "Error namespace or mask or method not found"}
    )
    with pytest.raises(PochtaBadRequest, match="namespace"):
        client.get_batch("1")


@respx.mock
def test_edit_order_raises_rejected_when_bare_error_object(client: OtpravkaClient) -> None:
    body = {
        "error-codes": [{"code": "ILLEGAL_MASS_EXCESS", "description": "Вес не должен превышать 0.1 кг"}],
        "position": 0,
    }
    route = respx.put(f"{BASE_URL}/1.0/backlog/9").respond(json=body)
    with pytest.raises(PochtaRejected) as info:
        client.edit_order(9, make_order("A-9", mass=500))
    assert route.call_count == 1
    assert info.value.errors[0].code == "ILLEGAL_MASS_EXCESS"
    assert "Вес" in info.value.message


@respx.mock
def test_delete_orders_returns_prefixed_position_errors(client: OtpravkaClient) -> None:
    respx.delete(f"{BASE_URL}/1.0/backlog").respond(
        json={"errors": [{"error-code": "NOT_FOUND", "position": 0}]}
    )
    result = client.delete_orders([0])
    assert result.result_ids == []
    assert [(e.position, e.code) for e in result.errors] == [(0, "NOT_FOUND")]


@respx.mock
def test_search_orders_by_num_keeps_exact_matches_in_backlog_and_batches(client: OtpravkaClient) -> None:
    respx.get(f"{BASE_URL}/1.0/backlog/search", params={"query": "A-1"}).respond(
        json=[{"id": 1, "order-num": "A-1"}, {"id": 2, "order-num": "A-10"}]
    )
    respx.get(f"{BASE_URL}/1.0/shipment/search", params={"query": "A-1"}).respond(
        json=[{"id": 3, "order-num": "A-1", "batch-name": "24"}]
    )
    assert sorted(o.id for o in client.search_orders_by_num("A-1")) == [1, 3]


@respx.mock
def test_checkin_batch_reads_f103_sent_false_with_error_code(client: OtpravkaClient) -> None:
    respx.post(f"{BASE_URL}/1.0/batch/24/checkin").respond(
        json={"error-code": "OFFLINE_BALANCE_FORBIDDEN", "f103-sent": False}
    )
    result = client.checkin_batch("24")
    assert (result.f103_sent, result.error_code) == (False, "OFFLINE_BALANCE_FORBIDDEN")


@respx.mock
def test_create_batch_parses_batches_and_errors(client: OtpravkaClient) -> None:
    respx.post(f"{BASE_URL}/1.0/user/shipment").respond(
        json={
            "batches": [
                {"batch-name": "24", "batch-status": "CREATED", "mail-type": "LETTER", "shipment-count": 1}
            ],
            "result-ids": [1],
            "errors": [
                {"error-code": "NOT_FOUND", "error-description": "Отправление не найдено", "position": 1}
            ],
        }
    )
    result = client.create_batch([1, 0])
    assert result.batches[0].batch_name == "24"
    assert result.errors[0].description == "Отправление не найдено"


@respx.mock
def test_tariff_reads_kopecks(client: OtpravkaClient) -> None:
    respx.post(f"{BASE_URL}/1.0/tariff").respond(
        json={
            "delivery-time": {"max-days": 3, "min-days": 1},
            "ground-rate": {"rate": 30658, "vat": 6132},
            "total-rate": 30658,
            "total-vat": 6132,
        }
    )
    tariff = client.tariff(TariffRequest(index_from="109012", index_to="115551", mass=20))
    assert tariff.total_with_vat == 36790
    assert tariff.delivery_time is not None and tariff.delivery_time.max_days == 3


@respx.mock
def test_print_f103_returns_pdf_bytes(client: OtpravkaClient) -> None:
    respx.get(f"{BASE_URL}/1.0/forms/24/f103pdf").respond(
        content=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}
    )
    assert client.print_f103("24").startswith(b"%PDF")


@respx.mock
def test_normalize_address_returns_input_order_and_deliverability(client: OtpravkaClient) -> None:
    respx.post(f"{BASE_URL}/1.0/clean/address").respond(
        json=[
            {
                "id": "1",
                "original-address": "b",
                "quality-code": "UNDEF_01",
                "validation-code": "NOT_VALIDATED_HAS_UNPARSED_PARTS",
            },
            {
                "id": "0",
                "original-address": "a",
                "index": "115551",
                "quality-code": "GOOD",
                "validation-code": "VALIDATED",
            },
        ]
    )
    result = client.normalize_address(["a", "b"])
    assert [(a.id, a.is_deliverable) for a in result] == [("0", True), ("1", False)]
