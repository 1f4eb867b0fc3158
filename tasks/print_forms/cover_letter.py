"""The cover letter (сопроводительное письмо) that lists what the envelope holds.

It travels inside the envelope, so it may name the documents; the outside stays neutral.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from tasks.print_forms.address import Party, address_lines
from tasks.print_forms.fonts import register_fonts
from tasks.print_forms.inventory import Enclosure


def cover_letter_pdf(
    *,
    sender: Party,
    recipient: Party,
    reg_number: str,
    date: dt.date,
    enclosures: Sequence[Enclosure],
    body: str | None = None,
    signatory: str | None = None,
) -> bytes:
    """An A4 cover letter: our details, the addressee, number and date, the list of enclosures."""
    regular, bold = register_fonts()
    text = ParagraphStyle("t", fontName=regular, fontSize=10.5, leading=14)
    small = ParagraphStyle("s", parent=text, fontSize=9, leading=11.5)
    title = ParagraphStyle("h", parent=text, fontName=bold, fontSize=13, leading=17, alignment=1)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Сопроводительное письмо {reg_number}",
    )
    ours = Paragraph(f"<b>{escape(sender.name)}</b><br/>{escape(', '.join(address_lines(sender)))}", small)
    lines = "<br/>".join(escape(line) for line in address_lines(recipient))
    theirs = Paragraph(f"<b>{escape(recipient.name)}</b><br/>{lines}", small)
    pages = sum(item.pages for item in enclosures)
    story: list[object] = [
        Table([[ours, theirs]], colWidths=[85 * mm, 85 * mm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        Spacer(1, 8 * mm),
        Paragraph(f"Исх. № {escape(reg_number)} от {date:%d.%m.%Y}", text),
        Spacer(1, 8 * mm),
        Paragraph("Сопроводительное письмо", title),
        Spacer(1, 5 * mm),
        Paragraph(escape(body) if body else "Направляем в Ваш адрес следующие документы:", text),
        Spacer(1, 3 * mm),
    ]
    story += [
        Paragraph(f"{n}. {escape(item.title)} — {item.pages} л.", text)
        for n, item in enumerate(enclosures, 1)
    ]
    story += [
        Spacer(1, 5 * mm),
        Paragraph(f"Приложение: по тексту, всего на {pages} л.", text),
        Spacer(1, 15 * mm),
        Paragraph(f"{escape(signatory or '')} ____________________ (подпись)", text),
    ]
    doc.build(story)
    return buffer.getvalue()
