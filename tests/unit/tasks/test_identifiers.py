"""Identifiers from clean and OCR-damaged text; check digits keep misreads out."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.identifiers import extract_identifiers
from tests.corpus.texts import generate_documents, ocr_noise, wrap

CLEAN = """УФССП России по Кировской области
ОСП по Ленинскому району г. Кирова
12.03.2024 № 43001/24/3308282

ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства
г. Киров «12» марта 2024 г.
рассмотрев судебный приказ № 2-1234/2023-5 от 10.01.2024, УИД 43MS0012-01-2023-001234-56,
исполнительный лист ФС № 012345678, дело А40-12345/2023, в отношении должника Петрова
Сергея Ивановича, дата рождения: 12.05.1980, СНИЛС 112-233-445 95, ИНН 500100732259,
возбудить ИП № 12345/24/7'7001-ИП, УИН 32247001240012345678, ОГРН 1027700132195, ШПИ 10944022440321
"""


def test_extract_identifiers_reads_every_kind_from_clean_text() -> None:
    ids = extract_identifiers(CLEAN)
    assert ids.ip_numbers == ("12345/24/77001-ИП",)
    assert not ids.ip_legacy
    assert ids.fssp_doc_numbers == ("43001/24/3308282",)
    assert ids.court_case_numbers == ("2-1234/2023-5",)
    assert ids.arbitration_case_numbers == ("А40-12345/2023",)
    assert ids.uids == ("43MS0012-01-2023-001234-56",)
    assert ids.writs == ("ФС 012345678",)
    assert ids.uins == ("32247001240012345678",)
    assert ids.inns == ("500100732259",)
    assert ids.snilses == ("11223344595",)
    assert ids.ogrns == ("1027700132195",)
    assert ids.barcodes == ("10944022440321",)
    assert ids.document_date == date(2024, 3, 12)
    assert ids.birth_dates == (date(1980, 5, 12),)
    assert [p.full_name for p in ids.persons] == ["Петров Сергей Иванович"]


def test_extract_identifiers_survives_ocr_lookalikes_and_apostrophes() -> None:
    noisy = "ИП № 1234'5/24/7'7001–ИП, дело 2-1О23/2О24, УИД 21РС0025-01-2023-001382-35, BC № 123456789"
    ids = extract_identifiers(noisy)
    assert ids.ip_numbers == ("12345/24/77001-ИП",)
    assert ids.court_case_numbers == ("2-1023/2024",)
    assert ids.uids == ("21RS0025-01-2023-001382-35",)
    assert ids.writs == ("ВС 123456789",)


def test_extract_identifiers_joins_ip_number_groups_split_by_ocr() -> None:
    ids = extract_identifiers("по исполнительному производству № 979314/2 3/43002-ИП в отношении")
    assert ids.ip_numbers == ("979314/23/43002-ИП",) and not ids.ip_legacy


def test_extract_identifiers_rejects_misread_inn_and_snils() -> None:
    ids = extract_identifiers("ИНН 5001007732259, ИНН 500100732258, СНИЛС 112-233-445 96")
    assert ids.inns == () and ids.snilses == ()


def test_extract_identifiers_keeps_fssp_document_number_apart_from_ip_number() -> None:
    ids = extract_identifiers("от 03.07.2026 № 77047/26/3308282; ИП 77047/26/33082-ИП")
    assert ids.fssp_doc_numbers == ("77047/26/3308282",)
    assert ids.ip_numbers == ("77047/26/33082-ИП",)


def test_extract_identifiers_flags_legacy_ip_number() -> None:
    ids = extract_identifiers("исполнительное производство № 1234/11/05/77")
    assert ids.ip_numbers == ("1234/11/05/77",) and ids.ip_legacy


def test_extract_identifiers_reads_magistrate_case_number_variants() -> None:
    ids = extract_identifiers("дела № 2-1234/5/2023, № 2а-77/23, материал №13-50/2024, М-12/2024")
    assert ids.court_case_numbers == ("2-1234/5/2023", "2а-77/2023", "13-50/2024", "М-12/2024")


def test_extract_identifiers_gives_one_canonical_number_for_every_spelling() -> None:
    """GIVEN one case number spelled five ways and a neighbouring number in one text
    WHEN identifiers are extracted
    THEN the spellings are one canonical number and the neighbour stays apart."""
    text = (
        "по делу № 2-1234/23, дело 2-1234/2023 г., № 2 - 1234 / 2023, 2-1234/2О23, "
        "административное дело 2А-1234/2023, материал М-1234/23"
    )
    ids = extract_identifiers(text)
    assert ids.court_case_numbers == ("2-1234/2023", "2а-1234/2023", "М-1234/2023")


def test_extract_identifiers_reads_uid_typed_in_cyrillic_or_misread_as_latin() -> None:
    ids = extract_identifiers("УИД 43МС0012 - 01-2023-001234-56, УИД 78М$0012-01-2024-514762-50")
    assert ids.uids == ("43MS0012-01-2023-001234-56", "78MS0012-01-2024-514762-50")


def test_identifiers_to_json_is_plain_json() -> None:
    data = extract_identifiers(CLEAN).to_json()
    assert data["document_date"] == "2024-03-12"
    assert data["persons"] == ["Петров Сергей Иванович"]
    assert data["ip_numbers"] == ["12345/24/77001-ИП"]


def test_extract_identifiers_recovers_corpus_identifiers_from_noisy_text() -> None:
    """GIVEN generated documents wrapped and damaged like OCR output
    WHEN identifiers are extracted
    THEN the case's ИП numbers, case numbers, УИД and debtor's СНИЛС are found in ≥ 97% of them."""
    found = total = 0
    for index, (text, truth) in enumerate(generate_documents(120, seed=11)):
        ids = extract_identifiers(ocr_noise(wrap(text), random.Random(index), 0.02))
        expected = [*truth.ip_numbers, *truth.court_case_numbers, *truth.uids]
        if truth.snils and truth.snils[:3] in text.replace("-", ""):
            expected.append(truth.snils)
        got = {*ids.ip_numbers, *ids.court_case_numbers, *ids.uids, *ids.snilses}
        total += len(expected)
        found += sum(value in got for value in expected)
    assert found / total >= 0.97


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 99_999_999), st.integers(0, 99), st.integers(10_000, 99_999), st.sampled_from(("ИП", "СД"))
)
def test_extract_identifiers_roundtrips_ip_numbers(seq: int, year: int, osp: int, kind: str) -> None:
    number = f"{seq}/{year:02d}/{osp}-{kind}"
    assert extract_identifiers(f"в рамках ИП № {number} от 01.02.2024").ip_numbers == (number,)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(1950, 1, 1), date(2049, 12, 31)), st.booleans())
def test_extract_identifiers_reads_dates_in_both_notations(day: date, words: bool) -> None:
    months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
    text = f"«{day.day:02d}» {months[day.month - 1]} {day.year} г." if words else day.strftime("%d.%m.%Y")
    assert extract_identifiers(f"ПОСТАНОВЛЕНИЕ\n{text}").dates == (day,)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_extract_identifiers_never_raises(text: str) -> None:
    extract_identifiers(text)
