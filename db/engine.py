"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

SQLite needs two fixes to behave like a real transactional database here:
- pysqlite's own transaction handling breaks SAVEPOINTs (and so per-test rollback), so we
  turn it off and emit ``BEGIN IMMEDIATE`` ourselves; IMMEDIATE takes the write lock up front,
  which avoids "database is locked" on lock upgrades when the watcher, flows and app write at once;
- foreign keys are off by default, WAL lets readers (the app) run beside one writer;
- its ``lower()`` folds only ASCII, so we replace it with Python's, which knows Cyrillic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the SQLite pragmas and savepoint fix applied when needed.

    Statement parameters are left out of errors and SQL logs (``hide_parameters``): they hold
    debtors' names, file names and case numbers, and an error's text ends up in logs and in
    Prefect's run states, which carry no personal data. Pass ``hide_parameters=False`` to debug.
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # SQLite's own lower()/upper() fold only ASCII; Cyrillic search needs Unicode folding.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        dbapi_connection.create_function("upper", 1, _unicode_upper, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _unicode_upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    with Session(bind=engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def rows_affected(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an INSERT, UPDATE or DELETE touched (its result is a ``CursorResult``)."""
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount
