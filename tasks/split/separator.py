"""The separator sheet an operator lays between documents of a stack before scanning.

Its big title «ЛИСТ-РАЗДЕЛИТЕЛЬ КОРРЕСПОНДЕНТ» and its code read well by OCR even on a poor scan,
and the barcode (Code 128 of the same code) lets a scanner's own splitting use it too. The splitter
(``tasks.split.cues``) recognises the sheet by its title and code, starts a new document after it
and records the sheet as skipped.
"""

from __future__ import annotations

import io

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from tasks.print_forms.fonts import register_fonts
from tasks.split.cues import SEPARATOR_CODE, SEPARATOR_TITLE

INSTRUCTION = (
    "Положите этот лист между документами одного скана:",
    "программа начнёт с него новый документ, а сам лист не сохранит.",
    "Лист можно использовать много раз.",
)


def separator_sheet_pdf(copies: int = 1) -> bytes:
    """A PDF of ``copies`` identical A4 separator sheets (invariant output: same bytes every time)."""
    regular, bold = register_fonts()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    pdf.setTitle(SEPARATOR_TITLE)
    width, height = A4
    for _ in range(max(1, copies)):
        pdf.setFont(bold, 26)
        pdf.drawCentredString(width / 2, height - 60 * mm, SEPARATOR_TITLE)
        pdf.setFont(regular, 13)
        for n, line in enumerate(INSTRUCTION):
            pdf.drawCentredString(width / 2, height - (80 + 8 * n) * mm, line)
        barcode = code128.Code128(SEPARATOR_CODE, barHeight=25 * mm, barWidth=0.5 * mm)
        barcode.drawOn(pdf, (width - barcode.width) / 2, height / 2 - 40 * mm)
        pdf.setFont(bold, 18)
        pdf.drawCentredString(width / 2, height / 2 - 52 * mm, f"Код: {SEPARATOR_CODE}")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()
