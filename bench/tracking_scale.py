"""Benchmark: tracking at 1M live barcodes within Russian Post's limits (issue 16.4).

1. Seeds ``--live`` letters in transit straight into SQLite (synthetic: sent 0–30 days ago, some
   never asked, some asked hours ago), times the choice of a poll's letters alone (in SQL,
   ``plan_in_database``), then runs one real poll through ``submit_tickets`` and
   ``collect_answers`` with an in-process tracking service that answers every ticket at once with
   one new event per letter: tickets per poll, letters asked, planning time, events/s.
2. Simulates a day of polls (every ``--poll-minutes``) with the pure scheduler over the same
   population held as arrays: calls per day, letters asked per day and per class.

Prints peak RSS (the process's maximum resident set). Usage:
``.venv/bin/python -m bench.tracking_scale [--live N] [--daily-calls N] [--ticket-size N]``

``--url`` runs on that database instead of a temporary SQLite file (PostgreSQL: create it first,
``createdb bench_tracking``); letters already there are reused, not seeded again, and
``--plan-only`` times only the planning (three times, the poll changes what is due), so the same
million letters can be planned before and after a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import Engine, func, insert, select

from db.engine import make_engine, session_scope
from db.models import Outgoing
from pochta import TicketAnswer, TicketNotReady, TrackingClient, TrackingEvent, TrackingStatus
from tasks.database import upgrade_and_seed
from tasks.outgoing.tracking import collect_answers, live_sources, submit_tickets
from tasks.outgoing.tracking_schedule import (
    CALLS_PER_TICKET,
    Tracked,
    budget_for,
    classify,
    plan,
    plan_in_database,
)

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


class InstantTracking(TrackingClient):
    """Answers every ticket with one 'arrived' event per barcode; counts calls."""

    def __init__(self) -> None:
        super().__init__("http://bench.invalid", login="bench", password="bench")
        self.tickets: dict[str, Sequence[str]] = {}
        self.calls = 0

    def get_ticket(self, barcodes: Sequence[str]) -> str:
        self.calls += 1
        ticket = f"T{len(self.tickets):08d}"
        self.tickets[ticket] = list(barcodes)
        return ticket

    def get_response_by_ticket(self, ticket: str) -> TicketAnswer | TicketNotReady:
        self.calls += 1
        when = NOW - dt.timedelta(hours=2)
        events = {
            b: [
                TrackingEvent(
                    b,
                    8,
                    "Обработка",
                    2,
                    "Прибыло в место вручения",
                    when,
                    "115551",
                    None,
                    TrackingStatus.ARRIVED,
                )
            ]
            for b in self.tickets.pop(ticket)
        }
        return TicketAnswer(ticket=ticket, events=events)


def population(
    count: int, seed: int = 16
) -> Iterator[tuple[dt.datetime, dt.datetime | None, dt.datetime | None]]:
    """(sent, last event, last asked) per letter: 3 % never asked, the rest asked 0–48 h ago."""
    rnd = random.Random(seed)
    for _ in range(count):
        sent = NOW - dt.timedelta(hours=rnd.uniform(1, 30 * 24))
        event = sent + (NOW - sent) * rnd.random() if rnd.random() < 0.8 else None
        checked = None if rnd.random() < 0.03 else NOW - dt.timedelta(hours=rnd.uniform(0, 48))
        yield sent, event, checked


def seed(engine: Engine, count: int) -> None:
    rows: list[dict[str, object]] = []
    with session_scope(engine) as session:
        for n, (sent, event, checked) in enumerate(population(count), start=1):
            rows.append(
                {
                    "reg_number": f"ИСХ-2026-{n:07d}",
                    "state": "in_transit",
                    "shipping_point_index": "101000",
                    "recipient_name": "Получатель",
                    "recipient_address": "115551, г. Москва",
                    "recipient_address_parts": {},
                    "flags": {},
                    "barcode": f"80{n:012d}",
                    "checked_in_at": sent,
                    "tracking_status": "accepted" if event else None,
                    "tracking_status_at": event,
                    "tracking_checked_at": checked,
                    "created_by": "bench",
                    "created_at": sent,
                    "updated_at": sent,
                }
            )
            if len(rows) == 20_000:
                session.execute(insert(Outgoing), rows)
                rows.clear()
        if rows:
            session.execute(insert(Outgoing), rows)


def planning_alone(engine: Engine, args: argparse.Namespace) -> None:
    """The choice of one poll's letters by itself (``plan_in_database``, issue 16: was 54 s at 1M)."""
    interval = dt.timedelta(minutes=args.poll_minutes)
    budget = budget_for(
        now=NOW,
        daily_calls=args.daily_calls,
        calls_used_today=0,
        poll_interval=interval,
        ticket_size=args.ticket_size,
    )
    started = time.perf_counter()
    with session_scope(engine) as session:
        chosen = plan_in_database(session, live_sources(), exclude=set(), now=NOW, budget=budget)
    print(
        f"planning alone at {args.live:,} live: {len(chosen):,} letters chosen in "
        f"{time.perf_counter() - started:.2f} s",
        flush=True,
    )


