"""Namesakes across cities: the unit's city, the ГУФССП line, the address and codes tell them apart."""

from __future__ import annotations

from tasks.classify import AUTO_THRESHOLD, Classification, CounterpartyRef, classify
from tasks.doctype_rules import standard_rules

PERM = CounterpartyRef(
    1, "ОСП по Ленинскому району г. Перми", "bailiff",
    aliases=("Отделение судебных приставов по Ленинскому району",),
    address="614990, г. Пермь, ул. Героев Хасана, д. 10", codes=("59045",),
)  # fmt: skip
KIROV = CounterpartyRef(
    2, "ОСП по Ленинскому району г. Кирова", "bailiff",
    aliases=("Отделение судебных приставов по Ленинскому району",),
    address="610004, г. Киров, ул. Ленина, д. 95",
)  # fmt: skip
OMSK_COURT = CounterpartyRef(
    3,
    "Ленинский районный суд г. Омска",
    "court",
    aliases=("Ленинский районный суд",),
    address="644043, г. Омск, ул. Труда, д. 29",
    codes=("55RS0003",),
)
PERM_COURT = CounterpartyRef(
    4,
    "Ленинский районный суд г. Перми",
    "court",
    aliases=("Ленинский районный суд",),
    address="614990, г. Пермь, ул. Екатерининская, д. 33",
)
BODY = (
    "\n\nВзыскателю: ООО ПКО «Долговой центр»\n125009, г. Москва, ул. Тверская, д. 7\n\nПОСТАНОВЛЕНИЕ\n"
    "о возбуждении исполнительного производства\n\nСудебный пристав-исполнитель возбудил "
    "исполнительное производство № {ip} в отношении должника Петрова Сергея Ивановича."
)


def _classify(
    letterhead: str, *, ip: str = "1234/24/00000-ИП", refs: tuple[CounterpartyRef, ...] = (PERM, KIROV)
) -> Classification:
    return classify(letterhead + BODY.format(ip=ip), counterparties=refs, rules=standard_rules())


def test_classify_names_the_city_of_the_regional_line_when_the_unit_line_has_none() -> None:
    result = _classify("ГУФССП России по Пермскому краю\nОтделение судебных приставов по Ленинскому району")
    assert result.sender is not None and result.sender.name == PERM.name
    assert result.sender.score >= AUTO_THRESHOLD
    assert any("управления ФССП" in reason for reason in result.sender.evidence)


def test_classify_reads_the_city_in_an_oblique_case_on_the_unit_line() -> None:
    result = _classify("ОТДЕЛ СУДЕБНЫХ ПРИСТАВОВ ПО ЛЕНИНСКОМУ РАЙОНУ Г. ПЕРМИ")
    assert result.sender is not None and result.sender.name == PERM.name and result.confident


def test_classify_tells_namesakes_apart_by_the_postal_index_and_street() -> None:
    result = _classify("Отделение судебных приставов по Ленинскому району\nул. Ленина, д. 95, 610004")
    assert result.sender is not None and result.sender.name == KIROV.name and result.confident
    assert any("индекс 610004" in reason for reason in result.sender.evidence)


def test_classify_tells_namesakes_apart_by_the_department_code_in_the_ip_number() -> None:
    result = _classify("Отделение судебных приставов по Ленинскому району", ip="12345/24/59045-ИП")
    assert result.sender is not None and result.sender.name == PERM.name and result.confident


def test_classify_sends_namesakes_to_review_listing_both_when_nothing_tells_them_apart() -> None:
    result = _classify("Отделение судебных приставов по Ленинскому району")
    assert not result.confident
    assert {m.name for m in result.sender_candidates[:2]} == {PERM.name, KIROV.name}
    assert result.sender is not None and any("не различить" in reason for reason in result.sender.evidence)


def test_classify_does_not_answer_a_directory_unit_of_another_city_than_the_letterhead() -> None:
    result = _classify("ГУФССП России по Пермскому краю\nОтделение судебных приставов по Ленинскому району",
                       refs=(KIROV,))  # fmt: skip
    assert not result.confident


def test_classify_uses_the_court_code_of_the_uid_and_the_place_under_a_courts_title() -> None:
    text = (
        "Дело № 2-1234/2024\nУИД 55RS0003-01-2024-001234-56\n\nР Е Ш Е Н И Е\nИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n"
        "12 марта 2024 года    г. Омск\n\nЛенинский районный суд в составе председательствующего судьи "
        "Лукиной О.С., рассмотрев гражданское дело, Р Е Ш И Л: иск удовлетворить."
    )
    result = classify(text, counterparties=(OMSK_COURT, PERM_COURT), rules=standard_rules())
    assert result.sender is not None and result.sender.name == OMSK_COURT.name and result.confident
    assert result.document_type is not None and result.document_type.name == "Решение суда"


def test_the_case_history_favours_the_office_that_already_wrote_under_this_ip_number() -> None:
    """GIVEN two namesake ОСП and the same letterhead (no city, an ИП code neither lists), WHEN one of
    them already wrote under this ИП number, THEN it is the sender, and it says why."""
    kirov = CounterpartyRef(KIROV.id, KIROV.name, KIROV.kind, KIROV.aliases, address=KIROV.address,
                            codes=("ИП:777/24/43001-ИП",))  # fmt: skip
    letterhead = "Отделение судебных приставов по Ленинскому району"
    result = _classify(letterhead, ip="777/24/43001-ИП", refs=(PERM, kirov))
    assert result.sender is not None and result.sender.name == KIROV.name and result.confident
    assert any("уже писал по этому делу: 777/24/43001-ИП" in r for r in result.sender.evidence)
    other = _classify(letterhead, ip="778/24/43001-ИП", refs=(PERM, kirov))  # another ИП: no history
    assert not other.confident


def test_the_case_history_of_a_court_case_number_tells_namesake_courts_apart() -> None:
    """GIVEN two namesake courts and a ruling naming no city, WHEN one already wrote under the case
    number (in another spelling), THEN it is the sender; a bailiff's history never counts for a court."""
    text = (
        "Ленинский районный суд\n\nОПРЕДЕЛЕНИЕ\nоб отмене судебного приказа\n\n"
        "Мировой судья рассмотрел дело № 2-1234/2024 по заявлению ООО ПКО «Долговой центр»."
    )
    perm = CounterpartyRef(PERM_COURT.id, PERM_COURT.name, "court", PERM_COURT.aliases,
                           address=PERM_COURT.address, codes=("ДЕЛО:2-1234/2024",))  # fmt: skip
    result = classify(text, counterparties=(OMSK_COURT, perm), rules=standard_rules())
    assert result.sender is not None and result.sender.name == PERM_COURT.name and result.confident
    without = classify(text, counterparties=(OMSK_COURT, PERM_COURT), rules=standard_rules())
    assert not without.confident
    from tasks.sender_evidence import history_keys

    assert history_keys({"court_case_numbers": ["2-1234/2024"], "ip_numbers": ["1/24/59045-ИП"]},
                        kind="court") == {"ДЕЛО:2-1234/2024"}  # fmt: skip
    assert history_keys({"court_case_numbers": ["2-1234/2024"]}, kind="bank") == set()
