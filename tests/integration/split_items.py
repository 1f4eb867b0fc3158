"""A scanned stack as «Разбор» gets it (issue 15): one item whose packages are the documents the
splitter found, each a PDF of its pages with the pipeline's text (one page per form feed).

Shared by the page-move tests of ``tasks.page_moves`` and of the review page, so both move pages
in the same kind of item; ``debtor_letters`` gives two debtors' cases and a page naming each.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader
from sqlalchemy.orm import Session

from config.blob_store import load_blob
from db.models import Case, CaseIdentifier, Client, Debtor
from db.models.enums import IncomingSource, IncomingStatus
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


def pages_pdf(name: str, texts: Sequence[str]) -> FileInput:
    """A PDF with one page per text (printed in a font with Cyrillic) and the texts as the
    pipeline stores a document's text."""
    from reportlab.pdfgen import canvas

    from tasks.print_forms.fonts import register_fonts

    regular, _bold = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in texts:
        pdf.setFont(regular, 10)
        for line, words in enumerate(text.split("\n")):
            pdf.drawString(72, 720 - 14 * line, words)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    joined = "\n\f\n".join(texts)
    return FileInput(
        name, data, "application/pdf", hashlib.sha256(data).hexdigest(), len(texts), joined, "ocr"
    )


def register_split_item(session: Session, documents: Sequence[Sequence[str]]) -> int:
    """A scan split into ``documents`` (each the texts of its pages), waiting in «Разбор» because
    the splitter was unsure of a boundary; returns the item's id."""
    numbered, start = [], 1
    for texts in documents:
        numbered.append(list(range(start, start + len(texts))))
        start += len(texts)
    item = register_incoming(
        session,
        IncomingInput(
            sender_id=None,
            source=IncomingSource.SCANNER,
            status=IncomingStatus.NEEDS_REVIEW,
            review_reason="split_unsure",
            suggestions={"split": [{"file": "скан.pdf", "documents": numbered, "skipped_pages": []}]},
        ),
        [
            PackageInput(files=(pages_pdf(f"скан — документ {n} (стр. {pages[0]}–{pages[-1]}).pdf", texts),))
            for n, (texts, pages) in enumerate(zip(documents, numbered, strict=True), start=1)
        ],
        actor="tests",
    )
    return item.id


def tagged_pages(count: int) -> list[str]:
    """``count`` page texts no other test's pages share."""
    tag = uuid.uuid4().hex[:8]
    return [f"{tag} page {n}" for n in range(1, count + 1)]


def pdf_page_texts(session: Session, sha256: str) -> list[str]:
    """The text of each page of a stored PDF, as a reader of the file finds it."""
    return [p.extract_text().strip() for p in PdfReader(io.BytesIO(load_blob(session, sha256))).pages]


@dataclass(frozen=True, slots=True)
class DebtorLetter:
    """A debtor's case and the text of a bailiff's page about it (ИП number and the debtor's name)."""

    case_id: int
    case_number: str
    page: str


def debtor_letters(session: Session) -> tuple[DebtorLetter, DebtorLetter]:
    """Two debtors' cases, each with an ИП number, and a page naming each (numbers unique per call)."""
    tag = uuid.uuid4().hex[:6]
    number = int(tag, 16) % 90000 + 10000
    client = Client(name=f"Банк {tag}")
    session.add(client)
    out = []
    for offset, (name, initials) in enumerate(
        (("Воронцов Игорь Семёнович", "Воронцов И.С."), ("Белоусова Марина Олеговна", "Белоусова М.О."))
    ):
        debtor = Debtor(full_name=name)
        session.add(debtor)
        session.flush()
        ip = f"{number + offset}/24/54007-ИП"
        case = Case(case_number=f"К-{tag}-{offset + 1}", client_id=client.id, debtor_id=debtor.id)
        case.identifiers.append(CaseIdentifier(kind="ip", value=ip))
        session.add(case)
        session.flush()
        page = (
            "ПОСТАНОВЛЕНИЕ\n"
            f"об окончании исполнительного производства № {ip}\n"
            f"Должник: {name}, {initials}\n"
            "Судебный пристав-исполнитель постановил окончить исполнительное производство."
        )
        out.append(DebtorLetter(case.id, case.case_number, page))
    return out[0], out[1]
