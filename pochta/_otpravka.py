"""``OtpravkaClient``: the typed, synchronous client of Russian Post's «Отправка» JSON API.

One method per endpoint the product uses; batch and form methods live in ``_otpravka_batches``.
Usage::

    with OtpravkaClient(base_url, token=t, login=l, password=p) as client:
        result = client.create_orders([order])
        result.raise_for_errors()
        barcode = result.created[0].barcode

Errors: see ``_exceptions``. Validation refusals of ``create_orders`` are returned per position,
not raised; everything else that fails raises a ``PochtaError``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from pochta._account_models import (
    AccountSettings,
    ApiLimit,
    NormalizedAddress,
    ShippingPoint,
    Tariff,
    TariffRequest,
)
from pochta._exceptions import PochtaRejected
from pochta._http import DEFAULT_TIMEOUT, ClientBase, Retry, Session, auth_headers, json_of
from pochta._models import (
    CreatedOrder,
    CreateOrdersResult,
    IdsResult,
    Order,
    OrderInfo,
)
from pochta._otpravka_batches import BatchesMixin
from pochta._positions import position_errors

PRODUCTION_URL = "https://otpravka-api.pochta.ru"
# No source states a maximum per create call [UNCERTAIN]; the reference recommends <= 100.
DEFAULT_CHUNK = 100
_JSON_HEADERS = {"Accept": "application/json;charset=UTF-8"}


class OtpravkaClient(BatchesMixin, ClientBase):
    """Client of the Otpravka API (orders, batches, forms, tariff, normalisation, account).

    ``transport`` is the test seam (``httpx.MockTransport(sandbox.handler)`` or respx);
    ``retries``/``backoff``/``sleep`` shape the retry of transient failures.
    """

    def __init__(
        self,
        base_url: str = PRODUCTION_URL,
        *,
        token: str,
        login: str,
        password: str,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> None:
        self._session = Session(
            base_url,
            headers={**auth_headers(token=token, login=login, password=password), **_JSON_HEADERS},
            timeout=timeout,
            transport=transport,
            retry=Retry(attempts=max(1, retries), backoff=backoff, sleep=sleep),
        )
        self.chunk_size = chunk_size

    def _json(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Any:
        return json_of(self._session.request(method, path, idempotent=idempotent, **kwargs))

    # -- orders in "Новые" (backlog) ------------------------------------------------------------

    def create_orders(self, orders: Sequence[Order]) -> CreateOrdersResult:
        """Create orders with ``PUT /2.0/user/backlog``, ``chunk_size`` per call.

        v2 is used because it answers each created order with its ``order-num`` and barcode, so
        results map back to positions safely (v1's ``result-ids`` cannot, reference §2.3).
        Positions in the result index ``orders``. Never retried after the request may have
        arrived: on ``PochtaUnavailable`` earlier chunks may exist, so search by ``order-num``.
        Raises ``ValueError`` if two orders share an ``order-num`` (that would defeat idempotency).
        """
        nums = [o.order_num for o in orders]
        if len(set(nums)) != len(nums):
            raise ValueError("order_num must be unique within one create_orders call")
        created: list[CreatedOrder] = []
        errors = []
        for start in range(0, len(orders), self.chunk_size):
            chunk = orders[start : start + self.chunk_size]
            body = self._json("PUT", "/2.0/user/backlog", idempotent=False, json=[o.to_wire() for o in chunk])
            chunk_nums = nums[start : start + len(chunk)]
            created.extend(_created(body, chunk_nums, offset=start))
            errors.extend(position_errors(body, offset=start, order_nums=chunk_nums))
        return CreateOrdersResult(created=created, errors=errors)

    def search_orders(self, query: str) -> list[OrderInfo]:
        """Orders in "Новые" matching ``query`` (``GET /1.0/backlog/search``); ``[]`` if none."""
        body = self._json("GET", "/1.0/backlog/search", idempotent=True, params={"query": query})
        return [OrderInfo.model_validate(o) for o in body or []]

    def search_shipments(self, query: str) -> list[OrderInfo]:
        """Batched orders matching a barcode or ``order-num`` (``GET /1.0/shipment/search``)."""
        body = self._json("GET", "/1.0/shipment/search", idempotent=True, params={"query": query})
        return [OrderInfo.model_validate(o) for o in body or []]

    def search_orders_by_num(self, order_num: str) -> list[OrderInfo]:
        """Every order carrying exactly our ``order_num``, in "Новые" or already in a batch.

        This is the look-up before a retried create: an order moves from backlog to shipments when
        batched, so both places are searched (two requests of quota). Search is a text query, so
        only exact ``order-num`` matches are kept.
        """
        found = self.search_orders(order_num) + self.search_shipments(order_num)
        unique = {o.id: o for o in found if o.order_num == order_num}
        return list(unique.values())

    def get_order(self, order_id: int) -> OrderInfo:
        """An order in "Новые" by id. ``PochtaNotFound`` if unknown **or already batched**."""
        return OrderInfo.model_validate(self._json("GET", f"/1.0/backlog/{order_id}", idempotent=True))

    def get_shipment(self, order_id: int) -> OrderInfo:
        """A batched order by id (``GET /1.0/shipment/{id}``)."""
        return OrderInfo.model_validate(self._json("GET", f"/1.0/shipment/{order_id}", idempotent=True))

    def edit_order(self, order_id: int, order: Order) -> int:
        """Replace an order in "Новые" (``PUT /1.0/backlog/{id}``); returns its id.

        Path per the three tested clients (SR's ``/1.0/user/backlog/{id}`` is [UNCERTAIN]).
        A full replacement is idempotent, so it is retried. Raises ``PochtaRejected``.
        """
        body = self._json("PUT", f"/1.0/backlog/{order_id}", idempotent=True, json=order.to_wire())
        if isinstance(body, dict) and "error-codes" in body:
            body = {"errors": [body]}
        errors = position_errors(body, order_nums=[order.order_num])
        if errors:
            raise PochtaRejected(errors)
        ids = body.get("result-ids") if isinstance(body, dict) else None
        return int(ids[0]) if ids else order_id

    def delete_orders(self, order_ids: Sequence[int]) -> IdsResult:
        """Delete orders still in "Новые" (``DELETE /1.0/backlog``).

        A batched order comes back as a per-position ``NOT_FOUND`` [UNCERTAIN, inferred in the
        reference]; use ``remove_from_batch`` or ``return_to_new`` first. Not retried once sent.
        """
        return self._ids("DELETE", "/1.0/backlog", order_ids)

    def return_to_new(self, order_ids: Sequence[int]) -> IdsResult:
        """Move batched orders back to "Новые" (``POST /1.0/user/backlog``); batch must be CREATED."""
        return self._ids("POST", "/1.0/user/backlog", order_ids)

    def remove_from_batch(self, order_ids: Sequence[int]) -> IdsResult:
        """Delete orders from their batch (``DELETE /1.0/shipment``); batch must be CREATED."""
        return self._ids("DELETE", "/1.0/shipment", order_ids)

    def _ids(self, method: str, path: str, order_ids: Sequence[int]) -> IdsResult:
        body = self._json(method, path, idempotent=False, json=list(order_ids))
        ids = body.get("result-ids", []) if isinstance(body, dict) else []
        return IdsResult(result_ids=[int(i) for i in ids], errors=position_errors(body))

    # -- tariff, normalisation, account ----------------------------------------------------------

    def tariff(self, request: TariffRequest) -> Tariff:
        """The price of one letter (``POST /1.0/tariff``), kopecks. Pure, so retried."""
        return Tariff.model_validate(
            self._json("POST", "/1.0/tariff", idempotent=True, json=request.to_wire())
        )

    def normalize_address(self, addresses: Sequence[str]) -> list[NormalizedAddress]:
        """Parse raw addresses (``POST /1.0/clean/address``); results in the input order.

        The API matches by ``id`` and does not keep order, so ids are the input positions.
        """
        payload = [{"id": str(i), "original-address": a} for i, a in enumerate(addresses)]
        body = self._json("POST", "/1.0/clean/address", idempotent=True, json=payload)
        parsed = [NormalizedAddress.model_validate(a) for a in body or []]
        return sorted(parsed, key=lambda a: int(a.id) if a.id.isdigit() else len(addresses))

    def shipping_points(self) -> list[ShippingPoint]:
        """The post offices where this account hands over batches."""
        body = self._json("GET", "/1.0/user-shipping-points", idempotent=True)
        return [ShippingPoint.model_validate(p) for p in body or []]

    def settings(self) -> AccountSettings:
        """The account's settings (mail rank, agreement, printing from backlog, ...)."""
        return AccountSettings.model_validate(self._json("GET", "/1.0/settings", idempotent=True))

    def api_limit(self) -> ApiLimit:
        """Today's request quota and how much of it is used."""
        return ApiLimit.model_validate(self._json("GET", "/1.0/settings/limit", idempotent=True))


def _created(body: Any, chunk_nums: list[str], *, offset: int) -> list[CreatedOrder]:
    """Created orders of a v2 answer, positioned by their ``order-num``."""
    if not isinstance(body, dict):
        return []
    position = {num: offset + i for i, num in enumerate(chunk_nums)}
    out = []
    for item in body.get("orders") or []:
        order = CreatedOrder.model_validate(item)
        out.append(order.model_copy(update={"position": position.get(order.order_num or "", -1)}))
    return out
