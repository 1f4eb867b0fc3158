"""What keeps the register fast at a million items, as a clerk sees it, on both databases:
counting stops at a threshold («более …»), a one- or two-character needle asks for more."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.models import Incoming
from db.search import (
    MIN_NEEDLE_LENGTH,
    IncomingFilter,
    IncomingPage,
    search_incoming,
)
from tests.conftest import DatabaseFactory
from tests.databases import rolled_back_session, seeded_engine
from tests.integration.db.test_search_index import _case, _item


@pytest.fixture(scope="module")
def scale_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    with seeded_engine(database_factory.new_url(), search_index=True) as engine:
        yield engine


@pytest.fixture
def session(scale_engine: Engine) -> Iterator[Session]:
    with rolled_back_session(scale_engine) as s:
        yield s


def test_register_count_stops_at_the_threshold_and_every_page_stays_reachable(session: Session) -> None:
    """GIVEN more items than the threshold WHEN the register is listed THEN it says "more than"
    and the pages past the threshold still open, newest first; the last page counts exactly."""
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}") for n in range(5)]

    first = search_incoming(session, IncomingFilter(), page=1, page_size=1, count_cap=2)
    assert (first.total, first.more, first.pages, first.total_label) == (2, True, 3, "более 2")
    assert [row.id for row in first.rows] == [ids[4]]
    third = search_incoming(session, IncomingFilter(), page=3, page_size=1, count_cap=2)
    assert [row.id for row in third.rows] == [ids[2]] and third.more
    last = search_incoming(session, IncomingFilter(), page=5, page_size=1, count_cap=2)
    assert [row.id for row in last.rows] == [ids[0]] and (last.total, last.more) == (5, False)
    exact = search_incoming(session, IncomingFilter(), count_cap=10)
    assert (exact.total, exact.more, exact.total_label) == (5, False, "5")


def test_a_capped_count_reads_as_more_than_with_thousands_spaced() -> None:
    assert IncomingPage([], 10_000, 1, 50, more=True).total_label == "более 10 000"
    assert IncomingPage([], 1234, 1, 50).total_label == "1 234"


@pytest.mark.parametrize("needle", ["ъ", "ъ1", " Ъ1 "])
def test_a_needle_shorter_than_three_characters_asks_for_more_instead_of_scanning(
    session: Session, needle: str
) -> None:
    tag = uuid.uuid4().hex[:6]
    _item(session, tag, comment="пометка ъ1ъ")

    short = search_incoming(session, IncomingFilter(text=needle))
    assert short.too_short and short.rows == [] and short.total == 0
    assert len(needle.strip()) < MIN_NEEDLE_LENGTH
    found = search_incoming(session, IncomingFilter(text="ъ1ъ"))
    assert not found.too_short and found.total == 1


def test_register_by_sender_pages_through_named_senders_then_items_without_one(session: Session) -> None:
    """GIVEN items from senders «…0» < «…1» < «…2» and two without a sender WHEN the register is
    sorted by sender THEN every page, across the boundary too, follows names, then newest first."""
    tag = uuid.uuid4().hex[:6]
    named = [_item(session, f"{tag}{n}") for n in (2, 0, 1)]  # registered out of name order
    unnamed = [_item(session, f"{tag}x{n}") for n in range(2)]
    for item_id in unnamed:
        item = session.get(Incoming, item_id)
        assert item is not None
        item.sender_id = None
    session.flush()
    expected = [named[1], named[2], named[0], unnamed[1], unnamed[0]]

    for size in (1, 2, 3):
        pages = [
            search_incoming(session, IncomingFilter(order="sender"), page=page, page_size=size)
            for page in range(1, 7)
        ]
        assert [row.id for found in pages for row in found.rows] == expected
        assert pages[0].total == 5


def test_a_number_with_more_matches_than_one_pass_takes_is_still_found_whole(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a needle with a digit (answered from one pass of ids when they are few) WHEN it has
    more matches than that pass takes THEN the counted plan finds the same items, newest first."""
    tag = f"{uuid.uuid4().int % 10**9:09d}"  # a number: nine digits
    ids = [_item(session, f"{tag}{n}", comment=f"номер {tag}") for n in range(4)]
    few = search_incoming(session, IncomingFilter(text=tag))
    monkeypatch.setattr("db.search.matching.PROBE", 2)
    many = search_incoming(session, IncomingFilter(text=tag))
    assert [row.id for row in few.rows] == [row.id for row in many.rows] == ids[::-1]
    assert few.total == many.total == 4


