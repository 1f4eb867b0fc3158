"""The evaluation contract: what the pipeline would decide for a file, with no side effects.

``korrespondent classify --json FILE...`` prints one object per file with exactly these keys
(the contract quality is measured with; keep it stable): ``file, valid, reason, sender,
document_type, case_number, confidence, needs_review, identifiers``, plus ``evidence``: what
decided the sender (the name match, the place, codes or address that told it from namesakes,
or why it could not). Nothing is written: the
read-only session is rolled back and no file is moved.
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
from tasks.ingest.decide import decide_package
from tasks.match import match_case
from tasks.rejections import FileRejected
from tasks.validate import validate_file

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
    checked, data = validate_file(path, limits=config.limits)
    analysis = analyse(checked, data, reference=reference, ocr=config.ocr, limits=config.limits)
    doc_type = analysis.classification.document_type
    by_client = doc_type is not None and reference.type_belongs_to.get(doc_type.id or -1) == "client"
    match = None if by_client else match_case(session, analysis.identifiers, text=analysis.extracted.text)
    decision = decide_package(analysis, match, reference, threshold=config.auto_threshold)
    sender = analysis.classification.sender
    return {
        "file": shown_path(path),
        "valid": True,
        "reason": " ".join(r.value for r in decision.reasons) or None,
        "sender": sender.name if sender else None,
        "document_type": doc_type.name if doc_type else None,
        "case_number": decision.case_number or (match.case_number if match else None),
        "confidence": decision.confidence,
        "needs_review": bool(decision.reasons),
        "identifiers": analysis.identifiers.to_json(),
        "evidence": list(sender.evidence) if sender else [],
    }
