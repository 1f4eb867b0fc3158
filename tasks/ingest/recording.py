"""The database side of an envelope: register or refuse its files, and read back the outcome.

``record_envelope`` runs inside one transaction (the caller's); ``describe_rows`` turns the
committed ledger rows into file moves and the outcome report, so the moves after a crash are
computed exactly as they were the first time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.runtime import IngestConfig
from db import audit
from db.models import Attachment, Incoming, IntakeFile, Package, Rejection, utcnow
from db.models.enums import IncomingSource, IncomingStatus, IntakeStatus
from tasks.deadlines.store import local_date, receipt_day
from tasks.ingest.analyse import FileAnalysis, ReferenceData, load_reference
from tasks.ingest.decide import PackageDecision, decide_item
from tasks.ingest.documents import DocumentDecision, decide_documents
from tasks.ingest.filing import archive_path, fit, rejected_path
from tasks.ingest.model import ClaimedEnvelope, EnvelopeOutcome, FileOutcome, Outcome
from tasks.register import (
    DuplicateContent,
    FileInput,
    IncomingInput,
    PackageInput,
    register_incoming,
    registered_under,
)
from tasks.rejections import FileRejected, RejectReason, describe

REGISTER_ROUNDS = 3
"""Tries to register an envelope's files in one transaction; each lost race drops the file it lost."""


def _ledger(session: Session, envelope: ClaimedEnvelope, *, lock: bool = False) -> dict[str, IntakeFile]:
    """The envelope's ledger rows; ``lock`` holds them (FOR UPDATE on PostgreSQL) until commit.

    Locking makes a second worker on the same envelope wait and then see the rows finished,
    so it skips them instead of refusing the first worker's registration as a duplicate.
    (SQLite's ``BEGIN IMMEDIATE`` already serialises writers.)
    """
    query = select(IntakeFile).where(IntakeFile.claim_name.in_(envelope.file_claims))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return {row.claim_name: row for row in session.scalars(query)}


def _refuse(
    session: Session,
    row: IntakeFile,
    refusal: FileRejected,
    *,
    config: IngestConfig,
    actor: str,
    status: IntakeStatus,
) -> None:
    target = rejected_path(config.rejected_dir, file_claim=row.claim_name)
    rejection = Rejection(
        file_name=row.original_name,
        sha256=row.sha256,
        size=row.size,
        reason=refusal.reason.value,
        detail=refusal.detail or None,
        moved_to=str(target),
        source="scanner",
    )
    session.add(rejection)
    session.flush()
    row.status, row.rejection_id, row.finished_at = status.value, rejection.id, utcnow()
    audit.record(
        session,
        actor=actor,
        action="incoming.reject",
        entity="rejection",
        entity_id=rejection.id,
        details={"reason": refusal.reason.value, "file": row.original_name},
    )


def _package(analysis: FileAnalysis, decision: PackageDecision) -> PackageInput:
    checked = analysis.checked
    file = FileInput(
        name=checked.name,
        data=analysis.data,
        mime=checked.mime.value,
        sha256=checked.sha256,
        pages=checked.pages,
        text=analysis.extracted.text,
        text_method=analysis.extracted.method,
    )
    return PackageInput(
        files=(file,),
        document_type_id=decision.document_type_id,
        case_id=decision.case_id,
        client_id=decision.client_id,
        debtor_id=decision.debtor_id,
    )


def _envelope_file(analysis: FileAnalysis) -> FileInput | None:
    """The envelope page(s) of a stack as a file of the item's first package: the envelope image
    is kept with the mail it brought, its postmark date in the item's suggestions."""
    split = analysis.split
    if analysis.envelope_pdf is None or split is None:
        return None
    text = "\n\f\n".join(analysis.extracted.pages[n - 1] for n in split.envelope).strip()
    stem = analysis.checked.name.rsplit(".", 1)[0]
    return FileInput(
        name=fit(f"Конверт — {stem}.pdf", 250),
        data=analysis.envelope_pdf,
        mime=analysis.checked.mime.value,
        sha256=hashlib.sha256(analysis.envelope_pdf).hexdigest(),
        pages=len(split.envelope),
        text=text,
        text_method=analysis.extracted.method,
    )


def _split_suggestions(analyses: list[FileAnalysis]) -> dict[str, Any]:
    """What the review page shows about the stacks among the files: envelope, postmark, skipped sheets."""
    stacks = [a for a in analyses if a.parts and a.split is not None]
    if not stacks:
        return {}
    out: dict[str, Any] = {
        "split": [
            {
                "file": a.checked.name,
                "documents": [list(p.pages) for p in a.parts],
                "skipped_pages": [{"page": s.page, "reason": s.reason} for s in a.split.skipped],
            }
            for a in stacks
            if a.split is not None
        ]
    }
    envelopes = [a.split for a in stacks if a.split is not None and a.split.envelope]
    if envelopes:
        postmark = envelopes[0].postmark_date
        out["envelope"] = {
            "pages": list(envelopes[0].envelope),
            "postmark_date": postmark.isoformat() if postmark else None,
        }
    return out


