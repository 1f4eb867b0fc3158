"""End to end on the sandbox: letters go from draft to «Архив» through the scheduled flows.

The flows run for real under one module-scoped ``prefect_test_harness`` (a handful of flow runs);
only their runtime is swapped for the sandbox (``outgoing_runtime`` is the seam). Faults: 4 % 5xx,
3 % timeouts and 3 % "applied but answer lost" on every Russian Post path, and the answer of the
first create call is always lost (``lose_next_answers``), so adopting orders after a lost answer is
exercised on every run, whatever the seed draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, select

from db.engine import session_scope
from db.models import Outgoing
from flows import outgoing_sync as sync_module
from flows import tracking_poll as poll_module
from flows.outgoing_sync import outgoing_sync
from flows.tracking_poll import tracking_poll
from pochta.sandbox import Faults, Sandbox, SandboxState, serve
from tasks.outgoing import Folder, archive_letter, create_letter, folder_counts
from tasks.outgoing import units as u
from tasks.outgoing.flags import Flag
from tasks.outgoing.sync_batches import pending_batches
from tasks.outgoing.sync_create import CREATE_CHUNK
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, draft, runtime

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FAULTS: dict[str, Any] = {"error_rate": 0.04, "timeout_rate": 0.03, "lost_answer_rate": 0.03}
CREATE_PATH = "/2.0/user/backlog"
POLL_STEPS = [dt.timedelta(days=8), dt.timedelta(minutes=20), dt.timedelta(days=36), dt.timedelta(minutes=20)]


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefect retries without the production delay, so faults cost no wall time."""
    fast = u.Steps(
        **{f.name: getattr(u.TASK_STEPS, f.name).with_options(retry_delay_seconds=0) for f in fields(u.Steps)}
    )
    monkeypatch.setattr(sync_module, "TASK_STEPS", fast)
    monkeypatch.setattr(poll_module, "TASK_STEPS", fast)


def _create_drafts(engine: Engine, count: int) -> None:
    """Drafts with raw addresses only: the sync normalises them through the API."""
    with session_scope(engine) as session:
        for number in range(1, count + 1):
            create_letter(session, draft(number), actor="clerk")


def _drive(engine: Engine, state: SandboxState) -> tuple[int, int]:
    """Run the flows as the schedules would: syncs until nothing waits, then polls as time passes.

    Returns the number of flow runs (each costs about a second of Prefect overhead) and how many
    letters the syncs adopted (found at Russian Post after a lost answer) instead of creating.
    """
    runs = adopted = 0
    for _ in range(5):
        adopted += outgoing_sync().adopted
        runs += 1
        with session_scope(engine) as session:
            counts = folder_counts(session)
        if counts[Folder.DRAFTS] == counts[Folder.NEW] == 0 and not _unchecked(engine):
            break
    for step in POLL_STEPS:
        state.advance(step)
        tracking_poll()
        runs += 1
    for _ in range(4):  # faults may have eaten a poll: collect what is left
        if not _unsettled(engine):
            break
        state.advance(dt.timedelta(minutes=20))
        tracking_poll()
        runs += 1
    return runs, adopted


def _unsettled(engine: Engine) -> bool:
    """True while a letter is on its way without a final word (delivered, returned, unclaimed)."""
    settled = {Flag.RETURNED.value, Flag.UNCLAIMED.value}
    with session_scope(engine) as session:
        open_letters = session.scalars(select(Outgoing).where(Outgoing.state.in_(["ready", "in_transit"])))
        return any(not settled & set(letter.flags) for letter in open_letters)


def _unchecked(engine: Engine) -> bool:
    """True while some batch still waits for its check-in."""
    with session_scope(engine) as session:
        return bool(pending_batches(session))


def _archive_flagged(engine: Engine) -> int:
    """The clerk's part: returned and unclaimed letters go to «Архив» by hand."""
    with session_scope(engine) as session:
        flagged = session.scalars(select(Outgoing).where(Outgoing.state == "in_transit")).all()
        for letter in flagged:
            archive_letter(session, letter.id, actor="clerk")
        return len(flagged)


