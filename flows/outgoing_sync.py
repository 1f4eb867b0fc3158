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
from flows.summary import publish_summary
from pochta import PochtaError
from tasks.outgoing.sync_create import CREATE_CHUNK
from tasks.outgoing.units import TASK_STEPS, Steps


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


SYNC_LABELS = {
    "created": "Создано заказов",
    "adopted": "Найдено уже созданных (повтор после сбоя)",
    "rejected": "Отклонено Почтой",
    "unrecognised": "Адрес не распознан",
    "costed": "Узнана стоимость",
    "batches": "Сформировано партий",
    "checked_in": "Партий сдано (ф.103 отправлена)",
    "errors": "Ошибок",
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


@flow(name=OUTGOING_SYNC_FLOW)
def outgoing_sync(form_batches: bool = True, check_in: bool = True) -> SyncReport:
    """normalise → create (exactly once) → batches → read barcodes and cost → cost → check in."""
    report = sync_once(outgoing_runtime(), TASK_STEPS, form_batches=form_batches, check_in=check_in)
    log = get_run_logger()
    for error in report.errors:
        log.warning("Почта России: %s; продолжим при следующем запуске", error)
    log.info("outgoing-sync: %s", report)
    publish_summary("outgoing-sync", report, labels=SYNC_LABELS, description="Синхронизация с «Отправкой»")
    return report
