"""The document's own date is read from its date line, with a confidence; other dates are not it."""

from __future__ import annotations

from datetime import date

from tasks.document_date import SURE, find_document_date

COURT = """МИРОВОЙ СУДЬЯ СУДЕБНОГО УЧАСТКА № 3 ЛЕНИНСКОГО СУДЕБНОГО РАЙОНА Г. ПЕРМИ
ОПРЕДЕЛЕНИЕ
об отмене судебного приказа
г. Пермь                                   6 октября 2023 г.
Мировой судья, рассмотрев заявление Петрова Сергея Ивановича, 12.03.1985 года рождения,
об отмене судебного приказа № 2-1234/2023 от 14.07.2023 по кредитному договору от 01.02.2019,
"""


def test_date_line_near_the_title_is_the_documents_date() -> None:
    found = find_document_date(COURT)
    assert found is not None
    assert found.value == date(2023, 10, 6) and found.sure


def test_numeric_date_on_the_title_line() -> None:
    found = find_document_date("УФССП России по Пермскому краю\nПОСТАНОВЛЕНИЕ от 04.09.2025 № 59045/25/338\n"
                               "об окончании исполнительного производства")  # fmt: skip
    assert found is not None and found.value == date(2025, 9, 4) and found.sure


def test_quoted_day_date_line() -> None:
    found = find_document_date(
        "ОПРЕДЕЛЕНИЕ\n«04» сентября 2025 г.            г. Пермь\nо возвращении заявления"
    )
    assert found is not None and found.value == date(2025, 9, 4) and found.sure


def test_birth_and_contract_dates_are_not_the_documents_date() -> None:
    assert find_document_date("Должник Иванов, 01.02.1980 года рождения, по договору от 12.03.2019.") is None


def test_a_date_only_in_the_body_is_unsure() -> None:
    text = "\n".join(["ЗАЯВЛЕНИЕ", *["текст заявления должника о взаимодействии"] * 20,
                      "Ранее 15.05.2024 я обращался к вам с просьбой"])  # fmt: skip
    found = find_document_date(text)
    assert found is not None and found.value == date(2024, 5, 15)
    assert found.confidence < SURE


def test_no_date_at_all() -> None:
    assert find_document_date("") is None
    assert find_document_date("Текст без дат") is None
