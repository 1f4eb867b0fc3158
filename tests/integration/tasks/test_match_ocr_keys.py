"""Matching a scan whose keys OCR damaged: two independent agreeing keys file it, a near miss does not.

A wrong case leaks a stranger's personal data, so every relaxation here is tested against the
stranger it must not take: another debtor's similar name, another birth date, a number read
from a case the CRM does not know.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy.orm import Session

from tasks.identifiers import extract_identifiers
from tasks.imports import import_cases
from tasks.match import CONFIDENT, NAME_AND_BIRTH, NAME_AND_OFFICE, TWO_NUMBERS, match_case
from tasks.review_reasons import ReviewReason
from tests.factories import case_row, cases_csv


@pytest.fixture
def debtors(session: Session) -> None:
    rnd = random.Random(97)
    rows = [
        case_row(
            rnd,
            301,
            debtor_full_name="Петрова Елена Ивановна",
            debtor_birth_date="30.04.1962",
            ip_numbers="236956/24/18003-ИП",
            court_case_numbers="2-7424/2024",
        ),
        # a similar name on the same birth day: only a slip of the first name apart
        case_row(
            rnd,
            302,
            debtor_full_name="Петрова Алёна Игоревна",
            debtor_birth_date="30.04.1962",
            ip_numbers="551200/24/18003-ИП",
            court_case_numbers="2-9001/2024",
        ),
        # a number one slip from Петрова's, on a debtor with another name and birth date
        case_row(
            rnd,
            303,
            debtor_full_name="Сидоров Олег Петрович",
            debtor_birth_date="11.11.1971",
            ip_numbers="236958/24/18003-ИП",
            court_case_numbers="2-7425/2024",
        ),
    ]
    assert not import_cases(session, cases_csv(rows), actor="t").errors


Outcome = tuple[str | None, float, tuple[ReviewReason, ...], tuple[str, ...]]


def _match(session: Session, text: str) -> Outcome:
    match = match_case(session, extract_identifiers(text), text=text)
    evidence = match.candidates[0].evidence if match.candidates else ()
    return match.case_number, match.confidence, match.reasons, evidence


def test_a_birth_date_whose_label_ocr_mangled_corroborates_the_number(
    session: Session, debtors: None
) -> None:
    # the stamp took the name; «г.р.» came out as «т.р.», the date itself is whole
    text = "ИП № 236956/24/18003-ИП в отношении должника ####### ##### #########, 30.04.1962 т.р., взыскатель"
    number, confidence, reasons, evidence = _match(session, text)
    assert (number, confidence, reasons) == ("К-000301", CONFIDENT, ())
    assert "birth_date" in evidence
    other_day = text.replace("30.04.1962", "03.04.1962")
    assert _match(session, other_day)[2] == (ReviewReason.WEAK_EVIDENCE,)


def test_a_damaged_name_and_the_birth_date_find_the_case_when_every_number_is_misread(
    session: Session, debtors: None
) -> None:
    # ИП number and court case both one slip off a case nobody else holds; «Петровой Елены» under a stamp
    text = (
        "рассмотрев материалы исполнительного производства № 236966/24/18003-ИП в отношении должника "
        "Пстровой Елсны Ивановны, 30.04.1962 г.р., по делу № 2-7434/2024"
    )
    number, confidence, reasons, evidence = _match(session, text)
    assert (number, confidence, reasons) == ("К-000301", NAME_AND_BIRTH, ())
    assert "name_ocr" in evidence


def test_no_numbers_read_at_all_the_damaged_name_and_birth_date_still_agree(
    session: Session, debtors: None
) -> None:
    text = "Сообщаем, что в отношении Пстровой E.И., 30.04.1962 г.р., исполнительный документ не поступал."
    assert _match(session, text)[:3] == ("К-000301", NAME_AND_BIRTH, ())


@pytest.mark.parametrize(
    "text",
    [
        # another birth date: the damaged name alone is not enough
        "№ 236966/24/18003-ИП в отношении должника Пстровой Елсны Ивановны, 01.05.1962 г.р.",
        # another first name on the same birth day: neither Петрова is taken for the other
        "№ 236966/24/18003-ИП в отношении должника Пстровой Ольги Ивановны, 30.04.1962 г.р.",
        # the name and birth date fit, but the ИП number belongs to some other case (far from hers)
        "№ 917350/23/77001-ИП в отношении должника Пстровой Елсны Ивановны, 30.04.1962 г.р.",
        # the ИП number one slip from Сидоров's: not his name, not his birth date
        "№ 236957/24/18003-ИП в отношении должника Ветровой Анны Павловны, 30.04.1962 г.р.",
    ],
)
def test_a_near_miss_stranger_is_not_filed(session: Session, debtors: None, text: str) -> None:
    number, _confidence, reasons, _evidence = _match(session, text)
    assert number is None and reasons


def test_a_cleanly_read_other_debtor_keeps_the_choice_for_a_clerk(session: Session, debtors: None) -> None:
    # «Сидоров О.П.» is read exactly (a debtor we know, his birth date not given); «Пстровой Елсны»
    # born on Петрова's birthday would be her: two debtors in play, so nobody is filed
    text = "должники Сидоров О.П. и Пстровой Елсны Ивановны, 30.04.1962 г.р."
    number, _confidence, reasons, _evidence = _match(session, text)
    assert number is None and reasons == (ReviewReason.WEAK_EVIDENCE,)


# --- a bailiff's paper whose paragraph with the numbers and birth date OCR lost ---------------
_LOST_PARAGRAPH = (
    "ПОСТАНОВЛЕНИЕ\n10.11.2024 № {office}/24/898322\n\n"
    "1. Возбудить исполнительное производство в отношении должника {debtor} в пользу взыскателя."
)


def test_the_full_name_and_the_office_of_the_debtors_only_ip_there_file_it(
    session: Session, debtors: None
) -> None:
    text = _LOST_PARAGRAPH.format(office="18003", debtor="Петровой Елены Ивановны")
    number, confidence, reasons, evidence = _match(session, text)
    assert (number, confidence, reasons) == ("К-000301", NAME_AND_OFFICE, ())
    assert "name_office" in evidence


@pytest.mark.parametrize(
    ("office", "debtor", "extra"),
    [
        ("77001", "Петровой Елены Ивановны", ""),  # another ОСП: no case of hers runs there
        ("18003", "Петровой Елены Игоревны", ""),  # another patronymic: a namesake, not her
        ("18003", "Петровой Е.И.", ""),  # initials only: the full name is not read
        ("18003", "Петровой Елены Ивановны", " Должник 01.05.1962 г.р."),  # another birth date
        ("18003", "Петровой Елены Ивановны", " ИП № 917350/23/18003-ИП"),  # another ИП number
    ],
)
def test_a_near_miss_of_name_or_office_is_not_filed(
    session: Session, debtors: None, office: str, debtor: str, extra: str
) -> None:
    text = _LOST_PARAGRAPH.format(office=office, debtor=debtor) + extra
    number, _confidence, reasons, _evidence = _match(session, text)
    assert number is None and reasons


def test_a_namesake_with_an_ip_at_the_same_office_keeps_it_for_a_clerk(
    session: Session, debtors: None
) -> None:
    # another debtor (own СНИЛС, ИНН) of the same full name and birth date, his ИП at the same ОСП
    rnd = random.Random(96)
    second = case_row(
        rnd,
        304,
        debtor_full_name="Петрова Елена Ивановна",
        debtor_birth_date="30.04.1962",
        ip_numbers="300111/24/18003-ИП",
        court_case_numbers="2-100/2024",
    )
    assert not import_cases(session, cases_csv([second]), actor="t").errors
    text = _LOST_PARAGRAPH.format(office="18003", debtor="Петровой Елены Ивановны")
    number, _confidence, reasons, _evidence = _match(session, text)
    assert number is None and reasons


# --- two numbers of different issuers agree, the name was lost ---------------------------------
_NAME_LOST = (
    "Окончить ИП № 236956/24/18003-ИП в отношении должника ######## ###, по делу № {court_case}, взыскатель"
)


def test_the_ip_and_the_court_case_number_of_one_case_file_it_without_the_name(
    session: Session, debtors: None
) -> None:
    number, confidence, reasons, evidence = _match(session, _NAME_LOST.format(court_case="2-7424/2024"))
    assert (number, confidence, reasons) == ("К-000301", TWO_NUMBERS, ())
    assert {"ip", "court_case"} <= set(evidence)


@pytest.mark.parametrize(
    "text",
    [
        _NAME_LOST.format(court_case="2-7434/2024"),  # the court case one slip off: the ИП alone
        _NAME_LOST.format(court_case="2-7425/2024"),  # Сидоров's court case: two debtors in play
        _NAME_LOST.format(court_case="2-7424/2024").replace("########", "Ветровой Анны"),  # a stranger
    ],
)
def test_one_number_or_numbers_that_disagree_stay_for_a_clerk(
    session: Session, debtors: None, text: str
) -> None:
    number, _confidence, reasons, _evidence = _match(session, text)
    assert reasons and (number is None or reasons == (ReviewReason.WEAK_EVIDENCE,))
