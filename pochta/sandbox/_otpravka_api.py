"""Otpravka JSON routes of the sandbox: the same paths and shapes as otpravka-api.pochta.ru."""

from __future__ import annotations

from typing import Any

import httpx

from pochta.sandbox._address import clean
from pochta.sandbox._pdf import make_pdf
from pochta.sandbox._pricing import price
from pochta.sandbox._state import SandboxState
from pochta.sandbox._validation import validate_order
from pochta.sandbox._wire import (
    BadBody,
    Call,
    Route,
    body_json,
    id_list,
    internal_error,
    json_array,
    json_response,
    not_found,
    pdf_response,
    route,
)


def _create(state: SandboxState, request: httpx.Request, *, v2: bool) -> httpx.Response:
    orders = body_json(request)
    if not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders):
        return internal_error()
    created: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for position, data in enumerate(orders):
        codes = validate_order(data, shipping_points=state.shipping_points, v2=v2)
        if codes:
            errors.append({"error-codes": codes, "position": position})
            continue
        order = state.create_order(data)
        created.append({"result-id": order.id, "order-num": order.order_num, "barcode": order.barcode})
    body: dict[str, Any] = {"orders": created} if v2 else {"result-ids": [c["result-id"] for c in created]}
    if errors:
        body["errors"] = errors
    return json_response(body)


@route("PUT", r"/1\.0/user/backlog")
def create_v1(call: Call) -> httpx.Response:
    return _create(call.state, call.request, v2=False)


@route("PUT", r"/2\.0/user/backlog")
def create_v2(call: Call) -> httpx.Response:
    return _create(call.state, call.request, v2=True)


@route("GET", r"/1\.0/backlog/search")
def search_backlog(call: Call) -> httpx.Response:
    query = call.request.url.params.get("query", "")
    return json_response([o.wire() for o in call.state.search(query, batched=False)])


@route("GET", r"/1\.0/shipment/search")
def search_shipments(call: Call) -> httpx.Response:
    query = call.request.url.params.get("query", "")
    return json_response(
        [o.wire(call.state.batches[str(o.batch_name)]) for o in call.state.search(query, batched=True)]
    )


@route("GET", r"/1\.0/backlog/(\d+)")
def get_backlog(call: Call) -> httpx.Response:
    order = call.state.backlog_order(int(call.match[1]))
    return not_found("ComplexOrderV2", call.match[1]) if order is None else json_response(order.wire())


@route("GET", r"/1\.0/shipment/(\d+)")
def get_shipment(call: Call) -> httpx.Response:
    order = call.state.batched_order(int(call.match[1]))
    if order is None:
        return not_found("ShipmentTuple", call.match[1])
    return json_response(order.wire(call.state.batches[str(order.batch_name)]))


@route("PUT", r"/1\.0/backlog/(\d+)")
def edit(call: Call) -> httpx.Response:
    data = body_json(call.request)
    with call.state.lock:
        order = call.state.backlog_order(int(call.match[1]))
        if order is None:
            return not_found("ComplexOrderV2", call.match[1])
        codes = validate_order(data, shipping_points=call.state.shipping_points, v2=False)
        if codes:
            return json_response({"error-codes": codes, "position": 0})
        order.data, order.order_num, order.version = dict(data), str(data["order-num"]), order.version + 1
    return json_response({"result-ids": [order.id]})


def _ids_answer(done: list[int], errors: list[dict[str, Any]]) -> httpx.Response:
    body: dict[str, Any] = {"result-ids": done}
    if errors:
        body["errors"] = errors
    return json_response(body)


@route("DELETE", r"/1\.0/backlog")
def delete_backlog(call: Call) -> httpx.Response:
    return _ids_answer(*call.state.delete_backlog(id_list(call.request)))


@route("POST", r"/1\.0/user/backlog")
def return_to_new(call: Call) -> httpx.Response:
    return _ids_answer(*call.state.unbatch(id_list(call.request), delete=False))


@route("DELETE", r"/1\.0/shipment")
def remove_from_batch(call: Call) -> httpx.Response:
    return _ids_answer(*call.state.unbatch(id_list(call.request), delete=True))


@route("POST", r"/1\.0/user/shipment")
def create_batch(call: Call) -> httpx.Response:
    with call.state.lock:
        batches, done, errors = call.state.create_batches(id_list(call.request))
        body: dict[str, Any] = {
            "batches": [b.wire(call.state.batch_orders(b)) for b in batches],
            "result-ids": done,
        }
    if errors:
        body["errors"] = errors
    return json_response(body)


@route("GET", r"/1\.0/batch/([^/]+)")
def get_batch(call: Call) -> httpx.Response:
    with call.state.lock:
        call.state.refresh()
        batch = call.state.batches.get(call.match[1])
        if batch is None:
            return not_found("ShipmentBatchTuple", call.match[1])
        return json_response(batch.wire(call.state.batch_orders(batch)))


