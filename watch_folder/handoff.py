"""Handing recorded claims on: to the Prefect ingest deployment, or in-process when there is none.

The claims are already durable (rows committed) when a hand-off is attempted, so a hand-off that
fails loses nothing: the sweeper flow, or the watcher's own periodic resume, hands them over
again. That is why a failed ``run_deployment`` is logged and answered with the in-process
fallback rather than retried here until it works.
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

Handoff = Callable[[Sequence[str]], None]
"""Takes committed claim names; must not raise for an unreachable orchestrator."""


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

    def __call__(self, claims: Sequence[str]) -> None:
        self.pending = [f for f in self.pending if not f.done()]
        self.pending.append(self._pool.submit(self._run, list(claims)))

    def _run(self, claims: list[str]) -> IngestReport | None:
        try:
            report = ingest_locally(self._engine, claims, config=self._config)
        except Exception:
            logger.exception("In-process ingest of %d claims failed", len(claims))
            return None
        if report.failed:
            logger.error("Ingested %d claims in-process with errors: %s", len(claims), report.summary)
        else:
            logger.info("Ingested %d claims in-process: %s", len(claims), report.summary)
        return report

    def close(self, *, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class DeploymentHandoff:
    """``run_deployment(..., timeout=0)``: one scheduled run of the ingest deployment per batch.

    The idempotency key is made once per batch, so a client-side retry of the same request never
    creates two runs, while a later hand-over of the same claims (after a crash) gets a new run.
    """

    def __init__(self, api_url: str, *, fallback: Handoff, deployment: str = INGEST_DEPLOYMENT) -> None:
        self._api_url = api_url
        self._fallback = fallback
        self._deployment = deployment

    def __call__(self, claims: Sequence[str]) -> None:
        batch = uuid.uuid4().hex
        if api_is_up(self._api_url):
            try:
                self._run_deployment(list(claims), batch)
                return
            except Exception:
                logger.warning("run_deployment failed; ingesting in-process", exc_info=True)
        else:
            logger.warning("Prefect API %s is not answering; ingesting in-process", self._api_url)
        self._fallback(claims)

    def _run_deployment(self, claims: list[str], batch: str) -> None:
        run_id = start_deployment(
            self._deployment,
            parameters={"claims": claims},
            idempotency_key=f"ingest-{batch}",
            flow_run_name=f"ingest-{batch[:8]}-{len(claims)}",
        )
        logger.info("Handed %d claims to flow run %s", len(claims), run_id)
