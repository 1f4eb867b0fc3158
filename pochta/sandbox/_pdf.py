"""Small but real PDF documents for the sandbox's print endpoints (ф.103, order forms).

reportlab's built-in fonts have no Cyrillic, so the sandbox embeds DejaVu Sans (``fonts/``, the
font ``tasks.print_forms`` prints with; a copy, since ``pochta`` imports nothing of ours) and
prints names, addresses and our ``ИСХ-`` numbers as they are. The point is a valid PDF that
viewers and ``pypdf`` open and read, not a faithful form.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "SandboxDejaVuSans"
FONT_FILE = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"


@cache
def _font() -> str:
    """Register the embedded font once per process; returns its name."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def make_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-or-more-page A4 PDF with a title and one text line per entry, Cyrillic included."""
    font = _font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    width, height = A4
    y = height - 60
    canvas.setFont(font, 14)
    canvas.drawString(50, y, title)
    canvas.setFont(font, 9)
    for line in lines:
        y -= 16
        if y < 50:
            canvas.showPage()
            canvas.setFont(font, 9)
            y = height - 60
        canvas.drawString(50, y, line[:120])
    canvas.drawString(50, 30, "Песочница Почты России: не настоящий почтовый документ")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
