"""The ``clerk-requests`` flow: work clerks asked for in the app that must not run in a page.

Deleting a letter's order at Russian Post, fetching a batch's ф.103 with every letter's papers,
reading the text of files registered by hand. The app writes a ``clerk_request`` row and starts
a run for it; the deployment's schedule is the safety net that finds rows whose run never
started (Prefect down at that moment) or whose worker died. Thin: the work is in the handlers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from sqlalchemy import Engine

from config.deployments import CLERK_REQUESTS_FLOW
from config.runtime import limits_from
from config.settings import Settings
from db.engine import make_engine, session_scope
from db.models.enums import RequestState
from db.search import attach_search_index
from flows.outgoing_sync import outgoing_runtime
from flows.summary import publish_summary
from tasks.clerk_requests import Handler, pending_ids, run_request
from tasks.incoming_text import incoming_handlers
from tasks.outgoing.requests import outgoing_handlers, sender_party


@dataclass(slots=True)
class RequestsReport:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


LABELS = {
    "done": "Выполнено",
    "failed": "Не выполнено (причина показана клерку)",
    "skipped": "Уже выполнялось другим запуском",
    "errors": "Внутренних ошибок",
}


@cache
def _searchable_engine(url: str) -> Engine:
    """An engine that also writes the SQLite search side file: text read later must be findable."""
    engine = make_engine(url)
    attach_search_index(engine)
    return engine


def request_handlers(settings: Settings) -> dict[str, Handler]:
    """Every kind of request and its handler, wired from the settings."""
    rt = outgoing_runtime()
    sender = sender_party(settings.sender_name, settings.sender_address, settings.shipping_point_index)
    return {
        **outgoing_handlers(rt, sender),
        **incoming_handlers(_searchable_engine(settings.resolved_database_url), limits=limits_from(settings)),
    }


@task(name="clerk-request", cache_policy=NO_CACHE)
def handle_request(request_id: int, handlers: dict[str, Handler]) -> str | None:
    """One request; the task run's state says whether it was done."""
    view = run_request(outgoing_runtime().engine(), request_id, handlers, flow_run_id=_run_id())
    return None if view is None else view.state


def _run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


@flow(name=CLERK_REQUESTS_FLOW)
def clerk_requests(request_id: int | None = None) -> RequestsReport:
    """Handle ``request_id`` (the app's run) and every other request still waiting."""
    settings = Settings()
    handlers = request_handlers(settings)
    with session_scope(outgoing_runtime().engine()) as session:
        ids = pending_ids(session)
    if request_id is not None and request_id not in ids:
        ids.insert(0, request_id)
    report = RequestsReport()
    log = get_run_logger()
    for current in ids:
        try:
            state = handle_request(current, handlers)
        except Exception as exc:
            log.exception("Запрос %s: внутренняя ошибка", current)
            report.errors.append(f"{current}: {exc}")
            continue
        if state is None:
            report.skipped += 1
        elif state == RequestState.DONE:
            report.done += 1
        else:
            report.failed += 1
    publish_summary("clerk-requests", report, labels=LABELS, description="Запросы клерков")
    if report.errors:  # a bug, not a refusal: the run goes red for operations (clerks were told)
        raise RuntimeError(f"Внутренние ошибки в запросах: {'; '.join(report.errors)}")
    return report
