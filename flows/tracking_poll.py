"""The ``tracking-poll`` flow: collect the answers of earlier tickets, then ask about the rest.

Collect first, so letters that just became final are not asked about again in the new tickets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger

from config.deployments import TRACKING_POLL_FLOW
from config.runtime import OutgoingRuntime
from db.locks import exclusive_lock
from flows import outgoing_sync
from flows.summary import publish_summary
from pochta import PochtaError, SandboxClock
from tasks.clerk_requests import Handler, Outcome, RequestFailed
from tasks.outgoing.errors import OutgoingProblem
from tasks.outgoing.units import PLAIN_STEPS, TASK_STEPS, Steps


@dataclass(slots=True)
class PollSummary:
    """What one poll did."""

    tickets_answered: int = 0
    tickets_not_ready: int = 0
    tickets_submitted: int = 0
    events_recorded: int = 0
    letters_moved: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: bool = False


POLL_LABELS = {
    "tickets_answered": "Получено ответов по запросам",
    "tickets_not_ready": "Запросов ещё не готово",
    "tickets_submitted": "Отправлено новых запросов",
    "events_recorded": "Записано операций",
    "letters_moved": "Писем перемещено по папкам",
    "errors": "Ошибок",
    "skipped": "Пропущен: работал другой опрос",
}


def poll_once(rt: OutgoingRuntime, steps: Steps) -> PollSummary:
    """One poll; a tracking-service failure ends it and is reported, not raised."""
    summary = PollSummary()
    try:
        collected = steps.collect(rt)
        summary.tickets_answered = collected.tickets_answered
        summary.tickets_not_ready = collected.tickets_not_ready
        summary.events_recorded = collected.events_recorded
        summary.letters_moved = collected.letters_moved
        summary.errors += collected.errors
        submitted = steps.submit(rt)
        summary.tickets_submitted = submitted.tickets_submitted
        summary.errors += submitted.errors
    except PochtaError as exc:
        summary.errors.append(exc.message)
    return summary


@flow(name=TRACKING_POLL_FLOW)
def tracking_poll() -> PollSummary:
    """collect answers → record events → move letters → submit new tickets.

    One poll at a time, by a lock that dies with its holder; a poll that finds one running ends.
    """
    rt = outgoing_sync.outgoing_runtime()
    log = get_run_logger()
    with exclusive_lock(rt.engine(), f"flow:{TRACKING_POLL_FLOW}") as held:
        if not held:
            log.info("tracking-poll: другой опрос ещё работает; этот завершается")
            return PollSummary(skipped=True)
        summary = poll_once(rt, TASK_STEPS)
    for error in summary.errors:
        log.warning("Сервис отслеживания: %s; продолжим при следующем запуске", error)
    log.info("tracking-poll: %s", summary)
    publish_summary("tracking-poll", summary, labels=POLL_LABELS, description="Опрос отслеживания")
    return summary


TICKET_WAIT = dt.timedelta(minutes=20)
"""Longer than the sandbox's ticket delay (15 minutes): a ticket sent is answered after it."""
MOSCOW = ZoneInfo("Europe/Moscow")


def sandbox_clock_handler(rt: OutgoingRuntime) -> Handler:
    """An admin's «Перевести часы песочницы»: the sandbox's time moves on and letters follow.

    The request's subject is the number of days. After moving the clock the handler polls
    tracking twice, around the ticket delay, as the half-hourly polls would over that time:
    letters handed over go «В пути», delivered ones to «Архив». The poll's lock keeps a
    scheduled poll from running at the same moment. Only wired when the sandbox stands in.
    """

    def handle(request: object) -> Outcome:
        days = int(getattr(request, "subject", "1"))
        moved = 0
        with exclusive_lock(rt.engine(), f"flow:{TRACKING_POLL_FLOW}", wait_seconds=60.0) as held:
            if not held:
                raise RequestFailed(
                    OutgoingProblem.SYNC_BUSY, "Идёт опрос отслеживания; повторите через минуту."
                )
            try:
                with SandboxClock(rt.pochta_url, transport=rt.transport) as clock:
                    clock.advance(days=days)
                    moved += poll_once(rt, PLAIN_STEPS).letters_moved
                    clock.advance(minutes=TICKET_WAIT.total_seconds() / 60)
                    moved += poll_once(rt, PLAIN_STEPS).letters_moved
                    now = clock.now()
            except PochtaError as exc:
                raise RequestFailed(OutgoingProblem.POCHTA_UNAVAILABLE, exc.message) from exc
        shown = now.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M")
        return Outcome(f"Часы песочницы переведены на {days} дн.: теперь {shown}. Писем перемещено: {moved}.")

    return handle
