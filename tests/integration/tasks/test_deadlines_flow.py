"""The daily pass recomputes open deadlines and counts the overdue ones for the summary."""

from __future__ import annotations

from sqlalchemy import Engine

from db.engine import session_scope
from flows.deadlines import daily_pass
from tests.integration.tasks.test_deadlines import CANCELLED_ORDER, make_case, register


def test_daily_pass_counts_an_overdue_deadline(fresh_engine: Engine) -> None:
    with session_scope(fresh_engine) as session:
        case = make_case(session)
        register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)  # due 08.04.2024
        register(session, case, "Определение об отмене судебного приказа", None)  # unsure date, from receipt
    report = daily_pass(fresh_engine)
    assert (report.overdue, report.today, report.recomputed) == (2, 0, 0)
