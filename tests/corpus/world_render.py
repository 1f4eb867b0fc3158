"""Scans as unkind as an office's: 150-300 dpi, skew, a round stamp and a signature over the text,
fax streaks, second pages. Built on the demo renderer's clean pages (``page_images``, ``scan``)."""

from __future__ import annotations

import io
import math
import random
import time

from PIL import Image, ImageChops, ImageDraw

from tests.corpus.render import page_images, scan

DPIS = (150, 200, 240, 300)


# Real stamps are blue, violet or red; signatures are in blue pen.
INKS = ((40, 70, 190), (110, 60, 170), (190, 40, 50))


def _stamp(page: Image.Image, rng: random.Random, dpi: int, *, colour: bool = False) -> None:
    """A round office stamp over the lower text, and a signature scribble: grey ink on the page,
    or (``colour``) stamp ink and blue pen on an RGB overlay the caller multiplies onto the scan."""
    draw = ImageDraw.Draw(page)
    width, height = page.size
    radius = int(dpi * 0.75)
    cx, cy = rng.randint(width // 4, width * 3 // 4), rng.randint(height // 3, height * 2 // 3)
    ink = rng.randint(90, 150)
    stamp_ink: int | tuple[int, int, int] = INKS[ink % len(INKS)] if colour else ink
    for r in (radius, radius - dpi // 12):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=stamp_ink, width=max(2, dpi // 60))
    points = []
    x, y = cx - radius, cy + rng.randint(-radius // 2, radius // 2)
    for step in range(40):
        points.append((x + step * radius // 16, y + int(math.sin(step * 0.9) * dpi / 8) + rng.randint(-6, 6)))
    pen = rng.randint(40, 90)
    draw.line(points, fill=(pen // 2, pen // 2, 110 + pen) if colour else pen, width=max(2, dpi // 75))


def _fax(page: Image.Image, rng: random.Random) -> None:
    """Horizontal streaks and a dark band, as a fax or a dirty scanner glass leaves."""
    draw = ImageDraw.Draw(page)
    width, height = page.size
    for _ in range(rng.randint(2, 6)):
        y = rng.randrange(height)
        draw.line((0, y, width, y), fill=rng.randint(60, 160), width=rng.randint(1, 2))


def _pages(text: str, seed: int, colour: bool = False) -> tuple[list[Image.Image], int]:
    """Scanned pages; ``colour`` gives colour scans with coloured stamp ink (same layout and damage)."""
    rng = random.Random(seed)
    dpi = rng.choice(DPIS)
    pages = []
    for n, clean in enumerate(page_images(text, dpi=dpi)):
        overlay = Image.new("RGB", clean.size, (255, 255, 255)) if colour else None
        if n == 0 and rng.random() < 0.6:
            _stamp(overlay or clean, rng, dpi, colour=colour)
        if rng.random() < 0.3:
            _fax(clean, rng)
        page = scan(clean, seed=seed + n, max_tilt=2.5, noise=0.003)
        pages.append(ImageChops.multiply(page.convert("RGB"), overlay) if overlay else page)
    return pages, dpi


def scanner_jpeg(page: Image.Image, dpi: int) -> bytes:
    """One scanned page as a scanner's JPEG (coarser at higher resolutions, as scanners save)."""
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=55 if dpi < 250 else 40, dpi=(dpi, dpi))
    return buf.getvalue()


def scanned_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """Scanned pages as JPEG images in a PDF with no text layer; dated at a fixed moment, so one
    seed gives the same bytes on every run."""
    images = []
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=50 if dpi < 250 else 35)
        images.append(Image.open(buf))
    out = io.BytesIO()
    fixed = time.gmtime(1_767_225_600)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:],
                   creationDate=fixed, modDate=fixed)  # fmt: skip
    return out.getvalue()


def world_jpeg(text: str, *, seed: int, colour: bool = False) -> bytes:
    """The first page as a scanner's JPEG."""
    pages, dpi = _pages(text, seed, colour)
    return scanner_jpeg(pages[0], dpi)


def world_image_pdf(text: str, *, seed: int, colour: bool = False) -> bytes:
    """Every page as an image in a PDF with no text layer."""
    return scanned_pdf(*_pages(text, seed, colour))
