"""Fixtures for the app's AppTest tests: one app database per backend, users of every role, login.

The app commits for real through its own engine, so these tests cannot use the rolled-back
``session``; they share one database per backend and make names unique per test instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, session_scope
from db.models.enums import Role
from tasks.database import upgrade_and_seed
from tasks.users import create_user
from tests.conftest import DatabaseFactory

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
PASSWORD = "correct-horse-1"
LOGINS = {Role.CLERK: "clerk", Role.SUPERVISOR: "boss", Role.ADMIN: "root"}


@pytest.fixture(scope="session")
def app_database(database_factory: DatabaseFactory) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a migrated, seeded database with one user per role."""
    url = database_factory.new_url()
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="tests")
    with session_scope(engine) as session:
        for role, login in LOGINS.items():
            create_user(session, login=login, password=PASSWORD, role=role, actor="tests")
    yield url, engine
    engine.dispose()


@pytest.fixture
def app_engine(app_database: tuple[str, Engine]) -> Engine:
    return app_database[1]


@pytest.fixture
def app_env(app_database: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = app_database[0]
    monkeypatch.setenv("KORR_DATABASE_URL", url)
    monkeypatch.setenv("KORR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KORR_POCHTA_TOKEN", raising=False)
    return url


@pytest.fixture
def logged_in(app_env: str) -> Callable[[Role], AppTest]:
    """An app run logged in as the user of ``role``."""

    def login(role: Role) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.text_input(key="login_name").input(LOGINS[role])
        at.text_input(key="login_password").input(PASSWORD)
        at.button(key="login_submit").click().run()
        assert not at.exception, at.exception
        return at

    return login


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"
