"""Cover documents: address order, no hint of debt outside, embedded Cyrillic font, ф.107 sums."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tasks.print_forms import (
    Enclosure,
    Party,
    RevealsDebt,
    address_lines,
    check_neutral,
    cover_letter_pdf,
    envelope_pdf,
    inventory_pdf,
    split_value,
)

RECIPIENT = Party(
    "Иванов Пётр Игоревич",
    "115551, г. Москва, шоссе Каширское, д. 94, кв. 1",
    parts={
        "index": "115551",
        "region": "Московская обл.",
        "area": "Ленинский р-н",
        "place": "пос. Развилка",
        "street": "ул. Садовая",
        "house": "94",
        "corpus": "2",
        "room": "1",
    },
)
SENDER = Party("ООО «Северный ветер»", "109012, г. Москва, ул. Ильинка, д. 1", "109012")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the TrueType fonts whose file is embedded (reportlab's page preamble adds an unused
    standard Helvetica, which carries no glyphs of ours)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def test_address_lines_go_from_street_to_region_with_index_last() -> None:
    assert address_lines(RECIPIENT) == [
        "ул. Садовая, д. 94, корп. 2, кв. 1",
        "пос. Развилка",
        "Ленинский р-н",
        "Московская обл.",
        "115551",
    ]


def test_address_lines_fall_back_to_the_typed_address_without_its_index() -> None:
    assert address_lines(SENDER) == ["г. Москва, ул. Ильинка, д. 1", "109012"]


@pytest.mark.parametrize("text", ["Коллекторское агентство", "О ЗАДОЛЖЕННОСТИ", "Взыскание"])
def test_check_neutral_refuses_words_that_reveal_debt(text: str) -> None:
    with pytest.raises(RevealsDebt):
        check_neutral(text)


def test_envelope_pdf_refuses_a_sender_name_that_reveals_debt() -> None:
    with pytest.raises(RevealsDebt):
        envelope_pdf(sender=Party("ООО «Долговой центр»", SENDER.address), recipient=RECIPIENT)


@pytest.mark.parametrize(("size", "mm"), [("DL", (220, 110)), ("C5", (229, 162))])
def test_envelope_pdf_has_envelope_size_address_and_embedded_font(size: str, mm: tuple[int, int]) -> None:
    pdf = envelope_pdf(sender=SENDER, recipient=RECIPIENT, size=size, barcode="80000126000019")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (
        round(float(page.mediabox.width) / 72 * 25.4),
        round(float(page.mediabox.height) / 72 * 25.4),
    ) == mm
    text = _text(pdf)
    assert "Иванов Пётр Игоревич" in text and "Московская обл." in text and "80000126000019" in text
    assert text.index("ул. Садовая") < text.index("пос. Развилка") < text.index("Московская обл.")
    assert any("DejaVuSans" in name for name in _embedded_fonts(pdf))


def test_inventory_pdf_has_two_copies_and_the_declared_value_total() -> None:
    pdf = inventory_pdf(
        recipient=RECIPIENT,
        enclosures=[Enclosure("Претензия", 2), Enclosure("Расчёт", 1), Enclosure("Доверенность", 1)],
        declared_value_kopecks=100,
        sender=SENDER,
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "ОПИСЬ ВЛОЖЕНИЯ" in first and "Претензия, 2 л." in first and "1,00" in first
    assert "Всего предметов: 3" in first


def test_split_value_shares_kopecks_exactly() -> None:
    assert split_value(100, 3) == [34, 33, 33]
    assert sum(split_value(12345, 7)) == 12345
    assert split_value(100, 0) == []


def test_cover_letter_pdf_lists_enclosures_with_number_and_date() -> None:
    pdf = cover_letter_pdf(
        sender=SENDER,
        recipient=RECIPIENT,
        reg_number="ИСХ-2026-000001",
        date=dt.date(2026, 3, 2),
        enclosures=[Enclosure("Претензия", 2)],
    )
    text = _text(pdf)
    assert "Исх. № ИСХ-2026-000001 от 02.03.2026" in text
    assert "1. Претензия — 2 л." in text and "всего на 2 л." in text
