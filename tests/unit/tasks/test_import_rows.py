"""Row validation of the CSV imports: one specific Russian reason per bad row."""

from __future__ import annotations

import random
from datetime import date

import pytest

from config.errors import RowRefused
from tasks.imports.csvfile import CsvFileError, CsvProblem, read_rows, split_multi
from tasks.imports.rows import RowInvalid, RowProblem, parse_case, parse_counterparty
from tests.factories import case_row, counterparty_row

RND = random.Random(7)


def test_parse_counterparty_accepts_russian_kind_and_extracts_postal_index() -> None:
    record = parse_counterparty(2, counterparty_row(RND, kind="Суд", aliases="Райсуд; Райсуд ;Суд района"))
    assert record.kind == "court"
    assert record.postal_index == "630099"
    assert record.aliases == ("Райсуд", "Суд района")


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"name": "  "}, "наименование"),
        ({"kind": "планета"}, "неизвестный вид"),
        ({"inn": "7707083894"}, "ИНН «7707083894» неверен"),
        ({"ogrn": "1027700132196"}, "ОГРН"),
    ],
)
def test_parse_counterparty_rejects_bad_values_with_reason(override: dict[str, str], fragment: str) -> None:
    with pytest.raises(RowInvalid, match=fragment):
        parse_counterparty(3, counterparty_row(RND, **override))


def test_parse_case_normalises_identifiers() -> None:
    record = parse_case(2, case_row(RND, 5, debtor_snils="", ip_numbers="5/24/54007–ИП; 6/24/54007-ИП"))
    assert record.ip_numbers == ("5/24/54007-ИП", "6/24/54007-ИП")
    assert record.debtor_snils is None
    assert record.debtor_birth_date == date(1965, 6, 6)


def test_parse_case_stores_court_case_numbers_canonical() -> None:
    record = parse_case(2, case_row(RND, 5, court_case_numbers="№ 2-5/24; 2-5/2024 г.; 2А-7/23; А40-1/2023"))
    assert record.court_case_numbers == ("2-5/2024", "2а-7/2023", "А40-1/2023")


def test_parse_case_reads_the_optional_uid_column() -> None:
    record = parse_case(2, case_row(RND, 5, uid="77рс0001-01-2023-001234-56; 77RS0001-01-2023-001234-56"))
    assert record.uids == ("77RS0001-01-2023-001234-56",)
    assert parse_case(2, case_row(RND, 5, uid="")).uids == ()
    assert parse_case(2, case_row(RND, 5)).uids is None  # a file without the column says nothing


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"case_number": ""}, "номер кейса"),
        ({"client": ""}, "клиент"),
        ({"debtor_full_name": "Petrov Sergey"}, "кириллицей"),
        ({"debtor_birth_date": "31.02.1980"}, "ДД.ММ.ГГГГ"),
        ({"debtor_birth_date": "1980-01-02"}, "ДД.ММ.ГГГГ"),
        ({"debtor_birth_date": "01.01.2999"}, "вне допустимого"),
        ({"debtor_snils": "112-233-445 96"}, "СНИЛС «112-233-445 96» неверен"),
        ({"debtor_inn": "7707083893"}, "12 цифр"),
        ({"ip_numbers": "12345-ИП"}, "номер ИП"),
        ({"uid": "2-1234/2023"}, "УИД «2-1234/2023» не похож на «77RS0001-01-2023-001234-56»"),
        ({"uid": "77RS0001-01-2023-01234-56"}, "УИД «77RS0001-01-2023-01234-56»"),
    ],
)
def test_parse_case_rejects_bad_values_with_reason(override: dict[str, str], fragment: str) -> None:
    with pytest.raises(RowInvalid, match=fragment):
        parse_case(4, case_row(RND, 1, **override), today=date(2026, 11, 28))


def test_read_rows_reads_excel_cp1251_with_semicolons() -> None:
    data = "name;kind;extra\nОСП по району;фссп;x\n".encode("cp1251")
    header, rows = read_rows(data, required=("name",))
    assert header == ["name", "kind", "extra"]
    assert [row.values["name"] for row in rows] == ["ОСП по району"]


def test_read_rows_refuses_file_without_required_columns() -> None:
    with pytest.raises(CsvFileError, match="нет обязательных столбцов: case_number"):
        read_rows(b"client,debtor\n", required=("case_number", "client"))


def test_split_multi_drops_blanks_and_duplicates() -> None:
    assert split_multi(" a; b;;a ; c ") == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"client": ""}, RowProblem.NO_CLIENT),
        ({"debtor_birth_date": "31.02.1980"}, RowProblem.BAD_DATE),
        ({"debtor_snils": "112-233-445 96"}, RowProblem.BAD_SNILS),
        ({"uid": "2-1234/2023"}, RowProblem.BAD_UID),
    ],
)
def test_a_refused_row_carries_its_code_and_is_a_row_refusal(
    override: dict[str, str], code: RowProblem
) -> None:
    with pytest.raises(RowRefused) as info:
        parse_case(4, case_row(RND, 1, **override), today=date(2026, 11, 28))
    assert isinstance(info.value, RowInvalid) and info.value.code is code and info.value.message


def test_a_refused_file_carries_its_code() -> None:
    with pytest.raises(CsvFileError) as info:
        read_rows(b"client,debtor\n", required=("case_number", "client"))
    assert info.value.code is CsvProblem.MISSING_COLUMNS and isinstance(info.value, RowRefused)
    with pytest.raises(CsvFileError) as empty:
        read_rows(b"  \n", required=("case_number",))
    assert empty.value.code is CsvProblem.EMPTY_FILE
