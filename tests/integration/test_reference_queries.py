"""Type-ahead queries find Cyrillic text whatever its letter case, on both databases."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from db.reference import search_cases, search_counterparties
from tasks.imports import import_cases, import_counterparties
from tests.factories import case_row, cases_csv, counterparties_csv, counterparty_row


def test_search_counterparties_ignores_letter_case_of_cyrillic(session: Session) -> None:
    rnd = random.Random(21)
    import_counterparties(
        session,
        counterparties_csv([counterparty_row(rnd, name="Октябрьский районный суд г. Краснодара")]),
        actor="t",
    )
    assert [cp.name for cp in search_counterparties(session, prefix="ОКТЯБ")] == [
        "Октябрьский районный суд г. Краснодара"
    ]


def test_search_cases_finds_by_debtor_name_and_ip_number(session: Session) -> None:
    rnd = random.Random(22)
    import_cases(session, cases_csv([case_row(rnd, 7, debtor_full_name="Ёлкина Мария Ивановна")]), actor="t")
    assert [c.case_number for c in search_cases(session, text="ёлкина")] == ["К-000007"]
    assert [c.case_number for c in search_cases(session, text="7/24/54007")] == ["К-000007"]