def _register(
    session: Session,
    items: list[tuple[str, FileAnalysis]],
    *,
    reference: ReferenceData,
    config: IngestConfig,
    actor: str,
) -> list[Incoming]:
    """Register the files as one item, or a stack of mail from several senders as one item per
    sender (in the stack's order); all or none (a savepoint), the first item first."""
    analyses = [analysis for _, analysis in items]
    documents: list[tuple[DocumentDecision, PackageInput]] = []
    postmarks: dict[int, date | None] = {}  # id of the package carrying an envelope -> its postmark
    for analysis in analyses:
        envelope = _envelope_file(analysis)
        for decided in decide_documents(session, analysis, reference, threshold=config.auto_threshold):
            package = _package(decided.analysis, decided.decision)
            if envelope is not None:  # the first document of the stack carries its envelope
                package = replace(package, files=(*package.files, envelope))
                postmarks[id(package)] = analysis.split.postmark_date if analysis.split else None
                envelope = None
            documents.append((decided, package))
    groups = _by_sender(documents, config.auto_threshold) if len(analyses) == 1 else [documents]
    registered = []
    with session.begin_nested():
        for group in groups:
            item = decide_item(
                [d.analysis for d, _ in group],
                [d.decision for d, _ in group],
                threshold=config.auto_threshold,
            )
            incoming_input = IncomingInput(
                sender_id=item.sender_id,
                source=IncomingSource.SCANNER,
                status=item.status,
                review_reason=" ".join(r.value for r in item.reasons) or None,
                confidence=item.confidence,
                suggestions={**item.suggestions, **_split_suggestions(analyses)},
                received_on=_receipt(group, postmarks),
            )
            registered.append(register_incoming(session, incoming_input, [p for _, p in group], actor=actor))
    return registered


def _receipt(group: list[tuple[DocumentDecision, PackageInput]], postmarks: dict[int, date | None]) -> date:
    """The item's receipt date: the postmark of the envelope its mail came in, when legible and
    plausible (``receipt_day``), otherwise today, the day the file arrived. Only the item whose
    package carries the envelope takes its postmark (another sender's mail in a morning stack
    came in another envelope)."""
    postmark = next((postmarks[id(p)] for _, p in group if id(p) in postmarks), None)
    return receipt_day(arrived=local_date(utcnow()), postmark=postmark)


def _by_sender(
    documents: list[tuple[DocumentDecision, PackageInput]], threshold: float
) -> list[list[tuple[DocumentDecision, PackageInput]]]:
    """A stack's documents in runs of one confident sender: a morning's stack of mail from
    several senders is several items (an item has one sender). A document whose sender is
    unsure stays with the run before it, and its item waits for a clerk for that reason."""
    groups: list[list[tuple[DocumentDecision, PackageInput]]] = []
    current: str | None = None
    for document in documents:
        sender = document[0].analysis.classification.sender
        name = sender.name if sender is not None and sender.score >= threshold else None
        if groups and (name is None or current is None or name == current):
            groups[-1].append(document)
            current = current or name
        else:
            groups.append([document])
            current = name
    return groups


def record_envelope(
    session: Session,
    envelope: ClaimedEnvelope,
    *,
    analyses: list[tuple[str, FileAnalysis]],
    refused: list[tuple[str, FileRejected]],
    config: IngestConfig,
    actor: str,
) -> None:
    """Register the envelope's readable files as one item and refuse the rest, in this transaction."""
    rows = _ledger(session, envelope, lock=True)
    for claim, refusal in refused:
        if rows[claim].status == IntakeStatus.CLAIMED:
            _refuse(session, rows[claim], refusal, config=config, actor=actor, status=IntakeStatus.REJECTED)
    pending = [(claim, a) for claim, a in analyses if rows[claim].status == IntakeStatus.CLAIMED]
    for claim, analysis in pending:
        rows[claim].sha256, rows[claim].size = analysis.checked.sha256, analysis.checked.size
    reference = load_reference(session) if pending else None
    for round_ in range(REGISTER_ROUNDS):
        if not pending or reference is None:
            break
        pending = _drop_duplicates(session, rows, pending, config=config, actor=actor)
        if not pending:
            break
        try:
            items = _register(session, pending, reference=reference, config=config, actor=actor)
            # the ledger names one item per file: one that waits for a clerk, if any, so the
            # outcome reported for a stack of several items never says "registered" too early
            incoming = next((i for i in items if i.status == IncomingStatus.NEEDS_REVIEW), items[0])
        except DuplicateContent:
            if round_ == REGISTER_ROUNDS - 1:
                raise  # still losing races: this transaction fails, the envelope's next attempt retries
            continue  # registered meanwhile by someone else: the next round refuses it as a duplicate
        for claim, _ in pending:
            rows[claim].status, rows[claim].incoming_id, rows[claim].finished_at = (
                "registered",
                incoming.id,
                utcnow(),
            )
        break


