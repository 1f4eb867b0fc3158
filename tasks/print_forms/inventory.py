"""The inventory of contents, ф.107 (опись вложения), in two copies on one PDF.

Layout after the official form (domain A.2): header, «Куда» and «Кому», a table of
№ п/п · Наименование предметов · Количество предметов · Объявленная ценность, руб., totals and
signature lines with a box for the calendar stamp. The post office signs and stamps both copies:
one goes into the envelope, one stays with us.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tasks.print_forms.address import Party, address_lines
from tasks.print_forms.fonts import register_fonts

COPIES = ("Экземпляр отправителя", "Экземпляр для вложения в отправление")


@dataclass(frozen=True, slots=True)
class Enclosure:
    """One document in the envelope: its title and number of sheets."""

    title: str
    pages: int


def split_value(total_kopecks: int, parts: int) -> list[int]:
    """Declared value per item: equal shares in kopecks, the remainder on the first (sum is exact)."""
    if parts <= 0:
        return []
    share, rest = divmod(total_kopecks, parts)
    return [share + rest] + [share] * (parts - 1)


def rubles(kopecks: int) -> str:
    """«1 234,50» for kopecks."""
    return f"{kopecks // 100:,}".replace(",", " ") + f",{kopecks % 100:02d}"


def inventory_pdf(
    *,
    recipient: Party,
    enclosures: Sequence[Enclosure],
    declared_value_kopecks: int,
    item_kind: str = "ценное письмо",
    sender: Party | None = None,
) -> bytes:
    """Two copies of the ф.107 for one letter, one A5 page each."""
    regular, bold = register_fonts()
    text = ParagraphStyle("t", fontName=regular, fontSize=8.5, leading=10.5)
    title = ParagraphStyle("h", parent=text, fontName=bold, fontSize=12, leading=15, alignment=1)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A5,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title="Опись вложения ф.107",
    )
    story: list[object] = []
    for number, copy in enumerate(COPIES):
        if number:
            story.append(PageBreak())
        story += [
            Paragraph("ф. 107", ParagraphStyle("r", parent=text, alignment=2)),
            Paragraph("ОПИСЬ ВЛОЖЕНИЯ", title),
            Paragraph(f"в {item_kind}", ParagraphStyle("c", parent=text, alignment=1)),
            Spacer(1, 3 * mm),
            Paragraph(f"<b>Куда:</b> {escape(', '.join(address_lines(recipient)))}", text),
            Paragraph(f"<b>Кому:</b> {escape(recipient.name)}", text),
            Spacer(1, 3 * mm),
            _table(enclosures, declared_value_kopecks, regular, bold),
            Spacer(1, 3 * mm),
            Paragraph(f"Всего предметов: {len(enclosures)}", text),
            Paragraph(f"Общая сумма объявленной ценности: {rubles(declared_value_kopecks)} руб.", text),
            Spacer(1, 6 * mm),
            Paragraph(
                f"Отправитель{' ' + sender.name if sender else ''} ____________________ (подпись)", text
            ),
            Spacer(1, 5 * mm),
            _stamp(text),
            Spacer(1, 3 * mm),
            Paragraph(f"<font size=6.5>{copy}</font>", text),
        ]
    doc.build(story)
    return buffer.getvalue()


def _table(enclosures: Sequence[Enclosure], total: int, regular: str, bold: str) -> Table:
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=9.5)
    head = ParagraphStyle("head", parent=cell, fontName=bold, alignment=1)
    rows: list[list[object]] = [
        [
            Paragraph(h, head)
            for h in ("№ п/п", "Наименование предметов", "Количество предметов", "Объявленная ценность, руб.")
        ]
    ]
    for number, (item, value) in enumerate(
        zip(enclosures, split_value(total, len(enclosures)), strict=True), 1
    ):
        rows.append(
            [str(number), Paragraph(f"{escape(item.title)}, {item.pages} л.", cell), "1", rubles(value)]
        )
    rows.append(["", Paragraph("<b>Итого</b>", cell), str(len(enclosures)), rubles(total)])
    table = Table(rows, colWidths=[10 * mm, 68 * mm, 24 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _stamp(text: ParagraphStyle) -> Table:
    """«Проверил» signature line beside the box for the post office's calendar stamp."""
    checked = Paragraph("Проверил ____________________<br/>(подпись работника связи)", text)
    box = Paragraph(
        "Оттиск календарного штемпеля", ParagraphStyle("s", parent=text, fontSize=6.5, alignment=1)
    )
    table = Table([[checked, box]], colWidths=[80 * mm, 35 * mm], rowHeights=[25 * mm])
    table.setStyle(
        TableStyle([("BOX", (1, 0), (1, 0), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return table