def _assert_exactly_once(engine: Engine, state: SandboxState, count: int) -> None:
    with session_scope(engine) as session:
        letters = session.scalars(select(Outgoing)).all()
        assert folder_counts(session)[Folder.ARCHIVE] == count
    live = state.live_orders()
    assert len(live) == count
    by_num = {order.order_num: order for order in live}
    assert len(by_num) == count
    for letter in letters:
        assert len(state.orders_by_num(letter.reg_number)) == 1
        assert by_num[letter.reg_number].id == letter.order_id
        assert by_num[letter.reg_number].barcode == letter.barcode


def test_outgoing_e2e_500_letters_reach_archive_exactly_once_despite_faults(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch, prefect_server: None, quick_retries: None
) -> None:
    """
    GIVEN 500 drafts and an in-process sandbox failing 10 % of requests (some after applying), and
          the answer of the first create call lost after Russian Post stored its 50 orders
    WHEN the sync and tracking flows run as scheduled while the sandbox clock moves 45 days
    THEN the lost chunk is adopted by number, every letter is at Russian Post exactly once,
         delivered ones are archived by tracking,
         returned and unclaimed ones wait flagged in «В пути» until the clerk archives them
    """
    sandbox = Sandbox(seed=2026, shipping_points=[SHIPPING_POINT])
    monkeypatch.setattr(sync_module, "outgoing_runtime", lambda: runtime(sandbox, fresh_engine))
    _create_drafts(fresh_engine, 500)
    sandbox.state.set_faults(**FAULTS)
    sandbox.state.lose_next_answers(CREATE_PATH)
    runs, adopted = _drive(fresh_engine, sandbox.state)
    lost_creates = sandbox.state.lost_answers["PUT " + CREATE_PATH]
    sandbox.state.clear_faults()
    assert runs <= 10
    assert lost_creates >= 1 and adopted >= CREATE_CHUNK  # the whole first chunk came back by search
    with session_scope(fresh_engine) as session:
        waiting = session.scalars(select(Outgoing).where(Outgoing.state == "in_transit")).all()
        assert all({Flag.RETURNED, Flag.UNCLAIMED} & set(letter.flags) for letter in waiting)
        assert folder_counts(session)[Folder.ARCHIVE] == 500 - len(waiting) > 400
    assert 0 < _archive_flagged(fresh_engine) < 100
    _assert_exactly_once(fresh_engine, sandbox.state, 500)
    with get_client(sync_client=True) as client:
        keys = {"outgoing-sync", "tracking-poll"}
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=list(keys)))
        )
    assert {a.key for a in artifacts} == keys and all(a.type == "table" for a in artifacts)


def test_outgoing_e2e_loopback_server_takes_letters_to_archive(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch, prefect_server: None, quick_retries: None
) -> None:
    """
    GIVEN 30 drafts and the sandbox served on a loopback socket with real timeouts, the first
          create answer lost
    WHEN the flows run through real HTTP
    THEN every letter is created once and ends in «Архив» (by tracking or by the clerk)
    """
    faults = Faults(**FAULTS, hang_seconds=0.3)
    with serve("127.0.0.1", 0, seed=7, faults=faults, shipping_points=[SHIPPING_POINT]) as running:
        state = running.sandbox.state
        rt = runtime(
            running.sandbox,
            fresh_engine,
            transport=None,
            pochta_url=running.url,
            tracking_url=running.url,
            timeout=1.0,
        )
        monkeypatch.setattr(sync_module, "outgoing_runtime", lambda: rt)
        _create_drafts(fresh_engine, 30)
        state.lose_next_answers(CREATE_PATH)
        _, adopted = _drive(fresh_engine, state)
        assert state.lost_answers["PUT " + CREATE_PATH] >= 1 and adopted >= 30
        state.clear_faults()
        _archive_flagged(fresh_engine)
        _assert_exactly_once(fresh_engine, state, 30)
