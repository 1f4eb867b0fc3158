"""Creating users (SQLite and PostgreSQL): refusals carry a code and the Russian text the CLI prints."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db.models.enums import Role
from tasks.users import MIN_PASSWORD_LENGTH, UserError, UserProblem, create_user


def test_create_user_refuses_with_a_code_and_a_russian_message(session: Session) -> None:
    create_user(session, login="Anna", password="x" * MIN_PASSWORD_LENGTH, role=Role.CLERK, actor="admin")
    with pytest.raises(ActionRefused) as taken:
        create_user(
            session, login=" anna ", password="y" * MIN_PASSWORD_LENGTH, role=Role.CLERK, actor="admin"
        )
    assert isinstance(taken.value, UserError) and taken.value.code is UserProblem.LOGIN_TAKEN
    assert taken.value.message == "Пользователь «anna» уже существует."
    with pytest.raises(UserError) as short:
        create_user(session, login="boris", password="123", role=Role.CLERK, actor="admin")
    assert short.value.code is UserProblem.SHORT_PASSWORD and "не меньше" in short.value.message
    with pytest.raises(UserError) as empty:
        create_user(session, login="  ", password="x" * MIN_PASSWORD_LENGTH, role=Role.CLERK, actor="admin")
    assert empty.value.code is UserProblem.EMPTY_LOGIN
