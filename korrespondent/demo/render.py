"""Render a document text as the three kinds of file the inbox receives, deterministically.

Used by ``korrespondent demo`` to make sample scans, and by the tests and benchmarks (through
``tests.corpus.render``) to make their corpus.

- ``text_pdf``: a born-digital PDF with a real text layer (DejaVu embedded, so Cyrillic extracts);
- ``image_pdf``: a scan: the page drawn as a grayscale image with noise and a slight tilt,
  JPEG-compressed and wrapped in a PDF with no text layer;
- ``jpeg_scan``: the same scan as a bare JPEG.

The text is lines: a header block, a title, the body. A line in capitals is drawn bold and centred
(titles such as "ПОСТАНОВЛЕНИЕ"); a form feed (``\\f``) starts a new page. The same text and seed give
the same bytes, so tests and benchmarks are repeatable. Files stay well under 1 MB (~100-300 KB).
"""

from __future__ import annotations

import io
import random
import time

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from tasks.print_forms.fonts import FONT_DIR, register_fonts

REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

_MARGIN_MM = 20
_FONT_PT = 11
_LEADING = 1.45
_TEXT_WIDTH = A4[0] - 2 * _MARGIN_MM / 25.4 * 72


def _is_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _wrap(line: str) -> list[str]:
    """Greedy word wrap by the font's real advance widths, so no line leaves the page."""
    _register_fonts()
    font, size = ("DejaVuSans-Bold", _FONT_PT + 1) if _is_title(line) else ("DejaVuSans", _FONT_PT)
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > _TEXT_WIDTH:
            out.append(current)
            candidate = word
        current = candidate
    return [*out, current]


def layout(text: str) -> list[list[str]]:
    """Split a text into pages of wrapped lines: form feeds and A4's line count break pages."""
    per_page = int((297 - 2 * _MARGIN_MM) / 25.4 * 72 / (_FONT_PT * _LEADING))
    pages: list[list[str]] = []
    for chunk in text.split("\f"):
        lines: list[str] = []
        for raw in chunk.strip("\n").splitlines():
            lines.extend(_wrap(raw.rstrip()))
        pages.extend(lines[i : i + per_page] for i in range(0, max(len(lines), 1), per_page))
    return pages


def _register_fonts() -> None:
    register_fonts()


def text_pdf(text: str) -> bytes:
    """A born-digital PDF of ``text`` with an embedded Cyrillic font (reportlab, invariant output)."""
    _register_fonts()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    width, height = A4
    margin = _MARGIN_MM / 25.4 * 72
    for lines in layout(text):
        y = height - margin - _FONT_PT
        for line in lines:
            if _is_title(line):
                pdf.setFont("DejaVuSans-Bold", _FONT_PT + 1)
                pdf.drawCentredString(width / 2, y, line.strip())
            else:
                pdf.setFont("DejaVuSans", _FONT_PT)
                pdf.drawString(margin, y, line)
            y -= _FONT_PT * _LEADING
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def page_images(text: str, *, dpi: int = 150) -> list[Image.Image]:
    """Clean grayscale A4 pages of ``text`` at ``dpi``, before any scan damage."""
    scale = dpi / 72
    size = (round(A4[0] * scale), round(A4[1] * scale))
    regular = ImageFont.truetype(str(REGULAR), round(_FONT_PT * scale))
    bold = ImageFont.truetype(str(BOLD), round((_FONT_PT + 1) * scale))
    margin = round(_MARGIN_MM / 25.4 * dpi)
    images = []
    for lines in layout(text):
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        y = margin
        for line in lines:
            if _is_title(line):
                width = draw.textlength(line.strip(), font=bold)
                draw.text(((size[0] - width) / 2, y), line.strip(), font=bold, fill=0)
            else:
                draw.text((margin, y), line, font=regular, fill=0)
            y += round(_FONT_PT * _LEADING * scale)
        images.append(image)
    return images


def scan(image: Image.Image, *, seed: int, max_tilt: float = 1.5, noise: float = 0.004) -> Image.Image:
    """Damage a clean page as a cheap office scanner does: grey paper, tilt, blur, specks."""
    rng = random.Random(seed)
    paper = rng.randint(228, 245)
    page = image.point(lambda v: paper if v > 200 else min(255, v + rng.randint(10, 40)))
    page = page.rotate(rng.uniform(-max_tilt, max_tilt), resample=Image.Resampling.BICUBIC, fillcolor=paper)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pixels = page.load()
    assert pixels is not None
    width, height = page.size
    for _ in range(int(width * height * noise)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 60, 255))
    return page


def _scans(text: str, *, seed: int, dpi: int) -> list[Image.Image]:
    return [scan(page, seed=seed + n) for n, page in enumerate(page_images(text, dpi=dpi))]


def jpeg_scan(text: str, *, seed: int = 0, dpi: int = 150, quality: int = 60) -> bytes:
    """A scanned first page of ``text`` as a grayscale JPEG (what a scanner set to JPEG produces)."""
    buf = io.BytesIO()
    _scans(text, seed=seed, dpi=dpi)[0].save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def image_pdf(text: str, *, seed: int = 0, dpi: int = 150, quality: int = 60) -> bytes:
    """A scanned ``text``: one JPEG image per page inside a PDF without any text layer."""
    pages = []
    for page in _scans(text, seed=seed, dpi=dpi):
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=quality)
        pages.append(Image.open(buf))
    out = io.BytesIO()
    fixed = time.gmtime(1_767_225_600)  # Pillow stamps the current time otherwise
    pages[0].save(
        out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], creationDate=fixed, modDate=fixed
    )
    return out.getvalue()
