"""Work the pages hand to the clerk-requests flow: queued in the page, progress shown, outcome shown.

The flow's work is run here by calling ``run_request`` with the flow's handlers on the sandbox, as
the flow would; the page must show what it is waiting for and then what came of it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import Attachment, ClerkRequest, DocumentType, Outgoing, Package
from db.models.enums import RequestKind, RequestState, Role
from pochta.sandbox import Sandbox
from tasks.clerk_requests import pending_ids, run_request
from tasks.incoming_text import incoming_handlers
from tasks.outgoing import Folder
from tasks.outgoing import units as u
from tasks.outgoing.requests import outgoing_handlers, sender_party
from tests.integration.ui.conftest import make_pdf, make_world, unique
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter, runtime
from ui import background

Login = Callable[[Role], AppTest]
SENDER_NAME, SENDER_ADDRESS = "ООО «Северный ветер»", "101000, г. Москва, ул. Мясницкая, д. 2"


@pytest.fixture(autouse=True)
def prefect_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Prefect server in these tests: the page must say the request waits, and lose nothing."""
    monkeypatch.setattr(background, "start", lambda _request: False)
    monkeypatch.setenv("KORR_SENDER_NAME", SENDER_NAME)
    monkeypatch.setenv("KORR_SENDER_ADDRESS", SENDER_ADDRESS)


_SANDBOXES: dict[str, Sandbox] = {}


@pytest.fixture
def rt(app_database: tuple[str, Engine]) -> OutgoingRuntime:
    """One sandbox per app database, as in life: barcodes and order ids never repeat."""
    url, engine = app_database
    # the settings' office too: letters written through the form are priced from it
    sandbox = _SANDBOXES.setdefault(url, Sandbox(seed=9, shipping_points=[SHIPPING_POINT, "101000"]))
    return runtime(sandbox, engine)


def _run_waiting_requests(rt: OutgoingRuntime) -> list[str]:
    """What the flow does: every waiting request, with the flow's handlers."""
    handlers = {
        **outgoing_handlers(rt, sender_party(SENDER_NAME, SENDER_ADDRESS, "101000")),
        **incoming_handlers(rt.engine()),
    }
    with session_scope(rt.engine()) as session:
        ids = pending_ids(session)
    return [view.state for view in (run_request(rt.engine(), i, handlers) for i in ids) if view]


def _created_letter(rt: OutgoingRuntime) -> tuple[int, str]:
    with session_scope(rt.engine()) as session:
        letter = make_letter(session, recipient_name=unique("Сидоров Иван"))
        letter_id, number = letter.id, letter.reg_number
    u.create(rt, [letter_id])
    return letter_id, number


def _open_letter(at: AppTest, folder: Folder, letter_id: int) -> None:
    at.switch_page("pages/outgoing.py").run()
    at.segmented_control(key="out_folder").set_value(folder).run()
    at.selectbox(key="out_letter").select(letter_id).run()


def test_deleting_a_created_letter_waits_for_the_flow_and_then_says_so(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    letter_id, number = _created_letter(rt)
    at = logged_in(Role.CLERK)
    _open_letter(at, Folder.NEW, letter_id)
    at.button(key="out_delete").click().run()
    assert "будет удалён и в «Отправке»" in " ".join(w.value for w in at.warning)
    at.button(key="out_delete_yes").click().run()
    assert not at.exception, at.exception
    shown = " ".join(i.value for i in at.info)
    assert f"Письмо {number} удаляется" in shown and "Удаление письма: В очереди…" in shown
    assert "Prefect" in " ".join(c.value for c in at.caption)  # says why it waits
    with session_scope(rt.engine()) as session:
        assert session.get_one(Outgoing, letter_id).state == "created"  # nothing done in the page
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    assert "Удаление письма: Письмо удалено вместе с заказом в «Отправке»." in [s.value for s in at.success]
    with session_scope(rt.engine()) as session:
        assert session.get_one(Outgoing, letter_id).state == "deleted"
    at.button(key=next(b.key for b in at.button if str(b.key).startswith("req_hide_"))).click().run()
    assert not [s.value for s in at.success if "Удаление письма" in s.value]


def test_printing_a_batch_brings_the_f103_and_merged_papers_to_download(
    logged_in: Login, rt: OutgoingRuntime
) -> None:
    letter_id, _number = _created_letter(rt)
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    at = logged_in(Role.CLERK)
    _open_letter(at, Folder.TO_HAND_OVER, letter_id)
    at.button(key="out_print_batch").click().run()
    at.button(key="out_print_batch").click().run()  # a second click joins the first request
    assert "Документы партии: В очереди…" in " ".join(i.value for i in at.info)
    with session_scope(rt.engine()) as session:
        asked = select(ClerkRequest).where(
            ClerkRequest.kind == RequestKind.BATCH_DOCUMENTS, ClerkRequest.subject == name
        )
        assert len(session.scalars(asked).all()) == 1
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    assert any(f"Документы партии {name} готовы" in s.value for s in at.success)
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == sorted(
        [f"партия-{name}-ф103.pdf", f"партия-{name}-конверты.pdf", f"партия-{name}-письма-и-описи.pdf"]
    )


def test_a_letter_registered_by_hand_gets_its_text_read_by_the_flow(
    logged_in: Login, app_engine: Engine, rt: OutgoingRuntime
) -> None:
    word = unique("Ромашкин").split()[1]
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/register.py").run()
    package_key = at.session_state["reg_packages"][0]
    pdf = make_pdf(f"Определение суда по делу Ромашкин{word}")
    at.file_uploader(key=f"reg_files_{package_key}").set_value([("opr.pdf", pdf, "application/pdf")]).run()
    at.selectbox(key="reg_sender").select(world["sender_id"]).run()
    with session_scope(app_engine) as session:
        type_id = session.scalars(select(DocumentType.id).where(DocumentType.name == "Решение суда")).one()
    at.selectbox(key=f"reg_type_{package_key}").select(type_id).run()
    at.text_input(key=f"reg_case_text_{package_key}").input(str(world["case_number"])).run()
    at.selectbox(key=f"reg_case_{package_key}").select(world["case_id"]).run()
    at.button(key="reg_save").click().run()
    assert not at.exception, at.exception
    assert "Чтение текста документов: В очереди…" in " ".join(i.value for i in at.info)
    number = at.session_state["reg_done"][1]
    assert set(_run_waiting_requests(rt)) == {RequestState.DONE}
    at.run()
    assert "Чтение текста документов: Текст прочитан: файлов — 1." in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        from db.models import Incoming

        texts = session.scalars(
            select(Attachment.text)
            .join(Package, Attachment.package_id == Package.id)
            .join(Incoming, Package.incoming_id == Incoming.id)
            .where(Incoming.reg_number == number)
        ).all()
    assert len(texts) == 1 and f"Ромашкин{word}" in (texts[0] or "")
