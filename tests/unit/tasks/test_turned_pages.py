"""A poorly read page is retried turned (an envelope scanned upside down), but a turned reading
only wins when it reads better *and* keeps the page's text: a few clean words off a stamp turned
sideways must never replace a whole page read poorly upright."""

from __future__ import annotations

import pytest
from PIL import Image

from config.runtime import OcrSettings
from tasks import extract
from tasks.ocr import OcrPage, PageImage

PAGE_TEXT = (
    "Постановление о возбуждении исполнительного производства. Судебный пристав-исполнитель "
    "рассмотрел исполнительный документ в отношении должника Иванова Петра Сергеевича и постановил "
    "возбудить исполнительное производство. "
) * 4
STAMP_WORDS = "Для документов отдел судебных приставов"


def _fake_ocr(upright: OcrPage, turned: OcrPage) -> object:
    """Tesseract stand-in: the page as the scanner saved it reads ``upright``, any turn ``turned``."""

    def ocr_pages(pages: list[PageImage], _settings: OcrSettings) -> list[OcrPage]:
        return [
            upright if page.image.size == (300, 200) and page.image.getpixel((0, 0)) == 0 else turned
            for page in pages
        ]

    return ocr_pages


def _page() -> PageImage:
    image = Image.new("L", (300, 200), 255)
    image.putpixel((0, 0), 0)  # a mark in the corner: any turn moves it
    return PageImage(image, 200)


def _read(monkeypatch: pytest.MonkeyPatch, upright: OcrPage, turned: OcrPage) -> OcrPage:
    monkeypatch.setattr(extract, "ocr_pages", _fake_ocr(upright, turned))
    page = _page()
    [result] = extract._upright([upright], [(0, page)], OcrSettings())
    return result


def test_a_page_read_poorly_upright_keeps_its_text_against_a_few_clean_turned_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    upright = OcrPage(PAGE_TEXT, 0.5)
    turned = OcrPage(STAMP_WORDS, 0.9)
    assert extract._reads(turned) > extract._reads(upright)  # the trap: the short reading scores better
    assert _read(monkeypatch, upright, turned).text == PAGE_TEXT


def test_an_upside_down_page_is_read_turned(monkeypatch: pytest.MonkeyPatch) -> None:
    gibberish = "ɐɯɔ ʁнɐqɐɔ ʎɟ иодлɐʎ нɐqɐ " * 20
    upright = OcrPage(gibberish, 0.35)
    turned = OcrPage(PAGE_TEXT, 0.9)
    assert _read(monkeypatch, upright, turned).text == PAGE_TEXT
