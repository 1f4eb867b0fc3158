"""The Исходящие page's writes and prints, each a callback with its own transaction.

What changes things at Russian Post (deleting an order, a batch's ф.103, today's batches) or
may take a while (the tariff) is queued as a clerk request and done by the ``clerk-requests``
flow, the page showing its progress (``ui.background``). Only two read-only questions are asked
from the page itself, with a short timeout: the account's shipping points (once per session) and
the cleaning of the address being saved, so a wrong address is refused before it is stored.
Without an answer the letter is still saved and the sync parses its address later. Saving
queues the tariff, and the cost shows within seconds. A letter's own forms are drawn here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import streamlit as st

from config.runtime import OutgoingRuntime, outgoing_runtime_from
from db import audit
from db.models import Outgoing
from db.models.enums import OutgoingState, RequestKind
from pochta import PochtaError
from tasks.clerk_requests import enqueue
from tasks.guards import ContactGuarded
from tasks.outgoing import (
    AttachmentFile,
    LetterDraft,
    LetterInvalid,
    OutgoingError,
    create_letter,
    letter_documents,
)
from tasks.outgoing.addresses import cleaner_for, with_parts
from tasks.outgoing.requests import NO_SENDER, ask_for_proof, ask_for_tariff, ask_to_delete, sender_party
from tasks.print_forms import Party, RevealsDebt
from ui import background, deps

FLASH = "out_flash"
PRINTS = "out_prints"


PAGE_TIMEOUT_SECONDS = 5.0
POINTS = "out_shipping_points"
SENDER = "out_sender"

REQUEST_LABELS = {
    RequestKind.LETTER_TARIFF: "Стоимость письма",
    RequestKind.FORM_BATCHES: "Формирование партий",
    RequestKind.SANDBOX_CLOCK: "Часы песочницы",
    RequestKind.DELETE_LETTER: "Удаление письма",
    RequestKind.BATCH_DOCUMENTS: "Документы партии",
    RequestKind.DISPATCH_PROOF: "Доказательство отправки",
}


def sender() -> Party | None:
    """The agency as printed on envelopes (``KORR_SENDER_NAME``/``KORR_SENDER_ADDRESS``), its
    address parsed by Russian Post once per session so it prints in postal order."""
    current = deps.settings()
    party = sender_party(current.sender_name, current.sender_address, current.shipping_point_index)
    if party is None:
        return None
    cached: Party | None = st.session_state.get(SENDER)
    if cached is not None and cached.address == party.address:
        return cached
    with pochta_runtime().otpravka() as client:
        party = with_parts(party, cleaner_for(client))
    if party.parts:
        st.session_state[SENDER] = party
    return party


def consequence(letter: Outgoing) -> str:
    """What deleting this letter does at Russian Post, in the clerk's words."""
    state = letter.state
    if state == OutgoingState.DRAFT:
        if letter.sync_attempts:
            return "Заказ мог уже попасть в «Отправку»: он будет найден по номеру и удалён там тоже."
        return "Письмо ещё не передано в «Отправку» Почты России: оно будет удалено только здесь."
    if state == OutgoingState.CREATED:
        return "Заказ будет удалён и в «Отправке» Почты России. Номер письма останется занятым."
    if state == OutgoingState.READY and letter.checked_in_at is None:
        return (
            f"Письмо будет исключено из партии {letter.batch_name} и удалено в «Отправке». "
            "Не вкладывайте его в партию при сдаче в отделение."
        )
    return "Письмо уже передано Почте России: удалить его нельзя."


def pochta_runtime() -> OutgoingRuntime:
    """Russian Post as the page may ask it: short timeout, no retries (tests swap this seam)."""
    return dataclasses.replace(
        outgoing_runtime_from(deps.settings()), timeout=PAGE_TIMEOUT_SECONDS, retries=0
    )


def shipping_points() -> dict[str, str]:
    """The account's shipping points (index → label), asked once per session; the settings' one
    first. When Russian Post does not answer, only the settings' point is offered."""
    cached: dict[str, str] | None = st.session_state.get(POINTS)
    if cached:
        return cached
    default = deps.settings().shipping_point_index
    points: dict[str, str] = {}
    try:
        with pochta_runtime().otpravka() as client:
            for point in client.shipping_points():
                if point.enabled:
                    address = f" · {point.ops_address}" if point.ops_address else ""
                    points[point.operator_postcode] = f"{point.operator_postcode}{address}"
    except PochtaError:
        return {default: f"{default} (из настроек; Почта России не ответила)"}
    if not points:
        points = {default: f"{default} (из настроек)"}
    elif default in points:
        points = {default: points.pop(default)} | points
    st.session_state[POINTS] = points
    return points


