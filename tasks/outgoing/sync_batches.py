"""Sync, part two: gather created orders into batches, read their barcodes and cost, check in.

Batch creation is not idempotent at Russian Post, and its answer can be lost. Retrying is still
safe: an order already batched comes back as a per-position ``NOT_FOUND`` (it is no longer in
«Новые»), and we then find its batch with ``GET /1.0/shipment/{id}``. Check-in is repeated the same
way: ``READONLY_STATE`` on a batch that is no longer ``CREATED`` means our earlier check-in worked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Outgoing, utcnow
from db.models.enums import OutgoingState
from pochta import BatchStatus, OtpravkaClient, clerk_message
from tasks.outgoing.flags import Flag, is_blocked
from tasks.outgoing.history import clear_flags, move, set_flag
from tasks.outgoing.payload import batch_key
from tasks.outgoing.sync_create import adopt, find_batched, flag_missing

MAX_BATCH = 1000  # orders per create-batch call [UNCERTAIN: no source states a maximum]


@dataclass(slots=True)
class BatchReport:
    """Batches formed (names) and letters moved into them or refused."""

    batches: list[str] = field(default_factory=list)
    batched: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def _created_unbatched(session: Session) -> list[Outgoing]:
    query = (
        select(Outgoing)
        .where(
            Outgoing.state == OutgoingState.CREATED,
            Outgoing.order_id.is_not(None),
            Outgoing.batch_name.is_(None),
        )
        .order_by(Outgoing.id)
    )
    return [letter for letter in session.scalars(query) if not is_blocked(letter.flags or {})]


def form_batches(
    session: Session, client: OtpravkaClient, *, actor: str, sending_date: dt.date | None = None
) -> BatchReport:
    """Put every created letter into a batch, one batch per kind of letter (``batch_key``).

    Letters move to ``ready`` («К сдаче») as soon as their batch is known; barcodes and cost are
    read from the batch afterwards (``read_batch``). Raises ``PochtaUnavailable`` untouched.
    """
    report = BatchReport()
    groups: dict[tuple[object, ...], list[Outgoing]] = defaultdict(list)
    for letter in _created_unbatched(session):
        groups[batch_key(letter)].append(letter)
    for letters in groups.values():
        for start in range(0, len(letters), MAX_BATCH):
            _batch_group(session, client, letters[start : start + MAX_BATCH], actor, sending_date, report)
    session.flush()
    return report


def _batch_group(
    session: Session,
    client: OtpravkaClient,
    letters: list[Outgoing],
    actor: str,
    sending_date: dt.date | None,
    report: BatchReport,
) -> None:
    by_order = {int(letter.order_id or 0): letter for letter in letters}
    result = client.create_batch(list(by_order), sending_date=sending_date)
    names = [b.batch_name for b in result.batches]
    report.batches.extend(names)
    for order_id in result.result_ids:
        letter = by_order.get(order_id)
        if letter is None:
            continue
        # One batch per call is the rule for a homogeneous group; if Russian Post split it anyway,
        # the batch is learnt from the order itself.
        info = None if len(names) == 1 else find_batched(client, order_id)
        name = names[0] if len(names) == 1 else (info.batch_name if info else None)
        if name is None:
            continue
        letter.batch_name, letter.last_error = name, None
        move(session, letter, OutgoingState.READY, actor=actor, note=f"партия {name}")
        report.batched.append(letter.id)
    for error in result.errors:
        letter = letters[error.position]
        if error.code == "NOT_FOUND":
            _resolve_not_found(session, client, letter, actor=actor, report=report)
        else:
            letter.last_error = error.message
            report.refused.append(letter.id)


def _resolve_not_found(
    session: Session, client: OtpravkaClient, letter: Outgoing, *, actor: str, report: BatchReport
) -> None:
    """An order not in «Новые»: already batched (our lost answer, or the cabinet) or gone."""
    info = find_batched(client, int(letter.order_id or 0))
    if info is None:
        flag_missing(letter)
        report.refused.append(letter.id)
        return
    adopt(session, letter, info, actor=actor, note="уже в партии")
    report.batched.append(letter.id)


def pending_batches(session: Session, *, unread_only: bool = False) -> list[str]:
    """Names of batches holding ``ready`` letters not yet checked in (or, unread ones only)."""
    query = select(Outgoing.batch_name, Outgoing.cost_kopecks).where(
        Outgoing.state == OutgoingState.READY,
        Outgoing.batch_name.is_not(None),
        Outgoing.checked_in_at.is_(None),
    )
    names = {name for name, cost in session.execute(query) if not unread_only or cost is None}
    return sorted(str(n) for n in names)


def _batch_letters(session: Session, batch_name: str) -> list[Outgoing]:
    query = select(Outgoing).where(Outgoing.batch_name == batch_name, Outgoing.state == OutgoingState.READY)
    return list(session.scalars(query))


def read_batch(session: Session, client: OtpravkaClient, batch_name: str) -> int:
    """Record the final barcode and cost of every letter in a batch (one call per 500 orders).

    A letter of ours that the batch no longer holds was removed in the cabinet: flagged missing.
    Returns the number of letters updated.
    """
    shipments = {o.id: o for o in client.get_batch_shipments(batch_name)}
    updated = 0
    for letter in _batch_letters(session, batch_name):
        info = shipments.get(int(letter.order_id or 0))
        if info is None:
            flag_missing(letter)
            continue
        letter.barcode = info.barcode or letter.barcode
        if info.total_with_vat is not None:
            letter.cost_kopecks = info.total_with_vat
        if info.notice_with_vat is not None:
            letter.notice_cost_kopecks = info.notice_with_vat
        updated += 1
    session.flush()
    return updated


def check_in(session: Session, client: OtpravkaClient, batch_name: str, *, actor: str) -> bool:
    """Send the batch's electronic ф.103; the letters stay «К сдаче» until Russian Post accepts them.

    True when the batch is checked in (now or by an earlier call whose answer was lost). A refusal
    (e.g. ``OFFLINE_BALANCE_FORBIDDEN``) is stored on the letters in Russian and returns False.
    """
    letters = _batch_letters(session, batch_name)
    if any(letter.cost_kopecks is None for letter in letters):
        read_batch(session, client, batch_name)
    result = client.checkin_batch(batch_name)
    done = result.f103_sent
    if not done and result.error_code == "READONLY_STATE":
        done = client.get_batch(batch_name).batch_status != BatchStatus.CREATED
    now = utcnow()
    for letter in letters:
        if done:
            letter.checked_in_at = now
            clear_flags(letter, Flag.CHECKIN_REFUSED)
        else:
            set_flag(letter, Flag.CHECKIN_REFUSED, result.error_code)
            letter.last_error = "Партия не передана в отделение: " + clerk_message(
                result.error_code or "UNDEFINED"
            )
    if done:
        _audit_checkin(session, letters, batch_name, actor=actor)
    session.flush()
    return done


def _audit_checkin(session: Session, letters: list[Outgoing], batch_name: str, *, actor: str) -> None:
    audit.record(
        session,
        actor=actor,
        action="outgoing.batch_checkin",
        entity="batch",
        entity_id=batch_name,
        details={"letters": [letter.id for letter in letters]},
    )
