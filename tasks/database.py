"""Opening the database for an entry point: migrate an empty one, refuse an outdated one.

Every command except ``db upgrade`` goes through ``open_database``, so a fresh installation
needs no separate set-up step, while a database a newer or older release left behind is
never silently altered outside ``korrespondent db upgrade``.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Engine

from config.errors import ActionRefused
from db import migrate
from db.engine import make_engine, session_scope
from tasks.deadlines.store import install_default_rules
from tasks.reference import install_standard_document_types


class DatabaseProblem(StrEnum):
    """Why a command cannot use the database."""

    SCHEMA_OUTDATED = "schema_outdated"


class DatabaseOutdated(ActionRefused):
    """The schema is at another revision; the message tells the operator what to run.

    A refusal, not a service failure: the same command gives the same answer until someone runs
    ``korrespondent db upgrade``, so it is never retried and nothing was changed.
    """


def upgrade_and_seed(engine: Engine, *, actor: str) -> int:
    """Run migrations to head and add missing standard document types; returns types added."""
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        added = install_standard_document_types(session, actor=actor)
        install_default_rules(session, actor=actor)
        return added


def open_database(url: str, *, actor: str) -> Engine:
    """An engine on an up-to-date schema; an empty database is created on the spot."""
    engine = make_engine(url)
    current = migrate.current_revision(engine)
    if current is None:
        upgrade_and_seed(engine, actor=actor)
    elif current != migrate.head_revision(engine):
        engine.dispose()
        raise DatabaseOutdated(
            DatabaseProblem.SCHEMA_OUTDATED,
            f"Схема базы данных на версии {current}, а программе нужна {migrate.head_revision(engine)}. "
            "Выполните: korrespondent db upgrade",
        )
    return engine
