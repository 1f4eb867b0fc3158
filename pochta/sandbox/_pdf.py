"""Small but real PDF documents for the sandbox's print endpoints (ф.103, order forms).

reportlab's built-in fonts have no Cyrillic, so the sandbox prints Latin labels and transliterates
Cyrillic text (our ``ИСХ-`` numbers): the point is a valid PDF that viewers and ``pypdf`` open and
read, not a faithful form.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN = [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s",
    "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
]  # fmt: skip
_TRANSLIT = {ord(c): word for c, word in zip(_CYRILLIC, _LATIN, strict=True)} | {
    ord(c.upper()): word.upper() for c, word in zip(_CYRILLIC, _LATIN, strict=True)
}


def latin(text: str) -> str:
    """Cyrillic transliterated, so the built-in fonts can draw it (``ИСХ`` → ``ISKH``)."""
    return text.translate(_TRANSLIT)


def make_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-or-more-page A4 PDF with a title and one text line per entry."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    width, height = A4
    y = height - 60
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(50, y, latin(title))
    canvas.setFont("Helvetica", 10)
    for line in lines:
        y -= 16
        if y < 50:
            canvas.showPage()
            canvas.setFont("Helvetica", 10)
            y = height - 60
        canvas.drawString(50, y, latin(line)[:110])
    canvas.drawString(50, 30, "Russian Post sandbox (pesochnitsa): not a real postal document")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
