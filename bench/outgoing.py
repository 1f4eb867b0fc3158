"""Benchmark: outgoing letters through the in-memory Russian Post sandbox.

1. Draft → created: letters per second and API calls, well-behaved and with 10 % faults
   (5xx, timeouts, answers lost after the change), through the same units the flows run.
2. Tracking: 100,000 letters in transit, one poll to submit tickets and one to collect them:
   events recorded per second and API calls, then a re-poll that finds nothing new.
3. Tracking at scale (``bench/tracking_scale.py``): 1,000,000 live barcodes on SQLite, one poll
   within the day's call budget (tickets per poll, events/s) and a simulated day (calls per day),
   with peak RSS. ``--live 0`` skips it.

Usage: ``.venv/bin/python -m bench.outgoing [--letters N] [--tracked N] [--ticket-size N]
[--postgres URL]``. SQLite always; PostgreSQL too when a URL is given or KORR_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert

from bench import tracking_scale
from bench.import_cases import _drop_postgres, _postgres_database
from db.engine import make_engine, session_scope
from db.models import Outgoing, utcnow
from pochta import PochtaError
from pochta.sandbox import PlannedEvent, Sandbox, SandboxState
from tasks.database import upgrade_and_seed
from tasks.outgoing import create_letter
from tasks.outgoing import units as u
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, draft, parsed, runtime

FAULTS = {"error_rate": 0.04, "timeout_rate": 0.03, "lost_answer_rate": 0.03}


def _calls(sandbox: Sandbox) -> int:
    return sum(sandbox.state.calls.values())


def bench_create(engine: Engine, sandbox: Sandbox, letters: int, *, faults: bool, label: str) -> None:
    """Drafts with parsed addresses become orders; passes repeat until none is left (as runs would)."""
    rt = runtime(sandbox, engine)
    sandbox.state.clear_faults()
    calls_before = _calls(sandbox)
    live_before = len(sandbox.state.live_orders())
    with session_scope(engine) as session:
        offset = session.query(Outgoing).count()
        for number in range(offset + 1, offset + letters + 1):
            create_letter(session, draft(number, address_parts=parsed(number)), actor="bench")
    if faults:
        sandbox.state.set_faults(**FAULTS)
    started, passes, failures = time.perf_counter(), 0, 0
    while (ids := u.drafts_to_send(rt)) and passes < 20:
        passes += 1
        for start in range(0, len(ids), 50):
            try:
                u.create(rt, ids[start : start + 50])
            except PochtaError:  # counted; the next pass retries, as a Prefect retry would
                failures += 1
    elapsed = time.perf_counter() - started
    sandbox.state.clear_faults()
    live = sandbox.state.live_orders()
    duplicates = len(live) - len({o.order_num for o in live})
    calls = _calls(sandbox) - calls_before
    assert len(live) - live_before == letters, "every letter must be created exactly once"
    print(
        f"{label:<11} draft→created {letters} letters{' (10 % faults)' if faults else '':<15}: "
        f"{elapsed:6.2f} s {letters / elapsed:8.0f} letters/s  API calls {calls:5d} "
        f"({calls / letters:.3f}/letter)  passes {passes}, failed calls {failures}, "
        f"duplicates {duplicates}"
    )


def _seed_in_transit(engine: Engine, sandbox: Sandbox, count: int) -> None:
    """``count`` letters checked in at the sandbox and stored here as in transit, in bulk."""
    state = sandbox.state
    orders = [
        state.create_order(
            {
                "order-num": f"ИСХ-2025-{n:06d}",
                "index-to": 115551,
                "mail-type": "LETTER",
                "mail-category": "ORDERED",
                "mass": 20,
            }
        )
        for n in range(1, count + 1)
    ]
    batches, _, _ = state.create_batches([o.id for o in orders])
    for batch in batches:
        state.checkin(batch.name)
    _index_barcodes(state)
    now = utcnow()
    rows: list[dict[str, object]] = [
        {
            "reg_number": o.order_num,
            "state": "in_transit",
            "shipping_point_index": SHIPPING_POINT,
            "mail_type": "LETTER",
            "mail_category": "ORDERED",
            "with_notice": True,
            "with_inventory": False,
            "weight_grams": 20,
            "envelope_type": "DL",
            "recipient_name": "Получатель",
            "recipient_address": "115551, г. Москва",
            "recipient_address_parts": {},
            "flags": {},
            "sync_attempts": 1,
            "order_id": o.id,
            "barcode": o.barcode,
            "batch_name": o.batch_name,
            "checked_in_at": now,
            "created_by": "bench",
            "created_at": now,
            "updated_at": now,
        }
        for o in orders
    ]
    with session_scope(engine) as session:
        for start in range(0, len(rows), 5000):
            session.execute(insert(Outgoing), rows[start : start + 5000])


def _index_barcodes(state: SandboxState) -> None:
    """Give the sandbox a barcode index: its ``events(barcode)`` scans every order, which is
    quadratic for a 100,000-letter ticket run and would measure the fake, not our code."""
    by_barcode = {order.barcode: order for order in state.orders.values()}

    def events(barcode: str) -> list[PlannedEvent] | None:
        order = by_barcode.get(barcode)
        return None if order is None else order.events_until(state.now())

    state.events = events  # type: ignore[method-assign]


def bench_tracking(engine: Engine, sandbox: Sandbox, tracked: int, ticket_size: int, label: str) -> None:
    """Submit, then collect, for ``tracked`` letters; then a re-poll that must record nothing new."""
    _seed_in_transit(engine, sandbox, tracked)
    rt = runtime(sandbox, engine, ticket_size=ticket_size)
    for attempt in ("first poll", "re-poll"):
        sandbox.state.advance(dt.timedelta(days=6))
        calls, started = _calls(sandbox), time.perf_counter()
        submitted = u.submit(rt)
        sandbox.state.advance(dt.timedelta(minutes=20))
        collected = u.collect(rt)
        elapsed = time.perf_counter() - started
        events = collected.events_recorded
        print(
            f"{label:<11} tracking {tracked} letters, {attempt:<10}: {elapsed:6.2f} s  "
            f"{events:7d} new events  {events / elapsed:8.0f} events/s  {tracked / elapsed:7.0f} letters/s  "
            f"API calls {_calls(sandbox) - calls} ({submitted.tickets_submitted} tickets of ≤{ticket_size})  "
            f"moved {collected.letters_moved}"
        )


def run(url: str, label: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="bench")
    sandbox = Sandbox(seed=5, shipping_points=[SHIPPING_POINT])  # one sandbox: barcodes stay unique
    bench_create(engine, sandbox, args.letters, faults=False, label=label)
    bench_create(engine, sandbox, args.letters, faults=True, label=label)
    bench_tracking(engine, sandbox, args.tracked, args.ticket_size, label)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--tracked", type=int, default=100_000)
    parser.add_argument("--ticket-size", type=int, default=3000)
    parser.add_argument("--postgres", default=os.environ.get("KORR_TEST_POSTGRES_URL", ""))
    tracking_scale.add_arguments(parser, ticket_size=False)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args)
    if args.postgres:
        name, url = _postgres_database(args.postgres)
        try:
            run(url, "PostgreSQL", args)
        finally:
            _drop_postgres(args.postgres, name)
    if args.live:
        tracking_scale.run(args)


if __name__ == "__main__":
    main()
