"""Clerks' sender corrections become alias proposals; an accepted alias makes the classifier see it."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy.orm import Session

from db.models import Counterparty
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.classify import AUTO_THRESHOLD, CounterpartyRef, classify
from tasks.ingest.analyse import load_reference
from tasks.learning import accept_alias, alias_proposals, learned_codes, letterhead_line
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming

LETTERHEAD = "Отделение судебных приставов по Заречному району города Энска"
TEXT = f"""ФЕДЕРАЛЬНАЯ СЛУЖБА СУДЕБНЫХ ПРИСТАВОВ
Управление ФССП по Энской области
{LETTERHEAD}
ул. Ленина, д. 5, г. Энск, 600000

ПОСТАНОВЛЕНИЕ
о возбуждении исполнительного производства
Судебный пристав-исполнитель рассмотрел исполнительный документ
"""


def _item(session: Session, text: str = TEXT) -> int:
    data = f"%PDF-1.4 {uuid.uuid4().hex}".encode()
    file = FileInput("scan.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text, "ocr")
    item = register_incoming(
        session,
        IncomingInput(sender_id=None, source=IncomingSource.SCANNER, status=IncomingStatus.NEEDS_REVIEW),
        [PackageInput(files=(file,))],
        actor="scanner",
    )
    return item.id


def _bailiffs(session: Session) -> Counterparty:
    unit = Counterparty(name="ОСП Заречного р-на", kind="bailiff", aliases=[])
    session.add(unit)
    session.flush()
    return unit


def _correct(session: Session, item_id: int, sender_id: int) -> None:
    item = session.get_one(review.Incoming, item_id)
    choices = [review.PackageChoice(p.id, None, None, None) for p in item.packages]
    review.correct(session, item_id, sender_id=sender_id, packages=choices, actor="anna")


def test_the_letterhead_is_the_unit_below_its_parent_services() -> None:
    assert letterhead_line(TEXT) == LETTERHEAD
    assert letterhead_line("Взыскателю: ООО «Ромашка»\nПОСТАНОВЛЕНИЕ\nтекст") is None


def test_two_identical_corrections_propose_the_letterhead_and_acceptance_teaches_the_classifier(
    session: Session,
) -> None:
    unit = _bailiffs(session)
    refs = lambda: [CounterpartyRef(unit.id, unit.name, unit.kind, tuple(unit.aliases or ()))]  # noqa: E731
    before = classify(TEXT, counterparties=refs(), rules=[]).sender
    assert before is None or before.score < AUTO_THRESHOLD  # it cannot be sure of this spelling

    _correct(session, _item(session), unit.id)
    assert [p for p in alias_proposals(session) if p.counterparty_id == unit.id] == []  # once is chance
    _correct(session, _item(session), unit.id)
    (proposal,) = [p for p in alias_proposals(session) if p.counterparty_id == unit.id]
    assert proposal.letterhead == LETTERHEAD and proposal.corrections == 2

    accept_alias(session, unit.id, proposal.letterhead, actor="boss")
    assert LETTERHEAD in unit.aliases
    assert [p for p in alias_proposals(session) if p.counterparty_id == unit.id] == []
    sender = classify(TEXT, counterparties=refs(), rules=[]).sender
    assert sender is not None and sender.id == unit.id and sender.score >= AUTO_THRESHOLD


def test_confirming_the_suggestion_teaches_nothing(session: Session) -> None:
    unit = _bailiffs(session)
    for _ in range(3):
        item_id = _item(session)
        item = session.get_one(review.Incoming, item_id)
        item.suggestions = {"sender": {"id": unit.id}}
        _correct(session, item_id, unit.id)
    assert [p for p in alias_proposals(session) if p.counterparty_id == unit.id] == []


def _registered(session: Session, sender_id: int, identifiers: dict[str, list[str]]) -> None:
    item = session.get_one(review.Incoming, _item(session))
    item.sender_id, item.status = sender_id, IncomingStatus.REGISTERED
    item.suggestions = {"identifiers": identifiers}
    session.flush()


def test_learned_codes_come_from_registered_documents_seen_twice_and_reach_the_classifier(
    session: Session,
) -> None:
    """GIVEN two registered documents of one ОСП with ИП numbers of department 59045 (and one with
    a stray code), WHEN reference data is loaded, THEN the ОСП carries 59045 and only it."""
    unit = _bailiffs(session)
    _registered(session, unit.id, {"ip_numbers": ["1/24/59045-ИП"], "uids": ["59RS0004-01-2024-000001-01"]})
    _registered(session, unit.id, {"ip_numbers": ["2/24/59045-ИП", "3/24/43001-ИП"]})
    learned = learned_codes(session)[unit.id]
    assert {c for c in learned if ":" not in c} == frozenset({"59045"})
    ref = next(cp for cp in load_reference(session).counterparties if cp.id == unit.id)
    assert "59045" in ref.codes


def test_the_case_history_from_registered_documents_picks_the_namesake_that_wrote_before(
    session: Session,
) -> None:
    """GIVEN two namesake ОСП (no codes, no addresses) and a registered document of the second one
    under ИП 5/24/43001-ИП, WHEN a new letter under that ИП arrives with a cityless letterhead,
    THEN the reference data carries the history and the classifier answers the second one alone."""
    alias = ["ОСП по Заречному району"]
    first = Counterparty(name="ОСП по Заречному району г. Энска", kind="bailiff", aliases=alias)
    second = Counterparty(name="ОСП по Заречному району г. Игрека", kind="bailiff", aliases=alias)
    session.add_all([first, second])
    session.flush()
    _registered(session, second.id, {"ip_numbers": ["5/24/43001-ИП"], "court_case_numbers": ["2-7/2024"]})
    assert "ИП:5/24/43001-ИП" in learned_codes(session)[second.id]
    assert "ДЕЛО:2-7/2024" not in learned_codes(session)[second.id]  # a bailiff writes under ИП numbers
    reference = load_reference(session)
    text = (
        "ОСП по Заречному району\n\nПОСТАНОВЛЕНИЕ\nоб окончании исполнительного производства\n\n"
        "Исполнительное производство № 5/24/43001-ИП окончено."
    )
    result = classify(text, counterparties=reference.counterparties, rules=reference.rules)
    assert result.sender is not None and result.sender.id == second.id and result.confident
    other = classify(text.replace("5/24/43001", "6/24/43001"), counterparties=reference.counterparties,
                     rules=reference.rules)  # fmt: skip
    assert other.sender is not None and not (other.sender.id == second.id and other.confident)
