"""Sync, part one: normalise addresses, create orders exactly once, learn their cost.

Exactly once (ARCHITECTURE.md, reliability rules): an order carries our reg number as ``order-num``.
Before the create call the caller commits ``claim_for_creation``, which counts the attempt; a letter
whose attempt count shows an earlier try is looked up by ``order-num`` first and adopted if found.
A lost answer, a timeout or a crash between Russian Post's commit and ours therefore never leads
to a second order. Refusals of single orders are stored on the letter in Russian and not retried.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Outgoing
from db.models.enums import OutgoingState
from pochta import OrderInfo, OtpravkaClient, PochtaNotFound, PositionError
from tasks.outgoing.addresses import postal_text
from tasks.outgoing.flags import Flag, is_blocked
from tasks.outgoing.guard_hold import hold_guarded_drafts
from tasks.outgoing.history import move, set_flag
from tasks.outgoing.payload import order_for
from tasks.outgoing.states import path_to

CREATE_CHUNK = 50  # orders per create call: a lost answer then costs at most 50 look-ups


@dataclass(slots=True)
class CreateReport:
    """What one creation round did, by letter id."""

    created: list[int] = field(default_factory=list)
    adopted: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)


@dataclass(slots=True)
class NormalizeReport:
    """Addresses parsed, and letters whose address Russian Post could not parse."""

    normalized: list[int] = field(default_factory=list)
    unrecognised: list[int] = field(default_factory=list)


def _drafts(session: Session, ids: Sequence[int] | None = None) -> list[Outgoing]:
    query = select(Outgoing).where(Outgoing.state == OutgoingState.DRAFT).order_by(Outgoing.id)
    if ids is not None:
        query = query.where(Outgoing.id.in_(list(ids)))
    return [letter for letter in session.scalars(query) if not is_blocked(letter.flags or {})]


def normalize_addresses(session: Session, client: OtpravkaClient, *, limit: int = 500) -> NormalizeReport:
    """Parse the addresses of drafts that have no parts yet (``/1.0/clean/address``, 100 per call).

    An address Russian Post calls undeliverable flags the letter for a clerk instead of sending a
    guess; a parsed one is shown in postal order from then on, as if cleaned at save.
    Idempotent and side-effect free at Russian Post, so retrying is always safe.
    """
    report = NormalizeReport()
    todo = [letter for letter in _drafts(session) if not letter.recipient_address_parts][:limit]
    for start in range(0, len(todo), 100):
        chunk = todo[start : start + 100]
        answers = client.normalize_address([item.recipient_address for item in chunk])
        by_position = {int(a.id): a for a in answers if a.id.isdigit()}
        for position, letter in enumerate(chunk):
            parsed = by_position.get(position)
            if parsed is None:
                continue
            if parsed.is_deliverable:
                parts = parsed.model_dump(
                    exclude_none=True, exclude={"id", "original_address", "quality_code", "validation_code"}
                )
                letter.recipient_address_parts = parts
                letter.recipient_index = parsed.index or letter.recipient_index
                letter.recipient_address = postal_text(parts) or letter.recipient_address
                report.normalized.append(letter.id)
            else:
                set_flag(
                    letter,
                    Flag.ADDRESS_UNRECOGNISED,
                    {"quality": parsed.quality_code, "validation": parsed.validation_code},
                )
                letter.last_error = (
                    "Почта России не распознала адрес получателя: исправьте его и отправьте письмо снова."
                )
                report.unrecognised.append(letter.id)
    session.flush()
    return report


def ready_drafts(session: Session, *, limit: int | None = None) -> list[int]:
    """Ids of drafts that may be sent now: not blocked (a guarded debtor's are held first), address parsed."""
    hold_guarded_drafts(session)
    ids = [letter.id for letter in _drafts(session) if letter.recipient_address_parts]
    return ids[:limit] if limit is not None else ids


def claim_for_creation(session: Session, letter_ids: Sequence[int]) -> None:
    """Count a creation attempt for these drafts. The caller must COMMIT this before calling
    ``create_orders``: it is the durable record that an order may exist at Russian Post."""
    session.execute(
        update(Outgoing)
        .where(Outgoing.id.in_(list(letter_ids)), Outgoing.state == OutgoingState.DRAFT)
        .values(sync_attempts=Outgoing.sync_attempts + 1)
    )
    session.flush()


def create_orders(
    session: Session, client: OtpravkaClient, letter_ids: Sequence[int], *, actor: str
) -> CreateReport:
    """Create the orders of claimed drafts (at most ``CREATE_CHUNK`` per call), exactly once.

    Raises ``PochtaUnavailable`` / ``PochtaQuotaExceeded`` from the API untouched: the committed
    claim makes the retry safe. Per-order refusals are stored, never raised.
    """
    report = CreateReport()
    letters = _drafts(session, letter_ids)
    to_create = []
    for letter in letters:
        if letter.sync_attempts > 1 and _adopt_existing(session, client, letter, actor=actor, report=report):
            continue
        to_create.append(letter)
    for start in range(0, len(to_create), CREATE_CHUNK):
        chunk = to_create[start : start + CREATE_CHUNK]
        result = client.create_orders([order_for(letter) for letter in chunk])
        for created in result.created:
            letter = chunk[created.position]
            letter.order_id, letter.barcode, letter.last_error = created.result_id, created.barcode, None
            move(session, letter, OutgoingState.CREATED, actor=actor)
            report.created.append(letter.id)
        _store_refusals(chunk, result.errors, report)
    session.flush()
    return report


def _adopt_existing(
    session: Session, client: OtpravkaClient, letter: Outgoing, *, actor: str, report: CreateReport
) -> bool:
    """Look the letter's number up at Russian Post; adopt the order if exactly one exists."""
    found = [o for o in client.search_orders(letter.reg_number) if o.order_num == letter.reg_number]
    if not found:
        found = [o for o in client.search_shipments(letter.reg_number) if o.order_num == letter.reg_number]
    if not found:
        return False
    if len(found) > 1:
        set_flag(letter, Flag.DUPLICATE_AT_POCHTA, sorted(o.id for o in found))
        letter.last_error = (
            "В «Отправке» несколько заказов с номером этого письма: удалите лишние в личном кабинете."
        )
        report.duplicates.append(letter.id)
        return True
    adopt(session, letter, found[0], actor=actor, note="найден в «Отправке» по номеру заказа")
    report.adopted.append(letter.id)
    return True


def adopt(
    session: Session, letter: Outgoing, info: OrderInfo, *, actor: str, note: str | None = None
) -> None:
    """Take over what Russian Post knows of the letter's order (id, barcode, cost, batch)."""
    letter.order_id, letter.last_error = info.id, None
    letter.barcode = info.barcode or letter.barcode
    letter.cost_kopecks = info.total_with_vat if info.total_with_vat is not None else letter.cost_kopecks
    if info.notice_with_vat is not None:
        letter.notice_cost_kopecks = info.notice_with_vat
    target = OutgoingState.CREATED
    if info.batch_name:
        letter.batch_name, target = info.batch_name, OutgoingState.READY
    for state in path_to(letter.state, target):
        move(session, letter, state, actor=actor, note=note)


def _store_refusals(chunk: list[Outgoing], errors: list[PositionError], report: CreateReport) -> None:
    by_position: dict[int, list[PositionError]] = defaultdict(list)
    for error in errors:
        by_position[error.position].append(error)
    for position, items in by_position.items():
        letter = chunk[position]
        set_flag(letter, Flag.REJECTED, [e.code for e in items])
        letter.last_error = " ".join(dict.fromkeys(e.message for e in items))
        report.rejected.append(letter.id)


def fetch_costs(session: Session, client: OtpravkaClient, *, actor: str, limit: int = 200) -> list[int]:
    """Learn the cost of letters in «Новые» that have none yet (one ``GET /1.0/backlog/{id}`` each).

    Letters batched in the same run get their cost from the batch in one call instead (see
    ``sync_batches.read_batch``), so this only serves letters that wait in «Новые». An order that
    is not in «Новые» but in a batch is adopted as batched; one that is nowhere is flagged missing
    and never recreated silently.
    """
    query = (
        select(Outgoing)
        .where(
            Outgoing.state == OutgoingState.CREATED,
            Outgoing.cost_kopecks.is_(None),
            Outgoing.order_id.is_not(None),
        )
        .order_by(Outgoing.id)
        .limit(limit)
    )
    done = []
    for letter in session.scalars(query):
        if is_blocked(letter.flags or {}):
            continue
        assert letter.order_id is not None
        info: OrderInfo | None
        try:
            info = client.get_order(letter.order_id)
        except PochtaNotFound:
            info = find_batched(client, letter.order_id)
        if info is None:
            flag_missing(letter)
            continue
        adopt(session, letter, info, actor=actor)
        done.append(letter.id)
    session.flush()
    return done


def find_batched(client: OtpravkaClient, order_id: int) -> OrderInfo | None:
    """The order if it sits in a batch, ``None`` if Russian Post has it nowhere."""
    try:
        return client.get_shipment(order_id)
    except PochtaNotFound:
        return None


def flag_missing(letter: Outgoing) -> None:
    """Mark a letter whose order Russian Post no longer has; a clerk decides what happens next."""
    set_flag(letter, Flag.MISSING_AT_POCHTA, letter.order_id)
    letter.last_error = (
        "Заказ этого письма не найден в «Отправке» (возможно, удалён в личном кабинете). "
        "Письмо не будет создано заново без вашего решения."
    )
