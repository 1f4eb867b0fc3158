"""«Разбор» of a split scan: moving a page between packages rebuilds their PDFs, audited (issue 15)."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from config.blob_store import load_blob
from db.audit import list_entries
from db.models.enums import IncomingSource, IncomingStatus
from tasks import review
from tasks.page_moves import move_pages
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


def _document(name: str, *texts: str) -> FileInput:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in texts:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    text = "\n\f\n".join(texts)
    return FileInput(
        name, data, "application/pdf", hashlib.sha256(data).hexdigest(), len(texts), text, "text"
    )


def _stack(session: Session) -> tuple[int, list[str]]:
    tag = uuid.uuid4().hex[:8]
    pages = [f"{tag} page {n}" for n in range(1, 6)]
    item = register_incoming(
        session,
        IncomingInput(
            sender_id=None,
            source=IncomingSource.SCANNER,
            status=IncomingStatus.NEEDS_REVIEW,
            suggestions={
                "split": [{"file": "скан.pdf", "documents": [[1, 2, 3], [4, 5]], "skipped_pages": []}]
            },
        ),
        [
            PackageInput(files=(_document("скан — документ 1 (стр. 1–3).pdf", *pages[:3]),)),
            PackageInput(files=(_document("скан — документ 2 (стр. 4–5).pdf", *pages[3:]),)),
        ],
        actor="tests",
    )
    return item.id, pages


def _read(session: Session, sha256: str) -> list[str]:
    return [p.extract_text().strip() for p in PdfReader(io.BytesIO(load_blob(session, sha256))).pages]


def test_moving_a_page_from_package_one_to_two_rebuilds_both_pdfs_and_audits_it(session: Session) -> None:
    item_id, pages = _stack(session)
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 2, 4: 2, 5: 2}, actor="anna")
    first, second = (p.attachments[0] for p in item.packages)
    assert (first.page_count, second.page_count) == (2, 3)
    assert _read(session, first.sha256) == pages[:2]
    assert _read(session, second.sha256) == pages[2:]
    assert second.file_name == "скан — документ 2 (стр. 3–5).pdf"
    assert pages[2] in (second.text or "") and pages[2] not in (first.text or "")
    entry = list_entries(session, actor="anna", action_prefix="review.")[0]
    assert entry.action == "review.move_pages"
    assert entry.details == {
        "before": [[1, 2, 3], [4, 5]],
        "after": [[1, 2], [3, 4, 5]],
        "packages": [p.id for p in item.packages],
    }


def test_a_page_into_a_new_package_makes_a_third_package(session: Session) -> None:
    item_id, pages = _stack(session)
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 3, 4: 2, 5: 2}, actor="anna")
    assert [p.attachments[0].page_count for p in item.packages] == [2, 2, 1]
    assert _read(session, item.packages[2].attachments[0].sha256) == [pages[2]]


def test_an_assignment_that_empties_a_package_is_refused_and_changes_nothing(session: Session) -> None:
    item_id, _pages = _stack(session)
    item = review._waiting(session, item_id)
    before = [(a.sha256, a.page_count) for p in item.packages for a in p.attachments]
    with pytest.raises(review.ReviewError, match="В пакете 2 не остаётся страниц"):
        move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, actor="anna")
    assert [(a.sha256, a.page_count) for p in item.packages for a in p.attachments] == before
    assert not list_entries(session, actor="anna", action_prefix="review.")


def test_moving_the_page_back_restores_the_packages_as_they_were(session: Session) -> None:
    item_id, pages = _stack(session)
    move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 2, 4: 2, 5: 2}, actor="anna")
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 1, 4: 2, 5: 2}, actor="anna")
    first, second = (p.attachments[0] for p in item.packages)
    assert (_read(session, first.sha256), _read(session, second.sha256)) == (pages[:3], pages[3:])
    assert [e.action for e in list_entries(session, actor="anna", action_prefix="review.")] == [
        "review.move_pages"
    ] * 2
