"""«Отказы»: a clerk sees what the inbox refused and why, downloads it, registers it by hand;
a supervisor deletes one; entries stuck in the inbox are listed read-only; the sidebar counts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from config.settings import Settings
from db.engine import session_scope
from db.models import Incoming, Rejection
from db.models.enums import Role
from tasks.ingest.intake import STUCK_FILE
from tests.integration.ui.conftest import make_pdf, make_world

Login = Callable[[Role], AppTest]


def _refused(engine: Engine, name: str, data: bytes, *, reason: str) -> int:
    folder = Settings().rejected_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex[:8]}__{name}"
    path.write_bytes(data)
    path.with_name(path.name + ".reason.txt").write_text("причина", encoding="utf-8")
    with session_scope(engine) as session:
        row = Rejection(file_name=name, reason=reason, moved_to=str(path), size=len(data))
        session.add(row)
        session.flush()
        return row.id


def _close_all(engine: Engine) -> None:
    from db.models import utcnow

    with session_scope(engine) as session:
        for row in session.scalars(select(Rejection).where(Rejection.closed_at.is_(None))):
            row.closed_at, row.closed_how = utcnow(), "deleted"


def _page(at: AppTest) -> AppTest:
    at.switch_page("pages/refusals.py").run()
    assert not at.exception, at.exception
    return at


def test_a_clerk_sees_the_refused_file_with_its_reason_and_a_download(
    logged_in: Login, app_engine: Engine
) -> None:
    _close_all(app_engine)
    refusal = _refused(app_engine, "пустой-скан.pdf", b"", reason="empty")
    at = logged_in(Role.CLERK)
    assert "Отказы: 1" in [w.value for w in at.sidebar.warning]  # the sidebar counts them
    _page(at)
    table = at.dataframe[0].value
    assert list(table["Файл"]) == ["пустой-скан.pdf"] and table["Причина"][0].startswith("Файл пустой")
    at.selectbox(key="rf_open").select(refusal).run()
    assert not [b for b in at.button if b.key == "rf_delete"]  # a clerk does not delete
    button = at.get("download_button")[0]
    assert button.proto.label == "Скачать"  # its click is audited by deps.log_download


def test_a_clerk_registers_a_refused_file_by_hand_and_it_leaves_the_list(
    logged_in: Login, app_engine: Engine
) -> None:
    _close_all(app_engine)
    world = make_world(app_engine)
    pdf = make_pdf(f"Повторная отправка {uuid.uuid4().hex}")
    refusal = _refused(app_engine, "дубль.pdf", pdf, reason="duplicate")
    at = _page(logged_in(Role.CLERK))
    at.selectbox(key="rf_open").select(refusal).run()
    at.selectbox(key="rf_sender").select(world["sender_id"]).run()
    with session_scope(app_engine) as session:
        from db.models import DocumentType

        type_id = session.scalar(select(DocumentType.id).where(DocumentType.belongs_to == "case").limit(1))
    at.selectbox(key="rf_type").select(type_id).run()
    at.text_input(key="rf_case_text").input(str(world["case_number"])).run()
    at.selectbox(key="rf_case").select(world["case_id"]).run()
    at.button(key="rf_register").click().run()
    assert not at.exception, at.exception
    done = [s.value for s in at.success]
    assert done and done[0].startswith("дубль.pdf: зарегистрирован под номером ВХ-"), (done, at.warning)
    number = done[0].rsplit(" ", 1)[-1].rstrip(".")
    with session_scope(app_engine) as session:
        assert session.scalar(select(Incoming.id).where(Incoming.reg_number == number)) is not None
        assert session.get_one(Rejection, refusal).closed_how == "registered"
    assert "Отказов, ждущих решения, нет." in [c.value for c in at.caption]  # not «empty»


def test_a_supervisor_deletes_a_refused_file_after_confirming(logged_in: Login, app_engine: Engine) -> None:
    _close_all(app_engine)
    refusal = _refused(app_engine, "вредный.pdf", b"%PDF-1.4 bomb", reason="stream_bomb")
    at = _page(logged_in(Role.SUPERVISOR))
    at.selectbox(key="rf_open").select(refusal).run()
    at.button(key="rf_delete").click().run()
    assert any("Удалить файл вредный.pdf" in w.value for w in at.warning)
    at.button(key="rf_delete_confirm").click().run()
    assert "вредный.pdf: удалён." in [s.value for s in at.success]
    with session_scope(app_engine) as session:
        row = session.get_one(Rejection, refusal)
        assert row.closed_how == "deleted" and not Path(row.moved_to or "").exists()
    again = logged_in(Role.SUPERVISOR)
    assert not [w for w in again.sidebar.warning if w.value.startswith("Отказы")]


def test_entries_stuck_in_the_inbox_are_listed_read_only(logged_in: Login, app_engine: Engine) -> None:
    inbox = Settings().inbox_dir
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / STUCK_FILE).write_text(json.dumps({"скан 12.pdf": "нет прав на перемещение"}), encoding="utf-8")
    at = _page(logged_in(Role.CLERK))
    assert "Не удаётся забрать из папки входящих" in [s.value for s in at.subheader]
    stuck = at.dataframe[-1].value
    assert list(stuck["Файл"]) == ["скан 12.pdf"] and list(stuck["Причина"]) == ["нет прав на перемещение"]
