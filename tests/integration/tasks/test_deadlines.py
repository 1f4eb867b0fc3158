"""Registered mail starts legal deadlines, rules recompute them, mail puts guards on debtors."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    AuditLog,
    Case,
    Client,
    Counterparty,
    DeadlineRule,
    Debtor,
    DocumentType,
    Incoming,
    Outgoing,
)
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.deadlines.store import CANCELLED, CHECK_DATE, recompute, save_rule
from tasks.deadlines.views import Bucket, bucket_counts, list_deadlines, to_csv, to_ics
from tasks.guards import ContactGuarded, GuardError, GuardKind, add_guard, lift_guard, list_guards
from tasks.outgoing import create_letter
from tasks.outgoing.flags import Flag
from tasks.outgoing.guard_hold import hold_guarded_drafts
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tests.unit.tasks.outgoing.outgoing_factories import draft

CANCELLED_ORDER = """МИРОВОЙ СУДЬЯ СУДЕБНОГО УЧАСТКА № 3
ОПРЕДЕЛЕНИЕ
об отмене судебного приказа
г. Пермь                                   6 октября 2023 г.
Должник Петров Сергей Иванович, 12.03.1985 года рождения, возражает.
"""
REFUSAL = """Генеральному директору ООО «Коллект»
от Петрова Сергея Ивановича
ЗАЯВЛЕНИЕ
В соответствии со ст. 8 230-ФЗ заявляю об отказе от взаимодействия с вами.
10.11.2026
"""


def make_case(session: Session, number: str = "К-1") -> Case:
    debtor = Debtor(full_name="Петров Сергей Иванович", address="614000, г. Пермь, ул. Ленина, д. 1")
    client = session.scalar(select(Client).where(Client.name == "Банк")) or Client(name="Банк")
    case = Case(case_number=number, client=client, debtor=debtor)
    session.add(case)
    session.flush()
    return case


def type_id(session: Session, name: str) -> int:
    found = session.scalar(select(DocumentType.id).where(DocumentType.name == name))
    assert found is not None
    return found


def register(
    session: Session,
    case: Case,
    type_name: str,
    text: str | None,
    *,
    received: datetime = datetime(2023, 10, 20, 9, tzinfo=UTC),
    status: IncomingStatus = IncomingStatus.REGISTERED,
) -> str:
    data = f"%PDF-1.4 {type_name} {text} {received} {case.case_number}".encode()
    file = FileInput("scan.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text, "text")
    item = IncomingInput(sender_id=None, source=IncomingSource.SCANNER, status=status, received_at=received)
    package = PackageInput(
        files=(file,),
        document_type_id=type_id(session, type_name),
        case_id=case.id,
        debtor_id=case.debtor_id,
        client_id=case.client_id,
    )
    return register_incoming(session, item, [package], actor="tester").reg_number


def test_registering_a_cancelled_court_order_starts_the_six_month_clock(session: Session) -> None:
    case = make_case(session)
    number = register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)
    [row] = list_deadlines(session, today=date(2024, 1, 10), case_id=case.id)
    assert row.as_json() == {
        "case_number": "К-1",
        "incoming_number": number,
        "document_type": "Определение об отмене судебного приказа",
        "action": "Подать исковое заявление",
        "earliest_date": None,
        "due_date": "2024-04-08",  # 6.4.2024 is a Saturday
        "basis": row.basis,
        "status": "open",
        "role": "supervisor",
        "note": None,
    }
    assert "ст. 204" in row.basis
    assert row.bucket is Bucket.LATER


def test_a_deadline_from_an_unsure_date_says_check_the_date(session: Session) -> None:
    case = make_case(session)
    register(session, case, "Определение об отмене судебного приказа", None)
    [row] = list_deadlines(session, today=date(2024, 1, 10), case_id=case.id)
    assert row.note == CHECK_DATE
    assert row.due_date == date(2024, 4, 22)  # counted from receipt, 20.10.2023


def test_an_item_waiting_for_review_starts_no_clock_until_confirmed(session: Session) -> None:
    case = make_case(session)
    register(
        session,
        case,
        "Определение об отмене судебного приказа",
        CANCELLED_ORDER,
        status=IncomingStatus.NEEDS_REVIEW,
    )
    assert list_deadlines(session, today=date(2024, 1, 10), case_id=case.id) == []
    incoming_id = session.scalar(
        select(AuditLog.entity_id).where(AuditLog.action == "incoming.register").order_by(AuditLog.id.desc())
    )
    assert incoming_id is not None
    sender = Counterparty(name="Тверской районный суд", kind="court")
    session.add(sender)
    session.flush()
    session.get_one(Incoming, int(incoming_id)).sender_id = sender.id  # confirm wants a sender
    review.confirm(session, int(incoming_id), actor="clerk")
    assert len(list_deadlines(session, today=date(2024, 1, 10), case_id=case.id)) == 1


def test_ended_enforcement_gives_earliest_and_latest_only_under_p3_p4(session: Session) -> None:
    case = make_case(session)
    title = "об окончании исполнительного производства"
    ended = f"ПОСТАНОВЛЕНИЕ от 29.08.2025 № 59045/25/1\n{title}\nна основании п. 3 ч. 1 ст. 46"
    register(session, case, "Постановление об окончании исполнительного производства", ended)
    paid = f"ПОСТАНОВЛЕНИЕ от 29.08.2025 № 59045/25/2\n{title}\nп. 1 ч. 1 ст. 47: исполнено"
    register(session, case, "Постановление об окончании исполнительного производства", paid)
    [row] = list_deadlines(session, today=date(2025, 9, 10), case_id=case.id)
    assert (row.earliest_date, row.due_date) == (date(2026, 2, 28), date(2028, 8, 29))


def test_a_changed_rule_recomputes_and_a_disabled_rule_cancels(session: Session) -> None:
    case = make_case(session)
    register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)
    rule = session.scalar(select(DeadlineRule).where(DeadlineRule.key == "order_cancelled.claim"))
    assert rule is not None
    save_rule(session, rule.id, {"latest_amount": 3}, actor="supervisor")
    [row] = list_deadlines(session, today=date(2023, 12, 1), case_id=case.id)
    assert row.due_date == date(2024, 1, 9)  # 6.1.2024 falls in the New Year holidays
    save_rule(session, rule.id, {"active": False}, actor="supervisor")
    assert list_deadlines(session, today=date(2023, 12, 1), case_id=case.id) == []
    assert [
        r.status
        for r in list_deadlines(session, today=date(2023, 12, 1), case_id=case.id, statuses=(CANCELLED,))
    ] == [CANCELLED]
    save_rule(session, rule.id, {"active": True}, actor="supervisor")
    assert len(list_deadlines(session, today=date(2023, 12, 1), case_id=case.id)) == 1
    assert recompute(session, actor="flow") == 0  # nothing left to change


def test_buckets_counts_and_exports(session: Session) -> None:
    case = make_case(session)
    register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)
    counts = bucket_counts(session, today=date(2024, 4, 9))
    assert counts[Bucket.OVERDUE] >= 1
    rows = list_deadlines(session, today=date(2024, 4, 9), case_id=case.id)
    assert rows[0].bucket is Bucket.OVERDUE
    csv_text = to_csv(rows).decode("utf-8-sig")
    assert "Кейс;Входящий;Документ" in csv_text and "08.04.2024" in csv_text
    ics = to_ics(rows, stamp="20240409T000000Z").decode()
    assert "DTSTART;VALUE=DATE:20240408" in ics and ics.count("BEGIN:VEVENT") == 1


def test_a_debtors_refusal_guards_letters_to_the_debtor_but_not_to_the_court(session: Session) -> None:
    case = make_case(session)
    number = register(
        session, case, "Заявление должника", REFUSAL, received=datetime(2026, 11, 12, 9, tzinfo=UTC)
    )
    [guard] = list_guards(session, case_id=case.id)
    assert (guard.kind, guard.source_number, guard.since) == (GuardKind.REFUSAL, number, date(2026, 11, 12))
    with pytest.raises(ContactGuarded) as refused:
        create_letter(session, draft(recipient_name="", recipient_address="", case_id=case.id), actor="clerk")
    assert number in refused.value.message and "отказ от взаимодействия" in refused.value.message
    court = Counterparty(
        name="Ленинский районный суд г. Перми", kind="court", address="614000, г. Пермь, ул. Суда, 1"
    )
    session.add(court)
    session.flush()
    letter = create_letter(session, draft(counterparty_id=court.id, case_id=case.id), actor="clerk")
    assert letter.recipient_debtor_id is None
    [deadline] = list_deadlines(session, today=date(2026, 11, 12), case_id=case.id)
    assert deadline.due_date == date(2026, 11, 13)


def test_a_draft_written_before_the_guard_is_held_at_sync_and_released_when_lifted(session: Session) -> None:
    case = make_case(session)
    letter = create_letter(
        session, draft(recipient_name="", recipient_address="", case_id=case.id), actor="clerk"
    )
    assert letter.recipient_debtor_id == case.debtor_id
    ruling = register(session, case, "Прочее", None)  # registered before guards existed
    guard = add_guard(
        session, case_number="К-1", kind=GuardKind.BANKRUPTCY, source_number=ruling, actor="clerk"
    )
    assert hold_guarded_drafts(session).held == [letter.id]
    assert Flag.CONTACT_GUARDED.value in letter.flags and ruling in (letter.last_error or "")
    with pytest.raises(GuardError):
        lift_guard(session, guard.id, reason=" ", actor="supervisor")
    lift_guard(session, guard.id, reason="Производство о банкротстве прекращено", actor="supervisor")
    assert hold_guarded_drafts(session).released == [letter.id]
    assert session.get(Outgoing, letter.id) is not None and not letter.flags
    actions = set(session.scalars(select(AuditLog.action).where(AuditLog.entity == "contact_guard")))
    assert {"guard.add", "guard.lift"} <= actions
