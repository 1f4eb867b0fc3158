"""Batch and print-form endpoints of ``OtpravkaClient``, kept apart to keep modules small."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pochta._enums import PrintType
from pochta._models import Batch, CheckinResult, CreateBatchResult, OrderInfo, sending_date_param
from pochta._positions import position_errors

if TYPE_CHECKING:
    from pochta._http import Session

_PDF_HEADERS = {"Accept": "application/pdf"}


def _name(batch_name: str) -> str:
    return quote(batch_name, safe="")


class BatchesMixin:
    """Batches (партии) and forms: create, read, check in, print."""

    _session: Session

    def _json(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Any:
        raise NotImplementedError  # provided by OtpravkaClient

    def create_batch(
        self, order_ids: Sequence[int], *, sending_date: dt.date | None = None
    ) -> CreateBatchResult:
        """Put backlog orders into batches (``POST /1.0/user/shipment``).

        Russian Post splits by mail type/category into several batches and assigns the final
        barcodes: re-read them afterwards. Not retried once sent (a batch may have been made).
        """
        body = self._json(
            "POST",
            "/1.0/user/shipment",
            idempotent=False,
            json=list(order_ids),
            params=sending_date_param(sending_date),
        )
        body = body if isinstance(body, dict) else {}
        return CreateBatchResult(
            batches=[Batch.model_validate(b) for b in body.get("batches") or []],
            result_ids=[int(i) for i in body.get("result-ids") or []],
            errors=position_errors(body),
        )

    def get_batch(self, batch_name: str) -> Batch:
        """A batch by name. ``PochtaNotFound`` if unknown."""
        return Batch.model_validate(self._json("GET", f"/1.0/batch/{_name(batch_name)}", idempotent=True))

    def get_batch_shipments(self, batch_name: str, *, page_size: int = 500) -> list[OrderInfo]:
        """Every order in a batch, reading page after page until a short page."""
        out: list[OrderInfo] = []
        page = 0
        while True:
            body = self._json(
                "GET",
                f"/1.0/batch/{_name(batch_name)}/shipment",
                idempotent=True,
                params={"size": page_size, "page": page},
            )
            items = [OrderInfo.model_validate(o) for o in body or []]
            out.extend(items)
            if len(items) < page_size:
                return out
            page += 1

    def checkin_batch(self, batch_name: str, *, use_online_balance: bool | None = None) -> CheckinResult:
        """Send the electronic ф.103 (``POST /1.0/batch/{name}/checkin``): the batch is frozen.

        POST as every working client uses (SR's prose says GET). ``f103_sent`` False comes with an
        ``error_code`` such as ``OFFLINE_BALANCE_FORBIDDEN``. Not retried once sent.
        """
        params = {} if use_online_balance is None else {"useOnlineBalance": str(use_online_balance).lower()}
        body = self._json("POST", f"/1.0/batch/{_name(batch_name)}/checkin", idempotent=False, params=params)
        return CheckinResult.model_validate(body or {})

    def print_f103(self, batch_name: str) -> bytes:
        """The batch's ф.103 list as PDF bytes. Check the batch in first (reference §2.6)."""
        return self._bytes(f"/1.0/forms/{_name(batch_name)}/f103pdf", {})

    def print_order_forms(
        self,
        order_id: int,
        *,
        sending_date: dt.date | None = None,
        print_type: PrintType | None = None,
        backlog: bool = False,
    ) -> bytes:
        """All forms of one order (envelope, notice, inventory) as PDF bytes.

        ``backlog=True`` uses ``/1.0/forms/backlog/{id}/forms`` for orders not yet batched; whether
        that needs the ``print-from-backlog`` setting is [UNCERTAIN], so batched is the default.
        """
        params: dict[str, str] = sending_date_param(sending_date)
        if print_type is not None:
            params["print-type"] = print_type.value
        path = f"/1.0/forms/backlog/{order_id}/forms" if backlog else f"/1.0/forms/{order_id}/forms"
        return self._bytes(path, params)

    def _bytes(self, path: str, params: dict[str, str]) -> bytes:
        return self._session.request(
            "GET", path, idempotent=True, params=params, headers=_PDF_HEADERS
        ).content
