"""Stacks (``stacks.py``) as the files an operator's scanner makes: one PDF of all pages, or a JPEG.

- ``stack_text_pdf``: a born-digital PDF, one page per stack page (blank pages stay blank);
- ``stack_image_pdf``: every page scanned as ``world_render`` scans a document (150-300 dpi, tilt,
  stamps on first pages, fax streaks); the envelope gets a postmark ring over its date line and wavy
  cancellation lines, and is turned by ``Envelope.rotated`` (scanned sideways or upside down); the
  separator sheet gets a barcode under its code; a blank page keeps the scanner's grey and specks;
- ``stack_jpeg``: the one page of a one-page single document (a JPEG holds one page).
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFont

from korrespondent.demo.render import _FONT_PT, _LEADING, _MARGIN_MM, BOLD
from tests.corpus.render import page_images, scan, text_pdf
from tests.corpus.stacks import ENVELOPE, SEPARATOR, Stack
from tests.corpus.world_render import DPIS, _fax, _stamp, scanned_pdf, scanner_jpeg


def stack_text_pdf(stack: Stack) -> bytes:
    """A born-digital PDF of the stack, one PDF page per stack page."""
    return text_pdf(stack.text)


def _line_y(text: str, needle: str, dpi: int) -> int:
    """The vertical centre of the first line holding ``needle`` on a clean page (lines do not wrap here)."""
    index = next(n for n, line in enumerate(text.split("\n")) if needle in line)
    leading = _FONT_PT * _LEADING * dpi / 72
    return round(_MARGIN_MM / 25.4 * dpi + index * leading + leading / 2)


def _postmark(page: Image.Image, text: str, stack: Stack, rng: random.Random, dpi: int) -> None:
    """A postmark ring around the date (the end of a centred line in capitals), and the wavy
    cancellation lines to its right, off the date: the date stays legible, as the truth says."""
    assert stack.envelope is not None
    draw = ImageDraw.Draw(page)
    stamp = f"{stack.envelope.postmark:%d.%m.%y}"
    line = next(line for line in text.split("\n") if stamp in line).strip()
    bold = ImageFont.truetype(str(BOLD), round((_FONT_PT + 1) * dpi / 72))
    right = (page.width + draw.textlength(line, font=bold)) / 2
    cx = round(right - draw.textlength(stamp, font=bold) / 2) + round(dpi * rng.uniform(-0.05, 0.05))
    cy = _line_y(text, stamp, dpi)
    radius = round(dpi * 0.55)
    ink = rng.randint(70, 140)
    width = max(2, dpi // 70)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=ink, width=width)
    start = cx + radius + dpi // 8
    for k in range(rng.randint(3, 5)):
        y0 = cy - radius // 2 + k * dpi // 10
        points = [(start + x, y0 + round(math.sin(x / (dpi / 6)) * dpi / 20)) for x in range(0, dpi * 2, 4)]
        draw.line(points, fill=ink, width=width)


def _barcode(page: Image.Image, text: str, rng: random.Random, dpi: int) -> None:
    """Bars under the separator's code line, as the app would print them."""
    draw = ImageDraw.Draw(page)
    top = _line_y(text, "KORR-SEP", dpi) + dpi // 4
    x = round(_MARGIN_MM / 25.4 * dpi) + dpi
    for _ in range(60):
        bar = rng.choice((1, 1, 2, 3)) * max(1, dpi // 100)
        draw.rectangle((x, top, x + bar - 1, top + dpi // 2), fill=0)
        x += bar + rng.choice((1, 2)) * max(1, dpi // 100)


def _scanned_pages(stack: Stack, seed: int) -> tuple[list[Image.Image], int]:
    rng = random.Random(seed)
    dpi = rng.choice(DPIS)
    pages = []
    for n, (text, role) in enumerate(zip(stack.pages, stack.roles, strict=True)):
        (clean,) = page_images(text, dpi=dpi)
        if role == ENVELOPE:
            _postmark(clean, text, stack, rng, dpi)
        elif role == SEPARATOR:
            _barcode(clean, text, rng, dpi)
        elif isinstance(role, int) and (n == 0 or stack.roles[n - 1] != role) and rng.random() < 0.6:
            _stamp(clean, rng, dpi)
        if text and rng.random() < 0.3:
            _fax(clean, rng)
        page = scan(clean, seed=seed + n, max_tilt=2.5, noise=0.003)
        if role == ENVELOPE and stack.envelope is not None and stack.envelope.rotated:
            page = page.rotate(stack.envelope.rotated, expand=True, fillcolor=240)
        pages.append(page)
    return pages, dpi


def stack_image_pdf(stack: Stack, *, seed: int) -> bytes:
    """Every page scanned, as JPEG images in a PDF with no text layer."""
    return scanned_pdf(*_scanned_pages(stack, seed))


def stack_jpeg(stack: Stack, *, seed: int) -> bytes:
    """The scanner's JPEG of a one-page stack; raises ValueError for more pages (a JPEG holds one)."""
    if len(stack.pages) != 1:
        raise ValueError(f"a JPEG holds one page, the stack has {len(stack.pages)}")
    pages, dpi = _scanned_pages(stack, seed)
    return scanner_jpeg(pages[0], dpi)
