"""Registration numbers are unique and gap-free, also when processes register at the same moment."""

from __future__ import annotations

import multiprocessing
import time

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.engine import make_engine, session_scope
from db.models import Incoming
from db.models.enums import RegDirection
from db.numbering import format_reg_number, last_issued, next_reg_number

YEAR = 2026


def test_next_reg_number_counts_from_one_per_direction_and_year(session: Session) -> None:
    first = next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR)
    second = next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR)
    outgoing = next_reg_number(session, direction=RegDirection.OUTGOING, year=YEAR)
    next_year = next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR + 1)
    assert (first, second) == ("ВХ-2026-000001", "ВХ-2026-000002")
    assert outgoing == "ИСХ-2026-000001"
    assert next_year == "ВХ-2027-000001"


def test_next_reg_number_leaves_no_gap_when_a_registration_rolls_back(fresh_engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(fresh_engine) as session:
        next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR)
        raise RuntimeError("registration failed half-way")
    with session_scope(fresh_engine) as session:
        assert next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR) == "ВХ-2026-000001"


def _register_many(url: str, count: int, start: multiprocessing.synchronize.Event) -> None:
    engine = make_engine(url)
    start.wait()
    for _ in range(count):
        with session_scope(engine) as session:
            number = next_reg_number(session, direction=RegDirection.INCOMING, year=YEAR)
            time.sleep(0.002)  # hold the transaction open so the other processes pile up behind it
            session.add(Incoming(reg_number=number, created_by="test", source="scanner"))
    engine.dispose()


def test_next_reg_number_is_gap_free_under_concurrent_processes(fresh_engine: Engine) -> None:
    """GIVEN four processes WHEN each registers 25 items at once THEN numbers 1..100 are used once each."""
    url = fresh_engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_register_many, args=(url, 25, start)) for _ in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with session_scope(fresh_engine) as session:
        numbers = sorted(session.scalars(select(Incoming.reg_number)))
        assert last_issued(session, direction=RegDirection.INCOMING, year=YEAR) == 100
    assert numbers == [format_reg_number(RegDirection.INCOMING, YEAR, value) for value in range(1, 101)]
