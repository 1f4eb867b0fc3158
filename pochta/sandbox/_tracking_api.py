"""SOAP tracking routes of the sandbox: ``/fc`` (batch tickets, SOAP 1.1) and ``/rtm34`` (single, 1.2).

Answers follow the real services' element names and attributes (reference §5.1-5.2). Dates are
written as Moscow time, as the real services write office-local time.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import httpx

from pochta import _soap
from pochta.sandbox._state import SandboxState
from pochta.sandbox._timeline import PlannedEvent
from pochta.sandbox._wire import Call, Route, route

MSK = dt.timezone(dt.timedelta(hours=3))
_NOT_READY = "Ответ по тикету {ticket} еще не готов."
_LIMIT = "Ошибка авторизации: Превышен лимит количества запросов"
_AUTH = "Ошибка авторизации: неверное имя пользователя или пароль"


def _xml(body: str, *, soap12: bool = False, status: int = 200) -> httpx.Response:
    ns = _soap.SOAP12 if soap12 else _soap.SOAP11
    head = f'<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="{ns}">'
    content = f"{head}<S:Body>{body}</S:Body></S:Envelope>"
    kind = "application/soap+xml" if soap12 else "text/xml"
    return httpx.Response(
        status, content=content.encode(), headers={"Content-Type": f"{kind}; charset=utf-8"}
    )


def _fc(tag: str, inner: str) -> httpx.Response:
    return _xml(f'<ns3:{tag} xmlns:ns2="{_soap.FC_NS}" xmlns:ns3="{_soap.FC_SERVER_NS}">{inner}</ns3:{tag}>')


def _fc_error(tag: str, kind: int, name: str) -> httpx.Response:
    return _fc(tag, f'<error ErrorTypeID="{kind}" ErrorName={quoteattr(name)}/>')


def _first_text(root: ET.Element, name: str) -> str:
    element = _soap.find(root, name)
    return "" if element is None else (element.text or "").strip()


def _credentials_ok(root: ET.Element) -> bool:
    """The sandbox accepts any non-empty login and password."""
    return bool(_first_text(root, "login") and _first_text(root, "password"))


@route("POST", r"/fc")
def fc(call: Call) -> httpx.Response:
    root = _soap.parse(call.request.content)
    ticket_request = _soap.find(root, "ticketRequest")
    tag = "ticketResponse" if ticket_request is not None else "answerByTicketResponse"
    if not _credentials_ok(root):
        return _fc_error(tag, 3, _AUTH)
    if call.state.faults.quota_exhausted:
        return _fc_error(tag, 3, _LIMIT)
    if ticket_request is not None:
        barcodes = [b for b in (_soap.attr(i, "Barcode") for i in _soap.find_all(root, "Item")) if b]
        if not 0 < len(barcodes) <= 3000:
            return _fc_error(tag, 1, "Количество отправлений в запросе должно быть от 1 до 3000")
        return _fc(tag, f"<value>{escape(call.state.new_ticket(barcodes))}</value>")
    ticket = _soap.text(_soap.find_or_self(root, "answerByTicketRequest"), "ticket") or ""
    answered = call.state.ticket_barcodes(ticket)
    if answered is None:
        return _fc_error(tag, 6, _NOT_READY.format(ticket=ticket))
    return _fc(tag, _answer(call.state, ticket, answered))


def _answer(state: SandboxState, ticket: str, barcodes: list[str]) -> str:
    items = []
    for barcode in barcodes:
        events = state.events(barcode)
        if events is None:
            inner = '<ns2:Error ErrorTypeID="12" ErrorName="Почтовое отправление не найдено"/>'
        else:
            inner = "".join(
                f'<ns2:Operation OperTypeID="{e.oper_type}" OperCtgID="{e.oper_attr}" '
                f"OperName={quoteattr(e.type_name)} DateOper="
                f'"{e.at.astimezone(MSK):%d.%m.%Y %H:%M:%S}" IndexOper="{escape(e.index)}"/>'
                for e in events
            )
        items.append(f"<ns2:Item Barcode={quoteattr(barcode)}>{inner}</ns2:Item>")
    now = state.now().astimezone(MSK)
    return (
        f'<value FileName="{escape(ticket)}" FileTypeID="2" FileNumber="1" SenderID="1" RecipientID="1" '
        f'PrepareDate="{now:%d.%m.%Y %H:%M:%S}">{"".join(items)}</value>'
    )


@route("POST", r"/rtm34")
def rtm34(call: Call) -> httpx.Response:
    root = _soap.parse(call.request.content)
    if not _credentials_ok(root):
        return _fault(_AUTH, "AuthorizationFaultReason")
    if call.state.faults.quota_exhausted:
        return _fault(_LIMIT, "OperationHistoryFaultReason")
    found = _soap.find(root, "Barcode")
    barcode = (found.text or "").strip() if found is not None else ""
    records = "".join(_record(barcode, e) for e in call.state.events(barcode) or [])
    return _xml(
        f'<ns7:getOperationHistoryResponse xmlns:ns3="{_soap.OH_DATA_NS}" xmlns:ns7="{_soap.OH_NS}">'
        f"<ns3:OperationHistoryData>{records}</ns3:OperationHistoryData></ns7:getOperationHistoryResponse>",
        soap12=True,
    )


def _record(barcode: str, e: PlannedEvent) -> str:
    return (
        "<ns3:historyRecord><ns3:AddressParameters><ns3:OperationAddress>"
        f"<ns3:Index>{escape(e.index)}</ns3:Index><ns3:Description>{escape(e.place)}</ns3:Description>"
        "</ns3:OperationAddress></ns3:AddressParameters>"
        f"<ns3:ItemParameters><ns3:Barcode>{escape(barcode)}</ns3:Barcode></ns3:ItemParameters>"
        "<ns3:OperationParameters>"
        f"<ns3:OperType><ns3:Id>{e.oper_type}</ns3:Id><ns3:Name>{escape(e.type_name)}</ns3:Name></ns3:OperType>"
        f"<ns3:OperAttr><ns3:Id>{e.oper_attr}</ns3:Id><ns3:Name>{escape(e.attr_name)}</ns3:Name></ns3:OperAttr>"
        f"<ns3:OperDate>{e.at.astimezone(MSK).isoformat(timespec='milliseconds')}</ns3:OperDate>"
        "</ns3:OperationParameters></ns3:historyRecord>"
    )


def _fault(reason: str, detail: str) -> httpx.Response:
    return _xml(
        "<S:Fault><S:Code><S:Value>S:Receiver</S:Value></S:Code>"
        f'<S:Reason><S:Text xml:lang="ru">{escape(reason)}</S:Text></S:Reason>'
        f'<S:Detail><ns3:{detail} xmlns:ns3="{_soap.OH_DATA_NS}">{escape(reason)}</ns3:{detail}></S:Detail>'
        "</S:Fault>",
        soap12=True,
        status=500,
    )


ROUTES: list[Route] = [fc, rtm34]
