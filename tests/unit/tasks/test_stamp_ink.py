"""A blue stamp over black text: removed before grayscale, so OCR reads the text under it."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw, ImageOps

from config.runtime import OcrSettings
from tasks.ocr import PageImage, ocr_pages, preprocess, remove_stamp_ink
from tests.corpus.render import page_images
from tests.markers import requires_tesseract

DPI = 200
BLUE, VIOLET, RED = (40, 70, 190), (120, 60, 170), (200, 40, 50)


def _dark(image: Image.Image) -> int:
    """How many pixels of ``image`` are ink-dark in grayscale."""
    return sum(ImageOps.grayscale(image).point(lambda v: 255 if v < 128 else 0).histogram()[255:])


def _text_line() -> Image.Image:
    """One small line of black text (the debtor's name) cropped from a rendered page, in RGB."""
    page = page_images("ПЕТРОВОЙ АННЫ СЕРГЕЕВНЫ", dpi=DPI)[0]
    left, top, right, bottom = ImageOps.invert(page).getbbox() or (0, 0, *page.size)
    return page.crop((left - 30, top - 40, right + 30, bottom + 40)).convert("RGB")


def _stamped(clean: Image.Image, ink: tuple[int, int, int]) -> Image.Image:
    """A stamp's ring and its lettering line drawn over the text, ink darkening what it covers."""
    overlay = Image.new("RGB", clean.size, (255, 255, 255))
    draw = ImageDraw.Draw(overlay)
    width, height = clean.size
    cx, cy = width // 2, height // 2
    for radius in (height // 2 + 10, height // 2 - 4):
        draw.ellipse((cx - 2 * radius, cy - radius, cx + 2 * radius, cy + radius), outline=ink, width=5)
    draw.line((0, cy, width, cy - 6), fill=ink, width=7)
    return ImageChops.darker(clean, overlay)


def test_stamp_ink_is_removed_and_the_text_under_it_survives() -> None:
    clean = _text_line()
    for ink in (BLUE, VIOLET, RED):
        stamped = _stamped(clean, ink)
        assert _dark(stamped) > _dark(clean) * 1.3  # in plain grayscale the stamp is as dark as text
        cleaned = remove_stamp_ink(stamped)
        assert cleaned.mode == "L" and cleaned.size == clean.size
        # the stamp is gone, and the strokes it crossed are still there
        assert _dark(clean) * 0.9 <= _dark(cleaned) <= _dark(clean) * 1.05


def test_black_text_is_left_as_it_is() -> None:
    clean = _text_line()
    assert remove_stamp_ink(clean).tobytes() == ImageOps.grayscale(clean).tobytes()


def test_preprocess_removes_the_stamp_of_a_colour_scan() -> None:
    clean, stamped = _text_line(), _stamped(_text_line(), BLUE)
    assert _dark(preprocess(stamped, deskew=False)) <= _dark(preprocess(clean, deskew=False)) * 1.05


@requires_tesseract
def test_ocr_reads_the_name_under_a_blue_stamp() -> None:
    stamped = _stamped(_text_line(), BLUE)
    (page,) = ocr_pages([PageImage(stamped, DPI)], OcrSettings(workers=1, psm=6))
    assert "ПЕТРОВОЙ АННЫ" in page.text
