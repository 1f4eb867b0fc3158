"""Control routes under ``/__sandbox__``: clock, faults, quota and state inspection.

They are never subject to faults or quota, and exist only in the sandbox, so nothing that talks to
the real Russian Post can depend on them by accident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from pochta.sandbox._records import StoredOrder
from pochta.sandbox._wire import BadBody, Call, Route, body_json, json_response, route

PREFIX = "/__sandbox__"


def _delta(data: Any) -> dt.timedelta:
    if not isinstance(data, dict):
        raise BadBody('object expected, e.g. {"hours": 2}')
    allowed = {"days", "hours", "minutes", "seconds"}
    if set(data) - allowed:
        raise BadBody(f"only {sorted(allowed)} are allowed")
    return dt.timedelta(**{k: float(v) for k, v in data.items()})


@route("GET", PREFIX + r"/clock")
def clock(call: Call) -> httpx.Response:
    return json_response({"now": call.state.now().isoformat()})


@route("POST", PREFIX + r"/clock/advance")
def advance(call: Call) -> httpx.Response:
    data = body_json(call.request) or dict(call.request.url.params)
    try:
        now = call.state.advance(_delta(data))
    except (TypeError, ValueError) as exc:
        raise BadBody(str(exc)) from exc
    return json_response({"now": now.isoformat()})


@route("GET", PREFIX + r"/faults")
def get_faults(call: Call) -> httpx.Response:
    return json_response(call.state.faults.to_dict())


@route("PUT", PREFIX + r"/faults")
def set_faults(call: Call) -> httpx.Response:
    data = body_json(call.request)
    if not isinstance(data, dict):
        raise BadBody("object expected")
    try:
        faults = call.state.set_faults(**data)
    except (TypeError, ValueError) as exc:
        raise BadBody(str(exc)) from exc
    return json_response(faults.to_dict())


@route("DELETE", PREFIX + r"/faults")
def clear_faults(call: Call) -> httpx.Response:
    call.state.clear_faults()
    return json_response(call.state.faults.to_dict())


@route("PUT", PREFIX + r"/quota")
def set_quota(call: Call) -> httpx.Response:
    data = body_json(call.request)
    if not isinstance(data, dict):
        raise BadBody("object expected")
    call.state.set_quota(allowed=data.get("allowed-count"), used=data.get("current-count"))
    return json_response({"allowed-count": call.state.daily_quota, "current-count": call.state.quota_used()})


def _order_view(order: StoredOrder, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": order.id,
        "order-num": order.order_num,
        "barcode": order.barcode,
        "state": order.state,
        "batch-name": order.batch_name,
        "created-at": order.created_at.isoformat(),
        "events": [
            {"oper-type": e.oper_type, "oper-attr": e.oper_attr, "name": e.attr_name, "at": e.at.isoformat()}
            for e in order.events_until(now)
        ],
    }


@route("GET", PREFIX + r"/orders")
def orders(call: Call) -> httpx.Response:
    """Every order ever created, deleted ones included; ``?order-num=`` filters."""
    wanted = call.request.url.params.get("order-num")
    with call.state.lock:
        now = call.state.now()
        views = [
            _order_view(o, now) for o in call.state.orders.values() if wanted is None or o.order_num == wanted
        ]
    return json_response(views)


@route("GET", PREFIX + r"/stats")
def stats(call: Call) -> httpx.Response:
    with call.state.lock:
        return json_response(
            {
                "calls": dict(call.state.calls),
                "total-calls": sum(call.state.calls.values()),
                "lost-answers": dict(call.state.lost_answers),
                "orders": len(call.state.live_orders()),
                "batches": {name: b.status for name, b in call.state.batches.items()},
                "quota": {"allowed-count": call.state.daily_quota, "current-count": call.state.quota_used()},
            }
        )


ROUTES: list[Route] = [clock, advance, get_faults, set_faults, clear_faults, set_quota, orders, stats]
