"""Handing recorded claims on: to the Prefect ingest deployment, or in-process when there is none.

In production (``KORR_ENV=production``) there is no in-process fallback: the watcher refuses to
start without ``PREFECT_API_URL`` (``watch_folder.main.choose_handoff``), and a batch Prefect does
not take waits, claimed, for the sweeper instead of being processed quietly on the watcher's host.

The claims are already durable (rows committed) when a hand-off is attempted, so a hand-off that
fails loses nothing: the sweeper flow, or the watcher's own periodic resume, hands them over
again. That is why a failed ``run_deployment`` is logged and answered with the in-process
fallback rather than retried here until it works.

Claims travel as ledger ids (``intake_file.id``), never as names: a name often carries a
debtor's surname, and a run's parameters, its name and our logs carry no personal data.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine

from config.deployments import INGEST_DEPLOYMENT
from config.runtime import IngestConfig
from config.trigger import api_is_up, start_deployment
from tasks.ingest.batch import IngestReport, ingest_locally

logger = logging.getLogger(__name__)

Handoff = Callable[[Sequence[int]], str | None]
"""Takes the ledger ids of committed claims; returns the id of the flow run they went to (None when
processed in-process or not handed over); must not raise for an unreachable orchestrator."""


class LocalHandoff:
    """Processes batches in one background thread of the watcher, so claiming never waits for OCR.

    A single thread keeps work ordered and bounded; parsing of untrusted bytes happens in
    sandboxed child processes, so a hostile file cannot take the watcher down.
    """

    def __init__(self, engine: Engine, *, config: IngestConfig) -> None:
        self._engine = engine
        self._config = config
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        self.pending: list[Future[IngestReport | None]] = []

    def __call__(self, intake_ids: Sequence[int]) -> None:
        self.pending = [f for f in self.pending if not f.done()]
        self.pending.append(self._pool.submit(self._run, list(intake_ids)))
        return None

    def _run(self, intake_ids: list[int]) -> IngestReport | None:
        batch = batch_name(intake_ids)
        try:
            report = ingest_locally(self._engine, intake_ids, config=self._config)
        except Exception as exc:  # noqa: BLE001 - the claims stay recorded; the resume retries them
            logger.error("In-process ingest %s failed with %s", batch, type(exc).__name__)
            return None
        if report.failed:
            logger.error("Ingested %s in-process with errors: %s", batch, report.summary)
        else:
            logger.info("Ingested %s in-process: %s", batch, report.summary)
        return report

    def close(self, *, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


def batch_name(intake_ids: Sequence[int]) -> str:
    """``ingest-<first ledger id>-<count>``: a batch's run name and how logs name it."""
    return f"ingest-{min(intake_ids) if intake_ids else 0}-{len(intake_ids)}"


class DeploymentHandoff:
    """``run_deployment(..., timeout=0)``: one scheduled run of the ingest deployment per batch.

    The idempotency key is made once per batch, so a client-side retry of the same request never
    creates two runs, while a later hand-over of the same claims (after a crash) gets a new run.
    """

    def __init__(
        self, api_url: str, *, fallback: Handoff | None, deployment: str = INGEST_DEPLOYMENT
    ) -> None:
        self._api_url = api_url
        self._fallback = fallback
        self._deployment = deployment

    def __call__(self, intake_ids: Sequence[int]) -> str | None:
        batch = uuid.uuid4().hex
        if api_is_up(self._api_url):
            try:
                return self._run_deployment(list(intake_ids), batch)
            except Exception:
                logger.warning("run_deployment failed", exc_info=True)
        else:
            logger.warning("Prefect API %s is not answering", self._api_url)
        if self._fallback is None:  # production: no quiet single-host processing; the claims wait
            logger.error(
                "Ledger ids %s stay claimed until Prefect answers (the sweeper or the watcher's resume "
                "hands them over)",
                batch_name(intake_ids),
            )
            return None
        logger.warning("Ingesting %s in-process", batch_name(intake_ids))
        self._fallback(intake_ids)
        return None

    def _run_deployment(self, intake_ids: list[int], batch: str) -> str:
        run_id = start_deployment(
            self._deployment,
            parameters={"intake_ids": intake_ids},
            idempotency_key=f"ingest-{batch}",
            flow_run_name=batch_name(intake_ids),
        )
        logger.info("Handed %s to flow run %s", batch_name(intake_ids), run_id)
        return run_id
