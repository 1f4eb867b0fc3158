"""``korrespondent db …`` and ``korrespondent show``: the schema and what the database holds."""

from __future__ import annotations

import typer
from sqlalchemy import func, select

from config.settings import Settings
from db import migrate
from db.engine import make_engine, session_scope
from db.models import Case, Client, Counterparty, Debtor, DocumentType, Incoming, Outgoing, User
from korrespondent.context import cli_actor, database
from tasks.database import upgrade_and_seed

app = typer.Typer(help="База данных: миграции схемы.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Обновить схему базы данных до последней версии."""
    settings = Settings()
    settings.ensure_dirs()
    engine = make_engine(settings.resolved_database_url)
    added = upgrade_and_seed(engine, actor=cli_actor())
    typer.echo(f"Схема базы данных обновлена до версии {migrate.current_revision(engine)}.")
    if added:
        typer.echo(f"Добавлено стандартных типов документов: {added}.")
    engine.dispose()


@app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="Версия схемы, например base или 0001.")) -> None:
    """Откатить схему базы данных до указанной версии."""
    engine = make_engine(Settings().resolved_database_url)
    migrate.downgrade(engine, revision)
    typer.echo(f"Схема базы данных откачена до версии {migrate.current_revision(engine) or 'base'}.")
    engine.dispose()


@app.command("current")
def current() -> None:
    """Показать версию схемы базы данных."""
    engine = make_engine(Settings().resolved_database_url)
    typer.echo(migrate.current_revision(engine) or "base")
    engine.dispose()


def show() -> None:
    """Показать, что есть в базе: справочники, кейсы, корреспонденция."""
    settings = Settings()
    with database(settings) as engine, session_scope(engine) as session:
        counts = {
            "Контрагенты": Counterparty,
            "Типы документов": DocumentType,
            "Клиенты": Client,
            "Должники": Debtor,
            "Кейсы": Case,
            "Входящие": Incoming,
            "Исходящие": Outgoing,
            "Пользователи": User,
        }
        typer.echo(f"База данных: {engine.url.render_as_string(hide_password=True)}")
        typer.echo(f"Папка входящих: {settings.inbox_dir}")
        for label, model in counts.items():
            typer.echo(f"  {label}: {session.scalar(select(func.count()).select_from(model))}")
        typer.echo("Контрагенты (первые 10):")
        for name, kind in session.execute(
            select(Counterparty.name, Counterparty.kind).order_by(Counterparty.name).limit(10)
        ):
            typer.echo(f"  • {name} [{kind}]")
