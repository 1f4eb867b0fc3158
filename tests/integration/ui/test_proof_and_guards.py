"""A letter's proof of dispatch and electronic notice on its card and on the case; guards shown
on the case and on the new-letter form, with the representative's address as the recipient (AppTest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import ClerkRequest, ContactGuard, Outgoing
from db.models.enums import RequestKind, RequestState, Role
from pochta.sandbox import Outcomes, Sandbox
from tasks.clerk_requests import pending_ids, run_request
from tasks.guards import GuardKind, add_guard
from tasks.outgoing import Folder
from tasks.outgoing import units as u
from tasks.outgoing.requests import outgoing_handlers, sender_party
from tests.integration.ui.conftest import make_world, unique
from tests.integration.ui.test_requests import (
    _SANDBOXES,
    SENDER_ADDRESS,
    SENDER_NAME,
    _open_letter,
    prefect_is_down,
    rt,
)
from tests.unit.tasks.outgoing.outgoing_factories import make_letter

__all__ = ["prefect_is_down", "rt"]  # the fixtures shared with test_requests

Login = Callable[[Role], AppTest]
LAWYER = "Адвокат Смирнова Ольга Павловна"
LAWYER_ADDRESS = "125009, г. Москва, ул. Тверская, д. 9, оф. 12"


@pytest.fixture
def delivering(
    rt: OutgoingRuntime, app_database: tuple[str, Engine]
) -> Iterator[tuple[OutgoingRuntime, Sandbox]]:
    """Every letter checked in while this runs is delivered (the shared sandbox's fates, restored)."""
    sandbox = _SANDBOXES[app_database[0]]
    state = sandbox.state
    kept, state.outcomes = state.outcomes, Outcomes(returned=0.0, unclaimed=0.0, failed_attempt=0.0)
    yield rt, sandbox
    state.outcomes = kept


def _run_proofs(rt: OutgoingRuntime) -> list[str]:
    """What the flow does with the waiting proofs of dispatch (other kinds are other tests' work)."""
    handlers = outgoing_handlers(rt, sender_party(SENDER_NAME, SENDER_ADDRESS, "101000"))
    with session_scope(rt.engine()) as session:
        ids = [
            i
            for i in pending_ids(session)
            if session.get_one(ClerkRequest, i).kind == RequestKind.DISPATCH_PROOF
        ]
    return [view.state for view in (run_request(rt.engine(), i, handlers) for i in ids) if view]


def _handed_over(
    delivering: tuple[OutgoingRuntime, Sandbox], *, case_id: int, **overrides: Any
) -> tuple[int, str]:
    """A letter on the case, created, batched, checked in, delivered and tracked."""
    rt, sandbox = delivering
    with session_scope(rt.engine()) as session:
        letter = make_letter(session, recipient_name=unique("Сидоров Иван"), case_id=case_id, **overrides)
        letter_id, number = letter.id, letter.reg_number
    u.create(rt, [letter_id])
    for name in u.batches(rt).batches:
        u.read_batch(rt, name)
        assert u.check_in(rt, name)
    sandbox.state.advance(dt.timedelta(days=20))
    u.submit(rt)
    sandbox.state.advance(dt.timedelta(minutes=16))
    u.collect(rt)
    return letter_id, number


def _guard(engine: Engine, case_number: str, *, address: bool = True) -> int:
    with session_scope(engine) as session:
        return add_guard(
            session,
            case_number=case_number,
            kind=GuardKind.REPRESENTATIVE,
            actor="tests",
            representative_name=LAWYER if address else None,
            representative_address=LAWYER_ADDRESS if address else None,
        ).id


def test_a_letters_card_shows_its_electronic_notice_and_brings_its_proof(
    logged_in: Login, app_engine: Engine, delivering: tuple[OutgoingRuntime, Sandbox]
) -> None:
    """
    GIVEN a letter with an electronic notice, handed over and delivered, its notice received
    WHEN the clerk opens it in «Архив» and asks for its proof of dispatch
    THEN the card shows the notice, its cost and outcome; the proof comes to download once the flow ran
    """
    world = make_world(app_engine)
    letter_id, number = _handed_over(
        delivering, case_id=int(str(world["case_id"])), with_electronic_notice=True
    )
    at = logged_in(Role.CLERK)
    _open_letter(at, Folder.ARCHIVE, letter_id)
    assert not at.exception, at.exception
    card = " ".join(m.value for m in at.markdown)
    assert "**Уведомление о вручении:** электронное (ЭУВ), 48,00 ₽ — получено" in card
    at.button(key="out_proof").click().run()
    assert "Доказательство отправки: В очереди…" in " ".join(i.value for i in at.info)
    assert set(_run_proofs(delivering[0])) == {RequestState.DONE}
    at.run()
    assert f"Доказательство отправки: Доказательство отправки письма {number} готово." in [
        s.value for s in at.success
    ]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f"{number}-доказательство-отправки.pdf"]


