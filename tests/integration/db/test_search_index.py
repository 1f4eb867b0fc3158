"""The register search through its accelerators (FTS5 side file, pg_trgm and triggers), both databases.

Each test runs on a database with the accelerator installed: on SQLite the side file is attached,
on PostgreSQL migration 0005 has made the trigram copies and their triggers.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.engine import make_engine
from db.models import Case, CaseIdentifier, Client, Counterparty, Debtor, Incoming, Package
from db.models.enums import IncomingSource, IncomingStatus
from db.search import IncomingFilter, attach_search_index, search_incoming
from tasks.database import upgrade_and_seed
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tasks.review import PackageChoice, correct
from tests.conftest import DatabaseFactory
from tests.databases import rolled_back_session, seeded_engine


@pytest.fixture(scope="module")
def search_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    with seeded_engine(database_factory.new_url(), search_index=True) as engine:
        yield engine


@pytest.fixture
def session(search_engine: Engine) -> Iterator[Session]:
    """Commits land in savepoints of a transaction rolled back at the end (side file included)."""
    with rolled_back_session(search_engine) as s:
        yield s


def _case(session: Session, tag: str) -> Case:
    client = Client(name=f"Банк {tag}")
    debtor = Debtor(full_name=f"Должников{tag} Пётр")
    session.add_all([client, debtor])
    session.flush()
    case = Case(case_number=f"КС-{tag}", client_id=client.id, debtor_id=debtor.id)
    case.identifiers.append(CaseIdentifier(kind="ip", value=f"55{tag}/24/77001-ИП"))
    session.add(case)
    session.flush()
    return case


def _item(
    session: Session,
    tag: str,
    *,
    text: str = "Ответ на обращение",
    comment: str | None = None,
    case: Case | None = None,
    status: IncomingStatus = IncomingStatus.REGISTERED,
) -> int:
    sender = Counterparty(name=f"Отправитель {tag}")
    session.add(sender)
    session.flush()
    data = f"%PDF-1.4 {tag} {uuid.uuid4().hex}".encode()
    item = register_incoming(
        session,
        IncomingInput(sender_id=sender.id, source=IncomingSource.MANUAL, status=status, comment=comment),
        [
            PackageInput(
                files=(
                    FileInput(
                        f"{tag}.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text
                    ),
                ),
                case_id=case.id if case else None,
                debtor_id=case.debtor_id if case else None,
            )
        ],
        actor="tests",
    )
    return item.id


def _found(session: Session, needle: str, **filters: object) -> list[int]:
    return [row.id for row in search_incoming(session, IncomingFilter(text=needle, **filters)).rows]  # type: ignore[arg-type]


def test_a_case_chosen_on_review_is_found_at_once(session: Session) -> None:
    """GIVEN an item waiting for review WHEN a clerk picks its case THEN the case's fields find it."""
    tag = uuid.uuid4().hex[:6]
    item_id = _item(session, tag, status=IncomingStatus.NEEDS_REVIEW)
    case = _case(session, f"{tag}r")
    assert _found(session, f"кс-{tag}r") == []
    package_id = session.scalar(select(Package.id).where(Package.incoming_id == item_id))
    assert package_id is not None
    correct(
        session,
        item_id,
        sender_id=None,
        packages=[PackageChoice(package_id=package_id, document_type_id=None, case_id=case.id)],
        actor="tests",
    )
    for needle in (f"КС-{tag}r", f"должников{tag}r", f"55{tag}r/24"):
        assert _found(session, needle) == [item_id], needle


def test_edits_of_cases_debtors_and_identifiers_are_found_at_once(session: Session) -> None:
    """GIVEN an item filed to a case WHEN the CRM renumbers the case, renames the debtor and swaps
    an identifier THEN the new values find the item and the old ones no longer do."""
    tag = uuid.uuid4().hex[:6]
    case = _case(session, tag)
    item_id = _item(session, tag, case=case)
    assert _found(session, f"55{tag}/24") == [item_id]
    case.case_number = f"НОВ-{tag}"
    case.debtor.full_name = f"Переименов{tag} Пётр"
    case.identifiers.clear()
    case.identifiers.append(CaseIdentifier(kind="court_case", value=f"2-{tag}/2026"))
    session.flush()
    for needle in (f"нов-{tag}", f"переименов{tag}", f"2-{tag}/2026"):
        assert _found(session, needle) == [item_id], needle
    for needle in (f"кс-{tag}", f"должников{tag}", f"55{tag}/24"):
        assert _found(session, needle) == [], needle


def test_a_comment_edit_and_a_deleted_item_are_seen(session: Session) -> None:
    tag = uuid.uuid4().hex[:6]
    item_id = _item(session, tag, comment=f"первая {tag}")
    other_id = _item(session, f"{tag}x", comment=f"удаляемая {tag}")
    item, other = session.get(Incoming, item_id), session.get(Incoming, other_id)
    assert item is not None and other is not None
    item.comment = f"вторая {tag}"
    session.delete(other)
    session.flush()
    assert _found(session, f"вторая {tag}") == [item_id]
    assert _found(session, f"первая {tag}") == []
    assert _found(session, tag) == [item_id]


