"""The demo shows deadlines and a guard without a click: ``korrespondent demo``'s earlier mail.

The seed step runs on each database as the command runs it (the demo's reference data, then
``seed_mail``): the registered documents start their deadlines in every bucket of «Сроки», and the
debtor's refusal guards the debtor, so a letter to him is refused with the document named.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Incoming
from db.reference import get_case_by_number
from korrespondent.demo.samples import EARLIER_REFUSAL_CASE, earlier_mail
from korrespondent.demo.seed import seed_mail
from tasks.deadlines.rules import DEFAULT_RULES
from tasks.deadlines.views import Bucket, list_deadlines
from tasks.guards import ContactGuarded, GuardKind, list_guards
from tasks.imports import import_cases, import_counterparties
from tasks.outgoing import LetterDraft, create_letter

TODAY = date(2026, 12, 2)  # a Wednesday


def _demo_world(session: Session) -> None:
    demo = resources.files("korrespondent") / "demo"
    import_counterparties(session, (demo / "counterparties.csv").read_bytes(), actor="demo")
    import_cases(session, (demo / "cases.csv").read_bytes(), actor="demo")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_the_demo_registers_earlier_mail_whose_deadlines_fill_every_bucket(
    session: Session, inbox: Path
) -> None:
    _demo_world(session)
    registered, scans = seed_mail(session, inbox, today=TODAY, actor="demo")
    assert registered == len(earlier_mail(TODAY)) and scans == len(list(inbox.iterdir()))
    rows = list_deadlines(session, today=TODAY)
    assert {row.bucket for row in rows} == {Bucket.OVERDUE, Bucket.TODAY, Bucket.WEEK, Bucket.LATER}
    actions = {rule.document_type: rule.action for rule in DEFAULT_RULES}
    assert {(row.document_type, row.action) for row in rows} >= {
        (item.document_type, actions[item.document_type]) for item in earlier_mail(TODAY)
    }
    assert "Подать исковое заявление" in {row.action for row in rows}
    assert all(row.note is None for row in rows)  # every date line was read: nothing says «проверьте дату»
    [ended] = [row for row in rows if row.document_type.startswith("Постановление об окончании")]
    assert ended.earliest_date is not None and ended.due_date is not None
    assert ended.earliest_date <= TODAY < ended.due_date  # re-presentable now, within three years


def test_the_demo_debtors_refusal_guards_him_and_a_letter_to_him_is_refused(
    session: Session, inbox: Path
) -> None:
    _demo_world(session)
    seed_mail(session, inbox, today=TODAY, actor="demo")
    case = get_case_by_number(session, case_number=EARLIER_REFUSAL_CASE)
    assert case is not None
    [guard] = list_guards(session, case_id=case.id)
    assert guard.kind == GuardKind.REFUSAL and guard.source_number
    draft = LetterDraft(shipping_point_index="101000", debtor_id=case.debtor_id, case_id=case.id)
    with pytest.raises(ContactGuarded) as refused:
        create_letter(session, draft, actor="demo")
    assert guard.source_number in refused.value.message
    assert "отказ от взаимодействия" in refused.value.message
    assert [g.debtor_id for g in list_guards(session)] == [case.debtor_id]  # only the debtor who refused


def test_the_demo_adds_no_mail_twice(session: Session, inbox: Path) -> None:
    _demo_world(session)
    seed_mail(session, inbox, today=TODAY, actor="demo")
    before = session.scalar(select(func.count()).select_from(Incoming))
    assert seed_mail(session, inbox, today=TODAY, actor="demo") == (0, 0)
    assert session.scalar(select(func.count()).select_from(Incoming)) == before
