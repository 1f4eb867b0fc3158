"""Clerks' requests: queued once, done once, outcomes the page can show, nothing lost on a crash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, update

from db.engine import session_scope
from db.models import AuditLog, ClerkRequest, utcnow
from db.models.enums import RequestKind, RequestState
from tasks.clerk_requests import (
    STALE_AFTER,
    Outcome,
    RequestFailed,
    RequestProblem,
    enqueue,
    get_request,
    pending_ids,
    result_files,
    run_request,
)


def _queue(engine: Engine, subject: str = "7", kind: RequestKind = RequestKind.EXTRACT_TEXT) -> int:
    with session_scope(engine) as session:
        view, new = enqueue(session, kind, subject, actor="clerk")
        assert new
        return view.id


def test_a_second_click_joins_the_open_request(fresh_engine: Engine) -> None:
    first = _queue(fresh_engine)
    with session_scope(fresh_engine) as session:
        again, new = enqueue(session, RequestKind.EXTRACT_TEXT, "7", actor="other-clerk")
    assert again.id == first and not new
    with session_scope(fresh_engine) as session:
        assert session.scalar(select(ClerkRequest.id).where(ClerkRequest.subject == "7")) == first


def test_a_finished_request_makes_room_for_a_new_one(fresh_engine: Engine) -> None:
    first = _queue(fresh_engine)
    run_request(fresh_engine, first, {RequestKind.EXTRACT_TEXT: lambda _r: Outcome("Готово.")})
    second = _queue(fresh_engine)
    assert second != first


def test_a_request_is_done_once_and_its_files_come_back(fresh_engine: Engine) -> None:
    request_id = _queue(fresh_engine, kind=RequestKind.BATCH_DOCUMENTS, subject="B-1")
    calls: list[str] = []

    def handler(request: ClerkRequest) -> Outcome:
        calls.append(request.subject)
        return Outcome("Документы готовы.", files={"a.pdf": b"%PDF-a", "b.pdf": b"%PDF-b"})

    handlers = {RequestKind.BATCH_DOCUMENTS: handler}
    view = run_request(fresh_engine, request_id, handlers)
    assert view is not None and view.state == RequestState.DONE and view.message == "Документы готовы."
    assert run_request(fresh_engine, request_id, handlers) is None  # a second run finds nothing to do
    assert calls == ["B-1"]
    with session_scope(fresh_engine) as session:
        assert result_files(session, view) == {"a.pdf": b"%PDF-a", "b.pdf": b"%PDF-b"}
        actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "clerk_request")).all()
    assert actions == ["request.queued", "request.done"]


def test_a_refusal_is_shown_in_russian_and_ends_the_request(fresh_engine: Engine) -> None:
    request_id = _queue(fresh_engine)

    def refuse(_request: ClerkRequest) -> Outcome:
        raise RequestFailed(RequestProblem.BAD_SUBJECT, "Партия ещё не передана в отделение.")

    view = run_request(fresh_engine, request_id, {RequestKind.EXTRACT_TEXT: refuse})
    assert view is not None and view.state == RequestState.FAILED and view.finished
    assert view.message == "Партия ещё не передана в отделение."
    assert view.state_text == "Не выполнено"


def test_an_unexpected_error_fails_the_request_for_the_clerk_and_reaches_operations(
    fresh_engine: Engine,
) -> None:
    request_id = _queue(fresh_engine)

    def crash(_request: ClerkRequest) -> Outcome:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError):
        run_request(fresh_engine, request_id, {RequestKind.EXTRACT_TEXT: crash})
    with session_scope(fresh_engine) as session:
        view = get_request(session, request_id)
    assert view is not None and view.state == RequestState.FAILED
    assert view.message is not None and "Сообщите администратору" in view.message


def test_a_request_left_running_by_a_dead_worker_is_taken_again_later(fresh_engine: Engine) -> None:
    request_id = _queue(fresh_engine)
    with session_scope(fresh_engine) as session:  # a worker claimed it, then was killed
        session.execute(
            update(ClerkRequest).values(state=RequestState.RUNNING, started_at=utcnow(), attempts=1)
        )
    handlers = {RequestKind.EXTRACT_TEXT: lambda _r: Outcome("Готово.")}
    with session_scope(fresh_engine) as session:
        assert pending_ids(session) == []
    assert run_request(fresh_engine, request_id, handlers) is None  # still fresh: someone may be on it
    later = utcnow() + STALE_AFTER + timedelta(seconds=1)
    with session_scope(fresh_engine) as session:
        assert pending_ids(session, now=later) == [request_id]
        session.execute(update(ClerkRequest).values(started_at=utcnow() - STALE_AFTER - timedelta(seconds=1)))
    view = run_request(fresh_engine, request_id, handlers)
    assert view is not None and view.state == RequestState.DONE
    with session_scope(fresh_engine) as session:
        assert session.get_one(ClerkRequest, request_id).attempts == 2


def test_an_unknown_kind_fails_with_a_message(fresh_engine: Engine) -> None:
    request_id = _queue(fresh_engine)
    view = run_request(fresh_engine, request_id, {})
    assert view is not None and view.state == RequestState.FAILED
    assert "Неизвестный вид запроса" in (view.message or "")