def create(
    user: deps.CurrentUser, draft_fields: dict[str, object], uploads: Sequence[tuple[str, bytes]]
) -> bool:
    """Create the letter and queue its tariff; True when created (the message is in ``FLASH``)."""
    if not deps.allowed_here(user, "outgoing"):
        return False
    fields = dict(draft_fields)
    fields.setdefault("shipping_point_index", deps.settings().shipping_point_index)
    draft = LetterDraft(
        attachments=tuple(AttachmentFile(name, data) for name, data in uploads),
        **fields,  # type: ignore[arg-type]
    )
    try:
        with pochta_runtime().otpravka() as client, deps.unit_of_work() as session:
            letter = create_letter(session, draft, actor=user.actor, clean=cleaner_for(client))
            number, address, parsed = (
                letter.reg_number,
                letter.recipient_address,
                bool(letter.recipient_address_parts),
            )
            request = ask_for_tariff(session, letter.id, actor=user.actor)
    except (LetterInvalid, ContactGuarded) as exc:  # a guarded debtor: the reason names the document
        st.session_state[FLASH] = ("error", exc.message)
        return False
    checked = (
        f"Адрес по данным Почты России: {address}."
        if parsed
        else "Почта России не ответила: адрес будет проверен при передаче в «Отправку»."
    )
    st.session_state[FLASH] = ("success", f"Письмо {number} создано. {checked} Стоимость запрошена.")
    st.session_state["out_form_generation"] = st.session_state.get("out_form_generation", 0) + 1
    background.watch(request)
    return True


def form_batches_now(user: deps.CurrentUser) -> None:
    """A supervisor's «Сформировать партию сейчас»: the 14:00 dispatch, queued for the flow now."""
    if not deps.allowed_here(user, "outgoing", action="form_batches"):
        return
    with deps.unit_of_work() as session:
        request, _new = enqueue(session, RequestKind.FORM_BATCHES, "now", actor=user.actor)
    background.watch(request)


def delete(user: deps.CurrentUser, letter_id: int) -> None:
    """Delete at once what never reached Russian Post; otherwise queue the deletion there."""
    if not deps.allowed_here(user, "outgoing"):
        return
    try:
        with deps.unit_of_work() as session:
            message, request = ask_to_delete(session, letter_id, actor=user.actor)
    except OutgoingError as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    st.session_state.pop("out_confirm_delete", None)
    if request is None:
        st.session_state[FLASH] = ("success", message)
        st.session_state.pop("out_letter", None)
        return
    background.watch(request)
    st.session_state[FLASH] = ("info", message)


def prepare_letter_prints(user: deps.CurrentUser, letter_id: int) -> None:
    """Build the letter's envelope, cover letter and ф.107; logged as a print."""
    party = sender()
    if party is None:
        st.session_state[FLASH] = ("error", NO_SENDER)
        return
    try:
        with deps.unit_of_work() as session:
            letter = session.get_one(Outgoing, letter_id)
            files = letter_documents(letter, sender=party)
            audit.record(
                session,
                actor=user.actor,
                action="outgoing.print",
                entity="outgoing",
                entity_id=letter_id,
                details={"files": sorted(files)},
            )
    except RevealsDebt as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    st.session_state[PRINTS] = files


def prepare_batch_prints(user: deps.CurrentUser, batch_name: str) -> None:
    """Queue the batch's ф.103 (from Russian Post) and every letter's papers; the flow logs the print."""
    if not deps.allowed_here(user, "outgoing"):
        return
    if sender() is None:
        st.session_state[FLASH] = ("error", NO_SENDER)
        return
    with deps.unit_of_work() as session:
        request, _new = enqueue(session, RequestKind.BATCH_DOCUMENTS, batch_name, actor=user.actor)
    background.watch(request)


def ask_proof(user: deps.CurrentUser, letter_id: int, page: str = "outgoing") -> None:
    """Queue the letter's proof of dispatch (its ф.103 comes from Russian Post, so the flow builds it)."""
    if not deps.allowed_here(user, page):
        return
    if sender() is None:
        st.session_state[FLASH] = ("error", NO_SENDER)
        return
    try:
        with deps.unit_of_work() as session:
            request = ask_for_proof(session, letter_id, actor=user.actor)
    except OutgoingError as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    background.watch(request)


def to_representative(case_id: int, name: str | None, address: str) -> None:
    """Fill the new-letter form with the representative a guard names, for the guarded case."""
    state = st.session_state
    state["out_case"], state["out_to_debtor"] = case_id, False
    state["out_name"], state["out_address"] = name or "Представителю должника", address
