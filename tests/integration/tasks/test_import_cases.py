"""Importing cases with their clients and debtors."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Case, CaseIdentifier, Client, Debtor
from db.reference import cases_by_identifier, get_case_by_number
from tasks.imports import CsvFileError, import_cases
from tasks.imports.rows import CASE_COLUMNS
from tests.factories import case_row, cases_csv, csv_bytes


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_cases_creates_cases_clients_debtors_and_identifiers(session: Session) -> None:
    rnd = random.Random(10)
    rows = [case_row(rnd, n) for n in range(1, 6)]
    rows[0]["ip_numbers"] = "1/24/54007-ИП;77/24/54007-СД"
    report = import_cases(session, cases_csv(rows), actor="clerk")
    assert (report.created, report.errors) == (5, [])
    case = get_case_by_number(session, case_number="К-000001")
    assert case is not None
    assert case.debtor.full_name == "Петрова Сергей Иванович"
    assert sorted(case.identifier_values("ip")) == ["1/24/54007-ИП", "77/24/54007-СД"]
    assert case.identifier_values("court_case") == ["2-1/2024"]
    assert [c.case_number for c in cases_by_identifier(session, kind="ip", values=["77/24/54007-СД"])] == [
        "К-000001"
    ]
    assert _count(session, Client) == 5


def test_import_cases_is_idempotent(session: Session) -> None:
    rnd = random.Random(11)
    data = cases_csv([case_row(rnd, n) for n in range(1, 21)])
    import_cases(session, data, actor="clerk")
    counts = [_count(session, model) for model in (Case, Debtor, Client, CaseIdentifier)]
    again = import_cases(session, data, actor="clerk")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    assert [_count(session, model) for model in (Case, Debtor, Client, CaseIdentifier)] == counts


def test_import_cases_reuses_debtor_by_snils_for_a_second_case(session: Session) -> None:
    rnd = random.Random(12)
    first = case_row(rnd, 1)
    second = case_row(rnd, 2, debtor_full_name=first["debtor_full_name"], debtor_snils=first["debtor_snils"])
    second["debtor_inn"] = first["debtor_inn"]
    import_cases(session, cases_csv([first, second]), actor="clerk")
    cases = session.scalars(select(Case).order_by(Case.case_number)).all()
    assert cases[0].debtor_id == cases[1].debtor_id


def test_import_cases_refuses_snils_of_another_debtor(session: Session) -> None:
    rnd = random.Random(13)
    first = case_row(rnd, 1)
    other = case_row(rnd, 2, debtor_full_name="Иванов Иван Иванович", debtor_snils=first["debtor_snils"])
    report = import_cases(session, cases_csv([first, other]), actor="clerk")
    assert report.created == 1
    assert len(report.errors) == 1 and report.errors[0].line == 3
    assert "уже принадлежит другому должнику: Петрова Сергей Иванович" in report.errors[0].message


def test_import_cases_updates_changed_identifiers(session: Session) -> None:
    rnd = random.Random(14)
    row = case_row(rnd, 1)
    import_cases(session, cases_csv([row]), actor="clerk")
    report = import_cases(session, cases_csv([row | {"ip_numbers": "9/25/54007-ИП"}]), actor="clerk")
    assert report.updated == 1
    case = get_case_by_number(session, case_number="К-000001")
    assert case is not None and case.identifier_values("ip") == ["9/25/54007-ИП"]


def test_import_cases_reports_every_bad_row_and_keeps_good_ones(session: Session) -> None:
    rnd = random.Random(15)
    rows = [
        case_row(rnd, 1),
        case_row(rnd, 2, debtor_birth_date="32.01.1990"),
        case_row(rnd, 3, debtor_snils="123"),
        case_row(rnd, 1),
        case_row(rnd, 5),
    ]
    report = import_cases(session, cases_csv(rows), actor="clerk")
    assert report.created == 2
    assert [error.line for error in report.errors] == [3, 4, 5]
    assert "кейс К-000001 уже есть в строке 2" in report.errors[2].message


def test_import_cases_refuses_unreadable_file_and_changes_nothing(session: Session) -> None:
    before = _count(session, Case)
    with pytest.raises(CsvFileError):
        import_cases(session, b"\xff\xfe\x00garbage", actor="clerk")
    with pytest.raises(CsvFileError, match="нет обязательных столбцов"):
        import_cases(session, "номер,клиент\n1,2\n".encode(), actor="clerk")
    assert _count(session, Case) == before


def test_import_cases_keeps_namesakes_with_different_snils_apart(session: Session) -> None:
    """GIVEN namesakes born the same day with different СНИЛС THEN two debtors, stable on re-import."""
    rnd = random.Random(16)
    first = case_row(rnd, 1)
    namesake = case_row(
        rnd, 2, debtor_full_name=first["debtor_full_name"], debtor_birth_date=first["debtor_birth_date"]
    )
    data = cases_csv([first, namesake])
    import_cases(session, data, actor="clerk")
    again = import_cases(session, data, actor="clerk")
    assert _count(session, Debtor) == 2
    assert again.unchanged == 2


def test_import_cases_stores_court_case_numbers_canonical_and_uid(session: Session) -> None:
    """GIVEN a client's file with a two-digit year, a "№" and a УИД column
    THEN the case carries the canonical number and the УИД, and a re-import changes nothing."""
    rnd = random.Random(17)
    row = case_row(rnd, 1, court_case_numbers="№ 2-1/24; 2-1/2024 г.", uid="77РС0001-01-2024-000001-11")
    data = cases_csv([row])
    assert import_cases(session, data, actor="clerk").created == 1
    case = get_case_by_number(session, case_number="К-000001")
    assert case is not None
    assert case.identifier_values("court_case") == ["2-1/2024"]
    assert case.identifier_values("uid") == ["77RS0001-01-2024-000001-11"]
    found = cases_by_identifier(session, kind="uid", values=["77RS0001-01-2024-000001-11"])
    assert [c.case_number for c in found] == ["К-000001"]
    assert import_cases(session, data, actor="clerk").unchanged == 1


def test_import_cases_reports_a_bad_uid_in_russian_and_keeps_the_other_rows(session: Session) -> None:
    rnd = random.Random(18)
    rows = [case_row(rnd, 1, uid="77RS0001-01-2024-000001-11"), case_row(rnd, 2, uid="77RS0001-2024")]
    report = import_cases(session, cases_csv(rows), actor="clerk")
    assert report.created == 1
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "УИД «77RS0001-2024» не похож на «77RS0001-01-2023-001234-56»")
    ]


def test_import_cases_without_uid_column_keeps_stored_uid(session: Session) -> None:
    """An older export without the column must not erase the УИД a newer one stored."""
    rnd = random.Random(19)
    row = case_row(rnd, 1, uid="77RS0001-01-2024-000001-11")
    import_cases(session, cases_csv([row]), actor="clerk")
    older = [column for column in CASE_COLUMNS if column != "uid"]
    report = import_cases(session, csv_bytes(older, [row]), actor="clerk")
    assert report.unchanged == 1
    case = get_case_by_number(session, case_number="К-000001")
    assert case is not None and case.identifier_values("uid") == ["77RS0001-01-2024-000001-11"]
    report = import_cases(session, cases_csv([row | {"uid": ""}]), actor="clerk")
    assert report.updated == 1 and case.identifier_values("uid") == []


def test_reimport_canonicalises_numbers_stored_before(session: Session) -> None:
    """GIVEN a case stored with "2-1/24" before canonical storage WHEN its file is imported again
    THEN the stored number becomes "2-1/2024" (no data migration needed)."""
    rnd = random.Random(20)
    row = case_row(rnd, 1, court_case_numbers="2-1/24")
    import_cases(session, cases_csv([row]), actor="clerk")
    case = get_case_by_number(session, case_number="К-000001")
    assert case is not None
    case.identifiers = [i for i in case.identifiers if i.kind != "court_case"]
    case.identifiers.append(CaseIdentifier(kind="court_case", value="2-1/24"))
    session.flush()
    report = import_cases(session, cases_csv([row]), actor="clerk")
    assert (report.updated, report.errors) == (1, [])
    assert case.identifier_values("court_case") == ["2-1/2024"]
