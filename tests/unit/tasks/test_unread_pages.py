"""One page OCR cannot read (a timeout on a loaded host) costs only that page its text (issue 15)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from config.runtime import OcrSettings
from tasks import extract
from tasks.extract import ExtractedText, extract_text_bytes
from tasks.ingest.analyse import ReferenceData, pages_of, read_document
from tasks.ingest.decide import decide_package
from tasks.ocr import OcrFailed, OcrPage, OcrProblem, PageImage, ocr_each, ocr_pages
from tasks.review_reasons import ReviewReason
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


def test_a_blank_sheet_is_blank_without_waiting_for_tesseract(tmp_path: Path) -> None:
    """GIVEN a scan whose second sheet is white, on which tesseract would search past its timeout
    (as the real one does on an all-white page) WHEN its text is extracted THEN that sheet is read
    as blank (no text, no ink), not as a page OCR failed on."""
    first = page_images(FIRST, dpi=100)[0]
    white = Image.new("L", (first.width + 1, first.height), 255)
    buffer = io.BytesIO()
    first.save(buffer, "PDF", resolution=100, save_all=True, append_images=[white])
    data = buffer.getvalue()
    settings = width_reading_ocr(tmp_path, {first.width: FIRST, white.width: None})
    result = extract_text_bytes(validate_bytes("stack.pdf", data), data, ocr=settings)
    assert result.pages == (FIRST, "") and result.page_methods == ("ocr", "ocr")
    assert result.ocr_missing is None and result.page_ink[1] == 0.0


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


EMPTY = ReferenceData(counterparties=(), rules=(), type_belongs_to={}, client_ids_by_name={})
NO_TESSERACT = OcrSettings(command="/nonexistent/tesseract")


def _reasons(
    data: bytes, extracted: ExtractedText, pages: tuple[int, ...] = (1,)
) -> tuple[ReviewReason, ...]:
    """Why the pipeline sends a document of these pages and this text to a clerk."""
    analysis = read_document(validate_bytes("scan.pdf", data), data, extracted, EMPTY, pages)
    return decide_package(analysis, None, EMPTY, threshold=0.8).reasons


def test_a_file_whose_only_page_times_out_is_said_unread_not_ocr_missing(tmp_path: Path) -> None:
    """GIVEN a one-page scan tesseract does not finish in time WHEN decided THEN the clerk is told
    the document could not be recognised, never that Tesseract is not installed (it is)."""
    data = scanned_pdf([FIRST])
    settings = width_reading_ocr(tmp_path, {800: None})
    result = extract_text_bytes(validate_bytes("scan.pdf", data), data, ocr=settings)
    assert (result.method, result.ocr_missing) == ("none", "стр. 1 не распознана: нет результата за 1 с")
    reasons = _reasons(data, result)
    assert ReviewReason.OCR_FAILED in reasons and ReviewReason.OCR_UNAVAILABLE not in reasons


def test_without_tesseract_a_file_and_each_part_of_a_stack_say_ocr_is_not_installed() -> None:
    """GIVEN no tesseract WHEN a scan (or one document of a split stack) is decided THEN the clerk
    is told recognition is not installed, with tesseract's absence kept as the detail."""
    data = scanned_pdf([FIRST, SECOND])
    result = extract_text_bytes(validate_bytes("scan.pdf", data), data, ocr=NO_TESSERACT)
    assert result.ocr_missing is not None and "не установлена" in result.ocr_missing
    assert ReviewReason.OCR_UNAVAILABLE in _reasons(data, result, (1, 2))
    part = pages_of(result, (2,))
    assert part.ocr_missing == result.ocr_missing
    reasons = _reasons(data, part, (2,))
    assert ReviewReason.OCR_UNAVAILABLE in reasons and ReviewReason.OCR_FAILED not in reasons


def test_a_stacks_part_made_of_the_page_that_timed_out_is_said_unread(tmp_path: Path) -> None:
    """GIVEN a two-page scan whose page 2 timed out, split into one document per page WHEN each is
    decided THEN page 2's document could not be recognised, page 1's was read whole."""
    data = scanned_pdf([FIRST, SECOND])
    settings = width_reading_ocr(tmp_path, {800: FIRST, 801: None})
    result = extract_text_bytes(validate_bytes("scan.pdf", data), data, ocr=settings)
    unread = _reasons(data, pages_of(result, (2,)), (2,))
    assert ReviewReason.OCR_FAILED in unread and ReviewReason.OCR_UNAVAILABLE not in unread
    read = _reasons(data, pages_of(result, (1,)))
    assert not {ReviewReason.OCR_FAILED, ReviewReason.OCR_UNAVAILABLE, ReviewReason.PAGES_UNREAD} & set(read)
