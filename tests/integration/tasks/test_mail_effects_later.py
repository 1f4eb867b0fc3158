"""What mail sets off is recomputed when its type or text changes after registration (issue 14).

A clerk registers by hand before the text is read (the ``clerk-requests`` flow reads it later),
and corrects a wrong type after registration: in both cases the guards and deadlines follow the
item as it now is, not as it was registered.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.engine import session_scope
from db.models import AuditLog, Case, Counterparty, Deadline, DeadlineRule, Incoming
from db.models.enums import IncomingSource
from korrespondent.demo.render import text_pdf
from tasks.corrections import ItemChanges, correct_item
from tasks.deadlines.store import CANCELLED, CHECK_DATE, OPEN, save_rule
from tasks.deadlines.views import list_deadlines
from tasks.guards import ContactGuarded, GuardKind, add_guard, check_contact, list_guards
from tasks.incoming_text import extract_missing_text
from tasks.reference import OTHER
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.review import PackageChoice
from tests.integration.tasks.test_deadlines import CANCELLED_ORDER, REFUSAL, make_case, type_id

RECEIVED = datetime(2023, 10, 20, 9, tzinfo=UTC)


def _by_hand(
    session: Session,
    case: Case,
    type_name: str,
    text: str,
    *,
    with_text: bool,
    received_on: date | None = None,
) -> Incoming:
    """An item registered by hand: a real PDF whose text is read later (or, for a scan, already)."""
    data = text_pdf(text)
    file = FileInput(
        "scan.pdf",
        data,
        "application/pdf",
        hashlib.sha256(data).hexdigest(),
        1,
        text if with_text else None,
        "text_layer" if with_text else None,
    )
    sender = Counterparty(name=f"Отправитель {case.case_number}", kind="other")
    session.add(sender)
    session.flush()
    return register_incoming(
        session,
        IncomingInput(
            sender_id=sender.id, source=IncomingSource.MANUAL, received_at=RECEIVED, received_on=received_on
        ),
        [
            PackageInput(
                files=(file,),
                document_type_id=type_id(session, type_name),
                case_id=case.id,
                client_id=case.client_id,
                debtor_id=case.debtor_id,
            )
        ],
        actor="clerk",
    )


def test_a_refusal_registered_by_hand_guards_the_debtor_once_its_text_is_read(fresh_engine: Engine) -> None:
    with session_scope(fresh_engine) as session:
        case = make_case(session, "К-501")
        item = _by_hand(session, case, "Заявление должника", REFUSAL, with_text=False)
        case_id, debtor_id, item_id, number = case.id, case.debtor_id, item.id, item.reg_number
        assert list_guards(session, case_id=case_id) == []  # no words yet: nothing says refusal
    extract_missing_text(fresh_engine, item_id, actor="clerk")
    with session_scope(fresh_engine) as session:
        [guard] = list_guards(session, case_id=case_id)
        assert (guard.kind, guard.source_number) == (GuardKind.REFUSAL, number)
        with pytest.raises(ContactGuarded) as refused:
            check_contact(session, debtor_id=debtor_id)
        assert number in refused.value.message


def test_a_guard_dates_from_the_receipt_date_not_from_registration(session: Session) -> None:
    """230-ФЗ: a refusal binds from its receipt; an envelope stamped days before the scan says when."""
    case = make_case(session, "К-504")
    stamped = date(2023, 10, 16)
    item = _by_hand(session, case, "Заявление должника", REFUSAL, with_text=True, received_on=stamped)
    [guard] = list_guards(session, case_id=case.id)
    assert guard.source_number == item.reg_number
    assert guard.since == stamped  # not 20.10.2023, the day it was registered


def test_correcting_the_receipt_date_moves_the_guard_the_item_put(session: Session) -> None:
    """GIVEN a refusal stamped 16.10.2023 that guards the debtor, and a bankruptcy guard a supervisor
    dated by hand from the same item WHEN a clerk corrects the receipt date to 12.10.2023 THEN the
    refusal's guard dates from 12.10.2023 (the refusal text says so, the move is audited) and the
    hand-dated guard keeps its date."""
    case = make_case(session, "К-506")
    item = _by_hand(
        session, case, "Заявление должника", REFUSAL, with_text=True, received_on=date(2023, 10, 16)
    )
    by_hand = add_guard(
        session,
        case_number=case.case_number,
        kind=GuardKind.BANKRUPTCY,
        source_number=item.reg_number,
        since=date(2023, 11, 1),
        actor="supervisor",
    )
    changes = ItemChanges(sender_id=item.sender_id, comment=None, received_on=date(2023, 10, 12))
    correct_item(session, item.id, changes, reason="штемпель прочитан неверно", actor="clerk")
    guards = {g.kind: g for g in list_guards(session, case_id=case.id)}
    assert guards[GuardKind.REFUSAL].since == date(2023, 10, 12)
    assert guards[GuardKind.BANKRUPTCY].id == by_hand.id and by_hand.since == date(2023, 11, 1)
    with pytest.raises(ContactGuarded) as refused:
        check_contact(session, debtor_id=case.debtor_id)
    assert f"{item.reg_number} от 12.10.2023" in refused.value.message
    moved = session.scalars(select(AuditLog).where(AuditLog.action == "guard.since")).one()
    assert moved.entity_id == str(guards[GuardKind.REFUSAL].id) and moved.actor == "clerk"
    assert (moved.details["before"], moved.details["after"]) == ("2023-10-16", "2023-10-12")


def test_a_deadline_counted_from_receipt_is_recounted_from_the_date_line_once_the_text_is_read(
    fresh_engine: Engine,
) -> None:
    with session_scope(fresh_engine) as session:
        case = make_case(session, "К-502")
        item = _by_hand(
            session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER, with_text=False
        )
        case_id, item_id = case.id, item.id
        [before] = list_deadlines(session, today=date(2024, 1, 10), case_id=case_id)
    assert before.note == CHECK_DATE and before.due_date == date(2024, 4, 22)  # from receipt, 20.10.2023
    extract_missing_text(fresh_engine, item_id, actor="clerk")
    with session_scope(fresh_engine) as session:
        [after] = list_deadlines(session, today=date(2024, 1, 10), case_id=case_id)
    assert after.id == before.id  # the same deadline, recounted, not a second one
    assert after.note is None and after.due_date == date(2024, 4, 8)  # from 6 октября 2023 г.


def test_correcting_the_type_to_a_debtors_statement_puts_the_guard(session: Session) -> None:
    case = make_case(session, "К-503")
    item = _by_hand(session, case, OTHER, REFUSAL, with_text=True)
    assert list_guards(session, case_id=case.id) == []
    [package] = item.packages
    fix = PackageChoice(package.id, type_id(session, "Заявление должника"), case.id, case.client_id)
    correct_item(
        session,
        item.id,
        ItemChanges(sender_id=item.sender_id, comment=None, packages=(fix,)),
        reason="это заявление должника",
        actor="clerk",
    )
    [guard] = list_guards(session, case_id=case.id)
    assert (guard.kind, guard.source_number) == (GuardKind.REFUSAL, item.reg_number)
    with pytest.raises(ContactGuarded):
        check_contact(session, debtor_id=case.debtor_id)


def test_a_deadline_cancelled_by_a_type_correction_stays_cancelled_when_its_rule_is_saved(
    session: Session,
) -> None:
    case = make_case(session, "К-504")
    item = _by_hand(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER, with_text=True)
    [package] = item.packages
    fix = PackageChoice(package.id, type_id(session, "Судебный приказ"), case.id, case.client_id)
    changes = ItemChanges(sender_id=item.sender_id, comment=None, packages=(fix,))
    correct_item(session, item.id, changes, reason="это судебный приказ", actor="clerk")
    [deadline] = session.scalars(select(Deadline).where(Deadline.incoming_id == item.id))
    assert deadline.status == CANCELLED
    rule = session.get(DeadlineRule, deadline.rule_id)
    assert rule is not None
    save_rule(session, rule.id, {"basis": rule.basis + " (уточнено)"}, actor="supervisor")
    session.refresh(deadline)
    assert deadline.status == CANCELLED  # the package is a court order now: no claim to file
    assert list_deadlines(session, today=date(2024, 1, 10), case_id=case.id) == []


def test_an_ended_enforcement_whose_text_names_another_ground_loses_its_represent_deadline(
    fresh_engine: Engine,
) -> None:
    ended_other = """ОСП по Центральному району г. Новосибирска
ПОСТАНОВЛЕНИЕ
об окончании исполнительного производства
г. Новосибирск 12.09.2023
Руководствуясь п. 1 ч. 1 ст. 46 229-ФЗ, исполнительное производство окончить: требования исполнены.
"""
    with session_scope(fresh_engine) as session:
        case = make_case(session, "К-505")
        item = _by_hand(
            session,
            case,
            "Постановление об окончании исполнительного производства",
            ended_other,
            with_text=False,
        )
        item_id = item.id
        [deadline] = session.scalars(select(Deadline).where(Deadline.incoming_id == item_id))
        assert deadline.status == OPEN  # without the text the rule's condition cannot be checked
    extract_missing_text(fresh_engine, item_id, actor="clerk")
    with session_scope(fresh_engine) as session:
        statuses = list(session.scalars(select(Deadline.status).where(Deadline.incoming_id == item_id)))
    assert statuses == [CANCELLED]  # п. 1 (executed), not п. 3 or 4: no re-presentation
