"""The ``outgoing-sync`` flow: drafts → orders at Russian Post → cost → batches («К сдаче») → check-in.

Thin by design: each step is a unit of work in ``tasks.outgoing.units`` with its own transaction
and retries. A step that still fails is logged and left to the next scheduled run, which resumes
where this one stopped (our database says what is done, not Prefect).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect import flow, get_run_logger

from korrespondent.settings import Settings
from pochta import PochtaError
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
    )


@flow(name="outgoing-sync")
def outgoing_sync(form_batches: bool = True, check_in: bool = True) -> SyncReport:
    """normalise → create (exactly once) → cost → batches → read barcodes → check in."""
    rt = outgoing_runtime()
    log = get_run_logger()
    report = SyncReport()
    try:
        _create_all(rt, report)
        if form_batches:
            report.batches = u.batches_task(rt).batches
        for name in u.batches_pending_task(rt, unread_only=True):
            u.read_batch_task(rt, name)
        report.costed = len(u.costs_task(rt))
        if check_in:
            report.checked_in = [name for name in u.batches_pending_task(rt) if u.check_in_task(rt, name)]
    except PochtaError as exc:
        report.errors.append(exc.message)
        log.warning("Почта России: %s; продолжим при следующем запуске", exc.message)
    log.info("outgoing-sync: %s", report)
    return report


def _create_all(rt: OutgoingRuntime, report: SyncReport) -> None:
    normalized = u.normalize_task(rt)
    report.unrecognised = len(normalized.unrecognised)
    ids = u.drafts_to_send_task(rt)
    for start in range(0, len(ids), CREATE_CHUNK):
        created = u.create_task(rt, ids[start : start + CREATE_CHUNK])
        report.created += len(created.created)
        report.adopted += len(created.adopted)
        report.rejected += len(created.rejected)
