"""Processing a batch of claimed envelopes: each once at a time, one failure not stopping the rest.

Used by the ``ingest-inbox`` flow (one task run per batch), the sweeper and the in-process
fallback of the watcher and ``korrespondent ingest``, so all three behave the same.

File names often carry a debtor's surname, and logs and Prefect's run data carry no personal
data: logs and the run's table name files by ledger id (``intake_file.id``) and hash prefix
only. The full lines (name, sender, case) are for the terminal of ``korrespondent ingest``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from config.runtime import IngestConfig
from db.engine import session_scope
from db.locks import exclusive_lock
from db.models import IntakeFile
from db.models.enums import IntakeStatus
from tasks.ingest.envelope import process_envelope
from tasks.ingest.intake import envelopes_of
from tasks.ingest.model import ClaimedEnvelope, EnvelopeOutcome, Outcome

logger = logging.getLogger(__name__)

ACTOR = "scanner"
ENVELOPES_PER_TASK = 25
"""Envelopes per task run of the ingest flow: few task runs, yet a retry repeats little."""

LOCK_DIR = ".ingest-locks"
"""Beside ``.processing/`` in the inbox: a dot name, so nobody takes it for mail or for a claim."""


@contextmanager
def envelope_lock(engine: Engine, envelope: ClaimedEnvelope, *, lock_dir: Path) -> Iterator[bool]:
    """Hold an exclusive claim on processing ``envelope``; yields False if another process holds it.

    Why: after a crash an envelope can be handed over twice (watcher restart, sweeper) while a
    slow run still works on it; two workers on one envelope would count two attempts and race on
    the file moves. The lock dies with its holder (``db.locks``).
    """
    with exclusive_lock(engine, envelope.claim_name, lock_dir=lock_dir) as acquired:
        yield acquired


@dataclass(frozen=True, slots=True)
class EnvelopeFailure:
    """An envelope that failed for an unexpected reason; its rows stay ``claimed`` for a later try."""

    claim_name: str
    files: tuple[str, ...]
    error: str
    intake_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one batch of envelopes came to: outcomes, failures, and envelopes busy elsewhere."""

    outcomes: tuple[EnvelopeOutcome, ...] = ()
    failures: tuple[EnvelopeFailure, ...] = ()
    busy: tuple[ClaimedEnvelope, ...] = ()


def process_batch(
    engine: Engine, envelopes: Iterable[ClaimedEnvelope], *, config: IngestConfig, actor: str
) -> BatchResult:
    """Run ``process_envelope`` on each envelope; one broken envelope does not stop the others.

    A database ``OperationalError`` (connection lost, database locked) propagates: it is
    transient, the caller (a Prefect task with retries) repeats the batch, and the ledger makes
    the repeat resume rather than redo. Any other error is ours, not the scan's: it is written to
    the rows' ``last_error`` and reported as a failure, the rows stay ``claimed`` for the sweeper,
    and the attempt is given back, so it never adds up to a refusal. Only attempts that end with
    the process dying count towards ``MAX_ATTEMPTS`` (a file that kills a worker every time).
    """
    outcomes: list[EnvelopeOutcome] = []
    failures: list[EnvelopeFailure] = []
    busy: list[ClaimedEnvelope] = []
    for envelope in envelopes:
        with envelope_lock(engine, envelope, lock_dir=config.processing_dir.parent / LOCK_DIR) as acquired:
            if not acquired:
                busy.append(envelope)
                continue
            try:
                outcomes.append(process_envelope(engine, envelope, config=config, actor=actor))
            except OperationalError as exc:
                _note_error(engine, envelope, repr(exc))
                raise
            except Exception as exc:  # noqa: BLE001 - one broken envelope never stops the others; logged
                _log_failure(envelope, exc)
                failures.append(
                    EnvelopeFailure(
                        envelope.claim_name, envelope.file_claims, type(exc).__name__, envelope.intake_ids
                    )
                )
                _note_error(engine, envelope, repr(exc))
    return BatchResult(tuple(outcomes), tuple(failures), tuple(busy))


def _log_failure(envelope: ClaimedEnvelope, exc: Exception) -> None:
    """The class and the frames of an error, never its text: that may hold a path or a name.

    The full text is in the envelope's ledger rows (``last_error``), where clerks' data lives.
    """
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("Envelope %s failed with %s:\n%s", envelope.label, type(exc).__name__, frames)


def _note_error(engine: Engine, envelope: ClaimedEnvelope, error: str) -> None:
    """Write the error on the envelope's unfinished rows and give their attempt back (best effort)."""
    try:
        with session_scope(engine) as session:
            for row in session.scalars(
                select(IntakeFile).where(
                    IntakeFile.claim_name.in_(envelope.file_claims),
                    IntakeFile.status == IntakeStatus.CLAIMED.value,
                )
            ):
                row.last_error = error[:2000]
                row.attempts = max(0, row.attempts - 1)
    except SQLAlchemyError as exc:  # no traceback: SQLAlchemy's text lists the statement's values
        logger.warning("Could not record the error of envelope %s: %s", envelope.label, type(exc).__name__)


STATUS_TEXT = {
    Outcome.REGISTERED: "зарегистрирован",
    Outcome.NEEDS_REVIEW: "на разбор",
    Outcome.REJECTED: "отклонён",
    Outcome.DUPLICATE: "дубликат",
}
FAILED_TEXT = "ошибка, будет повтор"
BUSY_TEXT = "обрабатывается другим процессом"


