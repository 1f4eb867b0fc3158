"""The ``outgoing-sync`` flow: drafts → orders at Russian Post → cost → batches («К сдаче») → check-in.

Thin by design: each step is a unit of work in ``tasks.outgoing.units`` with its own transaction
and retries. A step that still fails is logged and left to the next scheduled run, which resumes
where this one stopped (our database says what is done, not Prefect).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prefect import flow, get_run_logger

from db.models import utcnow
from flows.summary import publish_summary
from korrespondent.settings import Settings
from pochta import PochtaError
from pochta.sandbox import remote_clock
from tasks.outgoing import OutgoingRuntime
from tasks.outgoing import units as u

CREATE_CHUNK = 50


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
    """The runtime of the scheduled flows, from ``KORR_*`` settings (the sandbox without credentials)."""
    settings = Settings()
    tracking_url = settings.pochta_url if settings.uses_pochta_sandbox else settings.pochta_tracking_url
    return OutgoingRuntime(
        database_url=settings.resolved_database_url,
        pochta_url=settings.pochta_url,
        token=settings.pochta_token.get_secret_value() or "sandbox",
        login=settings.pochta_login or "sandbox",
        password=settings.pochta_password.get_secret_value() or "sandbox",
        tracking_url=tracking_url,
        tracking_login=settings.pochta_tracking_login or "sandbox",
        tracking_password=settings.pochta_tracking_password.get_secret_value() or "sandbox",
        # In the sandbox, letters travel on the sandbox's clock (tests and demos move it).
        clock=remote_clock(settings.pochta_url) if settings.uses_pochta_sandbox else utcnow,
    )


def step(name: str, *, as_task: bool) -> Any:
    """The unit ``name`` as a Prefect task (inside a flow) or as the plain function (CLI)."""
    return getattr(u, f"{name}_task" if as_task else name)


def sync_once(rt: OutgoingRuntime, *, form_batches: bool, check_in: bool, as_task: bool) -> SyncReport:
    """One pass of the sync; a Russian Post failure ends the pass and is reported, not raised."""
    report = SyncReport()
    try:
        report.unrecognised = len(step("normalize", as_task=as_task)(rt).unrecognised)
        ids = step("drafts_to_send", as_task=as_task)(rt)
        for start in range(0, len(ids), CREATE_CHUNK):
            created = step("create", as_task=as_task)(rt, ids[start : start + CREATE_CHUNK])
            report.created += len(created.created)
            report.adopted += len(created.adopted)
            report.rejected += len(created.rejected)
        if form_batches:
            report.batches = step("batches", as_task=as_task)(rt).batches
        for name in step("batches_pending", as_task=as_task)(rt, unread_only=True):
            step("read_batch", as_task=as_task)(rt, name)
        report.costed = len(step("costs", as_task=as_task)(rt))
        if check_in:
            pending = step("batches_pending", as_task=as_task)(rt)
            report.checked_in = [name for name in pending if step("check_in", as_task=as_task)(rt, name)]
    except PochtaError as exc:
        report.errors.append(exc.message)
    return report


@flow(name="outgoing-sync")
def outgoing_sync(form_batches: bool = True, check_in: bool = True) -> SyncReport:
    """normalise → create (exactly once) → batches → read barcodes and cost → cost → check in."""
    report = sync_once(outgoing_runtime(), form_batches=form_batches, check_in=check_in, as_task=True)
    log = get_run_logger()
    for error in report.errors:
        log.warning("Почта России: %s; продолжим при следующем запуске", error)
    log.info("outgoing-sync: %s", report)
    publish_summary("outgoing-sync", report, labels=SYNC_LABELS, description="Синхронизация с «Отправкой»")
    return report
