"""The Исходящие page's writes and prints, each a callback with its own transaction.

Russian Post is only called where the clerk asks for something that cannot be done without it
(deleting an order that exists there, the batch's ф.103); these calls are short, time-limited and
run in the button's callback, never in the page body. Creating a letter talks to nobody: the
scheduled sync creates the order and fetches the cost.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import streamlit as st

from db import audit
from db.models import Outgoing
from db.models.enums import OutgoingState
from pochta import PochtaError
from tasks.outgoing import (
    AttachmentFile,
    DeleteRefused,
    LetterDraft,
    LetterInvalid,
    OutgoingError,
    batch_documents,
    create_letter,
    delete_letter,
    letter_documents,
)
from tasks.print_forms import Party, RevealsDebt
from ui import deps

FLASH = "out_flash"
PRINTS = "out_prints"


def sender() -> Party | None:
    """The agency as printed on envelopes (``KORR_SENDER_NAME``/``KORR_SENDER_ADDRESS``, as the CLI)."""
    name, address = os.environ.get("KORR_SENDER_NAME", ""), os.environ.get("KORR_SENDER_ADDRESS", "")
    if not name or not address:
        return None
    return Party(name, address, deps.settings().shipping_point_index)


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


def create(
    user: deps.CurrentUser, draft_fields: dict[str, object], uploads: Sequence[tuple[str, bytes]]
) -> None:
    if not deps.allowed_here(user, "outgoing"):
        return
    draft = LetterDraft(
        shipping_point_index=deps.settings().shipping_point_index,
        attachments=tuple(AttachmentFile(name, data) for name, data in uploads),
        **draft_fields,  # type: ignore[arg-type]
    )
    try:
        with deps.unit_of_work() as session:
            letter = create_letter(session, draft, actor=user.actor)
            number = letter.reg_number
    except LetterInvalid as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    st.session_state[FLASH] = (
        "success",
        f"Письмо {number} создано. Стоимость появится после передачи в «Отправку».",
    )
    st.session_state["out_form_generation"] = st.session_state.get("out_form_generation", 0) + 1


def delete(user: deps.CurrentUser, letter_id: int) -> None:
    if not deps.allowed_here(user, "outgoing"):
        return
    try:
        with deps.unit_of_work() as session:
            letter = session.get(Outgoing, letter_id)
            needs_pochta = letter is not None and (letter.order_id is not None or letter.sync_attempts > 0)
            if needs_pochta:
                with deps.pochta_runtime().otpravka() as client:
                    outcome = delete_letter(session, client, letter_id, actor=user.actor)
            else:
                outcome = delete_letter(session, None, letter_id, actor=user.actor)
    except (DeleteRefused, OutgoingError) as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    except PochtaError as exc:
        st.session_state[FLASH] = ("error", f"Почта России не ответила, письмо не удалено: {exc.message}")
        return
    st.session_state[FLASH] = ("success", outcome.message)
    st.session_state.pop("out_letter", None)
    st.session_state.pop("out_confirm_delete", None)


def prepare_letter_prints(user: deps.CurrentUser, letter_id: int) -> None:
    """Build the letter's envelope, cover letter and ф.107; logged as a print."""
    party = sender()
    if party is None:
        st.session_state[FLASH] = (
            "error",
            "Не указан отправитель для конвертов (KORR_SENDER_NAME и KORR_SENDER_ADDRESS).",
        )
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
        st.session_state[FLASH] = ("error", str(exc))
        return
    st.session_state[PRINTS] = files


def prepare_batch_prints(user: deps.CurrentUser, batch_name: str) -> None:
    """The batch's ф.103 (from Russian Post) and every letter's documents; logged as a print."""
    party = sender()
    if party is None:
        st.session_state[FLASH] = (
            "error",
            "Не указан отправитель для конвертов (KORR_SENDER_NAME и KORR_SENDER_ADDRESS).",
        )
        return
    try:
        with deps.unit_of_work() as session, deps.pochta_runtime().otpravka() as client:
            files = batch_documents(session, client, batch_name, sender=party)
            audit.record(
                session,
                actor=user.actor,
                action="outgoing.print_batch",
                entity="outgoing",
                details={"batch": batch_name, "files": len(files)},
            )
    except (OutgoingError, PochtaError) as exc:
        st.session_state[FLASH] = ("error", exc.message)
        return
    except RevealsDebt as exc:
        st.session_state[FLASH] = ("error", str(exc))
        return
    st.session_state[PRINTS] = files


def log_download(user: deps.CurrentUser, file_name: str) -> None:
    with deps.unit_of_work() as session:
        audit.record(
            session,
            actor=user.actor,
            action="outgoing.download",
            entity="outgoing",
            details={"file_name": file_name},
        )
