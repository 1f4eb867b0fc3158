"""Deciding each document of a file: its case match and package decision, split doubts included.

Shared by the pipeline (``recording``) and the evaluation contract (``evaluate``), so what
``classify --json`` reports is what registration does. A file that holds one document is decided
exactly as before; a stack gives one decision per document, each matched on its own pages' text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from config.limits import Limits
from tasks.ingest.analyse import FileAnalysis, ReferenceData
from tasks.ingest.decide import PackageDecision, decide_package
from tasks.ingest.filing import fit
from tasks.match import CaseMatch, match_case
from tasks.rejections import FileRejected, RejectReason, format_size
from tasks.review_reasons import ReviewReason
from tasks.sandboxed import run_sandboxed
from tasks.split.cues import subjects_of
from tasks.split.pdf import document_pdfs
from tasks.split.siblings import senders_from_siblings
from tasks.validate import CheckedFile, Mime, validate_file


@dataclass(frozen=True, slots=True)
class DocumentDecision:
    """One document of a file: its analysis (its pages only), case match and decision."""

    analysis: FileAnalysis
    match: CaseMatch | None
    decision: PackageDecision

    @property
    def pages(self) -> tuple[int, ...]:
        return self.analysis.pages


def match_for(session: Session, analysis: FileAnalysis, reference: ReferenceData) -> CaseMatch | None:
    """The case match of one document; None for a type filed by client (no case to look up)."""
    doc_type = analysis.classification.document_type
    if doc_type is not None and reference.type_belongs_to.get(doc_type.id or -1) == "client":
        return None
    return match_case(session, analysis.identifiers, text=analysis.extracted.text)


def decide_documents(
    session: Session, analysis: FileAnalysis, reference: ReferenceData, *, threshold: float
) -> list[DocumentDecision]:
    """A decision per document of the file; an unsure cut sends the documents on both sides of it
    to a clerk.

    Why both: a misplaced boundary takes pages from one document and gives them to the next, so
    neither may be filed before a clerk has looked at where the cut lies. Why only those: the
    other documents of a morning stack have sure cuts and pages, and their mail need not wait
    (``Split.unsure_documents``).
    """
    split = analysis.split
    unsure = split.unsure_documents(threshold) if split is not None else frozenset()
    out = []
    for index, part in enumerate(_with_sibling_senders(analysis.documents, threshold)):
        match = match_for(session, part, reference)
        decision = decide_package(part, match, reference, threshold=threshold)
        if analysis.parts and split is not None:
            confidence = min(decision.confidence, split.documents[index].confidence)
            reasons = decision.reasons
            if index in unsure and ReviewReason.SPLIT_UNSURE not in reasons:
                reasons = (*reasons, ReviewReason.SPLIT_UNSURE)
            suggestion = {
                **decision.suggestion,
                "pages": list(part.pages),
                "reasons": [r.value for r in reasons],
            }
            decision = replace(
                decision, confidence=round(confidence, 4), reasons=reasons, suggestion=suggestion
            )
        out.append(DocumentDecision(part, match, decision))
    return out


def _with_sibling_senders(parts: tuple[FileAnalysis, ...], threshold: float) -> list[FileAnalysis]:
    """A stack's documents, an unsure sender taken from a same-case sibling (``tasks.split.siblings``)."""
    if len(parts) < 2:
        return list(parts)
    classifications = senders_from_siblings(
        [p.classification for p in parts], [subjects_of(p.identifiers) for p in parts], threshold=threshold
    )
    return [replace(p, classification=c) for p, c in zip(parts, classifications, strict=True)]