def _drop_duplicates(
    session: Session,
    rows: dict[str, IntakeFile],
    pending: list[tuple[str, FileAnalysis]],
    *,
    config: IngestConfig,
    actor: str,
) -> list[tuple[str, FileAnalysis]]:
    contents = {claim: _contents(a) for claim, a in pending}
    registered = registered_under(session, sha256s=[sha for shas in contents.values() for sha in shas])
    first_seen: dict[str, str] = {}
    kept = []
    for claim, analysis in pending:
        sha = analysis.checked.sha256
        known = next((registered[s] for s in contents[claim] if s in registered), None)
        if known is not None:
            detail = f"№ {known}"
        elif sha in first_seen:
            detail = f"повтор файла {first_seen[sha]} в том же конверте"
        else:
            first_seen[sha] = analysis.checked.name
            kept.append((claim, analysis))
            continue
        refusal = FileRejected(RejectReason.DUPLICATE, detail)
        _refuse(session, rows[claim], refusal, config=config, actor=actor, status=IntakeStatus.DUPLICATE)
    return kept


def _contents(analysis: FileAnalysis) -> list[str]:
    """Hashes this file would register: the file itself, or each document of a stack."""
    return [analysis.checked.sha256, *(part.checked.sha256 for part in analysis.parts)]


@dataclass(frozen=True, slots=True)
class RowView:
    claim: str
    status: str
    file: FileOutcome
    reg_number: str | None = None
    received_at: datetime | None = None
    moved_to: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True, slots=True)
class Described:
    rows: tuple[RowView, ...]

    def moves(self, config: IngestConfig) -> Iterator[tuple[str, Path, str | None]]:
        """(file claim, target, reason text or None) for every finished file."""
        for row in self.rows:
            if row.status == IntakeStatus.REGISTERED and row.reg_number and row.received_at:
                target = archive_path(
                    config.archive_dir,
                    received_at=row.received_at,
                    reg_number=row.reg_number,
                    file_claim=row.claim,
                )
                yield row.claim, target, None
            elif row.status in (IntakeStatus.REJECTED, IntakeStatus.DUPLICATE) and row.moved_to:
                yield row.claim, Path(row.moved_to), row.reason_text

    def outcome(self, envelope: ClaimedEnvelope) -> EnvelopeOutcome:
        files = tuple(row.file for row in self.rows)
        numbers = [f.reg_number for f in files if f.reg_number]
        kinds = {f.outcome for f in files}
        if Outcome.NEEDS_REVIEW in kinds:
            overall = Outcome.NEEDS_REVIEW
        elif Outcome.REGISTERED in kinds:
            overall = Outcome.REGISTERED
        elif kinds == {Outcome.DUPLICATE}:
            overall = Outcome.DUPLICATE
        else:
            overall = Outcome.REJECTED
        return EnvelopeOutcome(envelope.claim_name, overall, numbers[0] if numbers else None, files)


def describe_rows(session: Session, envelope: ClaimedEnvelope) -> Described:
    """What the committed ledger says about each file of the envelope."""
    views = []
    for row in _ledger(session, envelope).values():
        name = row.original_name
        if row.status == IntakeStatus.REGISTERED and row.incoming_id is not None:
            views.append(_registered_view(session, row))
        elif row.rejection_id is not None:
            rejection = session.get(Rejection, row.rejection_id)
            assert rejection is not None
            text = describe(RejectReason(rejection.reason), rejection.detail or "")
            outcome = Outcome.DUPLICATE if row.status == IntakeStatus.DUPLICATE else Outcome.REJECTED
            views.append(
                RowView(
                    row.claim_name,
                    row.status,
                    FileOutcome(
                        file=name,
                        outcome=outcome,
                        reason=text,
                        intake_id=row.id,
                        sha256=row.sha256,
                        reason_code=rejection.reason,
                    ),
                    moved_to=rejection.moved_to,
                    reason_text=text,
                )
            )
    return Described(tuple(sorted(views, key=lambda v: v.claim)))


def _registered_view(session: Session, row: IntakeFile) -> RowView:
    incoming = session.get(Incoming, row.incoming_id)
    assert incoming is not None
    package = session.scalar(
        select(Package)
        .join(Attachment, Attachment.package_id == Package.id)
        .where(Attachment.incoming_sha256 == row.sha256)
    ) or (incoming.packages[0] if incoming.packages else None)  # a stack: its documents are packages
    outcome = Outcome.NEEDS_REVIEW if incoming.status == "needs_review" else Outcome.REGISTERED
    file = FileOutcome(
        file=row.original_name,
        outcome=outcome,
        reg_number=incoming.reg_number,
        sender=incoming.sender.name
        if incoming.sender
        else (incoming.suggestions.get("sender") or {}).get("name"),
        document_type=package.document_type.name if package and package.document_type else None,
        case_number=package.case.case_number if package and package.case else None,
        confidence=incoming.confidence,
        reason=incoming.review_reason,
        intake_id=row.id,
        sha256=row.sha256,
        reason_code=incoming.review_reason,
    )
    return RowView(
        row.claim_name, row.status, file, reg_number=incoming.reg_number, received_at=incoming.received_at
    )
