"""Deleting a letter: its order at Russian Post goes first, while Russian Post still allows it.

    draft, never sent           deleted here only
    draft, maybe sent           looked up by number; an order found is deleted there first
    created («Новые»)           DELETE /1.0/backlog
    ready, batch not checked in DELETE /1.0/shipment (removes it from the CREATED batch)
    ready and checked in, or later: refused, with the reason in Russian

An order Russian Post no longer has (deleted in the cabinet) does not stop the deletion here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.engine import rows_affected
from db.models import Outgoing
from db.models.enums import OutgoingState
from pochta import IdsResult, OtpravkaClient
from tasks.outgoing.errors import DeleteRefused, OutgoingError, OutgoingProblem
from tasks.outgoing.history import move

_LATE = {
    OutgoingState.IN_TRANSIT: "Письмо уже передано Почте России и находится в пути: удалить его нельзя.",
    OutgoingState.DELIVERED: "Письмо уже доставлено и лежит в архиве: удалить его нельзя.",
    OutgoingState.DELETED: "Письмо уже удалено.",
}


@dataclass(frozen=True, slots=True)
class DeleteOutcome:
    """What happened: ``at_pochta`` says whether an order was deleted at Russian Post too."""

    letter_id: int
    at_pochta: bool
    message: str


def delete_letter(
    session: Session, client: OtpravkaClient | None, letter_id: int, *, actor: str
) -> DeleteOutcome:
    """Delete a letter (and its order at Russian Post) or raise ``DeleteRefused`` saying why not.

    ``client`` may be ``None`` only for drafts that were never sent. Raises ``PochtaError`` when
    Russian Post cannot be asked; nothing is deleted here then.
    """
    letter = session.get(Outgoing, letter_id)
    if letter is None:
        raise OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, f"Письмо № {letter_id} не найдено.")
    check_deletable(letter)
    at_pochta = False
    if letter.order_id is None and letter.sync_attempts > 0:
        at_pochta = _delete_found_by_number(client, letter)
    elif letter.order_id is not None:
        at_pochta = _delete_order(_need(client), letter)
    move(
        session,
        letter,
        OutgoingState.DELETED,
        actor=actor,
        note="удалено вместе с заказом" if at_pochta else None,
    )
    session.flush()
    text = "Письмо удалено" + (" вместе с заказом в «Отправке»." if at_pochta else ".")
    return DeleteOutcome(letter.id, at_pochta, text)


def check_deletable(letter: Outgoing) -> None:
    """Raise ``DeleteRefused`` when our own records already say Russian Post will not allow it."""
    if letter.state in _LATE:
        raise DeleteRefused(
            OutgoingProblem.ALREADY_SENT, _LATE[OutgoingState(letter.state)], detail=f"state_{letter.state}"
        )
    if letter.state == OutgoingState.READY and letter.checked_in_at is not None:
        raise DeleteRefused(
            OutgoingProblem.CHECKED_IN,
            f"Партия {letter.batch_name} уже передана в отделение (ф.103 отправлена): "
            "заказ в «Отправке» больше не изменить. Не сдавайте это письмо в отделение.",
            detail=f"state_{letter.state}",
        )


def lock_unsent_draft(session: Session, letter_id: int) -> bool:
    """True (and the row locked till commit) if the letter is a draft the sync never tried to send.

    Such a letter is deleted here at once, without Russian Post. The conditional no-op UPDATE
    takes the row lock, so a sync claiming the draft at this moment either went first (then the
    attempt count is no longer 0 and the deletion goes through Russian Post) or waits and then
    finds the letter deleted.
    """
    locked = session.execute(
        update(Outgoing)
        .where(
            Outgoing.id == letter_id,
            Outgoing.state == OutgoingState.DRAFT,
            Outgoing.sync_attempts == 0,
        )
        .values(sync_attempts=0)
        .execution_options(synchronize_session=False)
    )
    return bool(rows_affected(locked))


def _need(client: OtpravkaClient | None) -> OtpravkaClient:
    if client is None:
        raise OutgoingError(
            OutgoingProblem.NO_POCHTA_CLIENT, "Для удаления заказа нужна связь с Почтой России."
        )
    return client


def _delete_found_by_number(client: OtpravkaClient | None, letter: Outgoing) -> bool:
    """A draft whose creation may have reached Russian Post: delete whatever carries its number."""
    found = [o for o in _need(client).search_orders(letter.reg_number) if o.order_num == letter.reg_number]
    for order in found:
        letter.order_id = order.id
        _delete_order(_need(client), letter)
    return bool(found)


def _delete_order(client: OtpravkaClient, letter: Outgoing) -> bool:
    """Delete the order from «Новые» or from its CREATED batch; False if it was already gone."""
    order_id = int(letter.order_id or 0)
    if letter.batch_name is None:
        result = client.delete_orders([order_id])
        if result.result_ids:
            return True
        # Not in «Новые»: perhaps batched in the cabinet meanwhile; try the batch route.
    result = client.remove_from_batch([order_id])
    if result.result_ids:
        return True
    return _gone_or_refuse(result)


def _gone_or_refuse(result: IdsResult) -> bool:
    """NOT_FOUND means Russian Post has no such order any more; anything else forbids deleting."""
    codes = {e.code for e in result.errors}
    if codes <= {"NOT_FOUND"}:
        return False
    message = " ".join(dict.fromkeys(e.message for e in result.errors))
    raise DeleteRefused(
        OutgoingProblem.POCHTA_REFUSED,
        f"Почта России не дала удалить заказ: {message}",
        detail=sorted(codes)[0],
    )
