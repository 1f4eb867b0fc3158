"""Sender type-ahead: words and fragments of names and aliases, case and ё/е folded."""

from __future__ import annotations

import pytest

from tasks.sender_search import SenderEntry, find_senders

ENTRIES = {
    1: SenderEntry("ПАО «Банк Восход»", ("Восход-Банк",)),
    2: SenderEntry("Банк ВТБ (ПАО)"),
    3: SenderEntry("ОСП по ЦАО ГУФССП России по г. Москве", ("Центральный ОСП",)),
    4: SenderEntry("Мировой судья участка № 5 (Фёдоров А. А.)"),
    5: SenderEntry("АО «Тинькофф Банк»", ("Т-Банк",)),
}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Банк", [2, 5, 1]),  # a name that starts with it first, then a word start anywhere
        ("банк восход", [1]),
        ("ВОСХОД", [1]),
        ("цао", [3]),
        ("центральный", [3]),  # an alias
        ("т-банк", [5]),
        ("федоров", [4]),  # ё typed as е
        ("фёдоров", [4]),
        ("осход", [1]),  # a fragment inside a word
        ("сбербанк", []),
    ],
)
def test_find_senders_finds_any_word_or_fragment_of_name_or_alias(typed: str, found: list[int]) -> None:
    assert find_senders(typed, ENTRIES) == found


def test_find_senders_offers_everything_by_name_for_a_blank_query() -> None:
    assert find_senders("  ", ENTRIES) == [5, 2, 4, 3, 1]