def validate_stack(
    path: Path, *, limits: Limits, root: Path | None = None
) -> tuple[CheckedFile, bytes, FileRejected | None]:
    """Validate a scanned file that may be a stack of documents.

    A file within the single-file limits is validated as always. One above them (size or pages)
    is validated again with the stack limits (``KORR_MAX_STACK_BYTES``, ``max_stack_pages``) and
    accepted for now, with the first refusal returned: it is applied if the file turns out to be
    one document (``write_documents``), so single files are refused exactly as before. Anything
    that fails as a stack is refused with the stack's reason (too large, too many pages) or, when
    it is broken in another way, with the first refusal.
    """
    try:
        checked, data = validate_file(path, limits=limits, root=root)
        return checked, data, None
    except FileRejected as single:
        if single.reason not in (RejectReason.TOO_LARGE, RejectReason.TOO_MANY_PAGES):
            raise
        try:
            checked, data = validate_file(path, limits=limits.for_stack(), root=root)
        except FileRejected as stack:
            if stack.reason is RejectReason.TOO_LARGE:
                detail = f"{stack.detail}, допустимо не больше {format_size(limits.max_stack_bytes)}"
                raise FileRejected(RejectReason.STACK_TOO_LARGE, detail, name=stack.name) from stack
            if stack.reason is RejectReason.TOO_MANY_PAGES:
                raise
            raise single from stack
        return checked, data, single


def pages_label(pages: tuple[int, ...]) -> str:
    """«стр. 2–4» for a run of pages, «стр. 2, 5» otherwise."""
    if len(pages) > 1 and list(pages) == list(range(pages[0], pages[-1] + 1)):
        return f"стр. {pages[0]}–{pages[-1]}"
    return "стр. " + ", ".join(map(str, pages))


def _part_name(name: str, index: int, pages: tuple[int, ...]) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return fit(f"{stem} — документ {index} ({pages_label(pages)}).pdf", 250)


def write_documents(
    analysis: FileAnalysis, *, limits: Limits, oversize: FileRejected | None = None
) -> FileAnalysis:
    """Give each document of a stack its own PDF (recompressed when needed) and check the limits.

    A single document keeps the file as it is: refused with ``oversize`` (its refusal under the
    single-file limits) if it had one. A document of a stack above ``max_file_bytes`` after
    recompression, or above ``max_pages``, refuses the whole file with its reason: nothing is
    cut or dropped silently. Runs the PDF work in the sandbox.
    """
    if not analysis.parts or analysis.checked.mime is not Mime.PDF:
        if oversize is not None and analysis.extracted.method == "none":
            why = analysis.extracted.ocr_missing or "текст не прочитан"
            detail = f"{oversize.detail}; разделить скан на документы не удалось: {why}"
            raise FileRejected(oversize.reason, detail.lstrip("; "), name=oversize.name)
        if oversize is not None:
            raise oversize
        return analysis
    split = analysis.split
    envelope = split.envelope if split is not None else ()
    groups = [part.pages for part in analysis.parts] + ([envelope] if envelope else [])
    pdfs = run_sandboxed(document_pdfs, analysis.data, groups, limits.max_file_bytes, limits=limits.child())
    parts = []
    for index, (part, pdf) in enumerate(zip(analysis.parts, pdfs, strict=False), start=1):
        where = f"документ {index}, {pages_label(part.pages)}"
        if len(part.pages) > limits.max_pages:
            raise FileRejected(
                RejectReason.TOO_MANY_PAGES,
                f"{where}: {len(part.pages)}, допустимо не больше {limits.max_pages}",
            )
        if len(pdf) > limits.max_file_bytes:
            detail = (
                f"{where}: {format_size(len(pdf))}, допустимо не больше {format_size(limits.max_file_bytes)}"
            )
            raise FileRejected(RejectReason.DOCUMENT_TOO_LARGE, detail)
        checked = replace(
            analysis.checked,
            path=None,
            name=_part_name(analysis.checked.name, index, part.pages),
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            pages=len(part.pages),
        )
        parts.append(replace(part, checked=checked, data=pdf))
    envelope_pdf = pdfs[len(analysis.parts)] if envelope else None
    return replace(analysis, parts=tuple(parts), envelope_pdf=envelope_pdf)