@pytest.mark.parametrize("needle", ["ъ{digit}ъ", "Ъ{digit}Ъ", "а ъ{digit}"])
def test_short_needles_find_the_short_fields(session: Session, needle: str) -> None:
    """GIVEN three characters (the least searched, ``MIN_NEEDLE_LENGTH``) WHEN searching THEN the
    short fields find the item."""
    tag = uuid.uuid4().hex[:6]
    digit = str(uuid.uuid4().int % 10)
    item_id = _item(session, tag, comment=f"пометка ъ{digit}ъ")
    assert item_id in _found(session, needle.format(digit=digit))


def test_short_needles_skip_document_text(session: Session) -> None:
    tag = uuid.uuid4().hex[:6]
    _item(session, tag, text="Постановление ЩЮ о взыскании")
    assert _found(session, "щю") == []
    assert len(_found(session, "постановление щю")) == 1


def _search(session: Session, needle: str, **kwargs: int) -> tuple[list[int], int, bool]:
    found = search_incoming(session, IncomingFilter(text=needle), **kwargs)
    return [row.id for row in found.rows], found.total, found.more


def test_walking_finds_what_the_indexed_query_finds(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN items matched through every part WHEN each part counts as crowded (walked chunk by
    chunk, then past the walk's budget) THEN every page is the one the indexed query gives."""
    tag = uuid.uuid4().hex[:6]
    case = _case(session, tag)
    for n in range(7):
        _item(session, f"{tag}{n}", text=f"Определение {tag} номер {n}", case=case if n % 2 else None)
    needles = [tag, f"определение {tag}", f"кс-{tag}", f"должников{tag}", f"отправитель {tag}", "ъъ"]

    def pages() -> dict[str, list[tuple[list[int], int, bool]]]:
        return {n: [_search(session, n, page=page, page_size=3) for page in (1, 2, 3)] for n in needles}

    indexed = pages()
    assert indexed[tag][0][1] == 7 and indexed[f"кс-{tag}"][0][1] == 3
    monkeypatch.setattr("db.search.matching.PROBE", 0)
    monkeypatch.setattr("db.search.walk.MIN_CHUNK", 1)
    monkeypatch.setattr("db.search.walk.MAX_CHUNK", 2)  # many chunks, each after the last (keyset)
    assert pages() == indexed
    monkeypatch.setattr("db.search.walk.WALK_BUDGET", 3)
    assert pages() == indexed


def test_a_walked_search_stops_counting_at_the_cap(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN more matches than the cap in a crowded part WHEN searching THEN the count stops at the
    cap, says "more", and every page is still there, newest first."""
    monkeypatch.setattr("db.search.matching.PROBE", 1)
    monkeypatch.setattr("db.search.walk.MIN_CHUNK", 1)
    monkeypatch.setattr("db.search.walk.MAX_CHUNK", 2)
    monkeypatch.setattr("db.search.paging.COUNT_CAP", 3)
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", text=f"Общий текст {tag}") for n in range(6)]
    first = search_incoming(session, IncomingFilter(text=f"общий текст {tag}"), page=1, page_size=2)
    assert (first.total, first.more, first.pages) == (3, True, 3)
    assert [r.id for r in first.rows] == ids[::-1][:2]
    third = search_incoming(session, IncomingFilter(text=f"общий текст {tag}"), page=3, page_size=2)
    assert [r.id for r in third.rows] == ids[1::-1] and (third.total, third.more) == (6, False)


def test_sqlite_catch_up_sees_other_writers_and_survives_a_rollback(tmp_path: Path) -> None:
    """GIVEN the SQLite side file WHEN another engine without it renumbers a case (a flow, an
    import), or a search's catch-up is rolled back THEN the next search still finds the item.
    (PostgreSQL keeps its copies by trigger: the tests above cover it.)"""
    search_engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    attach_search_index(search_engine)
    upgrade_and_seed(search_engine, actor="tests")
    tag = uuid.uuid4().hex[:6]
    with Session(search_engine) as writer:
        case = _case(writer, tag)
        item_id, case_id = _item(writer, tag, case=case), case.id
        writer.commit()
    with Session(search_engine) as reader:
        assert _found(reader, f"кс-{tag}") == [item_id]
        reader.commit()  # the catch-up is kept: the next one starts from its marks
    other = make_engine(str(search_engine.url))  # no side file: it cannot update the copies
    with Session(other) as writer:
        renumbered = writer.get(Case, case_id)
        assert renumbered is not None
        renumbered.case_number = f"ДР-{tag}"
        old_identifier = renumbered.identifiers[0].id
        renumbered.identifiers.clear()
        writer.flush()
        renumbered.identifiers.append(CaseIdentifier(kind="ip", value=f"66{tag}/24/1-ИП"))
        writer.commit()
        assert renumbered.identifiers[0].id == old_identifier  # SQLite gave the freed id again
    other.dispose()
    with Session(search_engine) as reader:
        assert _found(reader, f"др-{tag}") == [item_id]
        assert _found(reader, f"66{tag}/24") == [item_id]
        assert _found(reader, f"кс-{tag}") == _found(reader, f"55{tag}/24") == []
        reader.rollback()  # the catch-up above is undone ...
    with Session(search_engine) as reader:
        assert _found(reader, f"др-{tag}") == [item_id]  # ... so it runs again
    search_engine.dispose()
