"""Scheduled flows that must not overlap take locks that die with their holder, not Prefect slots.

A Prefect deployment concurrency slot held by a killed worker is freed only when its lease
expires; our locks (PostgreSQL advisory lock, or flock beside SQLite) go with the process.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine

from db.engine import session_scope
from db.locks import exclusive_lock
from flows import outgoing_sync as sync_module
from flows.outgoing_sync import outgoing_sync
from flows.tracking_poll import tracking_poll
from pochta.sandbox import Sandbox
from tasks.outgoing import create_letter
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, draft, runtime

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=90):
        yield


def test_sync_skips_while_another_sync_holds_its_lock_and_runs_once_it_is_gone(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    """
    GIVEN a draft and another process holding the 15-minute sync's lock
    WHEN a sync run starts THEN it ends at once, marked skipped, and creates no order;
    WHEN the holder is gone (its lock with it) THEN the next run creates the order
    """
    sandbox = Sandbox(seed=11, shipping_points=[SHIPPING_POINT])
    monkeypatch.setattr(sync_module, "outgoing_runtime", lambda: runtime(sandbox, fresh_engine))
    with session_scope(fresh_engine) as session:
        create_letter(session, draft(1), actor="clerk")
    with exclusive_lock(fresh_engine, "flow:outgoing-sync") as held:
        assert held
        skipped = outgoing_sync(form_batches=False, check_in=False)
    assert skipped.skipped and skipped.created == 0
    assert not sandbox.state.live_orders()
    done = outgoing_sync(form_batches=False, check_in=False)
    assert not done.skipped and done.created == 1


def test_tracking_poll_skips_while_another_poll_runs(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    sandbox = Sandbox(seed=12, shipping_points=[SHIPPING_POINT])
    monkeypatch.setattr(sync_module, "outgoing_runtime", lambda: runtime(sandbox, fresh_engine))
    with exclusive_lock(fresh_engine, "flow:tracking-poll") as held:
        assert held
        assert tracking_poll().skipped
    assert not tracking_poll().skipped
