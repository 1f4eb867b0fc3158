"""A short page (two lines on a white A4 sheet) is read by OCR, not lost and dropped as blank.

Issue 15: ``autocontrast(cutoff=1)`` stretched such a page's paper noise into dark specks, deskew
turned it by a tilt read from the specks and Tesseract returned nothing.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import tasks.ocr
from config.runtime import OcrSettings
from tasks.extract import extract_text_bytes
from tasks.ocr import BLANK_INK, PageImage, ink_fraction, ocr_pages, preprocess
from tasks.validate import validate_bytes
from tests.corpus.render import image_pdf, page_images, scan
from tests.markers import requires_tesseract

SHORT_PAGE = "Приложение: копия исполнительного листа на 2 л.\nСудебный пристав-исполнитель Петрова А. В."


def _dark_share(image: Image.Image) -> float:
    return float((np.asarray(image.convert("L")) < 128).mean())


def _scanned_short_page() -> Image.Image:
    """The page as the pipeline sees it: a 150 dpi JPEG scan in a PDF, rendered back in colour."""
    buf = io.BytesIO()
    scan(page_images(SHORT_PAGE, dpi=150)[0], seed=2).save(buf, "JPEG", quality=50)  # as image_pdf
    return Image.open(buf).convert("RGB")


def test_preprocess_does_not_stretch_paper_of_a_short_page_into_ink() -> None:
    """GIVEN a scanned white page with two lines WHEN preprocessed THEN it is no darker than the scan
    (paper noise stays paper) and it is not turned on a tilt guessed from specks."""
    raw = _scanned_short_page()
    cleaned = preprocess(raw)
    assert cleaned.size == raw.size  # deskew rotates with expand=True: a turned page grows
    assert _dark_share(cleaned) <= _dark_share(raw)


def test_ink_tells_a_short_page_from_a_blank_scan() -> None:
    blank = scan(page_images(" ", dpi=150)[0], seed=2, max_tilt=2.5, noise=0.003)
    assert ink_fraction(blank) < BLANK_INK <= ink_fraction(_scanned_short_page())


@requires_tesseract
def test_a_short_scanned_page_is_read() -> None:
    """GIVEN a scanned PDF of one page with two short lines WHEN its text is extracted
    THEN both lines are read (it was read as nothing before, and skipped as blank)."""
    data = image_pdf(SHORT_PAGE, seed=2, dpi=150, quality=50)
    extracted = extract_text_bytes(validate_bytes("short.pdf", data), data)
    assert extracted.method == "ocr"
    assert "исполнительного листа" in extracted.pages[0] and "Петрова" in extracted.pages[0]


@requires_tesseract
def test_a_page_with_ink_read_as_nothing_after_preprocess_is_read_as_scanned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN preprocessing that loses the page's text WHEN OCR reads the page THEN it reads the scan
    itself again and keeps that reading, with the page's ink share."""
    monkeypatch.setattr(tasks.ocr, "preprocess", lambda image, deskew=True: Image.new("L", image.size, 255))
    [page] = ocr_pages([PageImage(_scanned_short_page(), 150)], OcrSettings(workers=1))
    assert "Петрова" in page.text
    assert page.ink is not None and page.ink >= BLANK_INK
