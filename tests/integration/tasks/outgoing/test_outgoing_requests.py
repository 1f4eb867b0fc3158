"""Deleting a letter and a batch's papers as clerk requests, done against the sandbox."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import ClerkRequest, Outgoing
from db.models.enums import RequestKind, RequestState
from pochta.sandbox import Sandbox
from tasks.clerk_requests import enqueue, result_files, run_request
from tasks.outgoing import DeleteRefused
from tasks.outgoing import units as u
from tasks.outgoing.flags import Flag
from tasks.outgoing.requests import ask_to_delete, outgoing_handlers, sender_party
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter, runtime

SENDER = sender_party("ООО «Северный ветер»", "101000, г. Москва, ул. Мясницкая, д. 2", "101000")


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(seed=5, shipping_points=[SHIPPING_POINT])


@pytest.fixture
def rt(sandbox: Sandbox, fresh_engine: Engine) -> OutgoingRuntime:
    return runtime(sandbox, fresh_engine)


def _letters(engine: Engine, count: int) -> list[int]:
    with session_scope(engine) as session:
        return [make_letter(session, n).id for n in range(1, count + 1)]


def _ask(engine: Engine, letter_id: int) -> tuple[str, int | None]:
    with session_scope(engine) as session:
        message, request = ask_to_delete(session, letter_id, actor="clerk")
    return message, None if request is None else request.id


def _letter(engine: Engine, letter_id: int) -> Outgoing:
    with session_scope(engine) as session:
        letter = session.get_one(Outgoing, letter_id)
        session.expunge(letter)
        return letter


def test_a_draft_never_sent_is_deleted_at_once_without_a_request(rt: OutgoingRuntime) -> None:
    (letter_id,) = _letters(rt.engine(), 1)
    message, request_id = _ask(rt.engine(), letter_id)
    assert request_id is None and message == "Письмо удалено."
    assert _letter(rt.engine(), letter_id).state == "deleted"


def test_a_created_order_is_deleted_by_the_request_and_the_sync_leaves_it_alone(
    rt: OutgoingRuntime, sandbox: Sandbox
) -> None:
    ids = _letters(rt.engine(), 2)
    u.create(rt, ids)
    number = _letter(rt.engine(), ids[0]).reg_number
    message, request_id = _ask(rt.engine(), ids[0])
    assert request_id is not None and "удаляется в «Отправке»" in message
    assert Flag.DELETE_REQUESTED.value in _letter(rt.engine(), ids[0]).flags
    # The dispatch runs before the request does: the letter asked to be deleted is not batched.
    u.batches(rt)
    assert _letter(rt.engine(), ids[0]).batch_name is None and _letter(rt.engine(), ids[1]).batch_name
    view = run_request(rt.engine(), request_id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.DONE
    assert view.message == "Письмо удалено вместе с заказом в «Отправке»."
    assert _letter(rt.engine(), ids[0]).state == "deleted"
    assert sandbox.state.orders_by_num(number) == []


def test_a_double_click_asks_russian_post_once(rt: OutgoingRuntime, sandbox: Sandbox) -> None:
    (letter_id,) = _letters(rt.engine(), 1)
    u.create(rt, [letter_id])
    first = _ask(rt.engine(), letter_id)[1]
    second = _ask(rt.engine(), letter_id)[1]
    assert first == second
    with session_scope(rt.engine()) as session:
        assert session.query(ClerkRequest).count() == 1


def test_a_refused_deletion_says_why_and_gives_the_letter_back(rt: OutgoingRuntime, sandbox: Sandbox) -> None:
    (letter_id,) = _letters(rt.engine(), 1)
    u.create(rt, [letter_id])
    _message, request_id = _ask(rt.engine(), letter_id)
    sandbox.state.set_faults(error_rate=1.0)  # Russian Post answers 500 to everything
    impatient = runtime(sandbox, rt.engine(), retries=0)
    view = run_request(rt.engine(), request_id, outgoing_handlers(impatient, SENDER))
    assert view is not None and view.state == RequestState.FAILED
    assert (view.message or "").startswith("Почта России не ответила, письмо не удалено")
    letter = _letter(rt.engine(), letter_id)
    assert letter.state == "created" and Flag.DELETE_REQUESTED.value not in letter.flags


def test_a_letter_of_a_checked_in_batch_is_refused_in_the_page_already(rt: OutgoingRuntime) -> None:
    (letter_id,) = _letters(rt.engine(), 1)
    u.create(rt, [letter_id])
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    with pytest.raises(DeleteRefused) as info, session_scope(rt.engine()) as session:
        ask_to_delete(session, letter_id, actor="clerk")
    assert "уже передана в отделение" in info.value.message


def test_batch_papers_come_as_three_print_jobs(rt: OutgoingRuntime) -> None:
    ids = _letters(rt.engine(), 3)
    u.create(rt, ids)
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    with session_scope(rt.engine()) as session:
        request, _ = enqueue(session, RequestKind.BATCH_DOCUMENTS, name, actor="clerk")
    view = run_request(rt.engine(), request.id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.DONE, view.message
    assert "бумаги 3 писем" in (view.message or "")
    with session_scope(rt.engine()) as session:
        files = result_files(session, view)
    assert sorted(files) == sorted(
        [f"партия-{name}-ф103.pdf", f"партия-{name}-конверты.pdf", f"партия-{name}-письма-и-описи.pdf"]
    )
    assert len(PdfReader(io.BytesIO(files[f"партия-{name}-конверты.pdf"])).pages) == 3
    assert len(PdfReader(io.BytesIO(files[f"партия-{name}-письма-и-описи.pdf"])).pages) >= 3


def test_batch_papers_before_check_in_are_refused_with_the_reason(rt: OutgoingRuntime) -> None:
    (letter_id,) = _letters(rt.engine(), 1)
    u.create(rt, [letter_id])
    (name,) = u.batches(rt).batches
    with session_scope(rt.engine()) as session:
        request, _ = enqueue(session, RequestKind.BATCH_DOCUMENTS, name, actor="clerk")
    view = run_request(rt.engine(), request.id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.FAILED
    assert "ещё не передана в отделение" in (view.message or "")


def test_batch_papers_without_a_sender_name_are_refused(rt: OutgoingRuntime) -> None:
    with session_scope(rt.engine()) as session:
        request, _ = enqueue(session, RequestKind.BATCH_DOCUMENTS, "B-1", actor="clerk")
    view = run_request(rt.engine(), request.id, outgoing_handlers(rt, None))
    assert view is not None and "KORR_SENDER_NAME" in (view.message or "")
