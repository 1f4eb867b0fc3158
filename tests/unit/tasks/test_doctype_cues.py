"""Operative-part cues: the orders that name a document's type, and the quotations that must not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.doctype_cues import CUE_TYPES, operative_cues, operative_parts
from tasks.doctype_rules import STANDARD_RULES

FACTS = "УСТАНОВИЛ: на основании исполнительного документа по делу № 2-101/2024 должник долг не погасил."

# What the forms order, by type (one realistic wording each, as scans show them).
ORDERS = {
    "Постановление о возбуждении исполнительного производства": (
        "ПОСТАНОВИЛ:\n1. Возбудить исполнительное производство в отношении должника Петрова П.П."
    ),
    "Постановление об отказе в возбуждении исполнительного производства": (
        "ПОСТАНОВИЛ: 1. Отказать ООО ПКО «Долговой центр» в возбуждении исполнительного производства."
    ),
    "Постановление об окончании исполнительного производства": (
        "П О С Т А Н О В И Л :\n1. Окончить исполнительное производство № 12345/24/43001-ИП."
    ),
    "Постановление об обращении взыскания на доходы должника": (
        "ПОСТАНОВИЛ:\n1. Обратить взыскание на заработную плату и иные доходы должника Петрова П.П."
    ),
    "Постановление о замене стороны исполнительного производства": (
        "ПОСТАНОВИЛ: 1. Заменить сторону исполнительного производства (взыскателя) ПАО Сбербанк."
    ),
    "Определение об отмене судебного приказа": (
        "ОПРЕДЕЛИЛ: судебный приказ мирового судьи от 01.02.2024 № 2-101/2024 отменить."
    ),
    "Определение о процессуальном правопреемстве": "ОПРЕДЕЛИЛ: произвести замену взыскателя ПАО Сбербанк.",
    "Определение о возвращении заявления": (
        "О П Р Е Д Е Л И Л :\nзаявление о выдаче судебного приказа возвратить."
    ),
    "Решение суда": "Р Е Ш И Л :\nисковые требования ПАО Сбербанк удовлетворить.",
    "Судебный приказ": "ПРИКАЗАЛ: взыскать с должника Петрова П.П. задолженность.",
}

# Quotations of other acts, as resolutions and rulings are full of them.
QUOTES = (
    "постановление о возбуждении исполнительного производства",
    "постановления об окончании исполнительного производства от 01.02.2024",
    "судебный приказ, отмененный определением суда",
    "заявление о процессуальном правопреемстве",
    "обращение взыскания на заработную плату должника",
    "отказ в возбуждении исполнительного производства",
    "исковые требования, удовлетворенные решением суда",
)


def test_every_cue_type_is_a_standard_type() -> None:
    assert set(ORDERS) == CUE_TYPES
    assert CUE_TYPES <= set(STANDARD_RULES)


@pytest.mark.parametrize(("expected", "order"), list(ORDERS.items()))
def test_operative_order_names_its_type(expected: str, order: str) -> None:
    cues = operative_cues(f"{FACTS}\n{order}\nКопию настоящего постановления направить сторонам.")
    assert [cue.type_name for cue in cues] == [expected]
    assert cues[0].evidence.startswith("по резолютивной части: «")


def test_same_order_names_bailiff_or_court_type_by_operative_word() -> None:
    (bailiff,) = operative_cues("ПОСТАНОВИЛ: 1. Произвести замену взыскателя ПАО Сбербанк на правопреемника.")
    (court,) = operative_cues("ОПРЕДЕЛИЛ: произвести замену взыскателя ПАО Сбербанк на правопреемника.")
    assert bailiff.type_name == "Постановление о замене стороны исполнительного производства"
    assert court.type_name == "Определение о процессуальном правопреемстве"


@pytest.mark.parametrize(
    "marker", ["ПОСТАН0ВИЛ:", "ПОСТАНОВИЛ;", "ПОСTAНOВИЛ :", "П О СТ А Н О В И Л:", "ГПК РФ, ПОСТАНОВ И Л :"]
)
def test_operative_word_is_read_through_ocr_damage(marker: str) -> None:
    cues = operative_cues(f"{FACTS}\n{marker}\n1. Возбудить исполнительное производство.")
    assert [c.type_name for c in cues] == ["Постановление о возбуждении исполнительного производства"]


def test_statement_of_facts_is_not_an_operative_part() -> None:
    """«УСТАНОВИЛ» is one letter away from «ПОСТАНОВИЛ»: what follows it is never an order."""
    text = "У С Т А Н О В И Л :\nВозбудить исполнительное производство надлежит по заявлению взыскателя."
    assert operative_parts(text) == []
    assert operative_cues(text) == []


def test_two_orders_of_different_types_are_both_reported() -> None:
    text = "ПОСТАНОВИЛ:\n1. Возбудить исполнительное производство.\n2. Окончить исполнительное производство."
    assert len(operative_cues(text)) == 2


@settings(max_examples=150, deadline=None)
@given(
    quotes=st.lists(st.sampled_from(QUOTES), min_size=1, max_size=4),
    marker=st.sampled_from(("ПОСТАНОВИЛ:", "ОПРЕДЕЛИЛ:", "РЕШИЛ:", "П О С Т А Н О В И Л :")),
    verb=st.sampled_from(("Направить копию", "Учесть", "Приобщить к материалам дела", "Разъяснить, что")),
)
def test_a_quoted_act_never_counts(quotes: list[str], marker: str, verb: str) -> None:
    """Quotations in the facts and as objects of unrelated orders name nothing."""
    facts = "УСТАНОВИЛ: " + "; ".join(f"на основании {q}" for q in quotes) + "."
    orders = " ".join(f"{n}. {verb} {q}." for n, q in enumerate(quotes, start=1))
    assert operative_cues(f"{facts}\n{marker}\n{orders}") == []


def test_an_order_wrapped_over_lines_still_names_its_type() -> None:
    """A PDF's text layer and OCR both break long lines, mid-sentence or mid-word."""
    text = "ОПРЕДЕЛИЛ: судебный приказ мирового судьи\nсудебного участка № 3 от 01.02.2024 от-\nменить."
    assert [c.type_name for c in operative_cues(text)] == ["Определение об отмене судебного приказа"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("ОПРЕДЕЛИЛ: заменнть взыскателя.", "Определение о процессуальном правопреемстве"),
        ("ПРИКАЗАЛ: в3ыскать с должника.", "Судебный приказ"),
        (
            "ПОСТАНОВИЛ:\n1. Окоичить- исполнительное производство № 7.",
            "Постановление об окончании исполнительного производства",
        ),
        (
            "ПОСТАНОВИЛ: 1. Окончнть исполннтельное производство.",
            "Постановление об окончании исполнительного производства",
        ),
    ],
)
def test_an_order_misread_by_a_letter_still_names_its_type(order: str, expected: str) -> None:
    assert [c.type_name for c in operative_cues(order)] == [expected]


def test_a_participle_in_the_operative_part_is_not_pulled_to_an_order() -> None:
    """«возбужденное», «окончено» stand next to the verbs; a misread must not turn them into one."""
    text = "ПОСТАНОВИЛ: 1. Отменить меры по исполнительному производству, возбужденному и оконченному ранее."
    assert operative_cues(text) == []
