"""OCR with the tesseract command line: TSV parsing, missing binary or language, timeouts, order."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PIL import Image

from config.errors import ServiceFailed
from config.runtime import OcrSettings
from tasks.ocr import (
    OcrFailed,
    OcrProblem,
    OcrUnavailable,
    PageImage,
    ocr_pages,
    parse_tsv,
    preprocess,
    skew_angle,
    unavailable_reason,
)
from tests.corpus.render import page_images, scan
from tests.markers import requires_tesseract

TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tПОСТАНОВЛЕНИЕ",
        "5\t1\t2\t1\t1\t1\t0\t0\t10\t10\t80\tо",
        "5\t1\t2\t1\t1\t2\t0\t0\t10\t10\t70\tвозбуждении",
        "5\t1\t2\t1\t2\t1\t0\t0\t10\t10\t-1\t ",
        "5\t1\t2\t1\t2\t2\t0\t0\t10\t10\t60\tИП",
    ]
)


def _fake_tesseract(tmp_path: Path, body: str) -> str:
    """A stand-in tesseract script that lists ``rus`` and then runs ``body``."""
    script = tmp_path / "tesseract"
    langs = 'if [ "$1" = "--list-langs" ]; then echo "List of languages"; echo rus; echo eng; exit 0; fi'
    script.write_text(f"#!/bin/sh\n{langs}\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def _page(text: str = "ПОСТАНОВЛЕНИЕ") -> PageImage:
    return PageImage(scan(page_images(text, dpi=150)[0], seed=1), 150)


def test_parse_tsv_rebuilds_lines_blocks_and_confidence() -> None:
    page = parse_tsv(TSV)
    assert page.text == "ПОСТАНОВЛЕНИЕ\n\nо возбуждении\nИП"
    assert 0.7 < page.confidence < 0.9


def test_preprocess_keeps_size_and_gives_grayscale() -> None:
    image = Image.new("RGB", (300, 200), (200, 180, 160))
    cleaned = preprocess(image)
    assert (cleaned.mode, cleaned.size) == ("L", (300, 200))


def test_unavailable_reason_explains_missing_binary_in_russian() -> None:
    reason = unavailable_reason(OcrSettings(command="/nonexistent/tesseract"))
    assert reason is not None and "не установлена" in reason


def test_ocr_pages_raises_unavailable_when_binary_missing() -> None:
    with pytest.raises(ServiceFailed) as info:
        ocr_pages([_page()], OcrSettings(command="/nonexistent/tesseract"))
    assert isinstance(info.value, OcrUnavailable) and info.value.code is OcrProblem.UNAVAILABLE
    assert info.value.reason == info.value.message


def test_ocr_pages_raises_unavailable_when_language_missing(tmp_path: Path) -> None:
    settings = OcrSettings(command=_fake_tesseract(tmp_path, "exit 0"), lang="kaz")
    with pytest.raises(OcrUnavailable, match="kaz"):
        ocr_pages([_page()], settings)


def test_ocr_pages_raises_failed_when_tesseract_hangs(tmp_path: Path) -> None:
    settings = OcrSettings(command=_fake_tesseract(tmp_path, "sleep 20"), timeout_seconds=0.5)
    with pytest.raises(OcrFailed) as info:
        ocr_pages([_page()], settings)
    assert info.value.code is OcrProblem.TIMEOUT


def test_ocr_pages_raises_failed_when_tesseract_errors(tmp_path: Path) -> None:
    settings = OcrSettings(command=_fake_tesseract(tmp_path, "echo boom >&2; exit 3"))
    with pytest.raises(OcrFailed, match="boom") as info:
        ocr_pages([_page()], settings)
    assert info.value.code is OcrProblem.FAILED


@requires_tesseract
def test_ocr_pages_returns_pages_in_order_when_run_in_parallel() -> None:
    pages = [_page("ПОСТАНОВЛЕНИЕ\nо взыскании"), _page("ОПРЕДЕЛЕНИЕ\nо правопреемстве")]
    first, second = ocr_pages(pages, OcrSettings(workers=2))
    assert "ПОСТАНОВЛЕНИЕ" in first.text and "ОПРЕДЕЛЕНИЕ" in second.text
    assert first.confidence > 0.7


def test_skew_angle_finds_tilt_of_text_page() -> None:
    text = "\n".join(["Судебный пристав-исполнитель рассмотрел исполнительный документ и постановил"] * 25)
    page = page_images(text, dpi=150)[0].rotate(-2.0, fillcolor=255)
    assert abs(skew_angle(page) - 2.0) <= 0.5


def test_skew_angle_leaves_sparse_page_level() -> None:
    assert skew_angle(scan(page_images("ПОСТАНОВЛЕНИЕ\nо взыскании", dpi=150)[0], seed=1)) == 0.0
