"""One envelope through the whole pipeline: validate, read, decide, register, file away.

Crash safety comes from ordering and idempotence, with our database as the source of truth:
1. the envelope's ``intake_file`` rows exist (created here if the caller did not) and their
   ``attempts`` go up, committed, before any parsing: a file that kills the process every time
   is refused as unparseable after ``MAX_ATTEMPTS`` instead of looping forever;
2. the slow part (OCR) runs outside any transaction;
3. registration, refusals and the rows' outcomes commit in one transaction;
4. only then are files moved, by idempotent renames driven by the committed rows, so a
   rerun after a crash at any point finishes the moves and registers nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, select

from config.runtime import IngestConfig
from db.engine import session_scope
from db.models import IntakeFile, utcnow
from tasks.deadlines.store import local_date
from tasks.ingest.analyse import FileAnalysis, analyse, load_reference
from tasks.ingest.documents import validate_stack, write_documents
from tasks.ingest.filing import move_into_place, original_name, remove_empty_envelope, write_reason
from tasks.ingest.model import ClaimedEnvelope, EnvelopeOutcome
from tasks.ingest.recording import describe_rows, record_envelope
from tasks.rejections import FileRejected, RejectReason, format_size
from tasks.validate import CheckedFile

MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Screened:
    """The envelope's files after validation: readable ones with their bytes, and refusals.

    ``oversize``: files accepted only as stacks of documents (issue 15), with the refusal that
    applies if one turns out to be a single document (``tasks.ingest.documents.validate_stack``).
    """

    accepted: list[tuple[str, CheckedFile, bytes]]
    refused: list[tuple[str, FileRejected]]
    oversize: dict[str, FileRejected] = field(default_factory=dict)


def _open_rows(engine: Engine, envelope: ClaimedEnvelope) -> list[IntakeFile]:
    """The envelope's ledger rows, created when missing; unfinished ones get one more attempt."""
    with session_scope(engine) as session:
        rows = {row.claim_name: row for row in session.scalars(_rows_query(envelope))}
        for claim in envelope.file_claims:
            if claim not in rows:
                rows[claim] = IntakeFile(
                    claim_name=claim, envelope=envelope.claim_name, original_name=original_name(claim)
                )
                session.add(rows[claim])
        for row in rows.values():
            if row.status == "claimed":
                row.attempts += 1
        session.flush()
        return list(rows.values())


def _rows_query(envelope: ClaimedEnvelope):  # type: ignore[no-untyped-def]
    return select(IntakeFile).where(IntakeFile.claim_name.in_(envelope.file_claims)).order_by(IntakeFile.id)


def _screen(envelope: ClaimedEnvelope, config: IngestConfig, *, give_up: bool) -> Screened:
    accepted: list[tuple[str, CheckedFile, bytes]] = []
    refused: list[tuple[str, FileRejected]] = []
    oversize: dict[str, FileRejected] = {}
    for claim in envelope.file_claims:
        path = config.processing_dir / claim
        try:
            if give_up:
                raise FileRejected(RejectReason.PARSE_FAILED, f"обработка прерывалась {MAX_ATTEMPTS} раза")
            checked, data, single = validate_stack(path, limits=config.limits, root=config.processing_dir)
            # the clerk sees the name the scanner gave, not the claim prefix that keeps files apart
            accepted.append((claim, replace(checked, name=original_name(claim)), data))
            if single is not None:
                oversize[claim] = single
        except FileRejected as refusal:
            refused.append((claim, refusal))
    # a stack is not one package: its documents are checked one by one once it is split
    total = sum(checked.size for claim, checked, _ in accepted if claim not in oversize)
    if total > config.limits.max_package_bytes:
        too_large = FileRejected(RejectReason.PACKAGE_TOO_LARGE, format_size(total))
        refused += [(claim, too_large) for claim, _, _ in accepted]
        accepted = []
    return Screened(accepted, refused, oversize)


def _analyse_all(engine: Engine, screened: Screened, config: IngestConfig) -> list[tuple[str, FileAnalysis]]:
    """Read every accepted file and write each document of a stack as its own PDF.

    A stack whose document breaks a limit (or a single document above the file limits) is
    refused here, added to ``screened.refused`` with its reason.
    """
    if not screened.accepted:
        return []
    with session_scope(engine) as session:
        reference = load_reference(session)
    analyses = []
    arrived = local_date(utcnow())  # the day the receipt rule judges a postmark against (recording)
    for claim, checked, data in screened.accepted:
        analysis = analyse(
            checked,
            data,
            reference=reference,
            ocr=config.ocr,
            limits=config.limits.for_stack(),
            arrived=arrived,
        )
        try:
            analyses.append(
                (
                    claim,
                    write_documents(analysis, limits=config.limits, oversize=screened.oversize.get(claim)),
                )
            )
        except FileRejected as refusal:
            screened.refused.append((claim, refusal))
    return analyses


def process_envelope(
    engine: Engine, envelope: ClaimedEnvelope, *, config: IngestConfig, actor: str
) -> EnvelopeOutcome:
    """Take an envelope from ``.processing/`` to a registered item or refusals; safe to repeat.

    Never raises for a bad file: refusals are outcomes. Database errors propagate, so the
    flow may retry; the ledger makes the retry resume, not repeat.
    """
    rows = _open_rows(engine, envelope)
    unfinished = [row for row in rows if row.status == "claimed"]
    if unfinished:
        give_up = max(row.attempts for row in unfinished) > MAX_ATTEMPTS
        screened = _screen(envelope, config, give_up=give_up)
        analyses = _analyse_all(engine, screened, config)
        with session_scope(engine) as session:
            record_envelope(
                session, envelope, analyses=analyses, refused=screened.refused, config=config, actor=actor
            )
    return file_away(engine, envelope, config=config)


def file_away(engine: Engine, envelope: ClaimedEnvelope, *, config: IngestConfig) -> EnvelopeOutcome:
    """Move the envelope's files to the archive or to ``rejected/`` as their committed rows say."""
    with session_scope(engine) as session:
        described = describe_rows(session, envelope)
    for claim, target, reason_text in described.moves(config):
        source = config.processing_dir / claim
        move_into_place(source, target, root=config.processing_dir)
        if reason_text is not None and not target.with_name(target.name + ".reason.txt").exists():
            write_reason(target, reason_text)
    remove_empty_envelope(config.processing_dir, envelope.claim_name)
    return described.outcome(envelope)
