"""«Сроки» as a clerk uses it, and a letter to a guarded debtor refused on «Исходящие» (AppTest)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Deadline, Outgoing
from db.models.enums import Role
from tests.integration.tasks.test_deadlines import CANCELLED_ORDER, REFUSAL, make_case, register
from tests.integration.ui.conftest import LOGINS, log_in


def _world(engine: Engine) -> tuple[str, str, int]:
    """A case with an overdue «отмена приказа» deadline and a debtor's refusal; (case, ВХ, deadline)."""
    case_number = f"К-{uuid.uuid4().hex[:6]}"
    with session_scope(engine) as session:
        case = make_case(session, case_number)
        register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)
        refusal = register(
            session, case, "Заявление должника", REFUSAL, received=datetime(2026, 11, 12, tzinfo=UTC)
        )
        deadline_id = session.scalar(
            select(Deadline.id).where(
                Deadline.case_id == case.id, Deadline.due_date < datetime(2025, 1, 1).date()
            )
        )
    assert deadline_id is not None
    return case_number, refusal, deadline_id


def test_deadlines_page_shows_overdue_and_marks_one_done(app_env: str, app_engine: Engine) -> None:
    """GIVEN a cancelled court order registered long ago WHEN a clerk opens «Сроки» THEN it is
    overdue with its case; marking it done with a comment closes it."""
    case_number, _refusal, deadline_id = _world(app_engine)
    at: AppTest = log_in(LOGINS[Role.CLERK])
    assert any(e.value.startswith("Сроки: просрочено") for e in at.sidebar.error)  # the sidebar count
    at.switch_page("pages/deadlines.py").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Сроки"]
    assert [t.label for t in at.tabs][:2] == ["Просрочено", "Сегодня"]
    at.text_input(key="dl_case").input(case_number).run()
    overdue = at.tabs[0].dataframe[0].value
    assert set(overdue["Кейс"]) == {case_number}
    assert list(overdue["Срок"])[0] == "08.04.2024"  # the oldest first
    assert "Подать исковое заявление" in list(overdue["Действие"])
    assert "Ограничения" in [t.label for t in at.tabs]
    at.selectbox(key="dl_pick").select(deadline_id).run()
    at.text_input(key="dl_comment").input("Иск подан")
    at.button(key="dl_done").click().run()
    assert "Срок отмечен выполненным." in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        done = session.get_one(Deadline, deadline_id)
        assert (done.status, done.comment, done.done_by) == ("done", "Иск подан", "clerk")


def test_a_letter_to_a_guarded_debtor_is_refused_with_the_reason(app_env: str, app_engine: Engine) -> None:
    """GIVEN a debtor who refused interaction WHEN a clerk drafts a letter to them by the case
    THEN the app refuses it naming the statement's number, and no letter exists."""
    case_number, refusal, _ = _world(app_engine)
    at: AppTest = log_in(LOGINS[Role.CLERK])
    at.switch_page("pages/outgoing.py").run()
    at.text_input(key="out_case_text_0").input(case_number).run()
    case_id = at.selectbox(key="out_case").options[0]
    at.selectbox(key="out_case").set_value(int(case_id) if str(case_id).isdigit() else case_id)
    at.checkbox(key="out_to_debtor").check()
    at.button(key="out_create").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "не создаётся" in errors and refusal in errors and "отказ от взаимодействия" in errors
    with session_scope(app_engine) as session:
        assert (
            session.scalar(select(Outgoing.id).where(Outgoing.recipient_name.like("Петров Сергей%"))) is None
        )
