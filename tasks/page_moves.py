"""«Разбор» of a split scan (issue 15): the clerk moves pages between its packages.

When the splitter was unsure where a document ends, the item waits for a clerk instead of a guess.
The clerk assigns each page to a package (or a new one); ``move_pages`` checks the assignment
(``tasks.split.regroup``), writes each package's document PDF again from the pages the item holds,
and records ``review.move_pages`` with the pages before and after, in the caller's transaction. A
refused assignment changes nothing.

A package's document is its first file (the pipeline appends the envelope after it); pages are
numbered 1.. across the packages' documents in package order, as the review page shows them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy.orm import Session

from config.blob_store import load_blob, store_blob
from config.limits import DEFAULT_LIMITS, Limits
from db import audit
from db.models import Attachment, Incoming, Package
from tasks.ingest.documents import pages_label
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


def _page_texts(document: Attachment) -> list[str]:
    """The document's text per page (the pipeline joins pages with a form feed)."""
    count = document.page_count or 0
    texts = [t.strip() for t in (document.text or "").split("\f")]
    if len(texts) == count:
        return texts
    return [document.text or "", *[""] * (count - 1)]  # never drop text that does not split evenly


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
) -> Incoming:
    """Put each page into the package ``assignment`` names (``len(packages) + 1`` is a new one)."""
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
    own = {d.sha256 for d in documents}
    elsewhere = {
        sha: number for sha, number in registered_under(session, sha256s=shas).items() if sha not in own
    }
    if elsewhere:
        number = next(iter(elsewhere.values()))
        raise ReviewError(
            PageMoveProblem.DUPLICATE, f"Такой документ уже зарегистрирован под номером {number}."
        )
    texts = [text for d in documents for text in _page_texts(d)]
    for document in documents:  # free the unique content hashes before they are reassigned
        document.incoming_sha256 = None
    session.flush()
    if len(after) > len(item.packages):
        first = item.packages[0]
        item.packages.append(
            Package(position=len(item.packages) + 1, document_type_id=first.document_type_id)
        )
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
        document.text = "\n\f\n".join(texts[page - 1] for page in pages).strip() or None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="review.move_pages",
        entity="incoming",
        entity_id=item.id,
        details={"before": before, "after": after, "packages": [p.id for p in item.packages]},
    )
    return item
