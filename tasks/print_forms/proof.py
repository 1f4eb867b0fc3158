"""The pages of a proof of dispatch that we draw ourselves: the title page and the tracking history.

A proof of dispatch («Доказательство отправки») is one PDF per letter for a court or an
inspection: this title page, the cover letter, the ф.107 when there was one, the page of the
batch's ф.103 holding the letter's line, and the tracking history with its final status. The
ф.103 comes from Russian Post and the assembly is ``tasks.outgoing.proof``; here are only the two
pages drawn from our facts. Pure: data in, PDF bytes out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tasks.print_forms.fonts import register_fonts

MOSCOW = ZoneInfo("Europe/Moscow")
TITLE = "Доказательство отправки"


@dataclass(frozen=True, slots=True)
class ProofEvent:
    """One tracking operation as printed: when (UTC), what, where."""

    at: dt.datetime
    operation: str
    place: str


@dataclass(frozen=True, slots=True)
class ProofFacts:
    """What the proof states about one letter.

    ``final_status``: the last meaningful event in words; ``legal_note``: the consequence for a
    legally significant message (ст. 165.1 ГК РФ) when there is one; ``f103_line``: the letter's
    line as read from Russian Post's ф.103 (None when it could not be read from the PDF).
    """

    reg_number: str
    date: dt.date
    recipient: str
    address: str
    barcode: str
    batch_name: str
    checked_in: dt.datetime | None
    final_status: str
    legal_note: str | None = None
    f103_line: str | None = None
    f103_note: str = ""
    e_notice: str | None = None
    contents: Sequence[str] = field(default_factory=tuple)
    events: Sequence[ProofEvent] = field(default_factory=tuple)


def moscow(moment: dt.datetime) -> str:
    """``dd.mm.yyyy HH:MM`` in Moscow time (stored times are UTC; SQLite gives them back naive)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M")


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    regular, bold = register_fonts()
    text = ParagraphStyle("t", fontName=regular, fontSize=10.5, leading=14)
    small = ParagraphStyle("s", parent=text, fontSize=9, leading=11.5)
    title = ParagraphStyle("h", parent=text, fontName=bold, fontSize=14, leading=18, alignment=1)
    return text, small, title


def _build(story: list[object], *, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
    )
    doc.build(story)
    return buffer.getvalue()


def _row(label: str, value: str, text: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(f"<b>{escape(label)}</b>", text), Paragraph(escape(value), text)]


def proof_title_pdf(facts: ProofFacts) -> bytes:
    """Page one: the letter, its dispatch, its final status and what the document holds."""
    text, small, title = _styles()
    rows = [
        _row("Исходящий номер", f"{facts.reg_number} от {facts.date:%d.%m.%Y}", text),
        _row("Адресат", facts.recipient, text),
        _row("Адрес", facts.address, text),
        _row("Почтовый идентификатор (ШПИ)", facts.barcode, text),
        _row("Партия (список ф.103)", facts.batch_name, text),
        _row("Передано в отделение", moscow(facts.checked_in) if facts.checked_in else "—", text),
        _row("Итоговый статус", facts.final_status, text),
    ]
    if facts.e_notice:
        rows.append(_row("Электронное уведомление", facts.e_notice, text))
    table = Table(rows, colWidths=[60 * mm, 115 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story: list[object] = [
        Paragraph(f"{TITLE} письма {escape(facts.reg_number)}", title),
        Spacer(1, 8 * mm),
        table,
        Spacer(1, 5 * mm),
    ]
    if facts.legal_note:
        story += [Paragraph(f"<b>{escape(facts.legal_note)}</b>", text), Spacer(1, 4 * mm)]
    if facts.f103_line:
        story.append(Paragraph(f"Строка письма в списке ф.103: «{escape(facts.f103_line)}».", text))
    if facts.f103_note:
        story.append(Paragraph(escape(facts.f103_note), small))
    story += [Spacer(1, 5 * mm), Paragraph("<b>Состав документа</b>", text)]
    story += [Paragraph(f"{n}. {escape(item)}", text) for n, item in enumerate(facts.contents, 1)]
    return _build(story, title=f"{TITLE} {facts.reg_number}")


def tracking_history_pdf(facts: ProofFacts) -> bytes:
    """The tracking history, oldest event first, under the final status (and its legal note)."""
    text, small, title = _styles()
    header = [Paragraph(f"<b>{h}</b>", small) for h in ("Дата и время (МСК)", "Операция", "Место")]
    body = [
        [
            Paragraph(moscow(e.at), small),
            Paragraph(escape(e.operation), small),
            Paragraph(escape(e.place), small),
        ]
        for e in sorted(facts.events, key=lambda e: e.at)
    ]
    story: list[object] = [
        Paragraph(f"История отслеживания отправления {escape(facts.barcode)}", title),
        Spacer(1, 5 * mm),
        Paragraph(f"<b>Итоговый статус:</b> {escape(facts.final_status)}", text),
    ]
    if facts.legal_note:
        story.append(Paragraph(escape(facts.legal_note), text))
    story.append(Spacer(1, 5 * mm))
    if body:
        table = Table([header, *body], colWidths=[38 * mm, 82 * mm, 55 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph("Почта России ещё не сообщила ни одной операции.", text))
    story += [
        Spacer(1, 4 * mm),
        Paragraph("Источник: сервис отслеживания Почты России (по данным на дату формирования).", small),
    ]
    return _build(story, title=f"История отслеживания {facts.barcode}")