@route("GET", r"/1\.0/batch/([^/]+)/shipment")
def batch_shipments(call: Call) -> httpx.Response:
    with call.state.lock:
        batch = call.state.batches.get(call.match[1])
        if batch is None:
            return not_found("ShipmentBatchTuple", call.match[1])
        size = int(call.request.url.params.get("size", "50"))
        page = int(call.request.url.params.get("page", "0"))
        orders = call.state.batch_orders(batch)[page * size : (page + 1) * size]
        return json_response([o.wire(batch) for o in orders])


@route("POST", r"/1\.0/batch/([^/]+)/checkin")
def checkin(call: Call) -> httpx.Response:
    if call.match[1] not in call.state.batches:
        return not_found("ShipmentBatchTuple", call.match[1])
    return json_response(call.state.checkin(call.match[1]))


@route("GET", r"/1\.0/forms/([^/]+)/f103pdf")
def f103(call: Call) -> httpx.Response:
    with call.state.lock:
        batch = call.state.batches.get(call.match[1])
        if batch is None:
            return internal_error()  # the real answer for a missing batch (LG-snap)
        if not batch.electronic_f103:
            # Not checked in yet: refused with 400 (our reading; the reference only says "check in
            # before printing").
            return json_response(
                {"code": "400", "desc": "Batch is not checked in", "sub-code": "BAD_REQUEST"}, 400
            )
        lines = [
            f"{o.barcode}  {o.order_num}  {o.data.get('index-to')}  {o.data.get('recipient-name') or ''}"
            for o in call.state.batch_orders(batch)
        ]
    title = f"Список ф.103: партия {batch.name}, список № {batch.list_number}"
    return pdf_response(make_pdf(title, lines), "F103.pdf")


def _forms(state: SandboxState, order_id: int, *, backlog: bool) -> httpx.Response:
    order = state.backlog_order(order_id) if backlog else state.batched_order(order_id)
    if order is None:
        return not_found("BacklogTuple" if backlog else "ShipmentTuple", order_id)
    lines = [
        f"ШПИ: {order.barcode}",
        f"Заказ: {order.order_num}",
        f"Получатель: {order.data.get('recipient-name') or ''}",
        f"Индекс: {order.data.get('index-to')}",
    ]
    return pdf_response(make_pdf(f"Бланки заказа {order.id}", lines), f"{order.id}.pdf")


@route("GET", r"/1\.0/forms/backlog/(\d+)/forms")
def backlog_forms(call: Call) -> httpx.Response:
    return _forms(call.state, int(call.match[1]), backlog=True)


@route("GET", r"/1\.0/forms/(\d+)/forms")
def order_forms(call: Call) -> httpx.Response:
    return _forms(call.state, int(call.match[1]), backlog=False)


@route("POST", r"/1\.0/tariff")
def tariff(call: Call) -> httpx.Response:
    data = body_json(call.request)
    if not isinstance(data, dict):
        raise BadBody("object expected")
    if str(data.get("index-from")) not in call.state.shipping_points:
        return json_response({"code": "1001", "desc": "index-from is not a shipping point"}, 404)
    return json_response(price(data))


@route("POST", r"/1\.0/clean/address")
def clean_address(call: Call) -> httpx.Response:
    return json_response([clean(item) for item in json_array(call.request) if isinstance(item, dict)])


@route("GET", r"/1\.0/user-shipping-points")
def shipping_points(call: Call) -> httpx.Response:
    products = [
        {"mail-type": "LETTER", "mail-category": "ORDERED", "product-type": "LETTER_ORDERED"},
        {
            "mail-type": "LETTER",
            "mail-category": "WITH_DECLARED_VALUE",
            "product-type": "LETTER_WITH_DECLARED_VALUE",
        },
    ]
    return json_response(
        [
            {
                "operator-postcode": code,
                "ops-address": f"Песочница, ОПС {code}",
                "enabled": True,
                "available-mail-types": ["LETTER"],
                "available-products": products,
            }
            for code in sorted(call.state.shipping_points)
        ]
    )


@route("GET", r"/1\.0/settings")
def settings(call: Call) -> httpx.Response:
    return json_response(
        {
            "mail-rank": "WO_RANK",
            "agreement-number": "SANDBOX-0001",
            "online-balance-enabled": False,
            "print-from-backlog": True,
            "available-shipping-points": sorted(call.state.shipping_points),
        }
    )


@route("GET", r"/1\.0/settings/limit")
def limit(call: Call) -> httpx.Response:
    return json_response({"allowed-count": call.state.daily_quota, "current-count": call.state.quota_used()})


ROUTES: list[Route] = [
    create_v1,
    create_v2,
    search_backlog,
    search_shipments,
    get_backlog,
    get_shipment,
    edit,
    delete_backlog,
    return_to_new,
    remove_from_batch,
    create_batch,
    get_batch,
    batch_shipments,
    checkin,
    f103,
    backlog_forms,
    order_forms,
    tariff,
    clean_address,
    shipping_points,
    settings,
    limit,
]
