"""Type-ahead queries find Cyrillic text whatever its letter case, on both databases."""

from __future__ import annotations

import random
import uuid

from sqlalchemy.orm import Session

from db.reference import list_clients, search_cases, search_counterparties
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


def test_list_clients_maps_ids_to_names_sorted_by_name(session: Session) -> None:
    from db.models import Client

    tag = uuid.uuid4().hex[:6]
    second, first = Client(name=f"Я-Банк {tag}"), Client(name=f"А-Банк {tag}")
    session.add_all([second, first])
    session.flush()
    clients = {cid: name for cid, name in list_clients(session).items() if name.endswith(tag)}
    assert list(clients.items()) == [(first.id, first.name), (second.id, second.name)]
