"""The register's search: every field, filters, paging, and the trigram accelerators."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from db.engine import make_engine, session_scope
from db.models import Case, CaseIdentifier, Client, Counterparty, Debtor
from db.models.enums import IncomingSource, IncomingStatus
from db.search import IncomingFilter, attach_search_index, refresh_search_index, search_incoming
from tasks.database import upgrade_and_seed
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


def _item(
    session: Session, tag: str, *, text: str, status: IncomingStatus = IncomingStatus.REGISTERED
) -> int:
    sender = Counterparty(name=f"Тверской районный суд {tag}", aliases=[f"Тверской суд {tag}"])
    client = Client(name=f"Банк {tag}")
    debtor = Debtor(full_name=f"Сидоров{tag} Олег")
    session.add_all([sender, client, debtor])
    session.flush()
    case = Case(case_number=f"КС-{tag}", client_id=client.id, debtor_id=debtor.id)
    case.identifiers.append(CaseIdentifier(kind="ip", value=f"77{tag}/24/54007-ИП"))
    session.add(case)
    session.flush()
    data = f"%PDF-1.4 {tag}".encode()
    item = register_incoming(
        session,
        IncomingInput(
            sender_id=sender.id, source=IncomingSource.MANUAL, status=status, comment=f"заметка {tag}"
        ),
        [
            PackageInput(
                files=(
                    FileInput(
                        f"{tag}.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text
                    ),
                ),
                case_id=case.id,
                debtor_id=debtor.id,
            )
        ],
        actor="tests",
    )
    return item.id


@pytest.mark.parametrize(
    "needle",
    [
        "{number}",
        "тверской районный суд {tag}",
        "ТВЕРСКОЙ СУД {tag}",
        "заметка {tag}",
        "сидоров{tag}",
        "кс-{tag}",
        "77{tag}/24",
        "правопреемстве {tag}",
    ],
)
def test_search_incoming_finds_an_item_by_every_field(session: Session, needle: str) -> None:
    tag = uuid.uuid4().hex[:6]
    item_id = _item(session, tag, text=f"Определение о ПРАВОПРЕЕМСТВЕ {tag}")
    number = search_incoming(session, IncomingFilter(text=tag)).rows[0].reg_number
    found = search_incoming(session, IncomingFilter(text=needle.format(tag=tag, number=number)))
    assert [row.id for row in found.rows] == [item_id]
    assert found.rows[0].case_numbers == (f"КС-{tag}",)


def test_search_incoming_filters_and_pages_newest_first(session: Session) -> None:
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", text="x") for n in range(3)]
    waiting = _item(session, f"{tag}w", text="x", status=IncomingStatus.NEEDS_REVIEW)
    first = search_incoming(session, IncomingFilter(text=tag), page=1, page_size=2)
    second = search_incoming(session, IncomingFilter(text=tag), page=2, page_size=2)
    assert first.total == 4 and first.pages == 2
    assert [r.id for r in first.rows + second.rows] == [waiting, *reversed(ids)]
    only = search_incoming(session, IncomingFilter(text=tag, status="needs_review"))
    assert [r.id for r in only.rows] == [waiting]
    beyond = search_incoming(session, IncomingFilter(text=tag), page=9, page_size=2)
    assert beyond.rows == [] and beyond.total == 4


def test_search_incoming_escapes_like_wildcards(session: Session) -> None:
    tag = uuid.uuid4().hex[:6]
    _item(session, tag, text="x")
    assert search_incoming(session, IncomingFilter(text=f"%{tag}_")).total == 0


def test_search_index_on_sqlite_finds_text_added_after_it_was_built(tmp_path: Path) -> None:
    """GIVEN the FTS5 side file WHEN an item is registered later THEN its text is found (catch-up)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    assert attach_search_index(engine)
    upgrade_and_seed(engine, actor="tests")
    with session_scope(engine) as session:
        _item(session, "aaa111", text="Судебный приказ о взыскании")
        assert refresh_search_index(session) == 5  # the file's text, the item, case, identifier, debtor
    with session_scope(engine) as session:
        _item(session, "bbb222", text="Определение об отмене приказа")
        found = search_incoming(session, IncomingFilter(text="ОТМЕНЕ приказа"))
        assert [r.reg_number for r in found.rows] == ["ВХ-" + found.rows[0].reg_number[3:]]
        assert found.total == 1
    assert (tmp_path / "k.db.search").exists()
    engine.dispose()


def test_search_incoming_stops_counting_at_the_cap(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN more matches than the cap WHEN searching THEN the count says "more" and paging goes on."""
    monkeypatch.setattr("db.search.paging.COUNT_CAP", 2)
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", text="x") for n in range(4)]
    first = search_incoming(session, IncomingFilter(text=tag), page=1, page_size=1)
    assert (first.total, first.more, first.pages) == (2, True, 3)
    assert [r.id for r in first.rows] == [ids[3]]
    third = search_incoming(session, IncomingFilter(text=tag), page=3, page_size=1)
    assert [r.id for r in third.rows] == [ids[1]] and third.more
    last = search_incoming(session, IncomingFilter(text=tag), page=4, page_size=1)
    assert [r.id for r in last.rows] == [ids[0]] and (last.total, last.more) == (4, False)


def test_search_incoming_sorts_as_the_clerk_asks(session: Session) -> None:
    from db.models import Incoming

    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", text="x") for n in range(3)]  # senders «…суд {tag}0» < «…1» < «…2»
    since = session.get_one(Incoming, ids[0]).received_at

    def ordered(order: str, **narrowed: object) -> list[int]:
        page = search_incoming(session, IncomingFilter(order=order, **narrowed), page_size=100)  # type: ignore[arg-type]
        return [row.id for row in page.rows if row.id in ids]

    for narrowed in ({"text": tag}, {"received_from": since}):  # a needle, and the plain register
        assert ordered("newest", **narrowed) == list(reversed(ids))
        assert ordered("oldest", **narrowed) == ids
        assert ordered("number", **narrowed) == ids  # numbers are given in registration order
        assert ordered("sender", **narrowed) == ids
