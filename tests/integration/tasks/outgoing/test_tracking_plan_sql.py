"""The poll's choice of letters made in SQL: the same barcodes as the pure scheduler, in its order."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.models import Outgoing
from tasks.outgoing.flags import Flag
from tasks.outgoing.tracking import live_sources
from tasks.outgoing.tracking_schedule import Budget, Priority, Tracked, classify, plan, plan_in_database

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _letters(session: Session, count: int, *, seed: int) -> list[dict[str, object]]:
    """``count`` letters in transit of every age: never asked, asked minutes to days ago."""
    rnd = random.Random(seed)
    rows: list[dict[str, object]] = []
    for n in range(1, count + 1):
        sent = NOW - rnd.uniform(1, 30 * 24) * HOUR
        rows.append(
            {
                "reg_number": f"ИСХ-2026-{n:07d}",
                "state": "in_transit",
                "shipping_point_index": "101000",
                "recipient_name": "Получатель",
                "recipient_address": "115551, г. Москва",
                "recipient_address_parts": {},
                "flags": {Flag.TRACKING_FINAL.value: NOW.isoformat()} if n % 17 == 0 else {},
                "barcode": f"80{n:012d}",
                "checked_in_at": sent,
                "tracking_status": "accepted",
                "tracking_status_at": sent + (NOW - sent) * rnd.random() if rnd.random() < 0.7 else None,
                "tracking_checked_at": None if rnd.random() < 0.05 else NOW - rnd.uniform(0, 40) * HOUR,
                "created_by": "tester",
                "created_at": sent,
                "updated_at": sent,
            }
        )
    session.execute(insert(Outgoing), rows)
    session.flush()
    return rows


def _tracked(row: dict[str, object]) -> Tracked:
    return Tracked(
        str(row["barcode"]),
        row["checked_in_at"],  # type: ignore[arg-type]
        row["tracking_status_at"],  # type: ignore[arg-type]
        row["tracking_checked_at"],  # type: ignore[arg-type]
    )


def test_poll_asks_new_recent_and_overdue_letters_before_quiet_ones_never_final_or_waiting(
    session: Session,
) -> None:
    rows = _letters(session, 400, seed=16)
    waiting = {str(rows[n]["barcode"]) for n in range(0, 400, 9)}
    budget = Budget(calls_left_today=2 * 3, polls_left_today=1, ticket_size=25)  # 3 tickets, 75 letters

    chosen = plan_in_database(session, live_sources(), exclude=waiting, now=NOW, budget=budget)

    offered = [_tracked(r) for r in rows if not r["flags"] and str(r["barcode"]) not in waiting]
    assert chosen == plan(offered, now=NOW, budget=budget)
    assert len(chosen) == budget.letters
    ranks = [classify(t, now=NOW) for t in offered if t.barcode in set(chosen)]
    classes = [classify(next(t for t in offered if t.barcode == b), now=NOW)[0] for b in chosen]
    assert classes == sorted(classes)
    assert {Priority.NEW, Priority.RECENT} <= set(classes)
    assert all(due <= NOW for _, due in ranks)
    final = {str(r["barcode"]) for r in rows if r["flags"]}
    assert not (set(chosen) & (final | waiting))


def test_poll_with_a_large_budget_takes_every_due_letter_and_only_those(session: Session) -> None:
    rows = _letters(session, 120, seed=5)
    budget = Budget(calls_left_today=2 * 100, polls_left_today=1, ticket_size=3000)

    chosen = plan_in_database(session, live_sources(), exclude=set(), now=NOW, budget=budget)

    offered = [_tracked(r) for r in rows if not r["flags"]]
    due = [t.barcode for t in offered if classify(t, now=NOW)[1] <= NOW]
    assert sorted(chosen) == sorted(due)
    assert 0 < len(due) < len(offered)
