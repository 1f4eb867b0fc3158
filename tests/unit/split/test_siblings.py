"""A stack's document whose sender is unsure takes it from a sibling about the same case (issue 15)."""

from __future__ import annotations

from tasks.classify import Classification, Match
from tasks.split.siblings import senders_from_siblings

KIROV = Match(1, "Октябрьский районный суд г. Кирова", 0.95, ("город в строке отправителя: киров",))
EKB_UNSURE = Match(2, "Октябрьский районный суд г. Екатеринбурга", 0.0, ("не различить: …",))
KIROV_ALIKE = Match(1, "Октябрьский районный суд г. Кирова", 0.5)
TYPE = Match(10, "Исполнительный лист", 0.98)
CASE_A = {"court_case_numbers": frozenset({"2-4225/2024"})}
CASE_B = {"court_case_numbers": frozenset({"2-9999/2024"})}


def _unsure_determination() -> Classification:
    """«Октябрьский районный суд» without its city: every Октябрьский court fits as well."""
    return Classification(EKB_UNSURE, TYPE, sender_candidates=(KIROV_ALIKE,))


def test_a_determination_takes_the_court_of_the_writ_about_the_same_case() -> None:
    """GIVEN a court envelope: a determination naming «Октябрьский районный суд» and the writ naming
    the Kirov court, both about case 2-4225/2024 WHEN read together THEN the determination is the
    Kirov court's, sure enough to file, and says why."""
    writ = Classification(KIROV, TYPE)
    out = senders_from_siblings([_unsure_determination(), writ], [CASE_A, CASE_A], threshold=0.85)
    assert out[0].sender is not None and out[0].sender.name == KIROV.name
    assert out[0].sender.score >= 0.85 and out[0].confident
    assert "тот же отправитель, что у документа 2" in out[0].sender.evidence[0]
    assert out[1] == writ


def test_a_sibling_about_another_case_lends_no_sender() -> None:
    """A morning stack: the Kirov court's writ is about another debtor's case; the doubt stays."""
    determination = _unsure_determination()
    out = senders_from_siblings(
        [determination, Classification(KIROV, TYPE)], [CASE_A, CASE_B], threshold=0.85
    )
    assert out[0] == determination


def test_a_sender_the_document_does_not_name_is_never_taken() -> None:
    """The sibling's court is not among the document's own candidates: its text names someone else."""
    determination = Classification(EKB_UNSURE, TYPE)
    out = senders_from_siblings(
        [determination, Classification(KIROV, TYPE)], [CASE_A, CASE_A], threshold=0.85
    )
    assert out[0] == determination


def test_two_sure_siblings_of_different_senders_leave_the_choice_to_a_clerk() -> None:
    ekb_sure = Match(2, EKB_UNSURE.name, 0.95)
    determination = Classification(
        Match(3, "Октябрьский районный суд г. Омска", 0.0), TYPE, sender_candidates=(KIROV_ALIKE, ekb_sure)
    )
    siblings = [Classification(KIROV, TYPE), Classification(ekb_sure, TYPE)]
    out = senders_from_siblings([determination, *siblings], [CASE_A, CASE_A, CASE_A], threshold=0.85)
    assert out[0] == determination
