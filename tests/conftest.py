"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``KORR_TEST_POSTGRES_URL`` (any database on the server; each test run
creates its own databases beside it and drops them afterwards). Without it the PostgreSQL
variants skip, except under ``CI=true``, where a skipped PostgreSQL test fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from config.settings import normalize_database_url
from tests.databases import rolled_back_session, seeded_engine

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
IN_CI = os.environ.get("CI", "").lower() == "true"
MUST_RUN_IN_CI = ("postgres", "ocr", "browser", "s3")


def _postgres_admin_url() -> str:
    url = os.environ.get("KORR_TEST_POSTGRES_URL", "")
    if not url:
        message = "KORR_TEST_POSTGRES_URL is not set"
        if IN_CI:
            pytest.fail(f"{message}: PostgreSQL tests must run in CI")
        pytest.skip(message)
    return normalize_database_url(url)


class DatabaseFactory:
    """Creates empty databases for one backend and removes them at the end of the run."""

    def __init__(self, backend: str, tmp_dir: Path) -> None:
        self.backend = backend
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    def new_url(self) -> str:
        name = f"korr_test_{uuid.uuid4().hex[:12]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp_dir / (name + '.db')}"
        admin_url = _postgres_admin_url()
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(request.param, tmp_path_factory.mktemp(request.param))
    if request.param == "postgresql":
        _postgres_admin_url()
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    """A migrated, seeded database shared by the run; tests isolate through ``session``."""
    with seeded_engine(database_factory.new_url()) as engine:
        yield engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose every commit lands in a savepoint of a transaction rolled back at the end."""
    with rolled_back_session(engine) as s:
        yield s


@pytest.fixture
def empty_database_url(database_factory: DatabaseFactory) -> str:
    """A brand-new, empty database of the current backend, for tests that commit for real."""
    return database_factory.new_url()


@pytest.fixture
def fresh_engine(empty_database_url: str) -> Iterator[Engine]:
    """A migrated and seeded engine of its own, committed to for real (CLI, concurrency)."""
    with seeded_engine(empty_database_url) as engine:
        yield engine


@pytest.fixture
def korr_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty_database_url: str) -> Callable[[], Path]:
    """Point ``Settings`` at a temporary data folder and an empty database; returns the data dir."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("KORR_DATA_DIR", str(data_dir))
    monkeypatch.setenv("KORR_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("KORR_ACTOR", "tester")
    return lambda: data_dir


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true a skipped PostgreSQL, OCR, browser or S3 test is a failure.

    The suite must prove both databases, real Tesseract and the real browser; a machine without
    them would otherwise pass quietly with those promises untested.
    """
    outcome = yield
    report = outcome.get_result()
    needed = [name for name in MUST_RUN_IN_CI if item.get_closest_marker(name) is not None]
    if IN_CI and report.skipped and needed:
        report.outcome = "failed"
        report.longrepr = f"{needed[0]} test skipped under CI=true: {report.longrepr}"


DATABASE_FIXTURES = frozenset(
    {"engine", "session", "fresh_engine", "empty_database_url", "database_factory", "korr_env"}
    | {"app_database", "app_engine", "app_env", "logged_in"}
)
"""Fixtures that give a database: a test that asks for one is an integration test."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests sit in folders named for what they test: ``tests/unit`` needs no database."""
    misplaced = [
        item.nodeid
        for item in items
        if item.nodeid.startswith("tests/unit/")
        and DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    ]
    if misplaced:
        raise pytest.UsageError(
            "database tests belong under tests/integration/<package>/: " + ", ".join(misplaced[:10])
        )
