"""``korrespondent user …``: personal accounts, created by an administrator."""

from __future__ import annotations

import typer

from db.engine import session_scope
from db.models.enums import Role
from korrespondent.context import cli_actor, database, fail
from tasks.users import UserError, create_user

app = typer.Typer(help="Пользователи и роли.", no_args_is_help=True)


@app.command("create")
def create(
    login: str = typer.Argument(..., help="Логин"),
    role: Role = typer.Option(Role.CLERK, help="Роль: clerk, supervisor или admin"),
    full_name: str = typer.Option("", help="ФИО сотрудника"),
) -> None:
    """Создать пользователя. Пароль спрашивается дважды и не виден (в командной строке его не передать)."""
    password = typer.prompt("Пароль", hide_input=True, confirmation_prompt=True)
    with database() as engine:
        try:
            with session_scope(engine) as session:
                create_user(
                    session, login=login, password=password, role=role, full_name=full_name, actor=cli_actor()
                )
        except UserError as exc:
            raise fail(exc.message) from exc
    typer.echo(f"Пользователь {login.strip().lower()} создан, роль: {role.value}.")
