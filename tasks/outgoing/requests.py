"""Clerks' outgoing requests that need Russian Post: deleting an order, a batch's papers, a proof,
a new letter's tariff.

The page queues them (``tasks.clerk_requests``); the ``clerk-requests`` flow runs these handlers.
Deleting takes the same lock as order creation (``ORDERS_LOCK``), so an order that a sync is
creating at this very moment is deleted once it exists instead of being missed by the look-up.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from config.runtime import OutgoingRuntime
from db import audit
from db.engine import session_scope
from db.locks import exclusive_lock
from db.models import ClerkRequest, Outgoing
from db.models.enums import RequestKind
from pochta import PochtaError
from tasks.clerk_requests import Handler, Outcome, RequestFailed, RequestView, enqueue
from tasks.outgoing.delete import check_deletable, delete_letter, lock_unsent_draft
from tasks.outgoing.documents import batch_documents, printable_batch
from tasks.outgoing.errors import OutgoingError, OutgoingProblem
from tasks.outgoing.flags import Flag
from tasks.outgoing.history import clear_flags, set_flag
from tasks.outgoing.proof import check_provable, dispatch_proof
from tasks.outgoing.tariff import price_letter, rubles
from tasks.print_forms import Party, RevealsDebt

ORDERS_LOCK = "outgoing-orders"
LOCK_WAIT_SECONDS = 120.0
NO_SENDER = "Не указан отправитель для конвертов (KORR_SENDER_NAME и KORR_SENDER_ADDRESS)."


def sender_party(name: str, address: str, index: str) -> Party | None:
    """The agency as printed on envelopes, or None when the settings do not name it."""
    name, address = name.strip(), address.strip()
    return Party(name, address, index) if name and address else None


def ask_to_delete(session: Session, letter_id: int, *, actor: str) -> tuple[str, RequestView | None]:
    """Delete at once what never reached Russian Post; queue the rest for the flow.

    Returns the clerk's message and the queued request (None when deleted here already).
    Raises ``DeleteRefused`` / ``OutgoingError`` when our records already forbid deleting.
    """
    letter = session.get(Outgoing, letter_id)
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    check_deletable(letter)
    if lock_unsent_draft(session, letter_id):
        return delete_letter(session, None, letter_id, actor=actor).message, None
    request, new = enqueue(session, RequestKind.DELETE_LETTER, str(letter_id), actor=actor)
    if new:
        set_flag(letter, Flag.DELETE_REQUESTED, actor)
    return f"Письмо {letter.reg_number} удаляется в «Отправке» Почты России…", request


def _forget_request(rt: OutgoingRuntime, letter_id: int) -> None:
    """A refused or failed deletion gives the letter back to the automatic steps."""
    with session_scope(rt.engine()) as session:
        letter = session.get(Outgoing, letter_id)
        if letter is not None:
            clear_flags(letter, Flag.DELETE_REQUESTED)


def delete_handler(rt: OutgoingRuntime) -> Handler:
    def handle(request: ClerkRequest) -> Outcome:
        letter_id = int(request.subject)
        try:
            with exclusive_lock(rt.engine(), ORDERS_LOCK, wait_seconds=LOCK_WAIT_SECONDS) as held:
                if not held:
                    raise OutgoingError(
                        OutgoingProblem.SYNC_BUSY,
                        "Идёт передача писем в «Отправку»; повторите удаление через минуту.",
                    )
                with rt.otpravka() as client, session_scope(rt.engine()) as session:
                    outcome = delete_letter(session, client, letter_id, actor=request.requested_by)
        except OutgoingError as exc:
            _forget_request(rt, letter_id)
            raise RequestFailed(exc.code, exc.message) from exc
        except PochtaError as exc:
            _forget_request(rt, letter_id)
            raise RequestFailed(
                OutgoingProblem.POCHTA_UNAVAILABLE,
                f"Почта России не ответила, письмо не удалено: {exc.message}",
            ) from exc
        return Outcome(outcome.message)

    return handle


def batch_documents_handler(rt: OutgoingRuntime, sender: Party | None) -> Handler:
    def handle(request: ClerkRequest) -> Outcome:
        batch_name = request.subject
        if sender is None:
            raise RequestFailed(OutgoingProblem.NO_SENDER, NO_SENDER)
        try:
            with rt.otpravka() as client, session_scope(rt.engine()) as session:
                files = batch_documents(session, client, batch_name, sender=sender)
                audit.record(
                    session,
                    actor=request.requested_by,
                    action="outgoing.print_batch",
                    entity="outgoing",
                    details={"batch": batch_name, "files": len(files)},
                )
        except (OutgoingError, RevealsDebt) as exc:
            raise RequestFailed(exc.code, exc.message) from exc
        except PochtaError as exc:
            raise RequestFailed(OutgoingProblem.POCHTA_UNAVAILABLE, exc.message) from exc
        letters = sum(1 for name in files if "-конверт-" in name)
        return Outcome(
            f"Документы партии {batch_name} готовы: ф.103 и бумаги {letters} писем.",
            files=printable_batch(batch_name, files),
        )

    return handle


def ask_for_proof(session: Session, letter_id: int, *, actor: str) -> RequestView:
    """Queue the letter's proof of dispatch (its ф.103 line comes from Russian Post).

    Raises ``ProofRefused`` at once for a letter not handed over yet (there is no ф.103 line).
    """
    letter = session.get(Outgoing, letter_id)
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    check_provable(letter)
    request, _new = enqueue(session, RequestKind.DISPATCH_PROOF, str(letter_id), actor=actor)
    return request


def dispatch_proof_handler(rt: OutgoingRuntime, sender: Party | None) -> Handler:
    def handle(request: ClerkRequest) -> Outcome:
        letter_id = int(request.subject)
        if sender is None:
            raise RequestFailed(OutgoingProblem.NO_SENDER, NO_SENDER)
        try:
            with rt.otpravka() as client, session_scope(rt.engine()) as session:
                files = dispatch_proof(session, client, letter_id, sender=sender)
                number = session.get_one(Outgoing, letter_id).reg_number
                audit.record(
                    session,
                    actor=request.requested_by,
                    action="outgoing.dispatch_proof",
                    entity="outgoing",
                    entity_id=letter_id,
                    details={"files": sorted(files)},
                )
        except (OutgoingError, RevealsDebt) as exc:
            raise RequestFailed(exc.code, exc.message) from exc
        except PochtaError as exc:
            raise RequestFailed(
                OutgoingProblem.POCHTA_UNAVAILABLE, f"Почта России не выдала список ф.103: {exc.message}"
            ) from exc
        return Outcome(f"Доказательство отправки письма {number} готово.", files=files)

    return handle


def ask_for_tariff(session: Session, letter_id: int, *, actor: str) -> RequestView:
    """Queue the tariff of a just-saved letter (the page shows the cost when the flow has it)."""
    request, _new = enqueue(session, RequestKind.LETTER_TARIFF, str(letter_id), actor=actor)
    return request


def tariff_handler(rt: OutgoingRuntime) -> Handler:
    def handle(request: ClerkRequest) -> Outcome:
        letter_id = int(request.subject)
        try:
            with rt.otpravka() as client, session_scope(rt.engine()) as session:
                priced = price_letter(session, client, letter_id)
        except OutgoingError as exc:
            raise RequestFailed(exc.code, exc.message) from exc
        except PochtaError as exc:
            raise RequestFailed(
                OutgoingProblem.POCHTA_UNAVAILABLE,
                f"Почта России не назвала стоимость: {exc.message}. "
                "Она появится после передачи в «Отправку».",
            ) from exc
        if priced is None:
            return Outcome("Письмо удалено раньше, чем Почта России назвала стоимость.")
        return Outcome(f"Стоимость письма {priced.reg_number}: {rubles(priced.cost_kopecks)}.")

    return handle


def outgoing_handlers(rt: OutgoingRuntime, sender: Party | None) -> dict[str, Handler]:
    return {
        RequestKind.LETTER_TARIFF: tariff_handler(rt),
        RequestKind.DELETE_LETTER: delete_handler(rt),
        RequestKind.BATCH_DOCUMENTS: batch_documents_handler(rt, sender),
        RequestKind.DISPATCH_PROOF: dispatch_proof_handler(rt, sender),
    }
