"""«Пользователи»: administrators create users, change roles, deactivate and reset passwords in the
app; nobody else sees the page or reaches it (issue 13.13)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import User
from db.models.enums import Role
from tests.integration.ui.conftest import APP, log_in, new_user

Login = Callable[[Role], AppTest]


def _users_page(logged_in: Login) -> AppTest:
    at = logged_in(Role.ADMIN)
    at.switch_page("pages/users.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Пользователи"
    return at


def _row(engine: Engine, login: str) -> User:
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        session.expunge(user)
        return user


def _choose(at: AppTest, engine: Engine, login: str) -> int:
    user_id = _row(engine, login).id
    at.selectbox(key="users_pick").select(user_id).run()
    return user_id


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_only_admins_have_the_users_page(logged_in: Login, role: Role) -> None:
    at = logged_in(role)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/users.py")


def test_the_users_page_refuses_a_non_admin_who_reaches_it_anyway(app_env: str) -> None:
    from ui.deps import USER_KEY, CurrentUser

    at = AppTest.from_file(APP.replace("app.py", "pages/users.py"), default_timeout=60)
    at.session_state[USER_KEY] = CurrentUser(2, "boss", "", "supervisor")
    at.run()
    assert [e.value for e in at.error] == ["Нет доступа к этому разделу."]
    assert not at.dataframe


def test_an_admin_creates_a_user_who_can_then_log_in(logged_in: Login, app_engine: Engine) -> None:
    login = f"new-{uuid.uuid4().hex[:6]}"
    at = _users_page(logged_in)
    at.text_input(key="users_new_login").input(login)
    at.text_input(key="users_new_name").input("Смирнова Анна")
    at.selectbox(key="users_new_role").select("supervisor")
    at.text_input(key="users_new_password").input("пароль-новичка")
    at.text_input(key="users_new_repeat").input("пароль-новичка")
    at.button(key="FormSubmitter:users_new-Создать").click().run()
    assert [s.value for s in at.success] == [f"Пользователь {login} создан. Передайте ему пароль лично."]
    assert _row(app_engine, login).role == "supervisor"
    assert login in list(at.dataframe[0].value["Логин"])
    fresh = log_in(login, "пароль-новичка")
    assert fresh.title[0].value == "Входящие"


def test_mismatched_or_short_passwords_are_refused_in_russian(logged_in: Login, app_engine: Engine) -> None:
    login = f"typo-{uuid.uuid4().hex[:6]}"
    at = _users_page(logged_in)
    at.text_input(key="users_new_login").input(login)
    at.text_input(key="users_new_password").input("пароль-один")
    at.text_input(key="users_new_repeat").input("пароль-два")
    at.button(key="FormSubmitter:users_new-Создать").click().run()
    assert "Пароли не совпадают" in at.error[0].value
    at.text_input(key="users_new_login").input(login)
    at.text_input(key="users_new_password").input("корот")
    at.text_input(key="users_new_repeat").input("корот")
    at.button(key="FormSubmitter:users_new-Создать").click().run()
    assert "Пароль слишком короткий" in at.error[0].value
    with session_scope(app_engine) as session:
        assert session.scalar(select(User).where(User.login == login)) is None


def test_an_admin_changes_a_role(logged_in: Login, app_engine: Engine) -> None:
    login = new_user(app_engine, Role.CLERK)
    at = _users_page(logged_in)
    user_id = _choose(at, app_engine, login)
    at.selectbox(key=f"users_role_{user_id}").select("supervisor")
    at.button(key=f"FormSubmitter:users_role_form_{user_id}-Сохранить роль").click().run()
    assert _row(app_engine, login).role == "supervisor"
    assert "старший сотрудник" in at.success[0].value


def test_an_admin_deactivates_after_confirming_and_the_user_cannot_log_in(
    logged_in: Login, app_engine: Engine
) -> None:
    login = new_user(app_engine, Role.CLERK)
    victim = log_in(login)  # signed in elsewhere
    at = _users_page(logged_in)
    user_id = _choose(at, app_engine, login)
    at.button(key=f"users_ask_off_{user_id}").click().run()
    assert _row(app_engine, login).active  # nothing happens before the confirmation
    at.button(key=f"users_off_{user_id}").click().run()
    assert not _row(app_engine, login).active
    victim.run()
    assert "отключена" in victim.error[0].value
    assert log_in(login).error[0].value == "Неверный логин или пароль."


def test_an_admin_resets_a_password(logged_in: Login, app_engine: Engine) -> None:
    login = new_user(app_engine, Role.CLERK)
    at = _users_page(logged_in)
    user_id = _choose(at, app_engine, login)
    at.text_input(key=f"users_pw_{user_id}").input("совсем-новый-1")
    at.text_input(key=f"users_pw2_{user_id}").input("совсем-новый-1")
    at.button(key=f"FormSubmitter:users_pw_form_{user_id}-Сбросить пароль").click().run()
    assert "изменён" in at.success[0].value
    assert log_in(login, "совсем-новый-1").title[0].value == "Входящие"
