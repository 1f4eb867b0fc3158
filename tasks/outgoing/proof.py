"""A letter's proof of dispatch («Доказательство отправки»): one PDF for a court filing.

In order: a title page (the letter, its dispatch, its final status and the letter's line read
from the ф.103), the cover letter, the ф.107 inventory when the letter had one, the page(s) of
the batch's ф.103 that hold the letter's line (Russian Post's own PDF, stamped by the office, so
the page is included whole, never redrawn), and the tracking history with the final status.

A return after the storage term is stated as such, with its consequence: the message is deemed
delivered (ст. 165.1 ГК РФ; reference deadlines.md [уточнить]). The ф.103 comes from Russian Post,
so the proof is built by the ``clerk-requests`` flow, never by a page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Outgoing, TrackingEvent
from pochta import OtpravkaClient
from tasks.outgoing.documents import letter_documents
from tasks.outgoing.errors import OutgoingError, OutgoingProblem
from tasks.print_forms import Party
from tasks.print_forms.proof import ProofEvent, ProofFacts, moscow, proof_title_pdf, tracking_history_pdf

GIVING, RETURN, PROCESSING = 2, 3, 8
STORAGE_EXPIRED = 1  # 3/1 «Возврат — истёк срок хранения»
STORAGE_EXPIRED_PROCESSING = 40  # 8/40 «Истек срок хранения»
_DELIVERED = frozenset({1, 5, 6, 8, 10, 11, 12, 13, 17, 18, 25, 26, 27})
_BACK_TO_SENDER = frozenset({2, 7, 9, 28, 29, 30, 31})
TYPE_NAMES = {
    1: "Приём",
    2: "Вручение",
    3: "Возврат",
    4: "Досылка",
    5: "Невручение",
    6: "Хранение",
    8: "Обработка",
    12: "Неудачная попытка вручения",
    26: "Отмена",
    28: "Присвоение идентификатора",
    34: "Электронное уведомление",
    45: "Электронное уведомление",
}
ATTR_NAMES = {
    (1, 1): "единичный",
    (1, 2): "партионный",
    (1, 3): "партионный электронно",
    (2, 1): "вручение адресату",
    (2, 2): "вручение отправителю",
    (2, 5): "вручение адресату электронно",
    (2, 6): "вручение адресату почтальоном",
    (3, 1): "истёк срок хранения",
    (3, 2): "по заявлению отправителя",
    (3, 3): "отсутствие адресата по указанному адресу",
    (3, 4): "отказ адресата",
    (3, 5): "смерть адресата",
    (3, 10): "неверный адрес",
    (5, 1): "утрачено",
    (8, 1): "покинуло место приёма",
    (8, 2): "прибыло в место вручения",
    (8, 24): "направлено извещение",
    (8, 25): "доставлено извещение",
    (8, 40): "истёк срок хранения",
    (12, 1): "временное отсутствие адресата",
    (12, 6): "отказ от получения",
}
"""Attribute names of the operations a proof shows most (reference §5.3): batch tracking answers
carry only the operation's type name, so the attribute is named from its id here."""
E_NOTICE_OPERATIONS = {34: "загружено", 45: "отказ от отправки ЭУВ получателем"}
DEEMED_DELIVERED = (
    "Письмо возвращено отправителю за истечением срока хранения: юридически значимое сообщение "
    "считается доставленным адресату (ст. 165.1 ГК РФ), так как оно не вручено по "
    "обстоятельствам, зависящим от адресата."
)
E_NOTICE_TEXTS = {"received": "получено", "refused": "получатель отказался от электронного уведомления"}


class ProofRefused(OutgoingError):
    """The proof cannot be made yet (the letter is not handed over, so there is no ф.103 line)."""


@dataclass(frozen=True, slots=True)
class FinalStatus:
    """The last word of tracking on a letter, and its legal consequence if any."""

    text: str
    legal_note: str | None = None
    deemed_delivered: bool = False


def _when(event: TrackingEvent) -> str:
    return moscow(event.happened_at)