def test_a_contract_number_finds_its_cases_items_at_once_after_a_change(session: Session) -> None:
    """GIVEN an item on a case with a contract number WHEN the number is searched, then changed
    THEN the item is found by the number it has now only (PostgreSQL: the 0014 copy and trigger)."""
    tag = uuid.uuid4().hex[:6]
    case = _case(session, tag)
    case.contract_number = f"КД-{tag}-501"
    session.flush()
    item_id = _item(session, f"{tag}i", case=case)
    assert [row.id for row in search_incoming(session, IncomingFilter(text=f"кд-{tag}-501")).rows] == [
        item_id
    ]

    case.contract_number = f"КД-{tag}-777"
    session.flush()
    assert search_incoming(session, IncomingFilter(text=f"{tag}-501")).rows == []
    assert [row.id for row in search_incoming(session, IncomingFilter(text=f"{tag}-777")).rows] == [item_id]


def test_a_phrase_judged_crowded_by_the_newest_files_is_found_the_same(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a phrase in several files WHEN the newest files' share says it is crowded (PostgreSQL
    samples instead of counting) THEN the walk finds what the counted plan finds, newest first."""
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", text=f"Определение о замене {tag} стороны") for n in range(6)]
    counted = search_incoming(session, IncomingFilter(text=f"замене {tag}"))
    monkeypatch.setattr("db.search.matching.PROBE", 2)
    sampled = search_incoming(session, IncomingFilter(text=f"замене {tag}"))
    assert [row.id for row in counted.rows] == [row.id for row in sampled.rows] == ids[::-1]
    assert counted.total == sampled.total == 6


def test_a_number_of_several_parts_finds_only_items_with_the_whole_number(session: Session) -> None:
    """GIVEN items holding an ИП number, the same number of another year, and its parts apart
    WHEN the number is searched (PostgreSQL asks the index for its rare part alone, then checks
    the whole needle) THEN only the items with the whole number are found, newest first."""
    tag = f"{uuid.uuid4().int % 10**9:09d}"
    whole_comment = _item(session, f"{tag}a", comment=f"ИП {tag}/24/54007-ИП")
    _item(session, f"{tag}b", comment=f"ИП {tag}/23/54007-ИП")
    _item(session, f"{tag}c", text=f"Ответ по {tag}, 24 листа, 54007")
    whole_text = _item(session, f"{tag}d", text=f"Постановление № {tag}/24/54007-ИП")

    found = search_incoming(session, IncomingFilter(text=f"{tag}/24/54007"))
    assert [row.id for row in found.rows] == [whole_text, whole_comment]
    assert found.total == 2


def test_a_surname_judged_crowded_by_the_newest_debtors_is_found_the_same(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a surname on several cases' debtors WHEN the newest debtors' share says it is crowded
    (PostgreSQL samples instead of counting) THEN the walk finds what the counted plan finds."""
    tag = uuid.uuid4().hex[:6]
    ids = [_item(session, f"{tag}{n}", case=_case(session, f"{tag}{n}")) for n in range(6)]
    counted = search_incoming(session, IncomingFilter(text=f"должников{tag}"))
    monkeypatch.setattr("db.search.matching.PROBE", 2)
    sampled = search_incoming(session, IncomingFilter(text=f"должников{tag}"))
    assert [row.id for row in counted.rows] == [row.id for row in sampled.rows] == ids[::-1]
    assert counted.total == sampled.total == 6
