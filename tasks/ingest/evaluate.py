"""The evaluation contract: what the pipeline would decide for a file, with no side effects.

``korrespondent classify --json FILE...`` prints one object per file with exactly these keys
(the contract quality is measured with; keep it stable): ``file, valid, reason, sender,
document_type, case_number, confidence, needs_review, identifiers``, plus ``evidence``: what
decided the sender (the name match, the place, codes or address that told it from namesakes,
or why it could not).

A file may hold several documents (issue 15): ``documents`` lists each one as ``{"pages": [1-based
page numbers], "document_type", "sender", "case_number", "confidence", "needs_review"}`` (a single
document gives a one-element list); ``envelope`` is ``{"pages": [n], "postmark_date": "YYYY-MM-DD"
or null}`` or null; ``skipped_pages`` lists ``{"page": n, "reason": "blank" | "separator"}``. Every
page of a read file is in exactly one of the three. The top-level ``sender, document_type,
case_number, confidence, identifiers, evidence`` describe the first document; ``needs_review`` and
``reason`` speak for the whole file (any document, or the split itself, waiting for a clerk makes
the file wait). A refused file has ``documents: []``. Nothing is written: the read-only session is
rolled back and no file is moved.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from config.runtime import IngestConfig
from tasks.ingest.analyse import ReferenceData, analyse, load_reference
from tasks.ingest.documents import DocumentDecision, decide_documents, validate_stack, write_documents
from tasks.rejections import FileRejected
from tasks.review_reasons import ReviewReason

logger = logging.getLogger(__name__)

CONTRACT_KEYS = (
    "file",
    "valid",
    "reason",
    "sender",
    "document_type",
    "case_number",
    "confidence",
    "needs_review",
    "identifiers",
    "evidence",
    "documents",
    "envelope",
    "skipped_pages",
)


INTERNAL_ERROR = "Внутренняя ошибка программы ({kind}): файл не отклонён, его можно проверить снова"
"""The reason when our own code failed on a file: said plainly, never dressed up as a refusal."""


def _refused(path: Path, refusal: FileRejected | str) -> dict[str, Any]:
    return {
        "file": shown_path(path),
        "valid": False,
        "reason": refusal if isinstance(refusal, str) else refusal.message,
        "sender": None,
        "document_type": None,
        "case_number": None,
        "confidence": 0.0,
        "needs_review": False,
        "identifiers": {},
        "evidence": [],
        "documents": [],
        "envelope": None,
        "skipped_pages": [],
    }


def classify_files(
    engine: Engine, paths: Sequence[Path], *, config: IngestConfig
) -> Iterator[dict[str, Any]]:
    """One contract object per path, in order; refusals have ``valid: false`` and a Russian reason.

    Every path gets its answer, whatever another one does: refusals say why, and an error of our
    own on one file is logged and answered with ``INTERNAL_ERROR`` (``internal_errors`` counts them).
    """
    with Session(bind=engine) as session:
        reference = load_reference(session)
        for path in paths:
            try:
                yield _classify_one(session, reference, path, config)
            except FileRejected as refusal:
                yield _refused(path, refusal)
            except Exception as exc:  # one file's failure must not silence the others: logged, answered
                logger.exception("classify failed on %s", path)
                session.rollback()
                yield _refused(path, INTERNAL_ERROR.format(kind=type(exc).__name__))
        session.rollback()


def shown_path(path: Path) -> str:
    """The path as printable UTF-8: bytes of a name that are not UTF-8 appear as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def is_internal_error(answer: dict[str, Any]) -> bool:
    """True for the answer given when our own code failed on the file (not a refusal)."""
    return str(answer.get("reason") or "").startswith(INTERNAL_ERROR.split("(", 1)[0])


def _classify_one(
    session: Session, reference: ReferenceData, path: Path, config: IngestConfig
) -> dict[str, Any]:
    checked, data, oversize = validate_stack(path, limits=config.limits)
    analysis = analyse(checked, data, reference=reference, ocr=config.ocr, limits=config.limits.for_stack())
    analysis = write_documents(analysis, limits=config.limits, oversize=oversize)
    decided = decide_documents(session, analysis, reference, threshold=config.auto_threshold)
    first = decided[0]
    sender = first.analysis.classification.sender
    reasons = list(dict.fromkeys(r for d in decided for r in d.decision.reasons))
    split = analysis.split
    return {
        "file": shown_path(path),
        "valid": True,
        "reason": " ".join(r.value for r in reasons) or None,
        "sender": sender.name if sender else None,
        "document_type": _type_name(first),
        "case_number": _case_number(first),
        "confidence": first.decision.confidence,
        "needs_review": bool(reasons),
        "identifiers": first.analysis.identifiers.to_json(),
        "evidence": list(sender.evidence) if sender else [],
        "documents": [_document(d) for d in decided],
        "envelope": (
            {
                "pages": list(split.envelope),
                "postmark_date": split.postmark_date.isoformat() if split.postmark_date else None,
            }
            if split is not None and split.envelope
            else None
        ),
        "skipped_pages": [
            {"page": s.page, "reason": s.reason} for s in (split.skipped if split is not None else ())
        ],
    }


def _type_name(decided: DocumentDecision) -> str | None:
    doc_type = decided.analysis.classification.document_type
    return doc_type.name if doc_type else None


def _case_number(decided: DocumentDecision) -> str | None:
    """The case filed on, else the matcher's suggestion; none for pages about several cases."""
    if ReviewReason.MIXED_CASES in decided.decision.reasons:
        return None
    match = decided.match
    return decided.decision.case_number or (match.case_number if match else None)


def _document(decided: DocumentDecision) -> dict[str, Any]:
    sender = decided.analysis.classification.sender
    return {
        "pages": list(decided.pages),
        "document_type": _type_name(decided),
        "sender": sender.name if sender else None,
        "case_number": _case_number(decided),
        "confidence": decided.decision.confidence,
        "needs_review": bool(decided.decision.reasons),
    }