def final_status(events: list[TrackingEvent]) -> FinalStatus:
    """What happened to the letter in the end, from its stored events (any order)."""
    ordered = sorted(events, key=lambda e: e.happened_at)
    delivered = [e for e in ordered if e.oper_type == GIVING and e.oper_attr in _DELIVERED]
    if delivered:
        return FinalStatus(f"вручено адресату {_when(delivered[-1])}")
    expired = [
        e
        for e in ordered
        if (e.oper_type, e.oper_attr) in ((RETURN, STORAGE_EXPIRED), (PROCESSING, STORAGE_EXPIRED_PROCESSING))
    ]
    back = [e for e in ordered if e.oper_type == GIVING and e.oper_attr in _BACK_TO_SENDER]
    if expired:
        text = f"возвращено за истечением срока хранения {_when(expired[-1])}"
        if back:
            text += f"; получено отправителем {_when(back[-1])}"
        return FinalStatus(text, DEEMED_DELIVERED, deemed_delivered=True)
    returning = [e for e in ordered if e.oper_type == RETURN]
    if returning:
        reason = _attr(returning[-1]) or "причина не указана"
        text = f"возвращено отправителю ({reason}) {_when(returning[-1])}"
        return FinalStatus(text + (f"; получено отправителем {_when(back[-1])}" if back else ""))
    meaningful = [e for e in ordered if e.status != "info"]
    if not meaningful:
        return FinalStatus("операций по отправлению ещё нет")
    last = meaningful[-1]
    return FinalStatus(
        f"окончательного статуса ещё нет; последняя операция: {_operation(last)} {_when(last)}"
    )


def _attr(event: TrackingEvent) -> str | None:
    """The operation's attribute in words: from our table, else the name Russian Post gave."""
    if event.oper_type in E_NOTICE_OPERATIONS:
        return E_NOTICE_OPERATIONS[event.oper_type]
    known = ATTR_NAMES.get((event.oper_type, event.oper_attr or 0))
    if known:
        return known
    kind = TYPE_NAMES.get(event.oper_type, "")
    name = (event.oper_name or "").strip()
    return name if name and name.lower() != kind.lower() else None


def _operation(event: TrackingEvent) -> str:
    kind = TYPE_NAMES.get(event.oper_type) or event.oper_name or f"операция {event.oper_type}"
    attr = _attr(event)
    return f"{kind}: {attr}" if attr else kind


def _place(event: TrackingEvent) -> str:
    return " ".join(part for part in (event.place_index, event.place_name) if part)


@dataclass(frozen=True, slots=True)
class F103Extract:
    """The ф.103 pages holding the letter, the letter's line read from them, and what was done."""

    pages: bytes
    line: str | None
    note: str


def f103_extract(f103: bytes, barcode: str) -> F103Extract:
    """The page(s) of Russian Post's ф.103 that name ``barcode``, and the line naming it.

    When no page's text names the barcode (a scanned or differently laid out list), the whole
    ф.103 is kept, and the note says so.
    """
    reader = PdfReader(io.BytesIO(f103))
    digits = re.compile(r"\s*".join(barcode))  # a list may space the barcode's digits
    hits: list[int] = []
    line = None
    for number, page in enumerate(reader.pages):
        text = page.extract_text() or ""
        for candidate in text.splitlines():
            if digits.search(candidate):
                hits.append(number)
                line = line or " ".join(candidate.split())
                break
    writer = PdfWriter()
    for number in hits or range(len(reader.pages)):
        writer.add_page(reader.pages[number])
    buffer = io.BytesIO()
    writer.write(buffer)
    if hits:
        pages = ", ".join(str(n + 1) for n in hits)
        note = f"Из списка ф.103 приложена страница {pages} (из {len(reader.pages)}) со строкой письма."
    else:
        note = "Строку письма в тексте ф.103 найти не удалось: список ф.103 приложен целиком."
    return F103Extract(buffer.getvalue(), line, note)


