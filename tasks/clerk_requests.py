"""The queue of clerks' requests: asked for in a page, done by the ``clerk-requests`` flow.

Why a table and not just a Prefect run: the request must survive a Prefect server that is down,
a worker killed halfway and a clerk who closes the tab. The page writes the row in its own
transaction and only then nudges Prefect; the flow claims rows one by one, runs their handler
outside any transaction and writes the outcome. A row left ``running`` by a dead worker is
claimed again after ``STALE_AFTER``, so handlers must be safe to repeat (each looks before it
acts). The page polls the row to show progress.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.blob_store import load_blob, store_blob
from config.errors import ActionRefused
from db import audit
from db.engine import rows_affected, session_scope
from db.models import Blob, ClerkRequest, utcnow
from db.models.enums import RequestKind, RequestState

STALE_AFTER = timedelta(minutes=10)
"""A ``running`` row older than this belongs to a dead worker (no handler takes that long)."""

STATE_TEXTS = {
    RequestState.QUEUED: "В очереди…",
    RequestState.RUNNING: "Выполняется…",
    RequestState.DONE: "Готово",
    RequestState.FAILED: "Не выполнено",
}


class RequestProblem(StrEnum):
    """Why the queue itself refuses a request (handlers pass their own modules' codes)."""

    UNKNOWN_KIND = "unknown_kind"
    BAD_SUBJECT = "bad_subject"


class RequestFailed(ActionRefused):
    """An expected refusal: ``message`` (Russian) is what the clerk reads, ``code`` says why.

    A handler that catches another refusal passes its ``code`` and ``message`` on unchanged.
    """


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a handler produced: the clerk's message and, for documents, the files."""

    message: str
    files: Mapping[str, bytes] | None = None


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as the page shows it (plain values, safe outside a session)."""

    id: int
    kind: str
    subject: str
    state: str
    message: str | None
    result_sha256: str | None

    @property
    def finished(self) -> bool:
        return self.state in (RequestState.DONE, RequestState.FAILED)

    @property
    def state_text(self) -> str:
        return STATE_TEXTS.get(RequestState(self.state), self.state)


Handler = Callable[[ClerkRequest], Outcome]


def _open_key(kind: RequestKind, subject: str) -> str:
    return f"{kind}:{subject}"


def _view(row: ClerkRequest) -> RequestView:
    return RequestView(row.id, row.kind, row.subject, row.state, row.message, row.result_sha256)


def open_request(session: Session, kind: RequestKind, subject: str) -> RequestView | None:
    """The queued or running request for this subject, if any (the page shows its progress)."""
    row = session.scalar(select(ClerkRequest).where(ClerkRequest.open_key == _open_key(kind, subject)))
    return None if row is None else _view(row)


def enqueue(session: Session, kind: RequestKind, subject: str, *, actor: str) -> tuple[RequestView, bool]:
    """Ask for ``kind`` on ``subject``; returns the request and whether it is new.

    A second click, or a second clerk, while one is open joins it instead of repeating the work.
    """
    existing = open_request(session, kind, subject)
    if existing is not None:
        return existing, False
    row = ClerkRequest(
        kind=str(kind),
        subject=subject,
        open_key=_open_key(kind, subject),
        state=RequestState.QUEUED,
        requested_by=actor,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another process queued the same work between our look and insert
        joined = open_request(session, kind, subject)
        if joined is None:
            raise
        return joined, False
    audit.record(
        session,
        actor=actor,
        action="request.queued",
        entity="clerk_request",
        entity_id=row.id,
        details={"kind": str(kind), "subject": subject},
    )
    return _view(row), True


def get_request(session: Session, request_id: int) -> RequestView | None:
    row = session.get(ClerkRequest, request_id)
    return None if row is None else _view(row)


def pending_ids(session: Session, *, now: datetime | None = None) -> list[int]:
    """Queued requests, and running ones abandoned by a dead worker, oldest first."""
    stale = (now or utcnow()) - STALE_AFTER
    return list(
        session.scalars(
            select(ClerkRequest.id)
            .where(
                or_(
                    ClerkRequest.state == RequestState.QUEUED,
                    (ClerkRequest.state == RequestState.RUNNING) & (ClerkRequest.started_at < stale),
                )
            )
            .order_by(ClerkRequest.id)
        )
    )


def _claim(session: Session, request_id: int, *, flow_run_id: str | None) -> bool:
    """Take the request for this worker; False if another worker has it or it is finished."""
    now = utcnow()
    claimed = session.execute(
        update(ClerkRequest)
        .where(
            ClerkRequest.id == request_id,
            or_(
                ClerkRequest.state == RequestState.QUEUED,
                (ClerkRequest.state == RequestState.RUNNING) & (ClerkRequest.started_at < now - STALE_AFTER),
            ),
        )
        .values(
            state=RequestState.RUNNING,
            started_at=now,
            attempts=ClerkRequest.attempts + 1,
            flow_run_id=flow_run_id,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(rows_affected(claimed))


def pack_files(files: Mapping[str, bytes]) -> bytes:
    """Several result files as one stored blob (a ZIP without compression: PDFs are compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def unpack_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def result_files(session: Session, request: RequestView) -> dict[str, bytes]:
    """The files a finished request produced (empty when it produced none)."""
    if request.result_sha256 is None:
        return {}
    if session.get(Blob, request.result_sha256) is None:
        return {}
    return unpack_files(load_blob(session, request.result_sha256))


def _finish(session: Session, request_id: int, *, state: RequestState, outcome: Outcome) -> None:
    row = session.get_one(ClerkRequest, request_id)
    if outcome.files:
        row.result_sha256 = store_blob(session, pack_files(outcome.files))
    row.state, row.message, row.finished_at, row.open_key = state, outcome.message, utcnow(), None
    audit.record(
        session,
        actor=row.requested_by,
        action=f"request.{state}",
        entity="clerk_request",
        entity_id=row.id,
        details={"kind": row.kind, "subject": row.subject},
    )


def run_request(
    engine: Engine,
    request_id: int,
    handlers: Mapping[str, Handler],
    *,
    flow_run_id: str | None = None,
) -> RequestView | None:
    """Claim, handle and finish one request; None if it was not ours to take.

    ``RequestFailed`` ends the request as failed with its Russian message; any other error also
    fails it (the clerk must not wait forever) and is re-raised so the flow run shows it.
    """
    with session_scope(engine) as session:
        if not _claim(session, request_id, flow_run_id=flow_run_id):
            return None
    with session_scope(engine) as session:
        row = session.get_one(ClerkRequest, request_id)
        session.expunge(row)
    handler = handlers.get(row.kind)
    try:
        if handler is None:
            raise RequestFailed(RequestProblem.UNKNOWN_KIND, f"Неизвестный вид запроса: {row.kind}.")
        outcome, state, error = handler(row), RequestState.DONE, None
    except RequestFailed as exc:
        outcome, state, error = Outcome(exc.message), RequestState.FAILED, None
    except Exception as exc:  # noqa: BLE001 - recorded for the clerk, then re-raised for operations
        outcome, state, error = (
            Outcome(f"Внутренняя ошибка: {exc}. Сообщите администратору."),
            RequestState.FAILED,
            exc,
        )
    with session_scope(engine) as session:
        _finish(session, request_id, state=state, outcome=outcome)
        view = get_request(session, request_id)
    if error is not None:
        raise error
    return view