class EnvelopesFailed(Exception):
    """Some envelopes of a run failed on an error of ours; their files wait, claimed, for a retry.

    Raised at the end of a flow run, after every envelope had its turn, so operations see the run
    red. Not a ``KorrespondentError``: nothing was refused, something is broken.
    """

    def __init__(self, report: IngestReport) -> None:
        super().__init__(f"{report.failed} files failed with an error and stay claimed: {report.summary}")
        self.report = report

    def __reduce__(self) -> tuple[type[EnvelopesFailed], tuple[IngestReport]]:
        """Pickle with the report, so Prefect can store the failed state's exception."""
        return (EnvelopesFailed, (self.report,))


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What a run did, file by file: the table operators see and the counts tests check.

    ``rows`` name a file by its ledger id and a hash prefix, never by name, sender, debtor or
    case: the table is a Prefect artifact, and Prefect's run data carry no personal data.
    """

    rows: tuple[dict[str, str], ...]
    registered: int
    needs_review: int
    rejected: int
    duplicates: int
    failed: int
    busy: int

    @classmethod
    def from_results(cls, results: Sequence[BatchResult]) -> IngestReport:
        rows: list[dict[str, str]] = []
        counts = dict.fromkeys(Outcome, 0)
        for result in results:
            for envelope in result.outcomes:
                for file in envelope.files:
                    counts[file.outcome] += 1
                    rows.append(
                        _row(
                            file.intake_id,
                            file.sha256,
                            status=STATUS_TEXT[file.outcome],
                            number=file.reg_number,
                            reason=file.reason_code,
                        )
                    )
            for failure in result.failures:
                rows += [_row(i, status=FAILED_TEXT, reason=failure.error) for i in failure.intake_ids]
            for busy in result.busy:
                rows += [_row(i, status=BUSY_TEXT) for i in busy.intake_ids]
        return cls(
            rows=tuple(rows),
            registered=counts[Outcome.REGISTERED],
            needs_review=counts[Outcome.NEEDS_REVIEW],
            rejected=counts[Outcome.REJECTED],
            duplicates=counts[Outcome.DUPLICATE],
            failed=sum(len(f.files) for r in results for f in r.failures),
            busy=sum(len(b.file_claims) for r in results for b in r.busy),
        )

    @property
    def summary(self) -> str:
        return (
            f"зарегистрировано {self.registered}, на разбор {self.needs_review}, "
            f"отклонено {self.rejected}, дубликатов {self.duplicates}, ошибок {self.failed}"
        )


SHA_SHOWN = 12
"""Hex digits of a file's SHA-256 shown in the run's table: enough to find it, nothing to read."""


def _row(
    intake_id: int | None,
    sha256: str | None = None,
    *,
    status: str,
    number: str | None = None,
    reason: str | None = None,
) -> dict[str, str]:
    return {
        "Файл №": "" if intake_id is None else str(intake_id),
        "SHA-256": (sha256 or "")[:SHA_SHOWN],
        "Статус": status,
        "Номер": number or "",
        "Причина": reason or "",
    }


def terminal_lines(results: Sequence[BatchResult]) -> list[dict[str, str]]:
    """Each file in full (name, number, sender, type, case, status, reason), for a person at a terminal.

    Only ``korrespondent ingest`` prints these; never a log or a Prefect artifact.
    """
    lines: list[dict[str, str]] = []
    for result in results:
        for envelope in result.outcomes:
            for file in envelope.files:
                lines.append(
                    _line(
                        file.file,
                        file.reg_number,
                        file.sender,
                        file.document_type,
                        file.case_number,
                        STATUS_TEXT[file.outcome],
                        file.reason,
                    )
                )
        for failure in result.failures:
            lines += [_line(name, status=FAILED_TEXT, reason=failure.error) for name in failure.files]
        for busy in result.busy:
            lines += [_line(name, status=BUSY_TEXT) for name in busy.file_claims]
    return lines


def _line(
    file: str,
    number: str | None = None,
    sender: str | None = None,
    doc_type: str | None = None,
    case: str | None = None,
    status: str = "",
    reason: str | None = None,
) -> dict[str, str]:
    return {
        "Файл": file.split("__", 1)[-1],
        "Номер": number or "",
        "Отправитель": sender or "",
        "Тип": doc_type or "",
        "Кейс": case or "",
        "Статус": status,
        "Причина": reason or "",
    }


def in_id_order(envelopes: list[ClaimedEnvelope], intake_ids: Sequence[int]) -> list[ClaimedEnvelope]:
    """Envelopes in the order their ledger ids were given."""
    rank = {intake_id: index for index, intake_id in enumerate(intake_ids)}
    return sorted(
        envelopes, key=lambda e: min((rank.get(i, len(rank)) for i in e.intake_ids), default=len(rank))
    )


def chunks(items: Sequence[ClaimedEnvelope], size: int) -> Iterator[list[ClaimedEnvelope]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def run_locally(engine: Engine, intake_ids: Sequence[int], *, config: IngestConfig) -> list[BatchResult]:
    """The ``ingest-inbox`` flow's work without Prefect, for the given ledger ids (whole envelopes)."""
    with session_scope(engine) as session:
        envelopes = in_id_order(envelopes_of(session, intake_ids), intake_ids)
    return [process_batch(engine, chunk, config=config, actor=ACTOR) for chunk in chunks(envelopes, 100)]


def ingest_locally(engine: Engine, intake_ids: Sequence[int], *, config: IngestConfig) -> IngestReport:
    """The ``ingest-inbox`` flow's work without Prefect: same steps, same report."""
    return IngestReport.from_results(run_locally(engine, intake_ids, config=config))
