"""«Разбор» of a split scan (issue 15): the clerk moves pages between its packages.

When the splitter was unsure where a document ends, the item waits for a clerk instead of a guess.
The clerk assigns each page to a package (or a new one); ``move_pages`` checks the assignment
(``tasks.split.regroup``), writes each package's document PDF again from the pages the item holds,
and records ``review.move_pages`` with the pages before and after, in the caller's transaction. A
refused assignment changes nothing.

Each package whose pages changed (a new one included) is then decided again the way the pipeline
decides a document of a stack (``tasks.ingest.analyse``/``decide``: classification, the case
matcher, ``decide_package``) from the text of its pages, so its case candidates, type and filing
are its own pages' and not those of the pages it lost or of the document it came from. The page
texts are the pipeline's readings (OCR included), kept in each document's text one page per form
feed; nothing is read again, so a move never runs OCR in the clerk's request.

A package's document is its first file (the pipeline appends the envelope after it); pages are
numbered 1.. across the packages' documents in package order, as the review page shows them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, cast

from sqlalchemy.orm import Session

from config.blob_store import load_blob, store_blob
from config.limits import DEFAULT_LIMITS, Limits
from config.runtime import AUTO_THRESHOLD
from db import audit
from db.models import Attachment, Incoming, Package
from db.search import index_document_text
from tasks.extract import ExtractedText, Method, text_quality
from tasks.ingest.analyse import ReferenceData, load_reference, read_document
from tasks.ingest.decide import PackageDecision, decide_package
from tasks.ingest.documents import match_for, pages_label
from tasks.register import registered_under
from tasks.review import ReviewError, _waiting
from tasks.sandboxed import run_sandboxed
from tasks.split.regroup import RegroupError, regroup, regrouped_pdfs
from tasks.validate import CheckedFile, Mime

PDF = "application/pdf"


PIPELINE_THRESHOLD = AUTO_THRESHOLD
"""A package decided again after a move is filed on a case exactly when registration would file it."""


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


def page_texts(document: Attachment) -> list[str]:
    """The document's text per page: the pipeline joins pages with a form feed.

    The pipeline strips the joined text, so empty pages at its end leave no form feed behind;
    they are the missing ones (the splitter never starts a document on a page without text:
    an inked page OCR could not read is a continuation). More parts than pages (a form feed in
    a page's own text) keeps the surplus on the last page: no text is ever dropped.
    """
    count = document.page_count or 0
    texts = [t.strip() for t in (document.text or "").split("\f")]
    if len(texts) < count:
        return texts + [""] * (count - len(texts))
    if count and len(texts) > count:
        return [*texts[: count - 1], "\n".join(texts[count - 1 :]).strip()]
    return texts


def _joined(texts: Sequence[str]) -> str | None:
    """Page texts as a document's text, one form feed per page boundary, empty pages included
    (not stripped, so the next move splits them exactly); None when no page has text."""
    return "\n\f\n".join(texts) if any(texts) else None


def package_decision(
    session: Session,
    document: Attachment,
    texts: Sequence[str],
    *,
    reference: ReferenceData,
    threshold: float = PIPELINE_THRESHOLD,
) -> PackageDecision:
    """What the pipeline decides for a document whose pages read ``texts``: the same reading
    (``tasks.ingest.analyse``), case matcher (``match_for``) and decision (``decide_package``)."""
    text = "\n\f\n".join(texts).strip()
    method = cast(Method, document.text_method if document.text_method in ("text_layer", "ocr") else "none")
    extracted = ExtractedText(text=text, pages=tuple(texts), method=method, quality=text_quality(text))
    checked = CheckedFile(
        path=None,
        name=document.file_name,
        sha256=document.sha256,
        mime=Mime.PDF,
        size=document.size,
        pages=len(texts),
    )
    analysis = read_document(checked, b"", extracted, reference, tuple(range(1, len(texts) + 1)))
    return decide_package(analysis, match_for(session, analysis, reference), reference, threshold=threshold)


def _decide_again(
    session: Session,
    item: Incoming,
    changed: Sequence[int],
    previous: int,
    texts: Sequence[Sequence[str]],
    pages: Sequence[Sequence[int]],
    *,
    threshold: float,
) -> dict[str, Any]:
    """File the changed packages as the pipeline would and give each its own suggestions.

    A package whose pages did not change keeps what the pipeline found for it, unless the item's
    per-package suggestions did not line up with its ``previous`` packages (then every package is
    decided again). The item's own suggestions follow its first package, as ``decide_item`` sets them.
    Returns what changed in each package's filing, for the audit row.
    """
    suggestions = dict(item.suggestions or {})
    old = [s if isinstance(s, dict) else {} for s in suggestions.get("packages") or []]
    redo = set(changed) if len(old) == previous else set(range(len(item.packages)))
    if not redo:
        return {}
    reference = load_reference(session)
    filed: dict[str, Any] = {}
    per_package = []
    for index, package in enumerate(item.packages):
        if index not in redo:
            per_package.append(old[index])
            continue
        decision = package_decision(
            session, package.attachments[0], texts[index], reference=reference, threshold=threshold
        )
        per_package.append({**decision.suggestion, "pages": list(pages[index])})
        package.document_type_id, package.case_id = decision.document_type_id, decision.case_id
        package.client_id, package.debtor_id = decision.client_id, decision.debtor_id
        filed[str(package.position)] = {
            "document_type_id": decision.document_type_id,
            "case_id": decision.case_id,
            "client_id": decision.client_id,
        }
    first = per_package[0]
    suggestions.update(
        packages=per_package,
        document_type=first.get("document_type"),
        case_candidates=first.get("case_candidates", []),
        identifiers=first.get("identifiers", {}),
    )
    item.suggestions = suggestions  # a new dict: the JSON column sees the change
    return filed


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
        document.text = _joined([texts[page - 1] for page in pages])
    session.flush()
    index_document_text(session, [p.attachments[0].id for p in item.packages])  # SQLite's side index
    changed = [i for i, pages in enumerate(after) if i >= len(before) or pages != before[i]]
    filed = _decide_again(
        session,
        item,
        changed,
        len(before),
        [[texts[page - 1] for page in pages] for pages in after],
        after,
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
