"""The ``ingest-inbox`` flow and the ``ingest-sweeper`` flow: claimed files in, outcomes out.

Why so few task runs: on this machine a flow run costs ~1 s and the SQLite-backed Prefect
server falls behind on thousands of task runs, so a run takes a whole batch of claims and
processes its envelopes in chunks of ``ENVELOPES_PER_TASK`` per task run (validate, read,
classify, match, register and file away all happen inside ``process_envelope``). Our database
is the source of truth: a run that Prefect loses is simply handed over again by the sweeper,
and ``process_envelope`` resumes instead of repeating.

``tasks.ingest.batch.ingest_locally`` is the same work without Prefect, for ``korrespondent
ingest`` and for the watcher when no Prefect API is reachable.

No personal data in Prefect's run data: files are handed over, named in runs and listed in
artifacts by their ledger ids (``intake_file.id``), never by name (names often carry a
debtor's surname). The flow resolves the ids from the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from prefect import flow, get_run_logger, runtime, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from config.deployments import INGEST_FLOW, SWEEPER_FLOW
from config.runtime import IngestConfig, engine_with_blobs, ingest_config
from config.settings import Settings
from db.engine import make_engine, session_scope
from tasks.ingest.batch import (
    ACTOR,
    ENVELOPES_PER_TASK,
    BatchResult,
    EnvelopesFailed,
    IngestReport,
    chunks,
    in_id_order,
    ingest_locally,
    process_batch,
)
from tasks.ingest.intake import envelopes_of, sweep
from tasks.ingest.model import ClaimedEnvelope


@contextmanager
def _runtime() -> Iterator[tuple[Engine, IngestConfig, Settings]]:
    """Settings, engine and config for one task run; the engine is disposed afterwards."""
    settings = Settings()
    engine = engine_with_blobs(make_engine(settings.resolved_database_url), settings)
    try:
        yield engine, ingest_config(settings), settings
    finally:
        engine.dispose()


def is_transient(_task: Any, _task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only what may pass by itself: a lost connection or a locked database, never a refusal."""
    try:
        error = state.result(raise_on_failure=False)
    except Exception:  # noqa: BLE001 - an unreadable result is not a reason to retry
        return False
    return isinstance(error, OperationalError)


_retrying: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": [2, 10, 30],
    "retry_condition_fn": is_transient,
    "cache_policy": NO_CACHE,
}


@task(name="resolve-claims", **_retrying)
def resolve_claims_task(intake_ids: list[int]) -> list[ClaimedEnvelope]:
    """The whole envelopes the given ledger ids belong to, as the ledger records them."""
    with _runtime() as (engine, _config, _settings), session_scope(engine) as session:
        return in_id_order(envelopes_of(session, intake_ids), intake_ids)


def chunk_run_name() -> str:
    """``envelopes-<first ledger id>-<count>``: a task run's name, without a file name."""
    envelopes: list[ClaimedEnvelope] = runtime.task_run.parameters.get("envelopes") or []
    ids = [i for envelope in envelopes for i in envelope.intake_ids]
    return f"envelopes-{min(ids) if ids else 'new'}-{len(envelopes)}"


@task(name="process-envelopes", task_run_name=chunk_run_name, **_retrying)
def process_envelopes_task(envelopes: list[ClaimedEnvelope]) -> BatchResult:
    """Up to ``ENVELOPES_PER_TASK`` envelopes through ``process_envelope``, in one task run."""
    with _runtime() as (engine, config, _settings):
        return process_batch(engine, envelopes, config=config, actor=ACTOR)


@task(name="sweep", **_retrying)
def sweep_task(grace_seconds: float) -> list[ClaimedEnvelope]:
    """Claim stray inbox files and collect what a crash left, all older than the grace period."""
    with _runtime() as (engine, _config, settings), session_scope(engine) as session:
        return sweep(
            session, settings.inbox_dir, settings.processing_dir, grace=timedelta(seconds=grace_seconds)
        )


def _process(envelopes: list[ClaimedEnvelope], *, title: str) -> IngestReport:
    logger = get_run_logger()
    results = [process_envelopes_task(chunk) for chunk in chunks(envelopes, ENVELOPES_PER_TASK)]
    report = IngestReport.from_results(results)
    if report.rows:
        create_table_artifact(key=title, table=list(report.rows), description=report.summary)
    logger.info("%d envelopes: %s", len(envelopes), report.summary)
    if report.failed:
        raise EnvelopesFailed(report)  # our error, not the scans': the run is red, the files stay claimed
    return report


@flow(name=INGEST_FLOW, log_prints=False)
def ingest_inbox(intake_ids: list[int]) -> IngestReport:
    """Claimed files (their ledger ids) → registered items or refusals, whole envelopes at a time."""
    return _process(resolve_claims_task(intake_ids), title="ingest-inbox")


@flow(name=SWEEPER_FLOW, log_prints=False)
def ingest_sweeper(grace_seconds: float = 300.0) -> IngestReport:
    """Hand over anything claimed but unfinished for longer than the grace period (and stray inbox files).

    The watcher's hand-off can be lost (Prefect API down, a run killed); this scheduled flow is
    why that never loses a file. The grace period keeps it off envelopes a live run still works on.
    """
    return _process(sweep_task(grace_seconds), title="ingest-sweeper")


__all__ = ["IngestReport", "ingest_inbox", "ingest_locally", "ingest_sweeper"]
