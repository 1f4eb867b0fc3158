"""The ingest deployments for ``serve()``: the inbox flow the watcher calls, and its sweeper.

- ``ingest-inbox/inbox``: runs whatever batches the watcher hands over.
- ``ingest-sweeper/sweeper``: every minute, takes over envelopes whose run stopped renewing its
  lease (a killed worker), claims never started within the grace period (a lost hand-over) and
  files nobody claimed (the watcher was down).

No deployment concurrency limit: Prefect frees such a slot only when its lease expires, so a
killed runner or worker would stall intake for minutes (issue 11). What must not run twice is
guarded by locks that die with their holder (one per envelope, ``tasks.ingest.batch``); how many
runs share a host's cores is the runner's ``limit`` (``deployments.serve``) or the worker's
``--limit`` (production), since OCR inside one run already uses every core.
"""

from __future__ import annotations

from datetime import timedelta

from prefect.deployments.runner import RunnerDeployment

from config.deployments import INGEST_DEPLOYMENT, SWEEPER_DEPLOYMENT
from flows.ingest import ingest_inbox, ingest_sweeper

SWEEP_EVERY = timedelta(minutes=1)
"""With ``tasks.ingest.lease.LEASE_SECONDS``: a dead run's envelopes are taken over within ~2 min."""
SWEEP_GRACE = timedelta(minutes=5)


def ingest_deployments() -> list[RunnerDeployment]:
    """Built on call, not at import: nothing talks to Prefect until the serve process starts."""
    inbox = ingest_inbox.to_deployment(
        name=INGEST_DEPLOYMENT.split("/", 1)[1],
        description="Входящие: регистрация файлов, переданных наблюдателем папки.",
        tags=["ingest"],
    )
    sweeper = ingest_sweeper.to_deployment(
        name=SWEEPER_DEPLOYMENT.split("/", 1)[1],
        interval=SWEEP_EVERY,
        parameters={"grace_seconds": SWEEP_GRACE.total_seconds()},
        description="Входящие: дообработка забытого после сбоев и файлов, пропущенных наблюдателем.",
        tags=["ingest"],
    )
    return [inbox, sweeper]  # type: ignore[list-item]  # to_deployment is sync outside an event loop
