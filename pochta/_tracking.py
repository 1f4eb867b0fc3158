"""``TrackingClient``: Russian Post's SOAP tracking, batch (tickets) and single-item.

Usage::

    with TrackingClient(login=l, password=p) as tracking:
        ticket = tracking.get_ticket(barcodes)           # <= 3000 barcodes
        ...                                              # at least 15 minutes later
        answer = tracking.get_response_by_ticket(ticket)
        if isinstance(answer, TicketNotReady): ...       # ask again later

The tracking credentials are not the Otpravka ones (reference §5). Error ``ErrorTypeID`` 6 is
"not ready yet" and comes back as ``TicketNotReady``, not as an exception.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import httpx

from pochta import _soap
from pochta._exceptions import (
    PochtaAuthError,
    PochtaBadRequest,
    PochtaError,
    PochtaQuotaExceeded,
    PochtaUnavailable,
)
from pochta._http import DEFAULT_TIMEOUT, ClientBase, Retry, Session
from pochta._tracking_codes import is_final, status_for
from pochta._tracking_models import ItemError, TicketAnswer, TicketNotReady, TrackingEvent

PRODUCTION_URL = "https://tracking.russianpost.ru"
MAX_TICKET_BARCODES = 3000
ERROR_AUTH_OR_LIMIT = 3
ERROR_NOT_READY = 6
ERROR_INTERNAL = 16
_SOAP11_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
_SOAP12_HEADERS = {"Content-Type": "application/soap+xml; charset=utf-8"}


def _is_fault(response: httpx.Response) -> bool:
    """SOAP faults come with HTTP 500; they carry a reason we want, so they are read, not retried."""
    return response.status_code == 500 and b"Fault" in response.content


class TrackingClient(ClientBase):
    """Client of the batch (``/fc``) and single (``/rtm34``) tracking services."""

    def __init__(
        self,
        base_url: str = PRODUCTION_URL,
        *,
        login: str,
        password: str,
        language: str = "RUS",
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._session = Session(
            base_url,
            headers={},
            timeout=timeout,
            transport=transport,
            retry=Retry(attempts=max(1, retries), backoff=backoff, sleep=sleep),
        )
        self._login = login
        self._password = password
        self._language = language

    def get_ticket(self, barcodes: Sequence[str]) -> str:
        """Ask for the history of up to 3000 barcodes; returns the ticket to fetch later.

        Raises ``ValueError`` past 3000 (LG uses 500 because big answers time out: the caller picks).
        """
        if not 0 < len(barcodes) <= MAX_TICKET_BARCODES:
            raise ValueError(f"a ticket holds 1..{MAX_TICKET_BARCODES} barcodes, got {len(barcodes)}")
        xml = _soap.ticket_request(
            barcodes, login=self._login, password=self._password, language=self._language
        )
        root = self._post("/fc", xml, _SOAP11_HEADERS)
        response = _soap.find_or_self(root, "ticketResponse")
        _raise_for_fc_error(response)
        ticket = _soap.text(response, "value")
        if not ticket:
            raise PochtaBadRequest("Сервис отслеживания не выдал номер запроса (тикет).")
        return ticket

    def get_response_by_ticket(self, ticket: str) -> TicketAnswer | TicketNotReady:
        """The events for a ticket, or ``TicketNotReady`` while Russian Post is still preparing it."""
        xml = _soap.answer_request(ticket, login=self._login, password=self._password)
        root = self._post("/fc", xml, _SOAP11_HEADERS)
        response = _soap.find_or_self(root, "answerByTicketResponse")
        error = next((c for c in response if _soap.local(c) == "error"), None)
        if error is not None and _error_type(error) == ERROR_NOT_READY:
            return TicketNotReady(ticket=ticket)
        _raise_for_fc_error(response)
        events: dict[str, list[TrackingEvent]] = {}
        errors: dict[str, ItemError] = {}
        for item in _soap.find_all(response, "Item"):
            barcode = _soap.attr(item, "Barcode") or ""
            for child in item:
                if _soap.local(child) == "operation":
                    events.setdefault(barcode, []).append(_batch_event(barcode, child))
                elif _soap.local(child) == "error":
                    errors[barcode] = ItemError(barcode, _error_type(child), _soap.attr(child, "ErrorName"))
            if barcode not in errors:
                events.setdefault(barcode, [])
        return TicketAnswer(ticket=ticket, events=events, errors=errors)

    def get_operation_history(self, barcode: str) -> list[TrackingEvent]:
        """Every operation on one item (``getOperationHistory``), oldest first."""
        xml = _soap.history_request(
            barcode, login=self._login, password=self._password, language=self._language
        )
        root = self._post("/rtm34", xml, _SOAP12_HEADERS)
        return [_history_event(barcode, record) for record in _soap.find_all(root, "historyRecord")]

    def _post(self, path: str, xml: str, headers: dict[str, str]) -> ET.Element:
        response = self._session.request(
            "POST", path, idempotent=True, passthrough=_is_fault, content=xml.encode(), headers=headers
        )
        root = _soap.parse(response.content)
        fault = _soap.fault_text(root)
        if fault is not None:
            raise _fault_error(*fault)
        return root


def _error_type(element: ET.Element) -> int:
    value = _soap.attr(element, "ErrorTypeID") or "0"
    return int(value) if value.isdigit() else 0


def _raise_for_fc_error(response: ET.Element) -> None:
    """Raise ours for a root ``error`` element of the FC service (3 auth/limit, 16 internal)."""
    error = next((c for c in response if _soap.local(c) == "error"), None)
    if error is None:
        return
    kind, name = _error_type(error), _soap.attr(error, "ErrorName") or ""
    if kind == ERROR_AUTH_OR_LIMIT and "лимит" in name.lower():
        raise PochtaQuotaExceeded("Исчерпан лимит запросов к сервису отслеживания.", code=str(kind))
    if kind == ERROR_AUTH_OR_LIMIT:
        raise PochtaAuthError("Сервис отслеживания не принял логин или пароль.", code=str(kind))
    if kind == ERROR_INTERNAL:
        raise PochtaUnavailable("Сервис отслеживания временно недоступен.", code=str(kind))
    raise PochtaBadRequest(f"Сервис отслеживания: {name or 'ошибка'} (код {kind}).", code=str(kind))


def _fault_error(reason: str, detail_tag: str) -> PochtaError:
    lowered = reason.lower()
    if "лимит" in lowered or "limit" in lowered:
        return PochtaQuotaExceeded("Исчерпан лимит запросов к сервису отслеживания.")
    if "authorization" in detail_tag or "авторизац" in lowered:
        return PochtaAuthError("Сервис отслеживания не принял логин или пароль.")
    return PochtaBadRequest(f"Сервис отслеживания: {reason}")


def _batch_event(barcode: str, op: ET.Element) -> TrackingEvent:
    """One ``Operation`` of a ticket answer; the batch service gives no attribute names."""
    oper_type = int(_soap.attr(op, "OperTypeID") or 0)
    raw_attr = _soap.attr(op, "OperCtgID")
    oper_attr = int(raw_attr) if raw_attr and raw_attr.isdigit() else None
    return TrackingEvent(
        barcode=barcode,
        oper_type_id=oper_type,
        oper_type_name=_soap.attr(op, "OperName"),
        oper_attr_id=oper_attr,
        oper_attr_name=None,
        oper_date=_soap.parse_batch_date(_soap.attr(op, "DateOper") or ""),
        place_index=_soap.attr(op, "IndexOper"),
        place_name=None,
        status=status_for(oper_type, oper_attr),
        is_final=is_final(oper_type, oper_attr),
    )


def _history_event(barcode: str, record: ET.Element) -> TrackingEvent:
    """One ``historyRecord`` of the single service."""
    params = next((c for c in record if _soap.local(c) == "operationparameters"), record)
    address = next((c for c in record if _soap.local(c) == "addressparameters"), None)
    oper_type = int(_soap.text(params, "OperType", "Id") or 0)
    raw_attr = _soap.text(params, "OperAttr", "Id")
    oper_attr = int(raw_attr) if raw_attr and raw_attr.isdigit() else None
    return TrackingEvent(
        barcode=_soap.text(record, "ItemParameters", "Barcode") or barcode,
        oper_type_id=oper_type,
        oper_type_name=_soap.text(params, "OperType", "Name"),
        oper_attr_id=oper_attr,
        oper_attr_name=_soap.text(params, "OperAttr", "Name"),
        oper_date=_soap.parse_iso_date(_soap.text(params, "OperDate") or ""),
        place_index=_soap.text(address, "OperationAddress", "Index"),
        place_name=_soap.text(address, "OperationAddress", "Description"),
        status=status_for(oper_type, oper_attr),
        is_final=is_final(oper_type, oper_attr),
    )
