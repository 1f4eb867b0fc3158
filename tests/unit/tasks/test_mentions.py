"""A known debtor is recognised in the text in any grammatical case, and only that debtor."""

from __future__ import annotations

import pytest

from tasks.match import contract_numbers
from tasks.mentions import is_mentioned


@pytest.mark.parametrize(
    ("text", "full_name"),
    [
        ("по иску ПАО Сбербанк к Петрову-Водкину Роману Викторовичу,", "Петров-Водкин Роман Викторович"),
        ("о взыскании с Алиевой Лейлы Исмаил кызы задолженности", "Алиева Лейла Исмаил кызы"),
        ("задолженность Смирновой Юлии Викторовны по договору", "Смирнова Юлия Викторовна"),
        ("Павловой Д.А. надлежит явиться", "Павлова Дарья Александровна"),
        ("ВИШНЕВСКОЙ ТАТЬЯНЕ ИЛЬИНИЧНЕ надлежит", "Вишневская Татьяна Ильинична"),
        ("должник С.И. Петров", "Петров Сергей Иванович"),
        ("должника Шевченко Виктора Петровича", "Шевченко Виктор Петрович"),
        ("с Голубева Артёма Сергеевича", "Голубев Артём Сергеевич"),
        ("Толстого Льва Николаевича", "Толстой Лев Николаевич"),
        # OCR damage: a hyphen for the space, a speck after the surname, ъ for ь
        ("в отношении должника Новикова-Николая Ильича, 08.06.1992", "Новиков Николай Ильич"),
        ("должника Гусевой! Татъяны Юрьеёны, 05.12.1994", "Гусева Татьяна Юрьевна"),
    ],
)
def test_is_mentioned_finds_debtor_in_oblique_case(text: str, full_name: str) -> None:
    assert is_mentioned(text, full_name)


@pytest.mark.parametrize(
    ("text", "full_name"),
    [
        ("в отношении должника Петровой Анны", "Петров Сергей Иванович"),
        ("в отношении должника Петренко Сергея", "Петров Сергей Иванович"),
        ("судья Иванова А.А.", "Иванов Сергей Петрович"),
        ("Ковальского Олега", "Ковальская Ольга Ивановна"),
        ("Петровский Сергей", "Петров Сергей Иванович"),
    ],
)
def test_is_mentioned_ignores_other_people(text: str, full_name: str) -> None:
    assert not is_mentioned(text, full_name)


def test_contract_numbers_reads_loan_contract_references() -> None:
    text = "задолженность по кредитному договору № 38225700/2020, договор займа №КД-1."
    assert contract_numbers(text) == ["38225700/2020", "КД-1"]
