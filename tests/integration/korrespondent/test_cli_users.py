"""``korrespondent user …``: the password is asked (stdin without a terminal), never an argument;
roles, deactivation and password resets from the command line (issue 13.13)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from db.engine import make_engine, session_scope
from db.models import User
from korrespondent.cli import app
from tasks.users import authenticate

runner = CliRunner()


def _user(login: str) -> tuple[str, bool]:
    engine = make_engine(os.environ["KORR_DATABASE_URL"])
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        found = (user.role, user.active)
    engine.dispose()
    return found


def _can_log_in(login: str, password: str) -> bool:
    engine = make_engine(os.environ["KORR_DATABASE_URL"])
    with session_scope(engine) as session:
        ok = authenticate(session, login=login, password=password) is not None
    engine.dispose()
    return ok


def test_a_piped_password_is_read_from_stdin(korr_env: Callable[[], Path]) -> None:
    """Without a terminal (a script, CI) the first line of stdin is the password, asked once."""
    result = runner.invoke(app, ["user", "create", "orlova", "--role", "admin"], input="Пароль-из-трубы\n")
    assert result.exit_code == 0, result.output
    assert "Пароль-из-трубы" not in result.output
    assert _can_log_in("orlova", "Пароль-из-трубы")


def test_an_admin_changes_role_deactivates_and_resets_from_the_cli(korr_env: Callable[[], Path]) -> None:
    assert (
        runner.invoke(app, ["user", "create", "boss", "--role", "admin"], input="секрет-123\n").exit_code == 0
    )
    assert runner.invoke(app, ["user", "create", "kozlov"], input="секрет-123\n").exit_code == 0

    assert runner.invoke(app, ["user", "role", "kozlov", "supervisor"]).exit_code == 0
    assert _user("kozlov") == ("supervisor", True)

    reset = runner.invoke(app, ["user", "password", "kozlov"], input="новый-пароль-1\n")
    assert reset.exit_code == 0, reset.output
    assert _can_log_in("kozlov", "новый-пароль-1") and not _can_log_in("kozlov", "секрет-123")

    assert runner.invoke(app, ["user", "deactivate", "kozlov"]).exit_code == 0
    assert _user("kozlov") == ("supervisor", False)
    assert not _can_log_in("kozlov", "новый-пароль-1")
    listed = runner.invoke(app, ["user", "list"])
    assert "kozlov\tsupervisor\tотключён" in listed.output


def test_the_last_admin_cannot_be_deactivated_or_demoted(korr_env: Callable[[], Path]) -> None:
    assert (
        runner.invoke(app, ["user", "create", "root", "--role", "admin"], input="секрет-123\n").exit_code == 0
    )
    for args in (["user", "deactivate", "root"], ["user", "role", "root", "clerk"]):
        refused = runner.invoke(app, args)
        assert refused.exit_code == 1 and "единственный действующий администратор" in refused.output
    assert _user("root") == ("admin", True)


def test_an_unknown_login_is_named(korr_env: Callable[[], Path]) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["user", "deactivate", "nobody"])
    assert result.exit_code == 1 and "Пользователя «nobody» нет" in result.output
