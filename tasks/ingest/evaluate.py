"""The evaluation contract: what the pipeline would decide for a file, with no side effects.

``korrespondent classify --json FILE...`` prints one object per file with exactly these keys
(the contract quality is measured with; keep it stable): ``file, valid, reason, sender,
document_type, case_number, confidence, needs_review, identifiers``, plus ``evidence``: what
decided the sender (the name match, the place, codes or address that told it from namesakes,
or why it could not). Nothing is written: the
read-only session is rolled back and no file is moved.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from config.runtime import IngestConfig
from tasks.ingest.analyse import analyse, load_reference
from tasks.ingest.decide import decide_package
from tasks.match import match_case
from tasks.rejections import FileRejected
from tasks.validate import validate

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


def _refused(path: Path, refusal: FileRejected) -> dict[str, Any]:
    return {
        "file": str(path),
        "valid": False,
        "reason": refusal.message,
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
    """One contract object per path, in order; refusals have ``valid: false`` and a Russian reason."""
    with Session(bind=engine) as session:
        reference = load_reference(session)
        for path in paths:
            try:
                checked = validate(path, limits=config.limits)
            except FileRejected as refusal:
                yield _refused(path, refusal)
                continue
            analysis = analyse(
                checked, path.read_bytes(), reference=reference, ocr=config.ocr, limits=config.limits
            )
            doc_type = analysis.classification.document_type
            by_client = doc_type is not None and reference.type_belongs_to.get(doc_type.id or -1) == "client"
            match = (
                None if by_client else match_case(session, analysis.identifiers, text=analysis.extracted.text)
            )
            decision = decide_package(analysis, match, reference, threshold=config.auto_threshold)
            sender = analysis.classification.sender
            yield {
                "file": str(path),
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
        session.rollback()
