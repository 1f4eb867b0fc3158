"""A letter's address, cost and journey as a clerk meets them (SQLite and PostgreSQL, on the sandbox).

Saving cleans the address through Russian Post (refusing one it cannot deliver to), envelopes
print the cleaned parts in postal order, the tariff request gives the cost, a supervisor's
«Сформировать партию сейчас» does the 14:00 dispatch, and the sandbox's clock moves letters along.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import Outgoing
from db.models.enums import RequestKind, RequestState
from flows.outgoing_sync import dispatch_handler
from flows.tracking_poll import sandbox_clock_handler
from pochta import OtpravkaClient
from pochta.sandbox import Outcomes, Sandbox
from pochta.sandbox._pricing import price
from tasks.clerk_requests import enqueue, run_request
from tasks.outgoing import LetterInvalid, create_letter, delete_letter, letter_documents
from tasks.outgoing import units as u
from tasks.outgoing.addresses import AddressUnrecognised, cleaner_for, with_parts
from tasks.outgoing.letters import Problem
from tasks.outgoing.payload import order_for
from tasks.outgoing.requests import ask_for_tariff, outgoing_handlers, sender_party
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, draft, runtime

FLAT = "101000, г. Москва, ул. Ленина, д. 83, кв. 136"
SENDER = sender_party("ООО «Северный ветер»", "101000, г. Москва, ул. Мясницкая, д. 2", "101000")


@pytest.fixture
def sandbox() -> Sandbox:
    """Every letter is delivered at the first attempt: the journey ends in «Архив»."""
    outcomes = Outcomes(returned=0.0, unclaimed=0.0, failed_attempt=0.0)
    return Sandbox(seed=5, shipping_points=[SHIPPING_POINT, "101000"], outcomes=outcomes)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Outgoing)) or 0)


def test_saving_cleans_the_address_and_the_envelope_prints_it_in_postal_order(
    session: Session, client: OtpravkaClient
) -> None:
    letter = create_letter(session, draft(recipient_address=FLAT), actor="clerk", clean=cleaner_for(client))
    assert letter.recipient_address_parts["street"] == "ул. Ленина"
    assert (letter.recipient_address_parts["house"], letter.recipient_address_parts["room"]) == ("83", "136")
    assert letter.recipient_address == "ул. Ленина, д. 83, кв. 136, г. Москва, 101000"
    assert letter.recipient_index == "101000"
    assert SENDER is not None
    envelope = next(v for k, v in letter_documents(letter, sender=SENDER).items() if "конверт" in k)
    lines = [
        " ".join(line.split())
        for line in PdfReader(io.BytesIO(envelope)).pages[0].extract_text().splitlines()
    ]
    street = lines.index("ул. Ленина, д. 83, кв. 136")
    assert lines[street - 3 : street] == ["Кому", "Иванов Пётр Сергеевич", "Куда"]  # name, then street
    assert lines[street + 1 : street + 3] == ["г. Москва", "101000"]  # city (region is the same), index
    assert not any("д. кв." in line for line in lines)


def test_an_address_russian_post_cannot_deliver_to_is_refused_with_the_reason(
    session: Session, client: OtpravkaClient
) -> None:
    before = _count(session)
    with pytest.raises(LetterInvalid) as info:
        create_letter(
            session,
            draft(recipient_address="101000, г. Москва, ул. Ленина"),
            actor="clerk",
            clean=cleaner_for(client),
        )
    assert [p.code for p in info.value.problems] == [Problem.ADDRESS_UNRECOGNISED]
    assert info.value.message == (
        "Почта России не может доставить письмо по этому адресу: не найден номер дома. Исправьте адрес."
    )
    assert _count(session) == before


def test_without_an_answer_the_letter_is_saved_and_the_sync_parses_it_later(session: Session) -> None:
    letter = create_letter(session, draft(recipient_address=FLAT), actor="clerk", clean=lambda _raw: None)
    assert letter.recipient_address == FLAT and letter.recipient_address_parts == {}


def test_russian_posts_reason_comes_with_our_own_rules(session: Session) -> None:
    def refuse(_raw: str) -> None:
        raise AddressUnrecognised(
            "Почта России не может доставить письмо по этому адресу: адрес не распознан."
        )

    with pytest.raises(LetterInvalid) as info:
        create_letter(session, draft(recipient_address="где-то"), actor="clerk", clean=refuse)
    assert info.value.message.splitlines() == [
        "Нужен почтовый индекс получателя из 6 цифр.",
        "Почта России не может доставить письмо по этому адресу: адрес не распознан.",
    ]


def test_bad_form_values_are_refused_in_russian_and_nothing_is_stored(session: Session) -> None:
    before = _count(session)
    bad = draft(
        shipping_point_index="",
        mail_type="PARCEL",
        phone="12-34",
        mail_category="WITH_DECLARED_VALUE",
        declared_value_kopecks=0,
    )
    with pytest.raises(LetterInvalid) as info:
        create_letter(session, bad, actor="clerk")
    assert {p.code for p in info.value.problems} == {
        Problem.BAD_SHIPPING_POINT,
        Problem.BAD_MAIL_TYPE,
        Problem.BAD_PHONE,
        Problem.NO_DECLARED_VALUE,
    }
    assert "Не выбран пункт сдачи (отделение)." in info.value.message
    assert _count(session) == before


def test_the_order_carries_the_letters_point_weight_value_and_phone(session: Session) -> None:
    letter = create_letter(
        session,
        draft(
            shipping_point_index="101000",
            mail_category="WITH_DECLARED_VALUE",
            declared_value_kopecks=25_000,
            weight_grams=40,
            phone="8 (916) 123-45-67",
        ),
        actor="clerk",
    )
    wire = order_for(letter).to_wire()
    assert (wire["postoffice-code"], wire["mass"], wire["insr-value"]) == ("101000", 40, 25_000)
    assert (wire["tel-address"], wire["mail-category"], wire["mail-type"]) == (
        79161234567,
        "WITH_DECLARED_VALUE",
        "LETTER",
    )


def _rt(engine: Engine, sandbox: Sandbox) -> OutgoingRuntime:
    return runtime(sandbox, engine)


def test_the_tariff_request_gives_the_cost_of_a_just_saved_letter(
    fresh_engine: Engine, sandbox: Sandbox
) -> None:
    rt = _rt(fresh_engine, sandbox)
    with session_scope(fresh_engine) as session:
        letter = create_letter(
            session, draft(mail_category="WITH_DECLARED_VALUE", declared_value_kopecks=50_000), actor="clerk"
        )
        letter_id, number = letter.id, letter.reg_number
        request = ask_for_tariff(session, letter_id, actor="clerk")
    view = run_request(fresh_engine, request.id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.DONE
    with session_scope(fresh_engine) as session:
        letter = session.get_one(Outgoing, letter_id)
        expected = price(order_for(letter).to_wire())
        assert letter.cost_kopecks == expected["total-rate"] + expected["total-vat"]
        assert letter.state == "draft"  # the order itself is the sync's job
    rubles = f"{letter.cost_kopecks / 100:.2f}".replace(".", ",")
    assert view.message == f"Стоимость письма {number}: {rubles} ₽."


def test_forming_batches_now_puts_created_letters_into_a_batch(
    fresh_engine: Engine, sandbox: Sandbox
) -> None:
    rt = _rt(fresh_engine, sandbox)
    with session_scope(fresh_engine) as session:
        letter_id = create_letter(session, draft(), actor="clerk", clean=None).id
        request, _new = enqueue(session, RequestKind.FORM_BATCHES, "now", actor="boss")
    view = run_request(fresh_engine, request.id, {RequestKind.FORM_BATCHES: dispatch_handler(rt)})
    assert view is not None and view.state == RequestState.DONE, view and view.message
    with session_scope(fresh_engine) as session:
        letter = session.get_one(Outgoing, letter_id)
        assert letter.state == "ready" and letter.batch_name and letter.checked_in_at is not None
        batch = letter.batch_name
    assert view.message is not None and view.message.startswith(f"Сформировано партий: 1 ({batch}).")
    again, _new = _enqueue(fresh_engine, RequestKind.FORM_BATCHES, "now")
    second = run_request(fresh_engine, again, {RequestKind.FORM_BATCHES: dispatch_handler(rt)})
    assert (
        second is not None
        and second.message is not None
        and second.message.startswith("Новых писем для партии нет")
    )


def _enqueue(engine: Engine, kind: RequestKind, subject: str) -> tuple[int, bool]:
    with session_scope(engine) as session:
        request, new = enqueue(session, kind, subject, actor="root")
        return request.id, new


def test_advancing_the_sandbox_clock_moves_letters_to_in_transit_and_archive(
    fresh_engine: Engine, sandbox: Sandbox
) -> None:
    rt = _rt(fresh_engine, sandbox)
    with session_scope(fresh_engine) as session:
        letter_id = create_letter(session, draft(), actor="clerk").id
    u.normalize(rt)
    u.create(rt, [letter_id])
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    handlers = {RequestKind.SANDBOX_CLOCK: sandbox_clock_handler(rt)}
    before = sandbox.state.now()
    request_id, _new = _enqueue(fresh_engine, RequestKind.SANDBOX_CLOCK, "1")
    view = run_request(fresh_engine, request_id, handlers)
    assert view is not None and view.state == RequestState.DONE, view and view.message
    assert (sandbox.state.now() - before).days == 1
    with session_scope(fresh_engine) as session:
        assert session.get_one(Outgoing, letter_id).state == "in_transit"
    request_id, _new = _enqueue(fresh_engine, RequestKind.SANDBOX_CLOCK, "10")
    view = run_request(fresh_engine, request_id, handlers)
    assert view is not None and view.message is not None and "Писем перемещено: 1." in view.message
    with session_scope(fresh_engine) as session:
        assert session.get_one(Outgoing, letter_id).state == "delivered"


def test_a_letter_deleted_before_its_tariff_came_is_not_priced(
    fresh_engine: Engine, sandbox: Sandbox
) -> None:
    rt = _rt(fresh_engine, sandbox)
    with session_scope(fresh_engine) as session:
        letter_id = create_letter(session, draft(), actor="clerk").id
        request = ask_for_tariff(session, letter_id, actor="clerk")
    with session_scope(fresh_engine) as session:
        delete_letter(session, None, letter_id, actor="clerk")
    view = run_request(fresh_engine, request.id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.DONE
    assert view.message == "Письмо удалено раньше, чем Почта России назвала стоимость."
    with session_scope(fresh_engine) as session:
        assert session.get_one(Outgoing, letter_id).cost_kopecks is None


def test_our_own_address_prints_in_postal_order_too(session: Session, client: OtpravkaClient) -> None:
    assert SENDER is not None
    ours = with_parts(SENDER, cleaner_for(client))
    letter = create_letter(session, draft(recipient_address=FLAT), actor="clerk", clean=cleaner_for(client))
    envelope = next(v for k, v in letter_documents(letter, sender=ours).items() if "конверт" in k)
    text = PdfReader(io.BytesIO(envelope)).pages[0].extract_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = lines.index("Откуда")
    assert lines[start + 1 : start + 4] == ["ул. Мясницкая, д. 2", "г. Москва", "101000"]
    unparsed = with_parts(SENDER, lambda _raw: None)
    assert unparsed == SENDER  # Russian Post silent: printed as typed
