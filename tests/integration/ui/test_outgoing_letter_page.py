"""«Исходящие» as a clerk, a supervisor and an admin use it for a letter's whole life.

The page talks to the sandbox in-process (``outgoing_actions.pochta_runtime`` swapped); what the
``clerk-requests`` flow would do is done here by running the waiting requests with its handlers.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import Outgoing
from db.models.enums import RequestKind, RequestState, Role
from flows.outgoing_sync import dispatch_handler
from flows.tracking_poll import sandbox_clock_handler
from tasks.clerk_requests import pending_ids, run_request
from tasks.incoming_text import incoming_handlers
from tasks.outgoing import Folder
from tasks.outgoing import units as u
from tasks.outgoing.requests import outgoing_handlers, sender_party
from tests.integration.ui.conftest import unique
from tests.integration.ui.test_requests import _SANDBOXES
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter, runtime
from ui import background
from ui import outgoing_actions as actions

Login = Callable[[Role], AppTest]
SETTINGS_POINT = "101000"  # KORR_SHIPPING_POINT_INDEX's default
FLAT = "101000, г. Москва, ул. Ленина, д. 83, кв. 136"


@pytest.fixture
def rt(app_database: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch) -> OutgoingRuntime:
    """The app's Russian Post is the sandbox of this app database (shared, so barcodes never repeat)."""
    from pochta.sandbox import Sandbox

    url, engine = app_database
    sandbox = _SANDBOXES.setdefault(url, Sandbox(seed=9, shipping_points=[SHIPPING_POINT]))
    sandbox.state.shipping_points.add(SETTINGS_POINT)  # the account has two offices
    runtime_ = runtime(sandbox, engine)
    monkeypatch.setattr(actions, "pochta_runtime", lambda: runtime_)
    monkeypatch.setattr(background, "start", lambda _request: False)
    return runtime_


def _run_waiting_requests(rt: OutgoingRuntime) -> list[str]:
    """What the clerk-requests flow does with every waiting request."""
    handlers = {
        **outgoing_handlers(
            rt, sender_party("ООО «Ветер»", "101000, г. Москва, ул. Мясницкая, д. 2", "101000")
        ),
        RequestKind.FORM_BATCHES: dispatch_handler(rt),
        RequestKind.SANDBOX_CLOCK: sandbox_clock_handler(rt),
        **incoming_handlers(rt.engine()),  # other tests' letters and items share the app database
    }
    with session_scope(rt.engine()) as session:
        ids = pending_ids(session)
    return [view.state for view in (run_request(rt.engine(), i, handlers) for i in ids) if view]


def _texts(at: AppTest, kind: str) -> str:
    return " ".join(str(e.value) for e in getattr(at, kind))


