"""A killed worker's batch, under a real (temporary) Prefect API: taken over once, its run crashed.

The dead claimer is simulated as a SIGKILL leaves it: a flow run Prefect still shows "Running",
and the batch's rows claimed under that run's lease, which nobody renews any more (expired).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.states import Crashed, Late, Pending, Running, State
from sqlalchemy import Engine, select, update

from config.settings import Settings
from db.engine import session_scope
from db.models import Incoming, IntakeFile
from db.models.base import utcnow
from flows.ingest import ingest_inbox, ingest_sweeper
from tasks.ingest.intake import note_handover
from tests.integration.prefect_fixtures import (  # noqa: F401 - fixtures: a Prefect API, settings, engine
    count,
    drop_and_claim,
    engine_fixture,
    pdfs,
    prefect_api_fixture,
    settings_fixture,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def dead_run_holding(engine: Engine, intake_ids: list[int]) -> str:
    """A flow run left "Running" by a killed worker, whose lease on these rows ran out a moment ago."""
    with get_client(sync_client=True) as client:
        run = client.create_flow_run(ingest_inbox, parameters={"intake_ids": intake_ids}, state=Running())
    with session_scope(engine) as session:
        session.execute(
            update(IntakeFile)
            .where(IntakeFile.id.in_(intake_ids))
            .values(leased_by=str(run.id), lease_until=utcnow() - timedelta(seconds=1))
        )
    return str(run.id)


def run_state(run_id: str) -> str:
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state  # type: ignore[arg-type]
        return state.type.value if state is not None else ""


def incoming_per_file(engine: Engine) -> list[int]:
    """How many registered items each finished ledger row points at (exactly once: all 1)."""
    with session_scope(engine) as session:
        rows = session.execute(select(IntakeFile.id, IntakeFile.incoming_id, IntakeFile.status)).all()
        ids = [incoming for _, incoming, status in rows if status == "registered"]
        return [ids.count(i) for i in ids]


def test_the_sweeper_takes_over_a_dead_runs_batch_at_once_and_marks_the_run_crashed(
    settings: Settings, engine: Engine
) -> None:
    """GIVEN a batch claimed a moment ago by a run that died (lease expired) WHEN the sweeper runs
    with its usual five-minute grace THEN the files are filed now, once, and the run is Crashed."""
    dead_batch = drop_and_claim(settings, engine, pdfs(3, seed=61))
    dead = dead_run_holding(engine, dead_batch)

    report = ingest_sweeper()  # default grace: the claims are seconds old, only the lease frees them

    assert report.registered + report.needs_review == 3
    assert count(engine, IntakeFile, IntakeFile.status == "claimed") == 0
    assert count(engine, Incoming) == 3 and incoming_per_file(engine) == [1, 1, 1]
    assert run_state(dead) == "CRASHED"
    with session_scope(engine) as session:
        assert (
            session.scalars(select(IntakeFile.leased_by).where(IntakeFile.leased_by.is_not(None))).all() == []
        )


def test_the_next_inbox_run_takes_over_a_dead_runs_batch_and_a_second_hand_over_adds_nothing(
    settings: Settings, engine: Engine
) -> None:
    """GIVEN a dead run's batch WHEN a live run gets its own batch THEN it finishes both; handing
    the dead batch over again afterwards registers nothing twice."""
    dead_batch = drop_and_claim(settings, engine, pdfs(2, seed=62))
    dead_run_holding(engine, dead_batch)
    own_batch = drop_and_claim(settings, engine, pdfs(1, seed=63))

    report = ingest_inbox(own_batch)
    assert report.registered + report.needs_review == 3
    assert count(engine, Incoming) == 3

    ingest_inbox(dead_batch)  # the dead run's hand-over, repeated (the watcher's resume, say)
    assert count(engine, Incoming) == 3 and incoming_per_file(engine) == [1, 1, 1]


def test_a_batch_under_a_live_lease_is_left_to_its_holder(settings: Settings, engine: Engine) -> None:
    """GIVEN a batch another live run holds WHEN it is handed over again THEN this run skips it."""
    batch = drop_and_claim(settings, engine, pdfs(2, seed=64))
    with session_scope(engine) as session:
        session.execute(
            update(IntakeFile)
            .where(IntakeFile.id.in_(batch))
            .values(leased_by="live-run", lease_until=utcnow() + timedelta(minutes=1))
        )
    report = ingest_inbox(batch)
    assert (report.registered, report.busy) == (0, 2)
    assert count(engine, Incoming) == 0 and count(engine, IntakeFile, IntakeFile.status == "claimed") == 2


def handed_to_a_run_in(engine: Engine, intake_ids: list[int], state: State[Any]) -> str:
    """A flow run the watcher handed these claims to, now in ``state``; it never leased them."""
    with get_client(sync_client=True) as client:
        run = client.create_flow_run(ingest_inbox, parameters={"intake_ids": intake_ids}, state=state)
    with session_scope(engine) as session:
        note_handover(session, intake_ids, str(run.id))
    return str(run.id)


def test_the_sweeper_takes_over_claims_whose_run_crashed_or_never_started_at_once(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN claims a few seconds old handed to a run that crashed before leasing, to one that is
    late (no worker started it) and to one a worker is starting WHEN the sweeper runs with its
    usual five-minute grace THEN it files the first two now and leaves the third to its run; and
    the late run, starting afterwards, finds its claims done and reads nothing again."""
    crashed = drop_and_claim(settings, engine, pdfs(1, seed=65))
    handed_to_a_run_in(engine, crashed, Crashed())
    late = drop_and_claim(settings, engine, pdfs(1, seed=66))
    handed_to_a_run_in(engine, late, Late(scheduled_time=utcnow() - timedelta(minutes=1)))
    starting = drop_and_claim(settings, engine, pdfs(1, seed=67))
    handed_to_a_run_in(engine, starting, Pending())

    report = ingest_sweeper()

    assert report.registered + report.needs_review == 2
    assert count(engine, Incoming) == 2
    with session_scope(engine) as session:
        still = session.scalars(select(IntakeFile.id).where(IntakeFile.status == "claimed")).all()
    assert still == starting

    def read_again(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a claim taken over was read a second time")

    monkeypatch.setattr("tasks.ingest.envelope._analyse_all", read_again)
    assert ingest_inbox(late, return_state=True).is_completed()
    assert count(engine, Incoming) == 2 and incoming_per_file(engine) == [1, 1]
