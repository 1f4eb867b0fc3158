"""The tracking scheduler: recent and overdue first, within the day's calls, ≤ 3000 per ticket."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tasks.outgoing.tracking_schedule import (
    MAX_TICKET_SIZE,
    Budget,
    Priority,
    Tracked,
    budget_for,
    classify,
    plan,
)

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def letter(
    n: int, *, sent: dt.timedelta, event: dt.timedelta | None, checked: dt.timedelta | None
) -> Tracked:
    return Tracked(
        barcode=f"{n:014d}",
        sent_at=NOW - sent,
        last_event_at=None if event is None else NOW - event,
        last_checked_at=None if checked is None else NOW - checked,
    )


def test_classify_orders_new_recent_overdue_quiet() -> None:
    assert classify(letter(1, sent=HOUR, event=None, checked=None), now=NOW)[0] is Priority.NEW
    assert classify(letter(2, sent=DAY, event=HOUR, checked=7 * HOUR), now=NOW)[0] is Priority.RECENT
    assert classify(letter(3, sent=20 * DAY, event=8 * DAY, checked=9 * HOUR), now=NOW)[0] is Priority.OVERDUE
    assert classify(letter(4, sent=6 * DAY, event=5 * DAY, checked=25 * HOUR), now=NOW)[0] is Priority.QUIET


def test_plan_skips_letters_asked_recently() -> None:
    quiet_checked_an_hour_ago = letter(1, sent=6 * DAY, event=5 * DAY, checked=HOUR)
    assert plan([quiet_checked_an_hour_ago], now=NOW, budget=Budget(100, 1, 10)) == []


def test_plan_puts_recent_and_overdue_before_quiet_when_budget_is_short() -> None:
    quiet = [letter(n, sent=6 * DAY, event=5 * DAY, checked=30 * HOUR) for n in range(10)]
    overdue = letter(100, sent=20 * DAY, event=8 * DAY, checked=9 * HOUR)
    recent = letter(101, sent=DAY, event=HOUR, checked=7 * HOUR)
    new = letter(102, sent=HOUR, event=None, checked=None)
    chosen = plan([*quiet, overdue, recent, new], now=NOW, budget=Budget(2, 1, 3))
    assert chosen == [new.barcode, recent.barcode, overdue.barcode]


def test_budget_spreads_the_day_evenly() -> None:
    morning = budget_for(
        now=NOW,
        daily_calls=3000,
        calls_used_today=0,
        poll_interval=dt.timedelta(minutes=30),
        ticket_size=3000,
    )
    assert morning.polls_left_today == 24  # 09:00 UTC is 12:00 in Moscow: 12 hours of half-hour polls
    assert morning.tickets == 63  # ceil(1500 tickets / 24 polls)


@given(
    calls_left=st.integers(min_value=-10, max_value=100_000),
    polls_left=st.integers(min_value=1, max_value=300),
    ticket_size=st.integers(min_value=1, max_value=5000),
)
def test_budget_never_spends_more_than_is_left(calls_left: int, polls_left: int, ticket_size: int) -> None:
    budget = Budget(calls_left, polls_left, ticket_size)
    assert 0 <= budget.tickets * 2 <= max(calls_left, 0)
    assert budget.letters <= budget.tickets * MAX_TICKET_SIZE


@given(
    ages=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=40 * 24),
            st.one_of(st.none(), st.integers(min_value=0, max_value=40 * 24)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=72)),
        ),
        max_size=60,
    ),
    tickets=st.integers(min_value=0, max_value=5),
)
def test_plan_takes_at_most_the_budget_and_only_due_letters_in_priority_order(
    ages: list[tuple[int, int | None, int | None]], tickets: int
) -> None:
    items = [
        letter(
            n,
            sent=sent * HOUR,
            event=None if event is None else event * HOUR,
            checked=None if checked is None else checked * HOUR,
        )
        for n, (sent, event, checked) in enumerate(ages)
    ]
    budget = Budget(tickets * 2, 1, 4)
    chosen = plan(items, now=NOW, budget=budget)
    assert len(chosen) <= budget.letters and len(set(chosen)) == len(chosen)
    by_code = {i.barcode: classify(i, now=NOW) for i in items}
    assert all(by_code[b][1] <= NOW for b in chosen)
    ranks = [by_code[b] for b in chosen]
    assert ranks == sorted(ranks)
    due_left = [c for b, c in by_code.items() if b not in chosen and c[1] <= NOW]
    if due_left and ranks:
        assert max(ranks) <= min(due_left)
