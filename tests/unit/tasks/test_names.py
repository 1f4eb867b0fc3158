"""Debtors' names in any grammatical case brought to the nominative."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.names import PersonName, find_person_names, parse_person_name, to_nominative
from tasks.normalize import normalize_text
from tests.corpus.texts import random_person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Петрова Сергея Ивановича", "Петров Сергей Иванович"),
        ("Петрову Сергею Ивановичу", "Петров Сергей Иванович"),
        ("Петровым Сергеем Ивановичем", "Петров Сергей Иванович"),
        ("Петровой Анны Сергеевны", "Петрова Анна Сергеевна"),
        ("Петрову Анну Сергеевну", "Петрова Анна Сергеевна"),
        ("Соколовской Марии Ивановны", "Соколовская Мария Ивановна"),
        ("Римского-Корсакова Николая Андреевича", "Римский-Корсаков Николай Андреевич"),
        ("Шевченко Ольги Петровны", "Шевченко Ольга Петровна"),
        ("Черных Ивана Петровича", "Черных Иван Петрович"),
        ("Мамедова Рашада Гусейн оглы", "Мамедов Рашад Гусейн оглы"),
        ("Алиевой Лейлы Исмаил кызы", "Алиева Лейла Исмаил кызы"),
        ("ПЕТРОВА СЕРГЕЯ ИВАНОВИЧА", "Петров Сергей Иванович"),
        ("Ильиной Любови Петровны", "Ильина Любовь Петровна"),
    ],
)
def test_parse_person_name_returns_nominative(text: str, expected: str) -> None:
    person = parse_person_name(text)
    assert person is not None and person.full_name == expected


def test_parse_person_name_reads_initials_in_both_orders() -> None:
    assert parse_person_name("Петрову С.И.") == PersonName("Петров", None, None, "С.И.")
    assert parse_person_name("С. И. Петрову") == PersonName("Петров", None, None, "С.И.")


def test_name_key_is_the_same_for_every_case_and_for_initials() -> None:
    keys = {
        parse_person_name(t).name_key() for t in ("Петровой Анны Сергеевны", "Петрова А.С.", "Петровой А. С.")
    }  # type: ignore[union-attr]
    assert keys == {"петров а.с."}


def test_to_nominative_takes_gender_from_patronymic() -> None:
    assert to_nominative("Петрову", "Саше", "Ивановне").surname == "Петрова"


def test_find_person_names_reads_name_after_cues_even_across_a_line_break() -> None:
    text = normalize_text(
        "в отношении должника: Петрова\nСергея Ивановича, 12.05.1980 г.р.\nс должника Смирновой А.В."
    )
    assert [p.full_name for p in find_person_names(text)] == ["Петров Сергей Иванович", "Смирнова А.В."]


def test_find_person_names_ignores_organisations_after_cue() -> None:
    assert find_person_names("Должник: ООО «Ромашка», ИНН 7701234567") == ()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(("gen", "dat", "acc", "ins")))
def test_parse_person_name_inverts_generated_declension(seed: int, case: str) -> None:
    person = random_person(random.Random(seed))
    parsed = parse_person_name(person.form(case))
    assert parsed is not None
    assert parsed.full_name == person.full
