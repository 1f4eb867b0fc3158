"""The databases tests stand on: a migrated, seeded engine, and a session that leaves no trace.

Plain context managers, so a fixture of any scope (the run's, a module's, a test's) makes its
database the same way; ``tests/conftest.py`` builds the shared fixtures from them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import make_engine
from db.search import attach_search_index
from tasks.database import upgrade_and_seed


@contextmanager
def seeded_engine(url: str, *, search_index: bool = False) -> Iterator[Engine]:
    """The database at ``url`` migrated and seeded, disposed at the end. ``search_index``: attach
    the full-text index first (SQLite: its side file; PostgreSQL: nothing to do, 0005 made it)."""
    engine = make_engine(url)
    if search_index:
        attach_search_index(engine)
    upgrade_and_seed(engine, actor="tests")
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def rolled_back_session(engine: Engine) -> Iterator[Session]:
    """A session whose every commit lands in a savepoint of a transaction rolled back at the end
    (the search index's side file included)."""
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as s:
            yield s
        outer.rollback()
