"""Text extraction: the text layer when it is real, OCR otherwise, and no crash without tesseract."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from config.runtime import OcrSettings
from tasks.extract import extract_text, extract_text_bytes, is_real_text, text_quality
from tasks.validate import validate, validate_bytes
from tests.corpus import hostile
from tests.corpus.render import image_pdf, jpeg_scan, text_pdf
from tests.markers import requires_tesseract

NO_TESSERACT = OcrSettings(command="/nonexistent/tesseract")

DOCUMENT = """ОСП по Центральному району г. Москвы
101000, г. Москва, ул. Мясницкая, д. 1

ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства

Судебный пристав-исполнитель, рассмотрев судебный приказ № 2-1234/2025 от 10.01.2026,
в отношении должника Петрова Сергея Ивановича, ИНН 500100732259,
постановил возбудить исполнительное производство № 12345/26/77047-ИП.
"""
RUSSIAN = "Судебный пристав-исполнитель рассмотрел заявление взыскателя и постановил возбудить производство."


def _digits_joined(text: str) -> str:
    """What the identifier step does first: drop the apostrophes Tesseract puts between digits."""
    return re.sub(r"(?<=\d)['’`](?=\d)", "", text)


def test_text_quality_is_high_for_russian_prose() -> None:
    assert text_quality(RUSSIAN) >= 0.9
    assert is_real_text(RUSSIAN)


@pytest.mark.parametrize(
    "junk",
    [
        "Ïîñòàíîâëåíèå î âîçáóæäåíèè èñïîëíèòåëüíîãî ïðîèçâîäñòâà ñóäåáíûì ïðèñòàâîì",
        "\ue001\ue002\ue003 \ue004\ue005 " * 10,
        RUSSIAN.encode("koi8-r").decode("cp1251"),
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor",
        "ПП",
    ],
    ids=["latin1-mojibake", "private-use", "koi8-as-cp1251", "latin", "too-short"],
)
def test_text_quality_rejects_junk_text_layer(junk: str) -> None:
    assert not is_real_text(junk)


def test_extract_text_uses_text_layer_when_it_is_real(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(text_pdf(DOCUMENT))
    result = extract_text(validate(path), ocr=NO_TESSERACT)
    assert (result.method, result.ocr_missing) == ("text_layer", None)
    assert "ПОСТАНОВЛЕНИЕ" in result.text and "12345/26/77047-ИП" in result.text
    assert result.quality >= 0.9


def test_extract_text_refuses_mojibake_text_layer() -> None:
    data = hostile.mojibake_pdf()
    result = extract_text_bytes(validate_bytes("odd.pdf", data), data, ocr=NO_TESSERACT)
    assert result.method == "none"
    assert result.ocr_missing is not None and "tesseract" in result.ocr_missing


def test_extract_text_gives_none_with_reason_when_tesseract_missing() -> None:
    data = image_pdf(DOCUMENT, seed=3)
    result = extract_text_bytes(validate_bytes("scan.pdf", data), data, ocr=NO_TESSERACT)
    assert (result.method, result.text, result.quality, result.page_methods) == ("none", "", 0.0, ("none",))
    assert (
        result.ocr_missing is not None
        and "не найдена" in result.ocr_missing
        or "не установлена" in str(result.ocr_missing)
    )


@requires_tesseract
@pytest.mark.parametrize("make", [image_pdf, jpeg_scan], ids=["image-pdf", "jpeg"])
def test_extract_text_ocr_recovers_title_and_identifiers(make: object) -> None:
    data = make(DOCUMENT, seed=5)  # type: ignore[operator]
    result = extract_text_bytes(validate_bytes("scan", data), data)
    text = _digits_joined(result.text)
    assert result.method == "ocr"
    assert "ПОСТАНОВЛЕНИЕ" in text
    assert "12345/26/77047-ИП" in text and "2-1234/2025" in text and "500100732259" in text
    assert result.quality >= 0.7


@requires_tesseract
def test_extract_text_mixes_text_layer_and_ocr_per_page() -> None:
    writer = PdfWriter()
    for data in (text_pdf(DOCUMENT), image_pdf("ПРИЛОЖЕНИЕ\nКопия судебного приказа № 2-1234/2025", seed=9)):
        writer.append(PdfReader(io.BytesIO(data)))
    buf = io.BytesIO()
    writer.write(buf)
    result = extract_text_bytes(validate_bytes("mixed.pdf", buf.getvalue()), buf.getvalue())
    assert result.page_methods == ("text_layer", "ocr")
    assert result.method == "ocr"
    assert "ПРИЛОЖЕНИЕ" in result.pages[1]


@requires_tesseract
def test_extract_text_ocrs_rendered_page_when_text_layer_is_mojibake() -> None:
    pytest.importorskip("pypdfium2")
    data = hostile.mojibake_pdf()
    result = extract_text_bytes(validate_bytes("odd.pdf", data), data)
    assert result.page_methods == ("ocr",)
    assert "Ïîñ" not in result.text
