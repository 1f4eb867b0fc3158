"""The ``outgoing-sync`` flow: drafts → orders at Russian Post → cost → batches («К сдаче») → check-in.

Thin by design: each step is a unit of work in ``tasks.outgoing.units`` with its own transaction
and retries. A step that still fails is logged and left to the next scheduled run, which resumes
where this one stopped (our database says what is done, not Prefect).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect import flow, get_run_logger

from config.deployments import OUTGOING_SYNC_FLOW
from config.runtime import OutgoingRuntime, outgoing_runtime_from
from config.settings import Settings
from db.locks import exclusive_lock
from flows.summary import publish_summary
from pochta import PochtaError
from tasks.clerk_requests import Handler, Outcome, RequestFailed
from tasks.outgoing.errors import OutgoingProblem
from tasks.outgoing.sync_create import CREATE_CHUNK
from tasks.outgoing.units import PLAIN_STEPS, TASK_STEPS, Steps


@dataclass(slots=True)
class SyncReport:
    """What one sync run did; ``errors`` are Russian Post failures left for the next run."""

    created: int = 0
    adopted: int = 0
    rejected: int = 0
    unrecognised: int = 0
    costed: int = 0
    batches: list[str] = field(default_factory=list)
    checked_in: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: bool = False


SYNC_LABELS = {
    "created": "Создано заказов",
    "adopted": "Найдено уже созданных (повтор после сбоя)",
    "rejected": "Отклонено Почтой",
    "unrecognised": "Адрес не распознан",
    "costed": "Узнана стоимость",
    "batches": "Сформировано партий",
    "checked_in": "Партий сдано (ф.103 отправлена)",
    "errors": "Ошибок",
    "skipped": "Пропущен: работал другой запуск",
}


def outgoing_runtime() -> OutgoingRuntime:
    """The runtime of the scheduled outgoing flows, from ``KORR_*`` settings (tests swap this seam)."""
    return outgoing_runtime_from(Settings())


def sync_once(rt: OutgoingRuntime, steps: Steps, *, form_batches: bool, check_in: bool) -> SyncReport:
    """One pass of the sync; a Russian Post failure ends the pass and is reported, not raised."""
    report = SyncReport()
    try:
        report.unrecognised = len(steps.normalize(rt).unrecognised)
        ids = steps.drafts_to_send(rt)
        for start in range(0, len(ids), CREATE_CHUNK):
            created = steps.create(rt, ids[start : start + CREATE_CHUNK])
            report.created += len(created.created)
            report.adopted += len(created.adopted)
            report.rejected += len(created.rejected)
        if form_batches:
            report.batches = steps.batches(rt).batches
        for name in steps.batches_pending(rt, unread_only=True):
            steps.read_batch(rt, name)
        report.costed = len(steps.costs(rt))
        if check_in:
            report.checked_in = [name for name in steps.batches_pending(rt) if steps.check_in(rt, name)]
    except PochtaError as exc:
        report.errors.append(exc.message)
    return report


DISPATCH_WAIT_SECONDS = 30 * 60.0
"""The 14:00 dispatch waits this long for a running dispatch instead of skipping the day's batches."""


@flow(name=OUTGOING_SYNC_FLOW)
def outgoing_sync(form_batches: bool = True, check_in: bool = True) -> SyncReport:
    """normalise → create (exactly once) → batches → read barcodes and cost → cost → check in.

    One run of each kind at a time, by a lock that dies with its holder (not Prefect's deployment
    concurrency slot, which a killed worker keeps until its lease expires): the 15-minute sync
    skips while one runs, the dispatch waits for it.
    """
    rt = outgoing_runtime()
    log = get_run_logger()
    kind = "outgoing-dispatch" if form_batches else "outgoing-sync"
    wait = DISPATCH_WAIT_SECONDS if form_batches else 0.0
    with exclusive_lock(rt.engine(), f"flow:{kind}", wait_seconds=wait) as held:
        if not held:
            log.info("%s: другой запуск ещё работает; этот завершается", kind)
            return SyncReport(skipped=True)
        report = sync_once(rt, TASK_STEPS, form_batches=form_batches, check_in=check_in)
    for error in report.errors:
        log.warning("Почта России: %s; продолжим при следующем запуске", error)
    log.info("outgoing-sync: %s", report)
    publish_summary("outgoing-sync", report, labels=SYNC_LABELS, description="Синхронизация с «Отправкой»")
    return report


def dispatch_handler(rt: OutgoingRuntime) -> Handler:
    """«Сформировать партию сейчас»: a supervisor's request for what the 14:00 dispatch does.

    The same pass under the same lock as the scheduled dispatch, so the two never race; when a
    dispatch is running the request is refused instead of waiting half an hour in a clerk's tab.
    """

    def handle(_request: object) -> Outcome:
        with exclusive_lock(rt.engine(), "flow:outgoing-dispatch", wait_seconds=0.0) as held:
            if not held:
                raise RequestFailed(
                    OutgoingProblem.SYNC_BUSY,
                    "Партии уже формируются плановым запуском; подождите несколько минут.",
                )
            report = sync_once(rt, PLAIN_STEPS, form_batches=True, check_in=True)
        if report.errors and not report.batches:
            raise RequestFailed(
                OutgoingProblem.POCHTA_UNAVAILABLE,
                f"Почта России не ответила: {'; '.join(report.errors)}. Повторите позже.",
            )
        return Outcome(dispatch_message(report))

    return handle


def dispatch_message(report: SyncReport) -> str:
    """What a dispatch did, in the clerk's words."""
    if not report.batches:
        waiting = " Письма с нераспознанным адресом ждут исправления." if report.unrecognised else ""
        return "Новых писем для партии нет: созданные письма уже в партиях." + waiting
    names = ", ".join(report.batches)
    sent = f" Сдано в «Отправку»: {', '.join(report.checked_in)}." if report.checked_in else ""
    rest = (
        f" Почта России ответила не на всё ({'; '.join(report.errors)}): остальное сделает синхронизация."
        if report.errors
        else ""
    )
    return f"Сформировано партий: {len(report.batches)} ({names}).{sent} Письма в папке «К сдаче».{rest}"
