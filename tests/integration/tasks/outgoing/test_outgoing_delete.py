"""Deleting letters: the order at Russian Post goes first while possible, otherwise a reason why not."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from pochta import OtpravkaClient
from pochta.sandbox import Sandbox
from tasks.outgoing import DeleteRefused, delete_letter
from tasks.outgoing.sync_batches import check_in, form_batches
from tasks.outgoing.sync_create import claim_for_creation, create_orders
from tests.unit.tasks.outgoing.outgoing_factories import make_letter


def _created(session: Session, client: OtpravkaClient, number: int = 1):  # type: ignore[no-untyped-def]
    letter = make_letter(session, number)
    claim_for_creation(session, [letter.id])
    create_orders(session, client, [letter.id], actor="flow")
    return letter


def test_delete_letter_removes_a_draft_without_asking_russian_post(session: Session) -> None:
    letter = make_letter(session)
    outcome = delete_letter(session, None, letter.id, actor="clerk")
    assert letter.state == "deleted" and not outcome.at_pochta and outcome.message == "Письмо удалено."


def test_delete_letter_deletes_the_order_in_new_first(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    letter = _created(session, client)
    outcome = delete_letter(session, client, letter.id, actor="clerk")
    assert outcome.at_pochta and letter.state == "deleted"
    assert sandbox.state.orders_by_num(letter.reg_number) == []


def test_delete_letter_takes_the_order_out_of_a_batch_not_checked_in(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    letter = _created(session, client)
    form_batches(session, client, actor="flow")
    assert letter.state == "ready"
    assert delete_letter(session, client, letter.id, actor="clerk").at_pochta
    assert sandbox.state.orders_by_num(letter.reg_number) == []


def test_delete_letter_refuses_after_check_in_and_says_why(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    letter = _created(session, client)
    (name,) = form_batches(session, client, actor="flow").batches
    check_in(session, client, name, actor="flow")
    with pytest.raises(DeleteRefused) as info:
        delete_letter(session, client, letter.id, actor="clerk")
    assert "уже передана в отделение" in info.value.message and letter.state == "ready"
    assert len(sandbox.state.orders_by_num(letter.reg_number)) == 1


def test_delete_letter_finds_a_draft_whose_create_may_have_reached_russian_post(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    letter = make_letter(session)
    claim_for_creation(session, [letter.id])
    sandbox.state.create_order({"order-num": letter.reg_number, "index-to": 115551, "mail-type": "LETTER"})
    assert delete_letter(session, client, letter.id, actor="clerk").at_pochta
    assert sandbox.state.orders_by_num(letter.reg_number) == []


def test_delete_letter_still_deletes_here_when_the_order_is_already_gone(
    session: Session, sandbox: Sandbox, client: OtpravkaClient
) -> None:
    letter = _created(session, client)
    sandbox.state.delete_backlog([letter.order_id])
    outcome = delete_letter(session, client, letter.id, actor="clerk")
    assert letter.state == "deleted" and not outcome.at_pochta
