"""Deciding what the pipeline may do on its own and what waits for a clerk.

Pure functions over the analysis and the case match. Precision first: an item is registered
without a clerk only when sender, type and case (or client) are each confident; anything else
goes to review with its reasons and the candidates, so the clerk starts from the suggestion.
A debtor's own statement is never filed automatically: it carries legal deadlines (230-ФЗ ст. 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.models.enums import IncomingStatus
from tasks.classify import DEBTOR_SENDER, Match
from tasks.ingest.analyse import FileAnalysis, ReferenceData
from tasks.match import CaseMatch
from tasks.reference import OTHER
from tasks.review_reasons import ReviewReason
from tasks.split.cues import names_several_cases

PRIORITY_TYPES = frozenset({"Заявление должника"})


@dataclass(frozen=True, slots=True)
class PackageDecision:
    document_type_id: int | None
    case_id: int | None
    case_number: str | None
    client_id: int | None
    debtor_id: int | None
    confidence: float
    reasons: tuple[ReviewReason, ...]
    suggestion: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ItemDecision:
    sender_id: int | None
    sender_name: str | None
    status: IncomingStatus
    confidence: float
    reasons: tuple[ReviewReason, ...]
    suggestions: dict[str, Any]


def _match_json(match: Match | None) -> dict[str, Any] | None:
    if match is None:
        return None
    return {"id": match.id, "name": match.name, "score": match.score, "evidence": list(match.evidence)}


def _classification_reasons(analysis: FileAnalysis, threshold: float) -> list[ReviewReason]:
    reasons: list[ReviewReason] = []
    extracted = analysis.extracted
    if extracted.method == "none":
        # no page read: because OCR is not installed, because it failed on every page, or nothing to read
        if extracted.ocr_unavailable:
            reasons.append(ReviewReason.OCR_UNAVAILABLE)
        else:
            reasons.append(ReviewReason.OCR_FAILED if extracted.ocr_missing else ReviewReason.NO_TEXT)
    elif "none" in extracted.page_methods:
        # read from some of its pages only: what the unread ones say (a case number, a deadline) is unknown
        reasons.append(ReviewReason.PAGES_UNREAD)
    sender = analysis.classification.sender
    doc_type = analysis.classification.document_type
    if sender is None:
        reasons.append(ReviewReason.SENDER_UNKNOWN)
    elif sender.score < threshold:
        reasons.append(ReviewReason.SENDER_UNSURE)
    if doc_type is None or doc_type.score < threshold or doc_type.name == OTHER:
        reasons.append(ReviewReason.TYPE_UNSURE)
    if doc_type is not None and doc_type.name in PRIORITY_TYPES:
        reasons.append(ReviewReason.PRIORITY)
    return reasons


def _client_id(analysis: FileAnalysis, reference: ReferenceData) -> int | None:
    sender = analysis.classification.sender
    if sender is None or sender.id is None:
        return None
    names = [sender.name] + [a for cp in reference.counterparties if cp.id == sender.id for a in cp.aliases]
    return next(
        (reference.client_ids_by_name[n.lower()] for n in names if n.lower() in reference.client_ids_by_name),
        None,
    )


def decide_package(
    analysis: FileAnalysis, match: CaseMatch | None, reference: ReferenceData, *, threshold: float
) -> PackageDecision:
    """Type, case or client of one package, its confidence and why a clerk must look (if so)."""
    classification = analysis.classification
    reasons = _classification_reasons(analysis, threshold)
    doc_type = classification.document_type
    type_id = doc_type.id if doc_type is not None else None
    confidence = classification.confidence
    case_id = case_number = client_id = debtor_id = None
    if type_id is not None and reference.type_belongs_to.get(type_id) == "client":
        client_id = _client_id(analysis, reference)
        if client_id is None:
            reasons.append(ReviewReason.CLIENT_UNKNOWN)
            confidence = 0.0
    elif match is not None:
        reasons += [r for r in match.reasons if r not in reasons]
        confidence = min(confidence, match.confidence)
        if match.case_id is not None and match.confidence >= threshold:
            case_id, case_number = match.case_id, match.case_number
    if names_several_cases(analysis.extracted.pages):
        # pages about different debtors or cases: never filed whole on the one the matcher found
        reasons.append(ReviewReason.MIXED_CASES)
        case_id = case_number = client_id = None
        confidence = 0.0
    suggestion = {
        "file": analysis.checked.name,
        "sender": _match_json(classification.sender),
        "document_type": _match_json(doc_type),
        "type_candidates": [_match_json(m) for m in classification.type_candidates[:5]],
        "case_candidates": [c.to_json() for c in match.candidates] if match else [],
        "case_suggested": match.case_id if match else None,
        "identifiers": analysis.identifiers.to_json(),
        "text_method": analysis.extracted.method,
        "reasons": [r.value for r in reasons],
    }
    return PackageDecision(
        document_type_id=type_id,
        case_id=case_id,
        case_number=case_number,
        client_id=client_id,
        debtor_id=debtor_id,
        confidence=round(confidence, 4),
        reasons=tuple(reasons),
        suggestion=suggestion,
    )


def decide_item(
    analyses: list[FileAnalysis], packages: list[PackageDecision], *, threshold: float
) -> ItemDecision:
    """The envelope as a whole: its sender, status and the suggestions the review page shows."""
    senders = [a.classification.sender for a in analyses if a.classification.sender is not None]
    best = max(senders, key=lambda m: m.score, default=None)
    reasons: list[ReviewReason] = []
    for package in packages:
        reasons += [r for r in package.reasons if r not in reasons]
    if (
        len({s.name for s in senders if s.score >= threshold}) > 1
        and ReviewReason.SENDER_UNSURE not in reasons
    ):
        reasons.append(ReviewReason.SENDER_UNSURE)
    confidence = min((p.confidence for p in packages), default=0.0)
    first = packages[0].suggestion if packages else {}
    suggestions = {
        "sender": _match_json(best),
        "document_type": first.get("document_type"),
        "case_candidates": first.get("case_candidates", []),
        "identifiers": first.get("identifiers", {}),
        "reasons": [r.value for r in reasons],
        "packages": [p.suggestion for p in packages],
    }
    confident_sender = best is not None and best.score >= threshold
    return ItemDecision(
        sender_id=best.id if best is not None and confident_sender and best.name != DEBTOR_SENDER else None,
        sender_name=best.name if best is not None else None,
        status=IncomingStatus.NEEDS_REVIEW if reasons else IncomingStatus.REGISTERED,
        confidence=round(confidence, 4),
        reasons=tuple(reasons),
        suggestions=suggestions,
    )
