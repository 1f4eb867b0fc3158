"""One page OCR cannot read (a timeout on a loaded host) costs only that page its text (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from config.runtime import OcrSettings
from tasks import extract
from tasks.extract import extract_text_bytes
from tasks.ocr import OcrFailed, OcrPage, OcrProblem, PageImage, ocr_each, ocr_pages
from tasks.validate import validate_bytes
from tests.corpus.render import page_images
from tests.unit.tasks.fake_tesseract import scanned_pdf, width_reading_ocr

FIRST = "ПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства в отношении должника"
SECOND = "ОПРЕДЕЛЕНИЕ\nо замене взыскателя по исполнительному производству"
THIRD = "СУДЕБНЫЙ ПРИКАЗ\nо взыскании задолженности по договору займа"


def test_one_page_timing_out_keeps_the_other_pages_text_and_names_the_page(tmp_path: Path) -> None:
    """GIVEN a three-page scan whose second page tesseract does not finish within the timeout
    WHEN its text is extracted THEN pages 1 and 3 keep their text, page 2 is unread and named."""
    data = scanned_pdf([FIRST, SECOND, THIRD])
    settings = width_reading_ocr(tmp_path, {800: FIRST, 801: None, 802: THIRD})
    result = extract_text_bytes(validate_bytes("stack.pdf", data), data, ocr=settings)
    assert result.pages == (FIRST, "", THIRD)
    assert (result.method, result.page_methods) == ("ocr", ("ocr", "none", "ocr"))
    assert result.ocr_missing == "стр. 2 не распознана: нет результата за 1 с"


def test_ocr_each_gives_each_page_its_reading_or_its_failure_and_ocr_pages_stays_all_or_nothing(
    tmp_path: Path,
) -> None:
    settings = width_reading_ocr(tmp_path, {800: FIRST, 801: None, 802: THIRD}, timeout=0.5)
    pages = [PageImage(page_images(FIRST, dpi=100)[0].crop((0, 0, 800 + n, 200)), 100) for n in range(3)]
    first, second, third = ocr_each(pages, settings)
    assert isinstance(first, OcrPage) and first.text == FIRST
    assert isinstance(second, OcrFailed) and second.code is OcrProblem.TIMEOUT
    assert isinstance(third, OcrPage) and third.text == THIRD
    with pytest.raises(OcrFailed):
        ocr_pages(pages, settings)


def test_a_turn_that_times_out_keeps_the_page_as_read_upright(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page read poorly upright is retried turned; a turn tesseract does not finish must not take
    the page's (and with it the whole file's) text away."""

    def too_slow(_pages: object, _settings: OcrSettings) -> list[OcrPage]:
        raise OcrFailed(OcrProblem.TIMEOUT, "нет результата за 60 с")

    monkeypatch.setattr(extract, "ocr_pages", too_slow)
    poor = OcrPage(FIRST * 3, 0.4)
    page = PageImage(Image.new("L", (300, 200), 255), 200)
    assert extract._upright([poor], [(0, page)], OcrSettings()) == [poor]
