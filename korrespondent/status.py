"""What ``korrespondent status`` reports: components, backlog, review, requests, letters, quota."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from config.deployments import INGEST_DEPLOYMENT
from config.runtime import outgoing_runtime_from
from config.settings import Settings
from config.trigger import prefect_api_url
from db.engine import session_scope
from db.models import Incoming, IntakeFile, Outgoing
from db.models.base import utcnow
from korrespondent.components import embedded_components
from korrespondent.supervisor import is_healthy
from pochta import PochtaError
from tasks.clerk_requests import pending_ids
from tasks.ingest.intake import stuck_entries
from tasks.refusals import open_refusal_count
from watch_folder.heartbeat import heartbeat_path, is_alive

FOLDER_OF_STATE = {
    "draft": "Черновики",
    "created": "Новые",
    "ready": "К сдаче",
    "in_transit": "В пути",
    "delivered": "Архив",
    "deleted": "Удалённые",
}


@dataclass(frozen=True, slots=True)
class Status:
    components: dict[str, bool | None]
    inbox_waiting: int
    processing: int
    stuck: dict[str, str]
    needs_review: int
    refused: int
    requests_waiting: int
    letters: dict[str, int]
    quota: str
    workers: int | None = None
    """Prefect workers of the production pool that are online; None without a pool (embedded)."""
    lapsed: int = 0
    """Claimed files whose run stopped renewing its lease: a worker died, a take-over is due."""


WORK_POOL = "korrespondent"
"""The process work pool of ``deployments/prefect.yaml``."""


def online_workers(answer: list[dict[str, object]]) -> int:
    """How many workers of a ``workers/filter`` answer Prefect counts as online."""
    return sum(1 for worker in answer if worker.get("status") == "ONLINE")


def workers_polling(api_url: str, pool: str = WORK_POOL) -> int | None:
    """Online workers of the production pool, or None (no such pool, or no answer)."""
    try:
        answer = httpx.post(f"{api_url.rstrip('/')}/work_pools/{pool}/workers/filter", json={}, timeout=5)
    except httpx.HTTPError:
        return None
    if not answer.is_success:
        return None  # 404: no pool here (embedded mode serves without one)
    return online_workers(answer.json())


def lapsed_claims(session: Session) -> int:
    """Claimed files whose lease ran out (``tasks.ingest.lease``): their worker stopped."""
    return (
        session.scalar(
            select(func.count())
            .select_from(IntakeFile)
            .where(IntakeFile.status == "claimed", IntakeFile.lease_until < utcnow())
        )
        or 0
    )


def pochta_quota() -> str:
    """Russian Post's daily request quota left, or why it is unknown (in Russian)."""
    try:
        with outgoing_runtime_from(Settings()).otpravka() as client:
            limit = client.api_limit()
    except PochtaError as exc:
        return f"неизвестен ({exc.message})"
    return f"осталось {limit.remaining} из {limit.allowed_count}"


def _files(folder_files: Iterator[object]) -> int:
    return sum(1 for _ in folder_files)


def flows_polled(api_url: str) -> bool | None:
    """Whether a runner or worker polls for flow runs: Prefect marks a deployment READY while one
    has asked for its runs within the last minute. None when the Prefect API does not answer."""
    try:
        answer = httpx.get(f"{api_url.rstrip('/')}/deployments/name/{INGEST_DEPLOYMENT}", timeout=5)
    except httpx.HTTPError:
        return None
    if answer.status_code == 404:
        return False  # never deployed here
    if not answer.is_success:
        return None
    return bool(answer.json().get("status") == "READY")


def component_health(settings: Settings) -> dict[str, bool | None]:
    """Each component as it is, wherever it runs: the Prefect API the environment names (else
    ``up``'s), flows by their deployment's last poll, the watcher by its heartbeat file."""
    api_url = prefect_api_url() or settings.prefect_api_url
    labels = {c.name: c.label for c in embedded_components(settings)}
    health: dict[str, bool | None] = {labels["prefect"]: is_healthy(f"{api_url.rstrip('/')}/health")}
    if "sandbox" in labels:
        health[labels["sandbox"]] = is_healthy(f"{settings.pochta_url}/__sandbox__/clock")
    health[labels["flows"]] = flows_polled(api_url) if health[labels["prefect"]] else None
    health[labels["watcher"]] = is_alive(heartbeat_path(settings.data_dir))
    health[labels["app"]] = is_healthy(f"http://{settings.app_host}:{settings.app_port}/_stcore/health")
    return health


def collect_status(settings: Settings, engine: Engine) -> Status:
    """A snapshot of the installation; a component whose state cannot be known shows as None."""
    components = component_health(settings)
    inbox = settings.inbox_dir
    waiting = _files(p for p in inbox.iterdir() if not p.name.startswith(".")) if inbox.exists() else 0
    processing = _files(settings.processing_dir.iterdir()) if settings.processing_dir.exists() else 0
    with session_scope(engine) as session:
        needs_review = session.scalar(
            select(func.count()).select_from(Incoming).where(Incoming.status == "needs_review")
        )
        letters = dict(session.execute(select(Outgoing.state, func.count()).group_by(Outgoing.state)).all())
        requests_waiting = len(pending_ids(session))
        refused = open_refusal_count(session)
        lapsed = lapsed_claims(session)
    api_url = prefect_api_url() or settings.prefect_api_url
    workers = workers_polling(api_url) if components.get(_prefect_label(settings)) else None
    return Status(
        components=components,
        inbox_waiting=waiting,
        processing=processing,
        stuck=stuck_entries(inbox),
        needs_review=needs_review or 0,
        refused=refused,
        requests_waiting=requests_waiting,
        letters={FOLDER_OF_STATE.get(state, state): count for state, count in letters.items()},
        quota=pochta_quota(),
        workers=workers,
        lapsed=lapsed,
    )


def _prefect_label(settings: Settings) -> str:
    return {c.name: c.label for c in embedded_components(settings)}["prefect"]
