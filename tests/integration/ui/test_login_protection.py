"""The login under attack, and a user whose account changes while they work (issue 11.7).

Failures are seeded straight into the audit log with past times where the pauses would
otherwise make a test wait; each test locks a user of its own.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select, update
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import AuditLog, User, utcnow
from db.models.enums import Role
from tasks.login_guard import Verdict, record_attempt
from tests.integration.ui.conftest import APP, PASSWORD, log_in, new_user, seen
from ui.common import when


def _seed_failures(engine: Engine, *, login: str, client: str, minutes_ago: list[float]) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        for minutes in minutes_ago:
            record_attempt(
                session, login=login, client=client, verdict=Verdict(), now=now - timedelta(minutes=minutes)
            )


def _errors(at: AppTest) -> list[str]:
    """The page's error messages as read (the sidebar may carry its own alerts)."""
    return [seen(e.value) for e in at.main.error]


def test_a_wrong_password_is_audited_without_the_password_and_the_next_try_must_wait(
    app_env: str, app_engine: Engine
) -> None:
    """GIVEN a login that failed three times in the last minutes WHEN a wrong password is typed
    THEN the failure is audited (login and client, no password) AND the next try, even with the
    right password, is refused unchecked: the fourth failure makes it wait 8 s."""
    login = new_user(app_engine, Role.CLERK)
    _seed_failures(app_engine, login=login, client="ip:10.9.9.9", minutes_ago=[3, 2, 1])
    at = log_in(login, "Секрет-угадай-123")
    assert _errors(at) == ["Неверный логин или пароль."]
    at = log_in(login, PASSWORD, at=at)
    (refusal,) = _errors(at)
    assert refusal.startswith("Слишком частые попытки входа. Повторите через ") and refusal.endswith(" с.")
    assert at.title[0].value == "Корреспондент"
    with session_scope(app_engine) as session:
        rows = list(
            session.scalars(
                select(AuditLog).where(AuditLog.actor == login, AuditLog.entity_id != "ip:10.9.9.9")
            )
        )
        assert sorted(row.action for row in rows) == ["user.login_failed", "user.login_throttled"]
        failed = next(row for row in rows if row.action == "user.login_failed")
        assert failed.details == {"login": login, "client": failed.entity_id}
        assert str(failed.entity_id).startswith("tab:")
        assert all("Секрет" not in str(row.details) and PASSWORD not in str(row.details) for row in rows)


def test_the_fifth_failure_in_15_minutes_locks_the_login_until_a_time_it_names(
    app_env: str, app_engine: Engine
) -> None:
    """GIVEN four failures of a login in the last 10 minutes (from elsewhere) WHEN a fifth comes
    THEN even the right password is refused until 15 minutes after the fifth, and the page says when."""
    login = new_user(app_engine, Role.CLERK)
    _seed_failures(app_engine, login=login, client="ip:10.9.9.9", minutes_ago=[10, 8, 6, 4])
    at = log_in(login, "ещё-неверный-1")
    assert _errors(at) == ["Неверный логин или пароль."]
    with session_scope(app_engine) as session:
        fifth = session.scalar(
            select(AuditLog.at).where(AuditLog.actor == login).order_by(AuditLog.id.desc()).limit(1)
        )
    assert fifth is not None
    at = log_in(login, PASSWORD, at=at)
    assert _errors(at) == [
        "Слишком много неудачных попыток входа. "
        f"Вход заблокирован до {when(fifth + timedelta(minutes=15))} (по московскому времени)."
    ]
    assert at.title[0].value == "Корреспондент"


def test_a_lock_that_ended_lets_the_user_in(app_env: str, app_engine: Engine) -> None:
    login = new_user(app_engine, Role.CLERK)
    _seed_failures(app_engine, login=login, client="ip:10.9.9.9", minutes_ago=[34, 33, 32, 31, 30])
    at = log_in(login)
    assert not _errors(at) and at.title[0].value == "Входящие"


def test_five_logins_tried_from_one_tab_lock_that_tab_for_every_login(
    app_env: str, app_engine: Engine
) -> None:
    """GIVEN five different logins failed from this browser tab WHEN a real user logs in from it
    THEN the tab is locked (password spraying), while the same user from another tab gets in."""
    login = new_user(app_engine, Role.CLERK)
    tab = f"tab:sprayer-{login}"
    for n in range(5):
        _seed_failures(app_engine, login=f"guess-{n}-{login}", client=tab, minutes_ago=[5 - n])
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["korr_client"] = tab
    at.run()
    at = log_in(login, at=at)
    assert _errors(at)[0].startswith("Слишком много неудачных попыток входа. Вход заблокирован до ")
    assert log_in(login).title[0].value == "Входящие"


def test_a_deactivated_user_is_signed_out_at_the_next_click(app_env: str, app_engine: Engine) -> None:
    """GIVEN a clerk at work WHEN an admin deactivates the account THEN the clerk's next click shows
    a Russian message and nothing of the register, and the password no longer opens the app."""
    login = new_user(app_engine, Role.CLERK)
    at = log_in(login)
    assert at.title[0].value == "Входящие"
    with session_scope(app_engine) as session:
        session.execute(update(User).where(User.login == login).values(active=False))
    at.text_input(key="in_text").input("петров").run()
    assert _errors(at) == ["Ваша учётная запись отключена. Обратитесь к администратору."]
    assert not at.title and not at.dataframe
    assert _errors(log_in(login)) == ["Неверный логин или пароль."]


def test_a_changed_role_takes_effect_at_the_next_click(app_env: str, app_engine: Engine) -> None:
    """GIVEN a supervisor on the journal WHEN demoted to clerk THEN the next click shows no journal."""
    login = new_user(app_engine, Role.SUPERVISOR)
    at = log_in(login)
    at.switch_page("pages/journal.py").run()
    assert at.title[0].value == "Журнал" and at.dataframe
    with session_scope(app_engine) as session:
        session.execute(update(User).where(User.login == login).values(role=Role.CLERK.value))
    at.run()
    assert _errors(at) == ["Нет доступа к этому разделу."]
    assert not at.title and not at.dataframe
