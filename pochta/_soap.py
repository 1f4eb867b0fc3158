"""Hand-built SOAP envelopes and tolerant parsing for the two tracking services.

No zeep: two operations do not justify a WSDL engine, and zeep needs ``strict=False`` hacks for
these services anyway. Parsing matches elements by *local* name, case-insensitively, because the
WSDL and the answers disagree on case and prefixes (``Item``/``item``, reference §5.2).
The standard-library parser resolves no external entities, and the expat bundled with Python 3.11+
refuses entity-expansion bombs.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from pochta._exceptions import PochtaBadRequest

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
FC_NS = "http://fclient.russianpost.org"
FC_SERVER_NS = "http://fclient.russianpost.org/postserver"
OH_NS = "http://russianpost.org/operationhistory"
OH_DATA_NS = "http://russianpost.org/operationhistory/data"
# The batch service gives "dd.MM.yyyy HH:mm:ss" in the office's local time without an offset.
# We read it as Moscow time [UNCERTAIN]: off by up to 9 hours in the far east, never by a day
# for events during office hours.
BATCH_DATE_TZ = dt.timezone(dt.timedelta(hours=3), "MSK")


def ticket_request(barcodes: Sequence[str], *, login: str, password: str, language: str) -> str:
    """The FC ``getTicket`` envelope (SOAP 1.1)."""
    items = "".join(f"<fcl:Item Barcode={quoteattr(b)}/>" for b in barcodes)
    return _envelope11(
        f"<pos:ticketRequest><request>{items}</request>{_cred(login, password)}"
        f"<language>{escape(language)}</language></pos:ticketRequest>"
    )


def answer_request(ticket: str, *, login: str, password: str) -> str:
    """The FC ``getResponseByTicket`` envelope (SOAP 1.1)."""
    return _envelope11(
        f"<pos:answerByTicketRequest><ticket>{escape(ticket)}</ticket>"
        f"{_cred(login, password)}</pos:answerByTicketRequest>"
    )


def history_request(barcode: str, *, login: str, password: str, language: str) -> str:
    """The RTM34 ``getOperationHistory`` envelope (SOAP 1.2), credentials as a body sibling."""
    return (
        f'<soap:Envelope xmlns:soap="{SOAP12}" xmlns:oper="{OH_NS}" xmlns:data="{OH_DATA_NS}">'
        "<soap:Header/><soap:Body><oper:getOperationHistory>"
        f"<data:OperationHistoryRequest><data:Barcode>{escape(barcode)}</data:Barcode>"
        f"<data:MessageType>0</data:MessageType><data:Language>{escape(language)}</data:Language>"
        "</data:OperationHistoryRequest>"
        f'<data:AuthorizationHeader soap:mustUnderstand="1"><data:login>{escape(login)}</data:login>'
        f"<data:password>{escape(password)}</data:password></data:AuthorizationHeader>"
        "</oper:getOperationHistory></soap:Body></soap:Envelope>"
    )


def _cred(login: str, password: str) -> str:
    return f"<login>{escape(login)}</login><password>{escape(password)}</password>"


def _envelope11(body: str) -> str:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP11}" xmlns:pos="{FC_SERVER_NS}" xmlns:fcl="{FC_NS}">'
        f"<soapenv:Header/><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    )


def parse(content: bytes) -> ET.Element:
    """The XML root of an answer; garbage becomes ``PochtaBadRequest``."""
    try:
        return ET.fromstring(content)
    except ET.ParseError as exc:
        raise PochtaBadRequest("Сервис отслеживания прислал ответ, который не удалось разобрать.") from exc


def local(element: ET.Element) -> str:
    """The tag without its namespace, lower-cased."""
    return element.tag.rsplit("}", 1)[-1].lower()


def find_all(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Descendants (and self) with local name ``name``, any namespace, any case."""
    wanted = name.lower()
    return (e for e in element.iter() if local(e) == wanted)


def find(element: ET.Element, name: str) -> ET.Element | None:
    """The first descendant with local name ``name``."""
    return next(find_all(element, name), None)


def find_or_self(element: ET.Element, name: str) -> ET.Element:
    """The first descendant named ``name``, else ``element`` itself (no Element truthiness)."""
    found = find(element, name)
    return element if found is None else found


def text(element: ET.Element | None, *path: str) -> str | None:
    """Stripped text at a local-name path below ``element`` (each step: first match)."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c) == name.lower()), None)
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def attr(element: ET.Element, name: str) -> str | None:
    """An attribute by local name, any case (``Barcode`` vs ``barcode``)."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1].lower() == wanted:
            return value
    return None


def fault_text(root: ET.Element) -> tuple[str, str] | None:
    """``(reason, detail tag)`` of a SOAP 1.1/1.2 fault, or ``None`` when there is no fault."""
    fault = find(root, "Fault")
    if fault is None:
        return None
    reason = text(fault, "faultstring") or text(fault, "Reason", "Text") or "SOAP fault"
    detail = find(fault, "detail")
    detail_tag = next((local(c) for c in detail), "") if detail is not None else ""
    return reason, detail_tag


def parse_batch_date(value: str) -> dt.datetime:
    """``dd.MM.yyyy HH:mm:ss`` of the batch service, read as Moscow time (see ``BATCH_DATE_TZ``)."""
    return dt.datetime.strptime(value, "%d.%m.%Y %H:%M:%S").replace(tzinfo=BATCH_DATE_TZ)


def parse_iso_date(value: str) -> dt.datetime:
    """ISO date with offset of the single service; a missing offset is read as Moscow time."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BATCH_DATE_TZ)
