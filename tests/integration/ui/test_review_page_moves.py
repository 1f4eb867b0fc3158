"""«Разбор» of a split scan (issue 15): the clerk sees each package's page thumbnails and moves a
page to another package with clicks; the packages' files are rebuilt and the move is audited."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

from pypdf import PdfReader
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from config.blob_store import load_blob
from db.audit import list_entries
from db.engine import session_scope
from db.models import Incoming
from db.models.enums import IncomingSource, IncomingStatus, Role
from tasks import review
from tasks.incoming_queries import get_item
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tests.integration.ui.conftest import unique

Login = Callable[[Role], AppTest]


def _document(name: str, texts: list[str]) -> FileInput:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in texts:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    joined = "\n\f\n".join(texts)
    return FileInput(
        name, data, "application/pdf", hashlib.sha256(data).hexdigest(), len(texts), joined, "text"
    )


def _stack(engine: Engine) -> tuple[int, list[str]]:
    with session_scope(engine) as session:
        for item_id in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, item_id, reason="очередь очищена тестом", actor="tests")
    tag = unique("stack")
    pages = [f"{tag} page {n}" for n in range(1, 6)]
    with session_scope(engine) as session:
        item = register_incoming(
            session,
            IncomingInput(
                sender_id=None,
                source=IncomingSource.SCANNER,
                status=IncomingStatus.NEEDS_REVIEW,
                review_reason="unsure_boundary",
                suggestions={"split": [{"file": "скан.pdf", "documents": [[1, 2, 3], [4, 5]]}]},
            ),
            [
                PackageInput(files=(_document("скан — документ 1 (стр. 1–3).pdf", pages[:3]),)),
                PackageInput(files=(_document("скан — документ 2 (стр. 4–5).pdf", pages[3:]),)),
            ],
            actor="tests",
        )
        return item.id, pages


def _pages_of(engine: Engine, item_id: int) -> list[list[str]]:
    with session_scope(engine) as session:
        item = get_item(session, item_id)
        assert item is not None
        out = []
        for package in item.packages:
            data = load_blob(session, package.attachments[0].sha256)
            out.append([p.extract_text().strip() for p in PdfReader(io.BytesIO(data)).pages])
        return out


def test_a_clerk_sees_page_thumbnails_and_moves_a_page_to_the_next_package(
    logged_in: Login, app_engine: Engine
) -> None:
    item_id, pages = _stack(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    thumbnails = [
        i.proto.imgs[0].caption for i in at.get("image") if i.proto.imgs[0].caption.startswith("Стр.")
    ]
    assert thumbnails == [f"Стр. {n}" for n in range(1, 6)]  # one per page of the two packages
    assert at.selectbox(key=f"rv_page_{item_id}_3").value == 1
    assert at.selectbox(key=f"rv_page_{item_id}_3").options == ["Пакет 1", "Пакет 2", "Новый пакет"]
    at.selectbox(key=f"rv_page_{item_id}_3").select(2).run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    assert any("страницы перенесены" in s.value for s in at.success)
    assert _pages_of(app_engine, item_id) == [pages[:2], pages[2:]]
    with session_scope(app_engine) as session:
        assert list_entries(session, action_prefix="review.move_pages")[0].entity_id == str(item_id)
    assert at.selectbox(key=f"rv_page_{item_id}_3").value == 2  # the same item, now as moved


def test_emptying_a_package_is_refused_in_russian_and_changes_nothing(
    logged_in: Login, app_engine: Engine
) -> None:
    item_id, pages = _stack(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    for page in (4, 5):
        at.selectbox(key=f"rv_page_{item_id}_{page}").select(1)
    at.run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    assert any("не остаётся страниц" in w.value for w in at.warning)
    assert _pages_of(app_engine, item_id) == [pages[:3], pages[3:]]
