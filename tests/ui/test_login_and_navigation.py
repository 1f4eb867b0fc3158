"""Login and the role-built navigation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from db.models.enums import Role
from tests.ui.conftest import APP, LOGINS


def test_app_refuses_a_wrong_password(app_env: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_name").input(LOGINS[Role.CLERK])
    at.text_input(key="login_password").input("wrong-password")
    at.button(key="login_submit").click().run()
    assert [e.value for e in at.error] == ["Неверный логин или пароль."]


@pytest.mark.parametrize("role", list(Role))
def test_app_opens_the_register_after_login(logged_in: Callable[[Role], AppTest], role: Role) -> None:
    at = logged_in(role)
    assert at.title[0].value == "Входящие"
    assert "песочница" in at.sidebar.warning[0].value
