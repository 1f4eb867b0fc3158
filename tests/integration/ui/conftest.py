"""Fixtures for the app's AppTest tests: one app database per backend, users of every role, login.

The app commits for real through its own engine, so these tests cannot use the rolled-back
``session``; they share one database per backend and make names unique per test instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models.enums import Role
from tasks.users import create_user
from tests.conftest import DatabaseFactory
from tests.databases import seeded_engine

APP = str(Path(__file__).resolve().parents[3] / "ui" / "app.py")
PASSWORD = "correct-horse-1"
LOGINS = {Role.CLERK: "clerk", Role.SUPERVISOR: "boss", Role.ADMIN: "root"}


@contextmanager
def seeded_app_database(database_factory: DatabaseFactory) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a new migrated, seeded database with one user per role (``LOGINS``)."""
    url = database_factory.new_url()
    with seeded_engine(url) as engine:
        with session_scope(engine) as session:
            for role, login in LOGINS.items():
                create_user(session, login=login, password=PASSWORD, role=role, actor="tests")
        yield url, engine


@pytest.fixture(scope="session")
def app_database(database_factory: DatabaseFactory) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a migrated, seeded database with one user per role."""
    with seeded_app_database(database_factory) as database:
        yield database


@pytest.fixture
def app_engine(app_database: tuple[str, Engine]) -> Engine:
    return app_database[1]


@pytest.fixture
def app_env(app_database: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = app_database[0]
    monkeypatch.setenv("KORR_DATABASE_URL", url)
    monkeypatch.setenv("KORR_DATA_DIR", str(tmp_path / "data"))
    # The tests' own readers and writers (request handlers, factories) use plain engines; the app's
    # pages then keep bytes in rows too. The content stores are tested in test_blob_storage.py.
    monkeypatch.setenv("KORR_BLOB_STORE", "db")
    monkeypatch.delenv("KORR_POCHTA_TOKEN", raising=False)
    return url


@pytest.fixture
def logged_in(app_env: str) -> Callable[[Role], AppTest]:
    """An app run logged in as the user of ``role``."""

    def login(role: Role) -> AppTest:
        import streamlit as st

        st.cache_data.clear()  # reference lists cached by an earlier test miss this test's rows
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


def make_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (reportlab, the project's DejaVu font for Cyrillic)."""
    import io

    from reportlab.pdfgen import canvas

    from tasks.print_forms.fonts import register_fonts

    regular, _bold = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(regular, 12)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_world(engine: Engine, *, review: bool = False, text: str = "") -> dict[str, object]:
    """A counterparty, a case (client, debtor, ИП number) and one registered item with a PDF."""
    import hashlib

    from db.models import Case, CaseIdentifier, Client, Counterparty, Debtor
    from db.models.enums import IncomingSource, IncomingStatus
    from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming

    tag = uuid.uuid4().hex[:6]
    pdf = make_pdf(text or f"Постановление {tag}")
    with session_scope(engine) as session:
        sender = Counterparty(name=f"ОСП по ЦАО {tag}", kind="bailiff", aliases=[f"ЦАО-{tag}"])
        client = Client(name=f"Банк {tag}")
        debtor = Debtor(full_name=f"Петров{tag} Сергей Иванович", inn="500100732259", snils="11223344595")
        session.add_all([sender, client, debtor])
        session.flush()
        case = Case(case_number=f"К-{tag}", client_id=client.id, debtor_id=debtor.id)
        case.identifiers.append(CaseIdentifier(kind="ip", value=f"{tag}/24/54007-ИП"))
        session.add(case)
        session.flush()
        status = IncomingStatus.NEEDS_REVIEW if review else IncomingStatus.REGISTERED
        item = register_incoming(
            session,
            IncomingInput(
                sender_id=None if review else sender.id,
                source=IncomingSource.SCANNER,
                status=status,
                comment=f"комментарий {tag}",
                review_reason="case_not_found" if review else None,
                suggestions={
                    "sender": {"id": sender.id, "name": sender.name, "score": 0.7},
                    "case_candidates": [{"id": case.id, "case_number": case.case_number, "score": 0.6}],
                    "reasons": ["case_not_found"],
                }
                if review
                else {},
            ),
            [
                PackageInput(
                    files=(
                        FileInput(
                            name=f"scan-{tag}.pdf",
                            data=pdf,
                            mime="application/pdf",
                            sha256=hashlib.sha256(pdf).hexdigest(),
                            pages=1,
                            text=f"текст документа {tag}",
                        ),
                    ),
                    case_id=None if review else case.id,
                    debtor_id=None if review else debtor.id,
                )
            ],
            actor="tests",
        )
        return {
            "tag": tag,
            "sender_id": sender.id,
            "case_id": case.id,
            "item_id": item.id,
            "reg_number": item.reg_number,
            "sender_name": sender.name,
            "case_number": case.case_number,
        }


def seen(markdown: str) -> str:
    """What a clerk reads of a Markdown text escaped by ``ui.safe.md``: each escape shows its
    character, the invisible word joiners do not count."""
    import re

    def one(match: re.Match[str]) -> str:
        return match.group(1) if match.group(1) is not None else chr(int(match.group(2)))

    return re.sub(r"\\(.)|&#(\d+);", one, markdown).replace("\u2060", "")


def new_user(engine: Engine, role: Role, *, prefix: str = "user") -> str:
    """A user of its own for a test that locks, demotes or deactivates it; returns the login."""
    login = f"{prefix}-{uuid.uuid4().hex[:8]}"
    with session_scope(engine) as session:
        create_user(session, login=login, password=PASSWORD, role=role, actor="tests")
    return login


def log_in(login: str, password: str = PASSWORD, *, at: AppTest | None = None) -> AppTest:
    """Type ``login`` and ``password`` into the login form (of a new app run unless ``at``)."""
    if at is None:
        import streamlit as st

        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    at.text_input(key="login_name").input(login)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    assert not at.exception, at.exception
    return at