def one_poll(engine: Engine, args: argparse.Namespace) -> None:
    client = InstantTracking()
    interval = dt.timedelta(minutes=args.poll_minutes)
    started = time.perf_counter()
    with session_scope(engine) as session:
        submitted = submit_tickets(
            session,
            client,
            now=NOW,
            size=args.ticket_size,
            daily_calls=args.daily_calls,
            poll_interval=interval,
        )
    planned = time.perf_counter() - started
    started = time.perf_counter()
    with session_scope(engine) as session:
        collected = collect_answers(session, client, now=NOW + dt.timedelta(minutes=16), actor="bench")
    elapsed = time.perf_counter() - started
    events = collected.events_recorded
    print(
        f"one poll at {args.live:,} live: {submitted.tickets_submitted} tickets of ≤{args.ticket_size} "
        f"({submitted.letters_asked:,} letters) planned and submitted in {planned:.1f} s; "
        f"collect: {events:,} events in {elapsed:.1f} s = {events / elapsed:,.0f} events/s; "
        f"API calls {client.calls}"
    )


def simulate_day(args: argparse.Namespace) -> None:
    """Every poll of one day through ``plan``; 'asked' updates as a poll would."""
    people = list(population(args.live))
    checked = [c for _, _, c in people]
    interval = dt.timedelta(minutes=args.poll_minutes)
    start = dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.UTC)  # 00:00 Moscow
    used, asked, per_class, polls, tickets_max = 0, Counter[str](), Counter[str](), 0, 0
    started = time.perf_counter()
    now = start
    while now < start + dt.timedelta(days=1):
        budget = budget_for(
            now=now,
            daily_calls=args.daily_calls,
            calls_used_today=used,
            poll_interval=interval,
            ticket_size=args.ticket_size,
        )
        items = (
            Tracked(str(i), sent, event, checked[i])
            for i, (sent, event, _) in enumerate(people)
            if sent <= now
        )
        chosen = plan(items, now=now, budget=budget)
        tickets = -(-len(chosen) // args.ticket_size)
        tickets_max = max(tickets_max, tickets)
        used += tickets * CALLS_PER_TICKET
        for barcode in chosen:
            i = int(barcode)
            per_class[
                classify(Tracked(barcode, people[i][0], people[i][1], checked[i]), now=now)[0].name
            ] += 1
            asked[barcode] += 1
            checked[i] = now
        polls += 1
        now += interval
    print(
        f"simulated day at {args.live:,} live, budget {args.daily_calls} calls, poll every "
        f"{args.poll_minutes} min: {polls} polls, calls/day {used}, tickets/poll ≤{tickets_max}, "
        f"letters asked {sum(asked.values()):,} ({len(asked):,} distinct = "
        f"{len(asked) / args.live:.0%} of live), by class {dict(per_class)}  "
        f"[{time.perf_counter() - started:.0f} s]"
    )


def add_arguments(parser: argparse.ArgumentParser, *, ticket_size: bool = True) -> None:
    parser.add_argument("--live", type=int, default=1_000_000, help="live barcodes (0: skip)")
    parser.add_argument("--daily-calls", type=int, default=3000)
    parser.add_argument("--poll-minutes", type=int, default=30)
    parser.add_argument("--skip-day", action="store_true", help="skip the simulated day")
    if ticket_size:
        parser.add_argument("--ticket-size", type=int, default=3000)


def _prepare(url: str, live: int) -> Engine:
    """The schema at head and ``live`` letters in transit, seeded unless already there."""
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="bench")
    with engine.connect() as connection:
        present = connection.scalar(select(func.count()).select_from(Outgoing)) or 0
    if present:
        print(f"{engine.dialect.name}: reusing {present:,} letters already there", flush=True)
        return engine
    started = time.perf_counter()
    seed(engine, live)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE outgoing")
    print(
        f"{engine.dialect.name}: seeded {live:,} letters in transit in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return engine


def run(args: argparse.Namespace) -> None:
    """Seed, one poll, a simulated day; prints the figures and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = _prepare(getattr(args, "url", None) or f"sqlite:///{Path(tmp) / 'bench.db'}", args.live)
        planning_alone(engine, args)
        if getattr(args, "plan_only", False):
            planning_alone(engine, args)
            planning_alone(engine, args)
            engine.dispose()
            return
        one_poll(engine, args)
        engine.dispose()
    print(f"peak RSS after the poll: {peak_rss_mb():.0f} MB", flush=True)
    if not args.skip_day:
        simulate_day(args)
        print(f"peak RSS after the simulated day: {peak_rss_mb():.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    parser.add_argument("--url", help="database to run on (default: a temporary SQLite file)")
    parser.add_argument("--plan-only", action="store_true", help="time the planning only, three times")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
