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

from prefect import flow, get_client, get_run_logger, runtime, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.exceptions import ObjectNotFound
from prefect.states import Crashed, State
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
from tasks.ingest.handover import HANDOVER_GRACE, RunFate, fate_of
from tasks.ingest.intake import envelopes_of, handed_runs, sweep
from tasks.ingest.lease import expired, flow_run_of, kept, local_holder, take
from tasks.ingest.model import ClaimedEnvelope

RECLAIM_PER_RUN = ENVELOPES_PER_TASK
"""Envelopes of dead runs (expired leases) a run takes over besides its own batch."""


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


def run_fates(run_ids: set[str]) -> dict[str, RunFate]:
    """What Prefect says about the flow runs claims were handed to (``RunFate`` per run id).

    A run Prefect does not know (deleted) is gone; one that cannot be read now is ``UNKNOWN``,
    so its claims wait the full grace period, as before runs were recorded.
    """
    fates: dict[str, RunFate] = {}
    with get_client(sync_client=True) as client:
        for run_id in run_ids:
            parsed = flow_run_of(run_id)
            if parsed is None:
                fates[run_id] = RunFate.GONE  # not a flow run's id: no run will come for it
                continue
            try:
                state = client.read_flow_run(parsed).state
            except ObjectNotFound:
                fates[run_id] = fate_of(None, None, found=False)
            except Exception as exc:  # noqa: BLE001 - the claims then wait the full grace
                get_run_logger().warning("Could not read flow run %s: %s", run_id, type(exc).__name__)
                fates[run_id] = RunFate.UNKNOWN
            else:
                fates[run_id] = fate_of(
                    state.type.value if state is not None else None, state.name if state is not None else None
                )
    return fates


@task(name="sweep", **_retrying)
def sweep_task(
    grace_seconds: float, handover_grace_seconds: float = HANDOVER_GRACE.total_seconds()
) -> list[ClaimedEnvelope]:
    """Claim stray inbox files and collect what a crash left, all older than the grace period;
    claims no run leased as soon as their run is over or late (or after the short hand-over grace
    when no run was recorded)."""
    with _runtime() as (engine, _config, settings):
        with session_scope(engine) as session:
            runs = handed_runs(session)
        fates = run_fates(runs) if runs else {}
        with session_scope(engine) as session:
            return sweep(
                session,
                settings.inbox_dir,
                settings.processing_dir,
                grace=timedelta(seconds=grace_seconds),
                handover_grace=timedelta(seconds=handover_grace_seconds),
                fates=fates,
            )


def _holder() -> str:
    """Who leases the envelopes: this flow run (its id), so a reclaimer can mark it crashed."""
    run_id = runtime.flow_run.id
    return str(run_id) if run_id else local_holder()


@task(name="mark-crashed", cache_policy=NO_CACHE)
def mark_crashed_task(holders: list[str]) -> int:
    """Flow runs whose leases ran out and that Prefect still shows as running: mark them Crashed.

    Their worker died with them (a SIGKILL, a lost host), so nothing else would ever end them;
    operations would see them "Running" forever. Best effort: a run we cannot read is left alone.
    """
    marked = 0
    with get_client(sync_client=True) as client:
        for holder in holders:
            run_id = flow_run_of(holder)
            if run_id is None or run_id == flow_run_of(_holder()):
                continue
            try:
                run = client.read_flow_run(run_id)
                if run.state is not None and (run.state.is_running() or run.state.is_pending()):
                    client.set_flow_run_state(
                        run_id,
                        Crashed(message="Аренда файлов истекла: процесс исполнителя не продлевал её."),
                        force=True,
                    )
                    marked += 1
            except Exception as exc:  # noqa: BLE001 - marking is cosmetic; the files are already taken over
                get_run_logger().warning("Could not mark flow run %s crashed: %s", run_id, type(exc).__name__)
    return marked


def _reclaim(engine: Engine, holder: str) -> list[ClaimedEnvelope]:
    """Take over envelopes whose holder stopped renewing its lease; mark those runs crashed."""
    with session_scope(engine) as session:
        lapsed = expired(session, limit=RECLAIM_PER_RUN)
    if not lapsed.envelopes:
        return []
    taken, _held = take(engine, lapsed.envelopes, holder)
    if taken:
        get_run_logger().warning(
            "Took over %d envelopes of runs that stopped renewing their lease", len(taken)
        )
        mark_crashed_task(sorted(lapsed.holders))
    return taken


def _process(envelopes: list[ClaimedEnvelope], *, title: str) -> IngestReport:
    """Lease the envelopes (skipping those another live run holds), take over lapsed ones, process.

    The leases are renewed while this run lives and released at its end; if the process is
    killed they run out, and the next run or the sweeper takes the envelopes over.
    """
    logger = get_run_logger()
    holder = _holder()
    with _runtime() as (engine, _config, _settings), kept(engine, holder):
        taken, held = take(engine, envelopes, holder)
        known = {e.claim_name for e in taken}
        taken += [e for e in _reclaim(engine, holder) if e.claim_name not in known]
        results = [process_envelopes_task(chunk) for chunk in chunks(taken, ENVELOPES_PER_TASK)]
    if held:
        results.append(BatchResult(busy=tuple(held)))
    report = IngestReport.from_results(results)
    if report.rows:
        create_table_artifact(key=title, table=list(report.rows), description=report.summary)
    logger.info("%d envelopes: %s", len(taken), report.summary)
    if report.failed:
        raise EnvelopesFailed(report)  # our error, not the scans': the run is red, the files stay claimed
    return report


@flow(name=INGEST_FLOW, log_prints=False)
def ingest_inbox(intake_ids: list[int]) -> IngestReport:
    """Claimed files (their ledger ids) → registered items or refusals, whole envelopes at a time."""
    return _process(resolve_claims_task(intake_ids), title="ingest-inbox")


@flow(name=SWEEPER_FLOW, log_prints=False)
def ingest_sweeper(
    grace_seconds: float = 300.0, handover_grace_seconds: float = HANDOVER_GRACE.total_seconds()
) -> IngestReport:
    """Take over envelopes of dead runs (expired leases), claims no run leased (a lost hand-over)
    and stray inbox files.

    The watcher's hand-off can be lost (Prefect API down, a run killed before it leased); this
    scheduled flow is why that never loses a file. A live run's envelopes carry its renewed lease
    and are left alone. A claim whose flow run Prefect shows over (completed, failed, crashed,
    cancelled) or late is taken at once; one with no run recorded after
    ``handover_grace_seconds``; ``grace_seconds`` keeps the sweeper off inbox files still being
    written and bounds every other wait.
    """
    return _process(sweep_task(grace_seconds, handover_grace_seconds), title="ingest-sweeper")


__all__ = ["IngestReport", "ingest_inbox", "ingest_locally", "ingest_sweeper"]
