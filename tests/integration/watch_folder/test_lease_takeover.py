"""A killed worker's batch, under a real (temporary) Prefect API: taken over once, its run crashed.

The dead claimer is simulated as a SIGKILL leaves it: a flow run Prefect still shows "Running",
and the batch's rows claimed under that run's lease, which nobody renews any more (expired).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.states import Running
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, select, update

from config.settings import Settings
from db.engine import session_scope
from db.models import Incoming, IntakeFile
from db.models.base import utcnow
from flows.ingest import ingest_inbox, ingest_sweeper
from tasks.database import open_database
from tasks.imports import import_counterparties
from tests.corpus.texts import demo_counterparties
from tests.factories import counterparties_csv
from tests.integration.flows.test_ingest_flow import count, drop_and_claim, pdfs

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def prefect_api() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def settings(korr_env: Callable[[], Path]) -> Iterator[Settings]:
    settings = Settings()
    settings.ensure_dirs()
    engine = open_database(settings.resolved_database_url, actor="tests")
    with session_scope(engine) as session:
        import_counterparties(session, counterparties_csv(demo_counterparties()), actor="tests")
    engine.dispose()
    yield settings


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = open_database(settings.resolved_database_url, actor="tests")
    yield engine
    engine.dispose()


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
