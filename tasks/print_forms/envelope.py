"""Envelopes DL (220×110 mm) and C5 (229×162 mm): sender upper left, recipient lower right.

The index goes twice, as Russian Post asks: on the last line of the address block and in the
index template (кодовый штамп) in the lower left. Every text drawn passes ``check_neutral``:
the outside carries names, addresses and the barcode, nothing about the letter's content.
"""

from __future__ import annotations

import io

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from tasks.print_forms.address import Party, address_lines
from tasks.print_forms.fonts import register_fonts
from tasks.print_forms.neutral import check_neutral

ENVELOPE_SIZES_MM: dict[str, tuple[float, float]] = {"DL": (220, 110), "C5": (229, 162)}
_MARGIN = 8 * mm


def envelope_pdf(*, sender: Party, recipient: Party, size: str = "DL", barcode: str | None = None) -> bytes:
    """One envelope as a one-page PDF of the envelope's own size (print on the envelope).

    Raises ``KeyError`` for a size other than DL/C5 and ``RevealsDebt`` if any text hints at a debt.
    """
    width, height = (v * mm for v in ENVELOPE_SIZES_MM[size])
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle("Конверт")
    _block(
        canvas,
        "От кого",
        "Откуда",
        sender,
        x=_MARGIN,
        top=height - _MARGIN,
        width=width * 0.42,
        fonts=(regular, bold),
    )
    rx = width * 0.45
    top = height * (0.52 if size == "DL" else 0.48)
    _block(
        canvas, "Кому", "Куда", recipient, x=rx, top=top, width=width - rx - _MARGIN, fonts=(regular, bold)
    )
    index = next((line for line in reversed(address_lines(recipient)) if line.isdigit()), "")
    _index_template(canvas, index, x=_MARGIN, y=_MARGIN, font=bold)
    if barcode:
        _barcode(canvas, check_neutral(barcode), x=width * 0.45, y=height - _MARGIN - 14 * mm, font=regular)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _block(
    canvas: Canvas,
    who: str,
    where: str,
    party: Party,
    *,
    x: float,
    top: float,
    width: float,
    fonts: tuple[str, str],
) -> None:
    """A labelled name and address block, each line under a thin rule, small to large."""
    regular, bold = fonts
    y = top
    canvas.setFont(regular, 6.5)
    canvas.drawString(x, y - 6, who)
    y -= 6
    for line in simpleSplit(check_neutral(party.name), bold, 10, width):
        y -= 12
        canvas.setFont(bold, 10)
        canvas.drawString(x, y, line)
        canvas.line(x, y - 2, x + width, y - 2)
    y -= 10
    canvas.setFont(regular, 6.5)
    canvas.drawString(x, y, where)
    for text in address_lines(party):
        for line in simpleSplit(check_neutral(text), regular, 9.5, width):
            y -= 12
            canvas.setFont(bold if line.isdigit() else regular, 11 if line.isdigit() else 9.5)
            canvas.drawString(x, y, line)
            canvas.line(x, y - 2, x + width, y - 2)


def _index_template(canvas: Canvas, index: str, *, x: float, y: float, font: str) -> None:
    """The six index digits in the template cells of the lower left corner."""
    cell_w, cell_h, gap = 6 * mm, 10 * mm, 1.5 * mm
    canvas.setFont(font, 22)
    for position in range(6):
        left = x + position * (cell_w + gap)
        canvas.rect(left, y, cell_w, cell_h, stroke=1, fill=0)
        if position < len(index):
            canvas.drawCentredString(left + cell_w / 2, y + 2.2 * mm, index[position])


def _barcode(canvas: Canvas, barcode: str, *, x: float, y: float, font: str) -> None:
    """The item's barcode (ШПИ) as Code 128 with its digits beneath."""
    symbol = code128.Code128(barcode, barHeight=9 * mm, barWidth=0.3 * mm, humanReadable=False)
    symbol.drawOn(canvas, x, y)
    canvas.setFont(font, 8)
    canvas.drawString(x + 2 * mm, y - 3 * mm, barcode)
