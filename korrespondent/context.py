"""What every CLI command needs: settings, the actor's name, an opened database."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import Engine

from config.settings import Settings
from tasks.database import DatabaseOutdated, open_database


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
        engine = open_database(settings.resolved_database_url, actor=cli_actor())
    except DatabaseOutdated as exc:
        raise fail(exc.message) from exc
    try:
        yield engine
    finally:
        engine.dispose()
