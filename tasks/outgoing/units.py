"""Units of work: one step, one transaction, plain values in and out, and their Prefect tasks.

A unit opens its own session (steps never commit; the unit does), so Prefect tasks receive only
plain values. Prefect retries a unit only for ``PochtaUnavailable`` (timeouts, 5xx): repeating
it is safe because every step looks before it creates. Refusals and quota are never retried.
The CLI calls the plain units; only flows call the ``*_task`` versions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.locks import exclusive_lock
from pochta import PochtaUnavailable
from tasks.outgoing import sync_batches, sync_create, tracking
from tasks.outgoing.requests import LOCK_WAIT_SECONDS, ORDERS_LOCK
from tasks.outgoing.sync_batches import BatchReport
from tasks.outgoing.sync_create import CreateReport, NormalizeReport
from tasks.outgoing.tracking import PollReport

RETRIES = 2
RETRY_DELAY_SECONDS = 2


def normalize(rt: OutgoingRuntime) -> NormalizeReport:
    """Parse the addresses of new drafts."""
    with rt.otpravka() as client, session_scope(rt.engine()) as session:
        return sync_create.normalize_addresses(session, client)


def drafts_to_send(rt: OutgoingRuntime) -> list[int]:
    """Ids of drafts ready to become orders."""
    with session_scope(rt.engine()) as session:
        return sync_create.ready_drafts(session)


def create(rt: OutgoingRuntime, letter_ids: list[int]) -> CreateReport:
    """Claim (committed first), then create the orders of these drafts exactly once.

    Under ``ORDERS_LOCK``, which a clerk's deletion also takes: a deletion never looks for an
    order that is being created at that moment (it would miss it and leave it at Russian Post).
    Two syncs (the 15-minute one and the dispatch) also take turns instead of racing.
    """
    with exclusive_lock(rt.engine(), ORDERS_LOCK, wait_seconds=LOCK_WAIT_SECONDS) as held:
        if not held:
            raise PochtaUnavailable("заказы создаёт другой процесс; повторим позже", maybe_applied=False)
        with session_scope(rt.engine()) as session:
            sync_create.claim_for_creation(session, letter_ids)
        with rt.otpravka() as client, session_scope(rt.engine()) as session:
            return sync_create.create_orders(session, client, letter_ids, actor=rt.actor)


def costs(rt: OutgoingRuntime) -> list[int]:
    """Fetch the cost of letters waiting in «Новые»."""
    with rt.otpravka() as client, session_scope(rt.engine()) as session:
        return sync_create.fetch_costs(session, client, actor=rt.actor)


def batches(rt: OutgoingRuntime) -> BatchReport:
    """Put created letters into batches."""
    with rt.otpravka() as client, session_scope(rt.engine()) as session:
        return sync_batches.form_batches(session, client, actor=rt.actor)


def batches_pending(rt: OutgoingRuntime, *, unread_only: bool = False) -> list[str]:
    """Batches not checked in yet (or not read yet)."""
    with session_scope(rt.engine()) as session:
        return sync_batches.pending_batches(session, unread_only=unread_only)


def read_batch(rt: OutgoingRuntime, batch_name: str) -> int:
    """Record final barcodes and costs of one batch."""
    with rt.otpravka() as client, session_scope(rt.engine()) as session:
        return sync_batches.read_batch(session, client, batch_name)


def check_in(rt: OutgoingRuntime, batch_name: str) -> bool:
    """Send one batch's electronic ф.103."""
    with rt.otpravka() as client, session_scope(rt.engine()) as session:
        return sync_batches.check_in(session, client, batch_name, actor=rt.actor)


def collect(rt: OutgoingRuntime) -> PollReport:
    """Fetch answers of due tracking tickets and apply them."""
    with rt.tracking() as client, session_scope(rt.engine()) as session:
        return tracking.collect_answers(session, client, now=rt.clock(), actor=rt.actor)


def submit(rt: OutgoingRuntime) -> PollReport:
    """Submit tracking tickets for letters on their way."""
    with rt.tracking() as client, session_scope(rt.engine()) as session:
        return tracking.submit_tickets(
            session,
            client,
            now=rt.clock(),
            size=rt.ticket_size,
            daily_calls=rt.tracking_daily_calls,
            poll_interval=rt.poll_interval,
        )


def transient_only(_task: Any, _run: Any, state: Any) -> bool:
    """Prefect retry condition: only Russian Post being unavailable is worth another try."""
    try:
        state.result()
    except PochtaUnavailable:
        return True
    except Exception:  # noqa: BLE001 - any other failure is final for this run
        return False
    return False


def _task(fn: Any, name: str, *, retries: int = RETRIES) -> Any:
    return task(
        name=name,
        retries=retries,
        retry_delay_seconds=RETRY_DELAY_SECONDS,
        retry_condition_fn=transient_only,
        cache_policy=NO_CACHE,
    )(fn)


normalize_task = _task(normalize, "outgoing-normalize-addresses")
drafts_to_send_task = _task(drafts_to_send, "outgoing-drafts-to-send", retries=0)
create_task = _task(create, "outgoing-create-orders")
costs_task = _task(costs, "outgoing-fetch-costs")
batches_task = _task(batches, "outgoing-form-batches")
batches_pending_task = _task(batches_pending, "outgoing-pending-batches", retries=0)
read_batch_task = _task(read_batch, "outgoing-read-batch")
check_in_task = _task(check_in, "outgoing-check-in")
collect_task = _task(collect, "tracking-collect-answers")
submit_task = _task(submit, "tracking-submit-tickets")


@dataclass(frozen=True, slots=True)
class Steps:
    """The units one pass calls, as plain functions (the CLI) or as their Prefect tasks (flows).

    A pass (``flows.outgoing_sync.sync_once``) calls ``steps.create(rt, ids)``: the same code runs
    with or without Prefect, and a renamed unit is a type error, not a missing attribute at run time.
    """

    normalize: Callable[[OutgoingRuntime], NormalizeReport]
    drafts_to_send: Callable[[OutgoingRuntime], list[int]]
    create: Callable[[OutgoingRuntime, list[int]], CreateReport]
    costs: Callable[[OutgoingRuntime], list[int]]
    batches: Callable[[OutgoingRuntime], BatchReport]
    batches_pending: Callable[..., list[str]]
    read_batch: Callable[[OutgoingRuntime, str], int]
    check_in: Callable[[OutgoingRuntime, str], bool]
    collect: Callable[[OutgoingRuntime], PollReport]
    submit: Callable[[OutgoingRuntime], PollReport]


PLAIN_STEPS = Steps(
    normalize=normalize,
    drafts_to_send=drafts_to_send,
    create=create,
    costs=costs,
    batches=batches,
    batches_pending=batches_pending,
    read_batch=read_batch,
    check_in=check_in,
    collect=collect,
    submit=submit,
)
TASK_STEPS = Steps(
    normalize=normalize_task,
    drafts_to_send=drafts_to_send_task,
    create=create_task,
    costs=costs_task,
    batches=batches_task,
    batches_pending=batches_pending_task,
    read_batch=read_batch_task,
    check_in=check_in_task,
    collect=collect_task,
    submit=submit_task,
)
