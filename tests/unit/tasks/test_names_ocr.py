"""A debtor's name read through a stamp: OCR slips still name him, another surname never does."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tasks.names import (
    CONFUSION_COST,
    NAME_EDIT,
    fold_ocr,
    fuzzy_mentioned,
    ocr_distance,
    surname_budget,
)

# Common surnames, several of them one real edit apart (Федоров/Федотов, Захаров/Сахаров, Козлов/Котлов).
SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Федотов Морозов "
    "Волков Лебедев Семенов Егоров Павлов Козлов Котлов Степанов Николаев Орлов Андреев Макаров "
    "Никитин Захаров Сахаров Зайцев Соловьев Борисов Яковлев Романов Воробьев Сергеев Фролов "
    "Александров Дмитриев Королев Гусев Киселев Максимов Поляков Сорокин Виноградов Воронов Воронцов "
    "Сафонов Сазонов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Белов"
).split()
FIRST_NAMES = ("Иван", "Сергей", "Анна", "Мария", "Олег", "Татьяна", "Николай", "Елена")
# Each pair: a letter and the one Tesseract reads instead of it.
SLIPS = {"е": "с", "с": "е", "и": "н", "н": "и", "ш": "щ", "п": "л", "о": "а", "в": "з", "з": "э"}


def _dative(surname: str) -> str:
    return surname + "у"


def _misread(word: str, positions: list[int]) -> str:
    letters = list(word)
    for position in positions:
        letter = letters[position].lower()
        if letter in SLIPS:
            swapped = SLIPS[letter]
            letters[position] = swapped.upper() if letters[position].isupper() else swapped
    return "".join(letters)


def test_ocr_distance_prices_lookalikes_at_half_an_edit() -> None:
    assert ocr_distance("петров", "пстров") == CONFUSION_COST
    assert ocr_distance("козлов", "котлов") == 1.0
    assert ocr_distance("козлов", "котлов", edit=NAME_EDIT) == NAME_EDIT


def test_fold_ocr_maps_latin_and_digit_lookalikes_to_cyrillic() -> None:
    assert fold_ocr("Пeтpoв A.C.") == fold_ocr("Петров А.С.") == "петров а.с."
    assert fold_ocr("3ахар0в") == "захаров"


@pytest.mark.parametrize(
    ("text", "debtor"),
    [
        ("в отношении должника Пстровой Анны Сергеевны", "Петрова Анна Сергеевна"),
        ("взыскать с Пeтpoвoй A.C. задолженность", "Петрова Анна Сергеевна"),
        ("должник: А.С. Пстрова", "Петрова Анна Сергеевна"),
        ("с должника Кузиецова Ивана Петровича", "Кузнецов Иван Петрович"),
        ("в отношении Куэнецовой Елены", "Кузнецова Елена Ивановна"),
        ("взыскать с Бслецкому С.И. задолженность", "Белецкий Сергей Иванович"),
        ("взыскать с Бслецкой Анны", "Белецкая Анна Ивановна"),
    ],
)
def test_a_name_under_a_stamp_is_still_the_debtor(text: str, debtor: str) -> None:
    assert fuzzy_mentioned(text, debtor)


@pytest.mark.parametrize(
    ("text", "debtor"),
    [
        ("в отношении должника Котловой Анны Сергеевны", "Козлова Анна Сергеевна"),  # a real other surname
        ("в отношении должника Сахарова Ивана Петровича", "Захаров Иван Петрович"),
        ("в отношении должника Петровой Марии Сергеевны", "Петрова Анна Сергеевна"),  # another first name
        ("в отношении должника Петровой", "Петрова Анна Сергеевна"),  # nothing to tell namesakes apart
        ("постановление о возбуждении исполнительного производства", "Петрова Анна Сергеевна"),
    ],
)
def test_fragments_that_contradict_the_name_never_match(text: str, debtor: str) -> None:
    assert not fuzzy_mentioned(text, debtor)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SURNAMES), st.sampled_from(SURNAMES), st.sampled_from(FIRST_NAMES), st.booleans())
def test_a_name_never_matches_a_different_surname(
    written: str, debtor: str, first: str, initial: bool
) -> None:
    assume(written != debtor)
    name = f"{first[0]}." if initial else first
    text = f"в отношении должника {_dative(written)} {name}"
    assert not fuzzy_mentioned(text, f"{debtor} {first} Петрович")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SURNAMES), st.sampled_from(FIRST_NAMES), st.data())
def test_lookalike_noise_within_the_budget_still_matches(
    surname: str, first: str, data: st.DataObject
) -> None:
    slippable = [i for i, letter in enumerate(surname) if letter.lower() in SLIPS]
    allowed = int(surname_budget(fold_ocr(surname)) / CONFUSION_COST)
    positions = (
        data.draw(st.lists(st.sampled_from(slippable), max_size=allowed, unique=True)) if slippable else []
    )
    text = f"взыскать с должника {_misread(_dative(surname), positions)} {first[0]}.П. задолженность"
    assert fuzzy_mentioned(text, f"{surname} {first} Петрович")
