"""«Разбор» of a split scan (issue 15): the clerk moves pages between its packages.

When the splitter was unsure where a document ends, the item waits for a clerk instead of a guess.
The clerk assigns each page to a package (or a new one); ``move_pages`` checks the assignment
(``tasks.split.regroup``), writes each package's document PDF again from the pages the item holds,
and records ``review.move_pages`` with the pages before and after, in the caller's transaction. A
refused assignment changes nothing.

Each package whose pages changed (a new one included) is then decided again from the text of its
document's pages (``tasks.redecide``), so its case candidates, type and filing are its own pages'
and not those of the pages it lost or of the document it came from; a move never runs OCR.

A package's document is its first file (the pipeline appends the envelope after it); pages are
numbered 1.. across the packages' documents in package order, as the review page shows them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from enum import StrEnum

from sqlalchemy.orm import Session

from config.blob_store import load_blob, store_blob
from config.limits import DEFAULT_LIMITS, Limits
from db import audit
from db.models import Attachment, Incoming, Package
from db.search import index_document_text
from tasks.ingest.documents import pages_label
from tasks.redecide import PIPELINE_THRESHOLD, decide_again, package_suggestions, page_texts
from tasks.register import registered_under
from tasks.review import ReviewError, _waiting
from tasks.sandboxed import run_sandboxed
from tasks.split.regroup import RegroupError, regroup, regrouped_pdfs

PDF = "application/pdf"


class PageMoveProblem(StrEnum):
    """Why pages cannot be moved as asked."""

    NOT_A_STACK = "not_a_stack"
    BAD_ASSIGNMENT = "bad_assignment"
    NOTHING_MOVED = "nothing_moved"
    TOO_LARGE = "document_too_large"
    DUPLICATE = "duplicate_content"


def movable_documents(item: Incoming) -> list[Attachment] | None:
    """Each package's document PDF when the item came split from one scan, else ``None``."""
    if not (item.suggestions or {}).get("split"):
        return None
    documents = [p.attachments[0] if p.attachments else None for p in item.packages]
    if any(d is None or d.mime != PDF or not d.page_count for d in documents):
        return None
    return [d for d in documents if d is not None]


def page_numbers(documents: list[Attachment]) -> list[list[int]]:
    """The pages of each package's document, numbered 1.. across the item."""
    out, start = [], 1
    for document in documents:
        count = document.page_count or 0
        out.append(list(range(start, start + count)))
        start += count
    return out


def _joined(texts: Sequence[str]) -> str | None:
    """Page texts as a document's text, one form feed per page boundary, empty pages included
    (not stripped, so the next move splits them exactly); None when no page has text."""
    return "\n\f\n".join(texts) if any(texts) else None


def _file_name(old: str, position: int, pages: list[int]) -> str:
    stem = old.split(" — документ ")[0] if " — документ " in old else old.rsplit(".", 1)[0]
    return f"{stem} — документ {position} ({pages_label(tuple(pages))}).pdf"[-250:]


def move_pages(
    session: Session,
    incoming_id: int,
    *,
    assignment: Mapping[int, int],
    actor: str,
    limits: Limits = DEFAULT_LIMITS,
    threshold: float = PIPELINE_THRESHOLD,
) -> Incoming:
    """Put each page into the package ``assignment`` names (``len(packages) + 1`` is a new one),
    then decide each package whose pages changed again from its pages' text."""
    item = _waiting(session, incoming_id)
    documents = movable_documents(item)
    if documents is None:
        raise ReviewError(
            PageMoveProblem.NOT_A_STACK, "Страницы переносятся только в скане, разделённом на документы."
        )
    before = page_numbers(documents)
    try:
        after = regroup(before, assignment)
    except RegroupError as exc:
        raise ReviewError(PageMoveProblem.BAD_ASSIGNMENT, exc.message) from exc
    if after == before:
        raise ReviewError(
            PageMoveProblem.NOTHING_MOVED, "Страницы не перемещены: распределение не изменилось."
        )
    sources = [load_blob(session, d.sha256) for d in documents]
    pdfs = run_sandboxed(regrouped_pdfs, sources, after, limits.max_file_bytes, limits=limits.child())
    for position, (pages, pdf) in enumerate(zip(after, pdfs, strict=True), start=1):
        if len(pdf) > limits.max_file_bytes:
            raise ReviewError(
                PageMoveProblem.TOO_LARGE,
                f"Документ {position} ({pages_label(tuple(pages))}) "
                "получился больше допустимого размера файла.",
            )
    shas = [hashlib.sha256(pdf).hexdigest() for pdf in pdfs]
    if len(set(shas)) < len(shas):  # identical sheets put in two packages: one content, registered once
        raise ReviewError(
            PageMoveProblem.DUPLICATE,
            "Два пакета получились одинаковыми: такие страницы нельзя разнести по разным пакетам.",
        )
    own = {d.sha256 for d in documents}
    elsewhere = {
        sha: number for sha, number in registered_under(session, sha256s=shas).items() if sha not in own
    }
    if elsewhere:
        number = next(iter(elsewhere.values()))
        raise ReviewError(
            PageMoveProblem.DUPLICATE, f"Такой документ уже зарегистрирован под номером {number}."
        )
    texts = [text for d in documents for text in page_texts(d)]
    kept = package_suggestions(item)
    for document in documents:  # free the unique content hashes before they are reassigned
        document.incoming_sha256 = None
    session.flush()
    if len(after) > len(item.packages):
        item.packages.append(Package(position=len(item.packages) + 1))  # filed below, by its pages
    for index, (package, pages, pdf, sha) in enumerate(zip(item.packages, after, pdfs, shas, strict=True)):
        store_blob(session, pdf, sha256=sha)
        if index < len(documents):
            document = documents[index]
        else:
            document = Attachment(mime=PDF, file_name="", text_method=documents[0].text_method)
            package.attachments.append(document)
        document.file_name = _file_name(documents[0].file_name, package.position, pages)
        document.size, document.sha256, document.incoming_sha256 = len(pdf), sha, sha
        document.page_count = len(pages)
        document.text = _joined([texts[page - 1] for page in pages])
    session.flush()
    index_document_text(session, [p.attachments[0].id for p in item.packages])  # SQLite's side index
    changed = [i for i, pages in enumerate(after) if i >= len(before) or pages != before[i]]
    filed = decide_again(
        session,
        item,
        [p.attachments[:1] for p in item.packages],  # the documents, not the envelope after the first
        kept=kept,
        changed=changed,
        pages=after,
        threshold=threshold,
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="review.move_pages",
        entity="incoming",
        entity_id=item.id,
        details={
            "before": before,
            "after": after,
            "packages": [p.id for p in item.packages],
            "filed": filed,
        },
    )
    return item