def test_the_case_shows_its_guard_and_offers_each_sent_letters_proof(
    logged_in: Login, app_engine: Engine, delivering: tuple[OutgoingRuntime, Sandbox]
) -> None:
    world = make_world(app_engine)
    letter_id, number = _handed_over(delivering, case_id=int(str(world["case_id"])))
    _guard(app_engine, str(world["case_number"]))
    at = logged_in(Role.CLERK)
    at.switch_page("pages/cases.py").run()
    at.text_input(key="case_text").input(str(world["case_number"])).run()
    at.selectbox(key="case_pick").select(int(str(world["case_id"]))).run()
    assert not at.exception, at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Ограничение на контакт с должником" in warning
    assert "взаимодействие только через представителя" in warning and "Тверская" in warning
    at.button(key=f"case_proof_{letter_id}").click().run()
    assert "Доказательство отправки: В очереди…" in " ".join(i.value for i in at.info)
    assert set(_run_proofs(delivering[0])) == {RequestState.DONE}
    at.run()
    assert [b.proto.label for b in at.get("download_button")] == [f"{number}-доказательство-отправки.pdf"]


def test_the_new_letter_form_shows_the_guard_and_writes_to_the_representative(
    logged_in: Login, app_engine: Engine
) -> None:
    """
    GIVEN a debtor who deals with us only through an advocate, recorded on the guard
    WHEN a clerk finds the case in the new-letter form
    THEN the guard is shown before anything is submitted, and one click makes the advocate the
    recipient: the letter is created to the advocate's address, on the case
    """
    world = make_world(app_engine)
    _guard(app_engine, str(world["case_number"]))
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    at.text_input(key="out_case_text_0").input(str(world["case_number"])).run()
    warning = " ".join(w.value for w in at.warning)
    assert "Ограничение по кейсу" in warning and "Письма должнику не создаются" in warning
    at.button(key=next(str(b.key) for b in at.button if str(b.key).startswith("out_to_rep_"))).click().run()
    assert at.text_input(key="out_name").value == LAWYER
    assert at.text_input(key="out_address").value == LAWYER_ADDRESS
    at.button(key="out_create").click().run()
    assert not at.exception, at.exception
    assert any("создано" in s.value for s in at.success), [e.value for e in at.error]
    with session_scope(app_engine) as session:
        letter = session.scalars(select(Outgoing).where(Outgoing.recipient_name == LAWYER)).one()
        assert letter.case_id == world["case_id"] and letter.recipient_debtor_id is None
        assert letter.recipient_address == LAWYER_ADDRESS


def test_the_clerk_records_the_representatives_address_on_the_case(
    logged_in: Login, app_engine: Engine
) -> None:
    """A guard set from a debtor's statement knows no address: the clerk writes it down on the case."""
    world = make_world(app_engine)
    guard_id = _guard(app_engine, str(world["case_number"]), address=False)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/cases.py").run()
    at.text_input(key="case_text").input(str(world["case_number"])).run()
    at.selectbox(key="case_pick").select(int(str(world["case_id"]))).run()
    assert "Представитель: представитель, адрес не записан" in " ".join(w.value for w in at.warning)
    at.text_input(key=f"case_rep_name_{guard_id}").input(LAWYER)
    at.text_input(key=f"case_rep_address_{guard_id}").input(LAWYER_ADDRESS)
    at.button(key=f"case_rep_save_{guard_id}").click().run()
    assert not at.exception, at.exception
    assert "Адрес представителя записан" in " ".join(s.value for s in at.success)
    assert "Тверская" in " ".join(w.value for w in at.warning)
    with session_scope(app_engine) as session:
        guard = session.get_one(ContactGuard, guard_id)
        assert (guard.representative_name, guard.representative_address) == (LAWYER, LAWYER_ADDRESS)
