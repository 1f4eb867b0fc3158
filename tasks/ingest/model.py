"""Plain values passed between the watcher, the ingest flow and its steps.

An *envelope* is what one incoming item is made of: a loose file dropped into the inbox, or a
subfolder dropped as a whole (its files become the item's packages). Once claimed it lives in
``inbox/.processing/<claim name>`` (a file, or a folder of files) until it is filed away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ClaimedEnvelope:
    """A claimed envelope: its claim name (unique) and its files' claim names, in order.

    ``file_claims`` are paths relative to the processing folder: ``<claim>`` for a loose file,
    ``<claim>/<file name>`` for each file of a folder. ``intake_ids`` are the files' ledger ids
    (``intake_file.id``) once recorded: what logs, run names and artifacts show instead of the
    names, which often carry a debtor's surname. They do not take part in equality.
    """

    claim_name: str
    file_claims: tuple[str, ...]
    intake_ids: tuple[int, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        """How logs name the envelope: its first ledger id, never its file names."""
        return f"#{min(self.intake_ids)}" if self.intake_ids else "(not recorded)"

    def paths(self, processing_dir: Path) -> tuple[Path, ...]:
        return tuple(processing_dir / claim for claim in self.file_claims)


class Outcome(StrEnum):
    REGISTERED = "registered"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file's outcome: for the terminal of ``korrespondent ingest`` in full; for run artifacts
    only the ledger id, the hash, the outcome, the number and the reason code (no names)."""

    file: str
    outcome: Outcome
    reg_number: str | None = None
    sender: str | None = None
    document_type: str | None = None
    case_number: str | None = None
    confidence: float | None = None
    reason: str | None = None
    intake_id: int | None = None
    sha256: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class EnvelopeOutcome:
    claim_name: str
    outcome: Outcome
    reg_number: str | None
    files: tuple[FileOutcome, ...]
