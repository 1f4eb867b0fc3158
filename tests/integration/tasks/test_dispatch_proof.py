"""A letter's proof of dispatch, built by a clerk request against the sandbox, on both databases."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from config.runtime import OutgoingRuntime
from db.engine import session_scope
from db.models import Outgoing
from db.models.enums import RequestState
from pochta.sandbox import Outcomes, Sandbox
from pochta.sandbox._pdf import make_pdf
from tasks.clerk_requests import result_files, run_request
from tasks.outgoing import units as u
from tasks.outgoing.proof import ProofRefused, f103_extract
from tasks.outgoing.requests import ask_for_proof, outgoing_handlers, sender_party
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, make_letter, runtime

SENDER = sender_party("ООО «Северный ветер»", "101000, г. Москва, ул. Мясницкая, д. 2", "101000")
DELIVERED = Outcomes(returned=0.0, unclaimed=0.0, failed_attempt=0.0)
RETURNED = Outcomes(returned=1.0, unclaimed=0.0)


def _rt(fresh_engine: Engine, outcomes: Outcomes) -> tuple[OutgoingRuntime, Sandbox]:
    sandbox = Sandbox(seed=11, shipping_points=[SHIPPING_POINT], outcomes=outcomes)
    return runtime(sandbox, fresh_engine), sandbox


def _sent_letter(rt: OutgoingRuntime, sandbox: Sandbox, *, days: int, **overrides: object) -> int:
    """A letter (with two neighbours in its batch) handed over and tracked ``days`` later."""
    with session_scope(rt.engine()) as session:
        ids = [make_letter(session, n, **overrides).id for n in (1, 2, 3)]
    u.create(rt, ids)
    (name,) = u.batches(rt).batches
    u.read_batch(rt, name)
    assert u.check_in(rt, name)
    sandbox.state.advance(dt.timedelta(days=days))
    u.submit(rt)
    sandbox.state.advance(dt.timedelta(minutes=16))
    u.collect(rt)
    return ids[1]


def _proof(rt: OutgoingRuntime, letter_id: int) -> tuple[str, PdfReader, str]:
    with session_scope(rt.engine()) as session:
        request = ask_for_proof(session, letter_id, actor="clerk")
        number = session.get_one(Outgoing, letter_id).reg_number
    view = run_request(rt.engine(), request.id, outgoing_handlers(rt, SENDER))
    assert view is not None and view.state == RequestState.DONE, view.message
    with session_scope(rt.engine()) as session:
        files = result_files(session, view)
    assert list(files) == [f"{number}-доказательство-отправки.pdf"]
    reader = PdfReader(io.BytesIO(files[f"{number}-доказательство-отправки.pdf"]))
    return view.message or "", reader, number


def _text(page: object) -> str:
    return " ".join((page.extract_text() or "").split())  # type: ignore[attr-defined]


def test_the_proof_of_a_delivered_valuable_letter_holds_its_five_parts(fresh_engine: Engine) -> None:
    """
    GIVEN a valuable letter with an inventory, handed over in a batch of three and delivered
    WHEN the clerk asks for its proof of dispatch
    THEN one PDF: title page, cover letter, ф.107 (two copies), the ф.103 page with its line, tracking
    """
    rt, sandbox = _rt(fresh_engine, DELIVERED)
    letter_id = _sent_letter(rt, sandbox, days=10, mail_category="WITH_DECLARED_VALUE", with_inventory=True)
    message, reader, number = _proof(rt, letter_id)
    assert message == f"Доказательство отправки письма {number} готово."
    pages = [_text(page) for page in reader.pages]
    assert len(pages) == 6
    with session_scope(rt.engine()) as session:
        barcode = str(session.get_one(Outgoing, letter_id).barcode)
    title, cover, inventory, _copy, f103, tracking = pages
    assert f"Доказательство отправки письма {number}" in title
    assert barcode in title and "вручено адресату" in title
    assert f"Строка письма в списке ф.103: «{barcode}" in title
    assert "страница 1 (из 1)" in title
    assert "Сопроводительное письмо" in cover and number in cover
    assert "ОПИСЬ ВЛОЖЕНИЯ" in inventory
    assert barcode in f103 and "Список ф.103" in f103
    assert f"История отслеживания отправления {barcode}" in tracking
    assert "Приём: партионный" in tracking and "Вручение: вручение адресату" in tracking
    assert "Итоговый статус: вручено адресату" in tracking
    assert "165.1" not in title + tracking


def test_a_return_after_the_storage_term_is_stated_as_deemed_delivered(fresh_engine: Engine) -> None:
    rt, sandbox = _rt(fresh_engine, RETURNED)
    letter_id = _sent_letter(rt, sandbox, days=45)
    _message, reader, _number = _proof(rt, letter_id)
    pages = [_text(page) for page in reader.pages]
    assert len(pages) == 4  # title, cover letter, ф.103 page, tracking: no inventory
    title, tracking = pages[0], pages[-1]
    for page in (title, tracking):
        assert "возвращено за истечением срока хранения" in page
        assert "считается доставленным адресату (ст. 165.1 ГК РФ)" in page
    assert "Возврат: истёк срок хранения" in tracking and "получено отправителем" in tracking


def test_a_proof_before_hand_over_is_refused_in_the_page(fresh_engine: Engine) -> None:
    rt, _sandbox = _rt(fresh_engine, DELIVERED)
    with session_scope(rt.engine()) as session:
        letter_id = make_letter(session, 1).id
    with pytest.raises(ProofRefused) as info, session_scope(rt.engine()) as session:
        ask_for_proof(session, letter_id, actor="clerk")
    assert "ещё не передано в отделение" in info.value.message


def test_only_the_f103_page_with_the_letter_is_kept() -> None:
    lines = [f"8009305362{n:04d}  ИСХ-2026-{n:06d}  115551" for n in range(1, 90)]
    f103 = make_pdf("Список ф.103: партия 7, список № 1", lines)
    assert len(PdfReader(io.BytesIO(f103)).pages) == 2
    found = f103_extract(f103, "80093053620080")
    assert found.line == "80093053620080 ИСХ-2026-000080 115551"  # the sandbox prints Cyrillic
    assert len(PdfReader(io.BytesIO(found.pages)).pages) == 1
    assert "страница 2 (из 2)" in found.note
    missing = f103_extract(f103, "29014562148754")
    assert missing.line is None and len(PdfReader(io.BytesIO(missing.pages)).pages) == 2
    assert "приложен целиком" in missing.note
