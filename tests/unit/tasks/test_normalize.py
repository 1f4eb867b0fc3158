"""Normalisation: the one spelling every regex downstream is written for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.normalize import normalize_text, title_line_index


def test_normalize_text_removes_apostrophes_inside_digit_runs() -> None:
    assert normalize_text("12345/24/7'7001-ИП") == "12345/24/77001-ИП"


def test_normalize_text_maps_latin_lookalikes_inside_cyrillic_words() -> None:
    assert normalize_text("OCП пo Ленинскoму району") == "ОСП по Ленинскому району"


def test_normalize_text_keeps_latin_words_and_uid_letters() -> None:
    assert normalize_text("УИД 21RS0025-01-2023-001382-35") == "УИД 21RS0025-01-2023-001382-35"


def test_normalize_text_maps_cyrillic_lookalikes_inside_numbers_to_digits() -> None:
    assert normalize_text("дело 2-1О23/2О24") == "дело 2-1023/2024"


def test_normalize_text_unifies_dashes_numero_and_yo() -> None:
    assert (
        normalize_text("Ёлкин — дело N 2–5/2024, No5, Nº 7, № 8") == "Елкин - дело № 2-5/2024, № 5, № 7, № 8"
    )


def test_normalize_text_keeps_lines_and_collapses_spaces() -> None:
    assert (
        normalize_text("  УФССП \t России \r\n\n\n\nОСП  по\u00a0району  \n")
        == "УФССП России\n\nОСП по району"
    )


def test_normalize_text_reads_ob_misread_as_digits_before_a_subject_phrase() -> None:
    # Tesseract on our scans: "об отказе" → "06 отказе" (О→0, б→6), which hid the document type.
    assert normalize_text("ПОСТАНОВЛЕНИЕ\n06 отказе в") == "ПОСТАНОВЛЕНИЕ\nоб отказе в"
    assert normalize_text("ОПРЕДЕЛЕНИЕ 0б ОТМЕНЕ") == "ОПРЕДЕЛЕНИЕ ОБ ОТМЕНЕ"


def test_normalize_text_keeps_real_06_before_a_month_or_after_a_number() -> None:
    assert normalize_text("06 октября 2024 г.") == "06 октября 2024 г."
    assert normalize_text("д. 06 обл., 12/06 от") == "д. 06 обл., 12/06 от"


def test_normalize_text_makes_ocr_initials_cyrillic_next_to_a_surname() -> None:
    assert normalize_text("к Петрову 0.0., УСТАНОВИЛ") == "к Петрову О.О., УСТАНОВИЛ"
    assert normalize_text("H.M. Троицкому") == "Н.М. Троицкому"
    assert normalize_text("п. 2.0. договора; ст. A. B.") == "п. 2.0. договора; ст. A. B."


def test_normalize_text_drops_ocr_specks_before_a_line() -> None:
    assert normalize_text("ДОГОВОР № 56/25-Ц\n‘уступки прав") == "ДОГОВОР № 56/25-Ц\nуступки прав"
    # a stamp's or a ruled line's shadow read as dashes and bars before a title
    assert normalize_text("—_ = _—_ ПОСТАНОВЛЕНИЕ") == "ПОСТАНОВЛЕНИЕ"


def test_title_line_index_prefers_capitalised_title_over_body_sentence() -> None:
    lines = ["ОСП по району", "Определение суда направлено", "ПОСТАНОВЛЕНИЕ", "о возбуждении"]
    assert title_line_index(lines) == 2


def test_title_line_index_ignores_verbs_like_postanovil() -> None:
    assert title_line_index(["ПОСТАНОВИЛ:", "ОПРЕДЕЛИЛ:"]) is None


@given(st.text(alphabet=st.sampled_from("АОЗбOCcаo0123456789 '’—–-№Nо\n\tёЁxX/."), max_size=60))
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(alphabet=st.sampled_from("‘'06бОоOHM.ПетровАаотказеябр \n"), max_size=40))
def test_normalize_text_ocr_repairs_are_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=80))
def test_normalize_text_never_leaves_yo_fancy_dashes_or_double_spaces(text: str) -> None:
    out = normalize_text(text)
    assert "ё" not in out and "Ё" not in out
    assert not any(ch in out for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
    assert all("  " not in line and line == line.strip() for line in out.split("\n"))


def test_normalize_text_reads_a_whole_latin_look_alike_word_in_a_cyrillic_line_as_cyrillic() -> None:
    """OCR of a streaked subject line reads whole words in Latin look-alikes: they are Cyrillic there,
    while codes, e-mail and web addresses, and initials away from a surname keep their Latin."""
    assert normalize_text("06 oTKa3e B возбуждении исполнительного производства") == (
        "об оТКазе В возбуждении исполнительного производства"
    )
    assert normalize_text("Павловой Елены Ивановны, 30.04.1962 r.p., взыскатель") == (
        "Павловой Елены Ивановны, 30.04.1962 г.р., взыскатель"
    )
    kept = "УИД 59RS0004-01-2024-000001-01, e-mail: osp@r59.fssp.ru, http://www.arbitr.ru, отдел приставов"
    assert normalize_text(kept) == kept
    assert normalize_text("Case OK") == "Case OK"  # a Latin line is Latin
