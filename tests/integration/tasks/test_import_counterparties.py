"""Importing counterparties: good rows land, bad rows are reported by line, re-import changes nothing."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditLog, Counterparty
from tasks.imports import import_counterparties
from tests.factories import counterparties_csv, counterparty_row, csv_bytes


def test_import_counterparties_imports_good_rows_and_reports_bad_ones_by_line(session: Session) -> None:
    rnd = random.Random(1)
    rows = [
        counterparty_row(rnd, name="Октябрьский районный суд г. Краснодара", kind="court"),
        counterparty_row(rnd, inn="1234567890"),
        counterparty_row(rnd, name="ПАО «Банк Восход»", kind="банк", aliases="Банк Восход"),
        counterparty_row(rnd, name=""),
    ]
    report = import_counterparties(session, counterparties_csv(rows), actor="clerk1")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert [(error.line, error.message) for error in report.errors] == [
        (3, "ИНН «1234567890» неверен: не сходится контрольное число"),
        (5, "не заполнено наименование (name)"),
    ]
    bank = session.scalar(select(Counterparty).where(Counterparty.name == "ПАО «Банк Восход»"))
    assert bank is not None and bank.kind == "bank" and bank.aliases == ["Банк Восход"]


def test_import_counterparties_is_idempotent(session: Session) -> None:
    rnd = random.Random(2)
    data = counterparties_csv([counterparty_row(rnd) for _ in range(5)])
    first = import_counterparties(session, data, actor="clerk1")
    audit_rows = session.scalar(select(func.count()).select_from(AuditLog))
    second = import_counterparties(session, data, actor="clerk1")
    assert (first.created, second.created, second.updated, second.unchanged) == (5, 0, 0, 5)
    changes = session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.action.like("counterparty.%"))
    )
    assert changes == 5
    assert (
        session.scalar(select(func.count()).select_from(AuditLog)) == audit_rows + 1
    )  # only the run summary


def test_import_counterparties_updates_changed_row_and_audits_who(session: Session) -> None:
    rnd = random.Random(3)
    row = counterparty_row(rnd, name="МОСП по ВАШ № 3")
    import_counterparties(session, counterparties_csv([row]), actor="clerk1")
    report = import_counterparties(
        session,
        counterparties_csv([row | {"address": "125009, г. Москва, ул. Тверская, д. 7"}]),
        actor="clerk2",
    )
    assert report.updated == 1
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "counterparty.import_update"))
    assert entry is not None and entry.actor == "clerk2"
    assert entry.details["fields"] == ["address", "postal_index"]


def test_import_counterparties_reports_repeated_name_in_file(session: Session) -> None:
    rnd = random.Random(4)
    rows = [counterparty_row(rnd, name="ОСП А"), counterparty_row(rnd, name="ОСП А")]
    report = import_counterparties(
        session, counterparties_csv(rows, delimiter=";", encoding="cp1251"), actor="c"
    )
    assert report.created == 1
    assert [(e.line, e.message) for e in report.errors] == [(3, "контрагент «ОСП А» уже есть в строке 2")]


def test_import_counterparties_reads_codes_and_keeps_them_when_a_file_has_no_codes_column(
    session: Session,
) -> None:
    rnd = random.Random(7)
    row = counterparty_row(
        rnd, name="ОСП по Ленинскому району г. Перми", kind="bailiff", codes="59045; 59rs0004"
    )
    columns = ("name", "kind", "address", "inn", "ogrn", "aliases", "codes")
    report = import_counterparties(session, csv_bytes(columns, [row]), actor="clerk1")
    assert (report.created, report.errors) == (1, [])
    unit = session.scalar(select(Counterparty).where(Counterparty.name == row["name"]))
    assert unit is not None and unit.codes == ["59045", "59RS0004"]
    again = import_counterparties(session, counterparties_csv([row]), actor="clerk1")
    assert again.unchanged == 1 and unit.codes == ["59045", "59RS0004"]


def test_import_counterparties_refuses_a_row_with_a_malformed_code(session: Session) -> None:
    rnd = random.Random(8)
    row = counterparty_row(rnd, name="Ленинский районный суд г. Перми", kind="court", codes="59RS04")
    columns = ("name", "kind", "address", "inn", "ogrn", "aliases", "codes")
    report = import_counterparties(session, csv_bytes(columns, [row]), actor="clerk1")
    assert report.created == 0 and "59RS04" in report.errors[0].message
