"""Files registered by hand get their text later (the clerk-requests flow), and are then found by it."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from db.engine import session_scope
from db.models import Attachment
from db.models.enums import IncomingSource
from db.search import IncomingFilter, search_incoming
from db.search import refresh as search_refresh
from tasks.incoming_text import extract_missing_text
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tests.conftest import DatabaseFactory
from tests.databases import seeded_engine
from tests.unit.tasks.outgoing.outgoing_factories import pdf_bytes


@pytest.fixture
def search_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    with seeded_engine(database_factory.new_url(), search_index=True) as engine:
        yield engine


def _register(engine: Engine, data: bytes, *, text: str | None = None) -> int:
    file = FileInput("letter.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text, None)
    with session_scope(engine) as session:
        item = register_incoming(
            session,
            IncomingInput(sender_id=None, source=IncomingSource.MANUAL),
            [PackageInput(files=(file,))],
            actor="clerk",
        )
        return item.id


def _found(engine: Engine, needle: str) -> int:
    with session_scope(engine) as session:
        return search_incoming(session, IncomingFilter(text=needle)).total


def test_text_read_after_registration_is_stored_and_found(
    search_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The catch-up before a search looks only past the newest indexed id: with no overlap, a text
    # stored later for an older file is found only because the extraction indexes it itself.
    monkeypatch.setattr(search_refresh, "REFRESH_OVERLAP", 0)
    word = f"Заречнов{uuid.uuid4().hex[:6]}"
    by_hand = _register(search_engine, pdf_bytes(text=f"Определение по делу {word}"))
    _register(
        search_engine, f"%PDF-1.4 {uuid.uuid4().hex}".encode(), text="Постановление о розыске имущества"
    )
    assert _found(search_engine, "розыске имущества") == 1  # the newer file is indexed
    assert _found(search_engine, word) == 0

    (read,) = extract_missing_text(search_engine, by_hand)
    assert word in read.text and read.method == "text_layer"
    with session_scope(search_engine) as session:
        stored = session.scalars(select(Attachment.text).where(Attachment.text.contains(word))).all()
    assert len(stored) == 1
    assert _found(search_engine, word) == 1


def test_a_second_reading_changes_nothing(search_engine: Engine) -> None:
    item_id = _register(search_engine, pdf_bytes(text="Судебный приказ"))
    assert len(extract_missing_text(search_engine, item_id)) == 1
    assert extract_missing_text(search_engine, item_id) == []  # nothing left without text
