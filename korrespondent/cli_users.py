"""``korrespondent user …``: personal accounts, managed by an administrator (also in the app).

A password is never an argument (it would stay in the shell history and in ``ps``): at a terminal
it is asked twice without echo; from a pipe (``printf '%s\\n' "$PW" | korrespondent user create …``)
the first line of standard input is read, so scripts need no terminal.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy import select

from db.engine import session_scope
from db.models import User
from db.models.enums import Role
from korrespondent.context import cli_actor, database, fail
from tasks.users import UserError, change_role, create_user, list_users, reset_password, set_active

app = typer.Typer(help="Пользователи и роли.", no_args_is_help=True)


def ask_password() -> str:
    """The password from the terminal (hidden, twice) or, without a terminal, stdin's first line."""
    if sys.stdin is not None and sys.stdin.isatty():
        return str(typer.prompt("Пароль", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _user_id(login: str) -> int:
    with database() as engine, session_scope(engine) as session:
        found = session.scalar(select(User.id).where(User.login == login.strip().lower()))
    if found is None:
        raise fail(f"Пользователя «{login.strip().lower()}» нет.")
    return found


@app.command("create")
def create(
    login: str = typer.Argument(..., help="Логин"),
    role: Role = typer.Option(Role.CLERK, help="Роль: clerk, supervisor или admin"),
    full_name: str = typer.Option("", help="ФИО сотрудника"),
) -> None:
    """Создать пользователя. Пароль спрашивается дважды и не виден (в командной строке его не передать)."""
    password = ask_password()
    with database() as engine:
        try:
            with session_scope(engine) as session:
                create_user(
                    session, login=login, password=password, role=role, full_name=full_name, actor=cli_actor()
                )
        except UserError as exc:
            raise fail(exc.message) from exc
    typer.echo(f"Пользователь {login.strip().lower()} создан, роль: {role.value}.")


@app.command("list")
def list_command() -> None:
    """Показать пользователей: логин, роль, действует ли."""
    with database() as engine, session_scope(engine) as session:
        for user in list_users(session):
            state = "действует" if user.active else "отключён"
            typer.echo(f"{user.login}\t{user.role}\t{state}\t{user.full_name}")


@app.command("role")
def role_command(
    login: str = typer.Argument(..., help="Логин"),
    role: Role = typer.Argument(..., help="Новая роль: clerk, supervisor или admin"),
) -> None:
    """Сменить роль пользователя (действует с его следующего действия)."""
    user_id = _user_id(login)
    with database() as engine:
        try:
            with session_scope(engine) as session:
                change_role(session, user_id, role=role, actor=cli_actor())
        except UserError as exc:
            raise fail(exc.message) from exc
    typer.echo(f"Роль пользователя {login.strip().lower()}: {role.value}.")


def _switch(login: str, *, active: bool) -> None:
    user_id = _user_id(login)
    with database() as engine:
        try:
            with session_scope(engine) as session:
                set_active(session, user_id, active=active, actor=cli_actor())
        except UserError as exc:
            raise fail(exc.message) from exc


@app.command("deactivate")
def deactivate(login: str = typer.Argument(..., help="Логин")) -> None:
    """Отключить пользователя: он выходит из программы и больше не войдёт (в журнале остаётся)."""
    _switch(login, active=False)
    typer.echo(f"Пользователь {login.strip().lower()} отключён.")


@app.command("activate")
def activate(login: str = typer.Argument(..., help="Логин")) -> None:
    """Снова включить отключённого пользователя."""
    _switch(login, active=True)
    typer.echo(f"Пользователь {login.strip().lower()} включён.")


@app.command("password")
def password_command(login: str = typer.Argument(..., help="Логин")) -> None:
    """Задать пользователю новый пароль (спрашивается, как при создании); его сеансы завершаются."""
    user_id = _user_id(login)
    password = ask_password()
    with database() as engine:
        try:
            with session_scope(engine) as session:
                reset_password(session, user_id, password=password, actor=cli_actor())
        except UserError as exc:
            raise fail(exc.message) from exc
    typer.echo(f"Пароль пользователя {login.strip().lower()} изменён.")
