"""Login and the role-built navigation."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.models.enums import Role
from tests.integration.ui.conftest import APP, LOGINS, log_in, new_user, seen


def test_app_refuses_a_wrong_password(app_env: str, app_engine: Engine) -> None:
    """A user of its own: a failure makes the next login of that user wait (tasks/login_guard)."""
    at = log_in(new_user(app_engine, Role.CLERK), "wrong-password")
    assert [e.value for e in at.error] == ["Неверный логин или пароль."]


@pytest.mark.parametrize("role", list(Role))
def test_app_opens_the_register_after_login(logged_in: Callable[[Role], AppTest], role: Role) -> None:
    at = logged_in(role)
    assert at.title[0].value == "Входящие"
    assert "песочница" in at.sidebar.warning[0].value


def _sso_app(monkeypatch: pytest.MonkeyPatch, identity: dict[str, object]) -> AppTest:
    monkeypatch.setenv("KORR_AUTH_PROVIDER", "keycloak")
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in identity.items():
        at.user[key] = value
    return at


def test_single_sign_on_is_offered_when_configured(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _sso_app(monkeypatch, {"is_logged_in": False}).run()
    assert at.button(key="login_sso").label == "Войти через единый вход"
    assert at.text_input(key="login_name") is not None  # the password login stays available


def test_single_sign_on_maps_the_identity_to_our_user_and_role(
    app_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _sso_app(monkeypatch, {"is_logged_in": True, "email": LOGINS[Role.SUPERVISOR].upper()}).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Входящие"
    assert "старший сотрудник" in at.sidebar.markdown[0].value


def test_single_sign_on_of_a_stranger_gets_no_page(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _sso_app(monkeypatch, {"is_logged_in": True, "email": "stranger@example.ru"}).run()
    assert "stranger@example.ru не заведена" in seen(at.error[0].value)
    assert at.title[0].value == "Корреспондент"
    at.run()  # a rerun does not log the refusal again
    from db.audit import list_entries
    from db.engine import make_engine, session_scope

    engine = make_engine(app_env)
    with session_scope(engine) as session:
        refusals = list_entries(session, actor="stranger@example.ru", action_prefix="user.", limit=10)
    engine.dispose()
    assert [e.action for e in refusals] == ["user.login_refused"]


def _signed_out(at: AppTest, login: str) -> None:
    """No exception box, nobody kept in the tab, and the sign-out is in the journal.

    (AppTest runs the open page's script itself after the click, so it shows that page's
    «Нет доступа» instead of the login form the browser shows.)
    """
    from db.audit import list_entries
    from db.engine import make_engine, session_scope
    from ui.deps import USER_KEY

    assert not at.exception, at.exception
    assert USER_KEY not in at.session_state
    engine = make_engine(os.environ["KORR_DATABASE_URL"])
    with session_scope(engine) as session:
        entries = list_entries(session, actor=login, action_prefix="user.logout", limit=1)
    engine.dispose()
    assert entries


def test_sign_out_with_password_login_works(logged_in: Callable[[Role], AppTest]) -> None:
    """GIVEN a clerk logged in by password (single sign-on not configured, the default)
    WHEN they press «Выйти» THEN they are signed out without a red exception box."""
    at = logged_in(Role.CLERK)
    at.button(key="logout").click().run()
    _signed_out(at, LOGINS[Role.CLERK])


def test_sign_out_with_single_sign_on_works(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _sso_app(monkeypatch, {"is_logged_in": True, "email": LOGINS[Role.CLERK]}).run()
    assert at.title[0].value == "Входящие"
    at.button(key="logout").click().run()
    _signed_out(at, LOGINS[Role.CLERK])