def test_a_clerk_writes_a_valuable_letter_and_sees_its_cleaned_address_cost_and_card(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    name = unique("Сидоров Иван")
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    point = at.selectbox(key="out_point")
    assert point.options[0].startswith(SETTINGS_POINT) and any(
        o.startswith(SHIPPING_POINT) for o in point.options
    )
    assert point.value == SETTINGS_POINT  # the settings' office comes first and is chosen
    point.set_value(SHIPPING_POINT)
    at.text_input(key="out_name").input(name)
    at.text_input(key="out_address").input(FLAT)
    at.text_input(key="out_phone").input("+7 916 123-45-67")
    at.text_area(key="out_description").input("Требование о погашении")
    at.selectbox(key="out_category").set_value("WITH_DECLARED_VALUE")
    at.number_input(key="out_value").set_value(250.0)
    at.number_input(key="out_weight").set_value(30)
    at.button(key="out_create").click().run()
    assert not at.exception, at.exception
    assert "Адрес по данным Почты России: ул. Ленина, д. 83, кв. 136, г. Москва, 101000." in _texts(
        at, "success"
    )
    assert "Стоимость письма: В очереди…" in _texts(at, "info")
    with session_scope(rt.engine()) as session:
        letter = session.scalars(select(Outgoing).where(Outgoing.recipient_name == name)).one()
        letter_id, number = letter.id, letter.reg_number
        assert letter.cost_kopecks is None  # nothing asked of Russian Post's tariff in the page
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    with session_scope(rt.engine()) as session:
        cost = session.get_one(Outgoing, letter_id).cost_kopecks
    assert cost is not None
    shown_cost = f"{cost / 100:.2f} ₽".replace(".", ",")
    assert f"Стоимость письма: Стоимость письма {number}: {shown_cost}." in _texts(at, "success")
    at.segmented_control(key="out_folder").set_value(Folder.DRAFTS).run()
    at.selectbox(key="out_letter").select(letter_id).run()
    card = _texts(at, "markdown")
    for fact in (
        f"**Стоимость:** {shown_cost}",
        f"**Пункт сдачи:** {SHIPPING_POINT}",
        "**Вид и категория:** Письмо, с объявленной ценностью",
        "**Объявленная ценность:** 250,00 ₽",
        "**Вес:** 30 г",
        "**Телефон:** \\+7 916 123-45-67",  # a leading + is escaped: it would start a list
        "**Описание вложения:** Требование о погашении",
        "**Вложения:** нет",
        "ул. Ленина, д. 83, кв. 136, г. Москва, 101000",
    ):
        assert fact in card, card


def test_an_address_russian_post_cannot_read_is_refused_with_the_reason(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    name = unique("Петров Пётр")
    at = logged_in(Role.CLERK)
    at.switch_page("pages/outgoing.py").run()
    at.text_input(key="out_name").input(name)
    at.text_input(key="out_address").input("101000, г. Москва, ул. Ленина")
    at.text_input(key="out_phone").input("12-34")
    at.button(key="out_create").click().run()
    errors = _texts(at, "error")
    assert "Почта России не может доставить письмо по этому адресу: не найден номер дома." in errors
    assert "Телефон получателя: 10 цифр номера" in errors
    assert at.text_input(key="out_name").value == name  # the clerk corrects, nothing is lost
    with session_scope(rt.engine()) as session:
        count = session.scalar(
            select(func.count()).select_from(Outgoing).where(Outgoing.recipient_name == name)
        )
    assert count == 0


def _created_letter(rt: OutgoingRuntime) -> int:
    with session_scope(rt.engine()) as session:
        letter_id = make_letter(session, recipient_name=unique("Кузнецов Олег")).id
    u.create(rt, [letter_id])
    return letter_id


def test_a_supervisor_forms_todays_batches_now_and_a_clerk_cannot(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    clerk = logged_in(Role.CLERK)
    clerk.switch_page("pages/outgoing.py").run()
    assert "ежедневно в 14:00" in _texts(clerk, "caption")
    assert not [b for b in clerk.button if b.key == "out_batch_now"]
    letter_id = _created_letter(rt)
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/outgoing.py").run()
    at.button(key="out_batch_now").click().run()
    assert "Формирование партий: В очереди…" in _texts(at, "info")
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    with session_scope(rt.engine()) as session:
        letter = session.get_one(Outgoing, letter_id)
        assert letter.state == "ready"  # «К сдаче»
        batch = str(letter.batch_name)
    outcome = _texts(at, "success")
    assert "Формирование партий: Сформировано партий:" in outcome and batch in outcome


def test_an_admin_moves_the_sandbox_clock_from_the_banner_and_letters_go_in_transit(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    clerk = logged_in(Role.CLERK)
    assert "Почта России: песочница" in _texts(clerk.sidebar, "warning")
    assert not [b for b in clerk.sidebar.button if b.key == "sandbox_advance"]
    letter_id = _created_letter(rt)
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    at = logged_in(Role.ADMIN)
    at.sidebar.number_input(key="sandbox_days").set_value(2)
    at.sidebar.button(key="sandbox_advance").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/outgoing.py").run()
    assert "Часы песочницы: В очереди…" in _texts(at, "info")
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    assert "Часы песочницы: Часы песочницы переведены на 2 дн.: теперь" in _texts(at, "success")
    with session_scope(rt.engine()) as session:
        assert session.get_one(Outgoing, letter_id).state in ("in_transit", "delivered")