def _merged(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": "Доказательство отправки"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _letter_with_events(session: Session, letter_id: int) -> tuple[Outgoing, list[TrackingEvent]]:
    letter = session.scalar(
        select(Outgoing).where(Outgoing.id == letter_id).options(selectinload(Outgoing.attachments))
    )
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    check_provable(letter)
    events = list(session.scalars(select(TrackingEvent).where(TrackingEvent.outgoing_id == letter_id)))
    return letter, events


def check_provable(letter: Outgoing) -> None:
    """Raise ``ProofRefused`` unless the letter's batch was handed over (its ф.103 exists)."""
    if letter.barcode is None or letter.batch_name is None or letter.checked_in_at is None:
        raise ProofRefused(
            OutgoingProblem.BATCH_NOT_CHECKED_IN,
            f"Письмо {letter.reg_number} ещё не передано в отделение: доказательство отправки "
            "можно сформировать после сдачи партии (нужен список ф.103).",
        )


@dataclass(frozen=True, slots=True)
class ProvableLetter:
    """A case's letter that was handed over, so its proof of dispatch can be asked for."""

    id: int
    reg_number: str
    recipient: str
    status: str | None


def provable_letters(session: Session, case_id: int) -> list[ProvableLetter]:
    """The case's letters handed over to Russian Post (with a ф.103 line), newest first."""
    query = (
        select(Outgoing)
        .where(
            Outgoing.case_id == case_id,
            Outgoing.checked_in_at.is_not(None),
            Outgoing.barcode.is_not(None),
            Outgoing.batch_name.is_not(None),
        )
        .order_by(Outgoing.id.desc())
    )
    return [
        ProvableLetter(letter.id, letter.reg_number, letter.recipient_name, letter.tracking_status)
        for letter in session.scalars(query)
    ]


def proof_file_name(reg_number: str) -> str:
    return f"{reg_number}-доказательство-отправки.pdf"


def dispatch_proof(
    session: Session, client: OtpravkaClient, letter_id: int, *, sender: Party, signatory: str | None = None
) -> dict[str, bytes]:
    """File name → the letter's proof of dispatch (one PDF). Reads; changes nothing.

    Raises ``ProofRefused`` before hand-over, ``OutgoingError`` for an unknown letter,
    ``RevealsDebt`` for a sender that hints at a debt, ``pochta.PochtaError`` from Russian Post.
    """
    letter, events = _letter_with_events(session, letter_id)
    assert letter.batch_name is not None and letter.barcode is not None  # check_provable
    documents = letter_documents(letter, sender=sender, signatory=signatory)
    number = letter.reg_number
    cover = documents[f"{number}-сопроводительное.pdf"]
    inventory = documents.get(f"{number}-опись-ф107.pdf")
    f103 = f103_extract(client.print_f103(letter.batch_name), letter.barcode)
    status = final_status(events)
    contents = ["Настоящий лист", "Сопроводительное письмо"]
    if inventory is not None:
        contents.append("Опись вложения ф.107")
    contents += [
        f"Список внутренних почтовых отправлений ф.103, партия {letter.batch_name}",
        "История отслеживания с итоговым статусом",
    ]
    e_notice = None
    if letter.with_electronic_notice:
        e_notice = E_NOTICE_TEXTS.get(letter.e_notice_status or "", "ещё не поступило")
        if letter.e_notice_at is not None:
            e_notice += f" {moscow(letter.e_notice_at)}"
    facts = ProofFacts(
        reg_number=number,
        date=letter.created_at.date(),
        recipient=letter.recipient_name,
        address=letter.recipient_address,
        barcode=letter.barcode,
        batch_name=letter.batch_name,
        checked_in=letter.checked_in_at,
        final_status=status.text,
        legal_note=status.legal_note,
        f103_line=f103.line,
        f103_note=f103.note,
        e_notice=e_notice,
        contents=contents,
        events=[ProofEvent(e.happened_at, _operation(e), _place(e)) for e in events],
    )
    parts = [proof_title_pdf(facts), cover, *([inventory] if inventory else []), f103.pages]
    parts.append(tracking_history_pdf(facts))
    return {proof_file_name(number): _merged(parts)}
