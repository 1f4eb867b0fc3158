"""The one rule for a registered item: a sender; per package a type and, by that type, a case or client."""

from __future__ import annotations

from tasks.completeness import PackageFacts, registration_gaps

HOMES = {1: "case", 2: "client"}


def test_registration_gaps_are_empty_for_a_complete_item() -> None:
    packages = [PackageFacts(1, 10, None), PackageFacts(2, None, 20), PackageFacts(2, 10, None)]
    assert registration_gaps(sender_id=5, packages=packages, belongs_to=HOMES) == []


def test_registration_gaps_name_sender_type_case_and_client_in_russian() -> None:
    packages = [PackageFacts(None, None, None), PackageFacts(1, None, 20), PackageFacts(2, None, None)]
    assert registration_gaps(sender_id=None, packages=packages, belongs_to=HOMES) == [
        "Укажите отправителя.",
        "Пакет 1: укажите тип документа.",
        "Пакет 2: выберите кейс (этот тип документа подшивается к кейсу).",
        "Пакет 3: выберите клиента (этот тип документа относится к клиенту).",
    ]


def test_registration_gaps_want_a_package() -> None:
    assert registration_gaps(sender_id=5, packages=[], belongs_to={}) == [
        "Добавьте хотя бы один пакет документов."
    ]
