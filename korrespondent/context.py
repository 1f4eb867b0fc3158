"""What every CLI command needs: settings, the actor's name, an opened database."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import Engine

from config.runtime import engine_with_blobs
from config.settings import Settings, SettingsProblem, SettingsRefused
from db.engine import session_scope
from tasks.database import DatabaseOutdated, open_database
from tasks.users import authenticate

INITIAL_ADMIN_FILE = "admin-password.txt"
"""Where ``korrespondent up`` keeps the first admin's generated password (0600), beside the data."""


def cli_actor() -> str:
    """Who is acting from the command line: ``KORR_ACTOR`` or the OS user, marked as CLI."""
    return os.environ.get("KORR_ACTOR") or f"cli:{getpass.getuser()}"


def fail(message: str) -> typer.Exit:
    """Print one line to stderr and return the exit to raise."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(1)


@contextmanager
def database(settings: Settings | None = None) -> Iterator[Engine]:
    """An engine on an up-to-date database; our errors become one line and exit code 1."""
    settings = settings or Settings()
    settings.ensure_dirs()
    try:
        engine = engine_with_blobs(open_database(settings.resolved_database_url, actor=cli_actor()), settings)
    except DatabaseOutdated as exc:
        raise fail(exc.message) from exc
    try:
        yield engine
    finally:
        engine.dispose()


def refuse_initial_admin_password(settings: Settings) -> None:
    """In production, refuse to start while the first admin still has the generated password.

    The password sits in a file beside the data; anyone who can read the data folder could sign
    in as admin until it is changed.
    """
    password_file = settings.data_dir / INITIAL_ADMIN_FILE
    if settings.env != "production" or not password_file.exists():
        return
    login, password, *_rest = [*password_file.read_text(encoding="utf-8").splitlines(), "", ""]
    with database(settings) as engine, session_scope(engine) as session:
        unchanged = authenticate(session, login=login, password=password) is not None
    if unchanged:
        refusal = SettingsRefused(
            SettingsProblem.INITIAL_ADMIN_PASSWORD,
            f"В рабочем режиме (KORR_ENV=production) у администратора «{login}» всё ещё начальный пароль "
            f"из {password_file}. Смените пароль и удалите этот файл.",
        )
        raise fail(refusal.message)


def checked_settings(**overrides: object) -> Settings:
    """``Settings()`` for a command; a production refusal becomes one Russian line and exit code 1."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsRefused as exc:
        raise fail(exc.message) from exc
