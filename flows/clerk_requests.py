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
from config.runtime import OutgoingRuntime, engine_with_blobs, limits_from
from config.settings import Settings
from db.engine import make_engine, session_scope
from db.models.enums import RequestKind, RequestState
from db.search import attach_search_index
from flows.outgoing_sync import dispatch_handler, outgoing_runtime
from flows.summary import publish_summary
from flows.tracking_poll import sandbox_clock_handler
from tasks.clerk_requests import Handler, pending_ids, run_request
from tasks.incoming_text import incoming_handlers
from tasks.outgoing.addresses import cleaner_for, with_parts
from tasks.outgoing.requests import outgoing_handlers, sender_party
from tasks.print_forms import Party


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


_SENDERS: dict[str, Party] = {}
"""Our own address as Russian Post parsed it, per typed address: asked once per process."""


def _parsed_sender(rt: OutgoingRuntime, sender: Party) -> Party:
    """The sender with parts, so envelopes print it in postal order (unchanged when not parsed)."""
    if sender.address not in _SENDERS:
        with rt.otpravka() as client:
            parsed = with_parts(sender, cleaner_for(client))
        if not parsed.parts:
            return sender
        _SENDERS[sender.address] = parsed
    return _SENDERS[sender.address]


def request_handlers(settings: Settings) -> dict[str, Handler]:
    """Every kind of request and its handler, wired from the settings."""
    rt = outgoing_runtime()
    sender = sender_party(settings.sender_name, settings.sender_address, settings.shipping_point_index)
    if sender is not None:
        sender = _parsed_sender(rt, sender)
    handlers: dict[str, Handler] = {
        **outgoing_handlers(rt, sender),
        RequestKind.FORM_BATCHES: dispatch_handler(rt),
        **incoming_handlers(
            engine_with_blobs(_searchable_engine(settings.resolved_database_url), settings),
            limits=limits_from(settings),
        ),
    }
    if settings.uses_pochta_sandbox:  # the clock exists only there
        handlers[RequestKind.SANDBOX_CLOCK] = sandbox_clock_handler(rt)
    return handlers


class RequestCrashed(Exception):
    """An error of ours in a request, by class only: its text (a path, a name) stays in the request.

    Prefect logs a failed task's exception and keeps it in the run's state; those carry no
    personal data. The clerk's request row holds the full text.
    """

    def __init__(self, request_id: int, kind: str) -> None:
        super().__init__(f"request {request_id}: {kind}")
        self.request_id = request_id
        self.kind = kind

    def __reduce__(self) -> tuple[type[RequestCrashed], tuple[int, str]]:
        return (RequestCrashed, (self.request_id, self.kind))


@task(name="clerk-request", cache_policy=NO_CACHE)
def handle_request(request_id: int, handlers: dict[str, Handler]) -> str | None:
    """One request; the task run's state says whether it was done."""
    try:
        view = run_request(outgoing_runtime().engine(), request_id, handlers, flow_run_id=_run_id())
    except Exception as exc:  # noqa: BLE001 - re-raised without its text (see RequestCrashed)
        raise RequestCrashed(request_id, type(exc).__name__) from None
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
        except Exception as exc:  # noqa: BLE001 - one request's bug never stops the others; logged
            log.error("Запрос %s: внутренняя ошибка %s", current, getattr(exc, "kind", type(exc).__name__))
            report.errors.append(f"{current}: {getattr(exc, 'kind', type(exc).__name__)}")
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
