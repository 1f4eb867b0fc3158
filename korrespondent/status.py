"""What ``korrespondent status`` reports: components, backlog, review, requests, letters, quota."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from config.runtime import outgoing_runtime_from
from config.settings import Settings
from db.engine import session_scope
from db.models import Incoming, Outgoing
from korrespondent.components import embedded_components
from korrespondent.supervisor import is_healthy
from pochta import PochtaError
from tasks.clerk_requests import pending_ids

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
    needs_review: int
    requests_waiting: int
    letters: dict[str, int]
    quota: str


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


def collect_status(settings: Settings, engine: Engine) -> Status:
    """A snapshot of the installation; a component without a health check shows as None."""
    components = {
        c.label: (is_healthy(c.health_url) if c.health_url else None) for c in embedded_components(settings)
    }
    inbox = settings.inbox_dir
    waiting = _files(p for p in inbox.iterdir() if not p.name.startswith(".")) if inbox.exists() else 0
    processing = _files(settings.processing_dir.iterdir()) if settings.processing_dir.exists() else 0
    with session_scope(engine) as session:
        needs_review = session.scalar(
            select(func.count()).select_from(Incoming).where(Incoming.status == "needs_review")
        )
        letters = dict(session.execute(select(Outgoing.state, func.count()).group_by(Outgoing.state)).all())
        requests_waiting = len(pending_ids(session))
    return Status(
        components=components,
        inbox_waiting=waiting,
        processing=processing,
        needs_review=needs_review or 0,
        requests_waiting=requests_waiting,
        letters={FOLDER_OF_STATE.get(state, state): count for state, count in letters.items()},
        quota=pochta_quota(),
    )
