"""Taking files in: ignore temporary names, wait until stable, claim, record, resume after a crash.

The watcher, the sweeper flow and ``korrespondent ingest`` share these plain functions, so the
rules for "when is a file ours" live in one place:

- a file (or a subfolder, one *envelope*) is claimed by an atomic rename into ``.processing/``
  under a unique claim name ``<YYYYmmddHHMMSS>-<uuid8>__<original name>``; two claimers racing
  for one file cannot both win, and a claim never collides with an earlier file of that name;
- ``record_claims`` writes one ``intake_file`` row per file (hashed), idempotent by claim name;
- after a crash, whatever sits in ``.processing/`` is found again (``orphans``, ``resumable``)
  and rows still ``claimed`` are handed over again (``unfinished``); ``process_envelope``
  is idempotent, so handing over twice is harmless.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import IntakeFile, utcnow
from db.models.enums import IntakeStatus
from tasks.ingest.filing import original_name
from tasks.ingest.model import ClaimedEnvelope

TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")
CLAIM_SEPARATOR = "__"

Signature = tuple[tuple[str, int, int], ...]
"""What "unchanged" means: (relative path, size, mtime in ns) of every file of an entry."""


def is_ignored(name: str) -> bool:
    """True for names a scanner or an editor uses while a file is not finished, and for dotfiles.

    ``~$report.docx`` (Office lock files), ``*.tmp``, ``*.part``: the real file arrives later
    under its final name. Dotfiles cover ``.processing``, ``.DS_Store`` and half-copied
    ``.name.XXXX`` files of rsync/SMB clients.
    """
    base = name.rsplit("/", 1)[-1]
    return not base or base.startswith((".", "~$")) or base.lower().endswith(TEMPORARY_SUFFIXES)


def _files_of(entry: Path) -> list[Path]:
    """The files an entry stands for: itself, or every file under a folder, in a stable order."""
    if entry.is_file():
        return [entry]
    return sorted(p for p in entry.rglob("*") if p.is_file())


def signature(entry: Path) -> Signature | None:
    """Size and mtime of an entry's files; None when it vanished or a folder holds nothing yet.

    A folder that still contains a temporary file (``*.part``) has no signature: a copy into
    it is still under way.
    """
    try:
        files = _files_of(entry)
        if not files or any(is_ignored(p.name) and not p.name.startswith(".") for p in files):
            return None
        result = []
        for path in files:
            stat = path.stat()
            result.append((str(path.relative_to(entry)), stat.st_size, stat.st_mtime_ns))
        return tuple(result)
    except FileNotFoundError:
        return None


@dataclass
class StabilityTracker:
    """Remembers each inbox entry's signature and says which have not changed for a while.

    Why a tracker and not a sleep: a scanner or an SMB copy writes a file in bursts, so a file is
    taken only after ``stable_seconds`` during which size and mtime did not move (paperless-ngx
    uses the same rule, 5 s by default). ``now`` is passed in, so tests need no clock.
    """

    stable_seconds: float
    _seen: dict[str, tuple[Signature, float]] = field(default_factory=dict)

    def stable(self, inbox: Path, names: Iterable[str], *, now: float) -> list[str]:
        """Update what we know about ``names`` and return those unchanged long enough."""
        ready = []
        for name in names:
            current = signature(inbox / name)
            if current is None:
                self._seen.pop(name, None)
                continue
            previous = self._seen.get(name)
            if previous is None or previous[0] != current:
                self._seen[name] = (current, now)
            elif now - previous[1] >= self.stable_seconds:
                ready.append(name)
        return sorted(ready)

    def forget(self, names: Iterable[str]) -> None:
        for name in names:
            self._seen.pop(name, None)

    @property
    def watching(self) -> set[str]:
        return set(self._seen)


def inbox_entries(inbox: Path) -> list[str]:
    """Names directly in the inbox that may become envelopes (not ignored, not ``.processing``)."""
    try:
        return sorted(entry.name for entry in inbox.iterdir() if not is_ignored(entry.name))
    except FileNotFoundError:
        return []


def claim_name(original: str, *, now: datetime | None = None) -> str:
    """``<YYYYmmddHHMMSS>-<uuid8>__<original>``: unique, sortable by time, shows the original name."""
    stamp = (now or utcnow()).strftime("%Y%m%d%H%M%S")
    return f"{stamp}-{uuid.uuid4().hex[:8]}{CLAIM_SEPARATOR}{original}"


def envelope_on_disk(processing_dir: Path, name: str) -> ClaimedEnvelope | None:
    """The envelope a claimed entry in ``.processing/`` stands for, from what is on disk."""
    entry = processing_dir / name
    if entry.is_file():
        return ClaimedEnvelope(name, (name,))
    if entry.is_dir():
        files = tuple(f"{name}/{p.relative_to(entry)}" for p in _files_of(entry))
        return ClaimedEnvelope(name, files)
    return None


def claim(inbox: Path, processing_dir: Path, *, only: Collection[str] | None = None) -> list[ClaimedEnvelope]:
    """Move inbox entries (``only`` these names, or all) into ``.processing/`` by atomic rename.

    An entry that vanished or was claimed by someone else meanwhile is skipped; so is an empty
    folder. Inbox and ``.processing/`` must be on one file system (it is a subfolder).
    """
    processing_dir.mkdir(parents=True, exist_ok=True)
    names = inbox_entries(inbox) if only is None else sorted(only)
    claimed = []
    for name in names:
        source = inbox / name
        if is_ignored(name) or (source.is_dir() and not _files_of(source)):
            continue
        target = claim_name(name)
        try:
            os.rename(source, processing_dir / target)
        except FileNotFoundError:
            continue
        envelope = envelope_on_disk(processing_dir, target)
        if envelope is not None:
            claimed.append(envelope)
    return claimed


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_claims(session: Session, envelopes: Iterable[ClaimedEnvelope], processing_dir: Path) -> int:
    """Add an ``intake_file`` row for every claimed file that has none; returns rows added.

    Flushes, never commits: the caller commits, and only then may hand the envelope on. A file
    that vanished from ``.processing/`` still gets its row (without hash), so the pipeline
    refuses it with a reason instead of it being silently lost.
    """
    envelopes = list(envelopes)
    claims = [c for e in envelopes for c in e.file_claims]
    existing = set(session.scalars(select(IntakeFile.claim_name).where(IntakeFile.claim_name.in_(claims))))
    added = 0
    for envelope in envelopes:
        for file_claim in envelope.file_claims:
            if file_claim in existing:
                continue
            path = processing_dir / file_claim
            sha, size = (sha256_of(path), path.stat().st_size) if path.is_file() else (None, None)
            session.add(
                IntakeFile(
                    claim_name=file_claim,
                    envelope=envelope.claim_name,
                    original_name=original_name(file_claim),
                    sha256=sha,
                    size=size,
                )
            )
            existing.add(file_claim)
            added += 1
    session.flush()
    return added


def _from_rows(rows: Iterable[IntakeFile]) -> list[ClaimedEnvelope]:
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(row.envelope or row.claim_name, []).append(row.claim_name)
    return [ClaimedEnvelope(name, tuple(sorted(claims))) for name, claims in sorted(grouped.items())]


def unfinished(session: Session, *, claimed_before: datetime | None = None) -> list[ClaimedEnvelope]:
    """Envelopes with a row still ``claimed`` (optionally: claimed before a moment), whole."""
    query = select(IntakeFile.envelope).where(IntakeFile.status == IntakeStatus.CLAIMED.value)
    if claimed_before is not None:
        query = query.where(IntakeFile.claimed_at < claimed_before)
    names = set(session.scalars(query))
    return envelopes_named(session, names)


def envelopes_named(session: Session, names: Collection[str]) -> list[ClaimedEnvelope]:
    """The envelopes that ``names`` (envelope or file claim names) belong to, from their rows."""
    if not names:
        return []
    rows = session.scalars(
        select(IntakeFile).where(or_(IntakeFile.envelope.in_(names), IntakeFile.claim_name.in_(names)))
    ).all()
    envelopes = {row.envelope or row.claim_name for row in rows}
    rows = session.scalars(select(IntakeFile).where(IntakeFile.envelope.in_(envelopes))).all()
    return _from_rows(rows)


def _age_seconds(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_ctime  # a rename updates ctime: the moment it was claimed
    except FileNotFoundError:
        return 0.0


def orphans(
    processing_dir: Path, session: Session, *, min_age_seconds: float = 0.0, now: float | None = None
) -> list[ClaimedEnvelope]:
    """Claimed entries in ``.processing/`` without any row: a crash between claim and record.

    ``min_age_seconds`` keeps a sweeper away from entries a live watcher has just claimed and is
    about to record.
    """
    if not processing_dir.is_dir():
        return []
    clock = now if now is not None else datetime.now().timestamp()
    names = [p.name for p in processing_dir.iterdir() if not p.name.startswith(".")]
    known = set(
        session.scalars(
            select(IntakeFile.envelope).where(
                or_(IntakeFile.envelope.in_(names), IntakeFile.claim_name.in_(names))
            )
        )
    )
    found = []
    for name in sorted(set(names) - known):
        if _age_seconds(processing_dir / name, clock) < min_age_seconds:
            continue
        envelope = envelope_on_disk(processing_dir, name)
        if envelope is not None and envelope.file_claims:
            found.append(envelope)
    return found


def resumable(
    processing_dir: Path, session: Session, *, grace: timedelta = timedelta(0)
) -> list[ClaimedEnvelope]:
    """Everything a crash may have left: records orphans, returns every envelope to hand over again.

    That is: orphans (now recorded), envelopes with rows still ``claimed``, and envelopes whose
    rows are finished but whose files still sit in ``.processing/`` (a crash between commit and
    the file moves). Only entries older than ``grace`` count. Flushes, the caller commits.
    """
    found = orphans(processing_dir, session, min_age_seconds=grace.total_seconds())
    record_claims(session, found, processing_dir)
    on_disk = (
        [p.name for p in processing_dir.iterdir() if not p.name.startswith(".")]
        if processing_dir.is_dir()
        else []
    )
    clock = datetime.now().timestamp()
    settled = [n for n in on_disk if _age_seconds(processing_dir / n, clock) >= grace.total_seconds()]
    names = {e.claim_name for e in unfinished(session, claimed_before=utcnow() - grace)}
    return envelopes_named(session, names | set(settled))


def settled_entries(inbox: Path, *, min_age_seconds: float, now: float | None = None) -> list[str]:
    """Inbox entries none of whose files changed for ``min_age_seconds``: a one-shot stability test."""
    clock = now if now is not None else datetime.now().timestamp()
    settled = []
    for name in inbox_entries(inbox):
        current = signature(inbox / name)
        if current is not None and all(clock - mtime / 1e9 >= min_age_seconds for _, _, mtime in current):
            settled.append(name)
    return settled


def sweep(session: Session, inbox: Path, processing_dir: Path, *, grace: timedelta) -> list[ClaimedEnvelope]:
    """What a sweeper hands over: inbox files nobody claimed (watcher down) and what a crash left.

    Claiming is an atomic rename, so a live watcher and a sweeper never both take one file; the
    grace period keeps the sweeper off files still being written and envelopes a run works on.
    Flushes, the caller commits before handing the envelopes over.
    """
    claimed = claim(inbox, processing_dir, only=settled_entries(inbox, min_age_seconds=grace.total_seconds()))
    record_claims(session, claimed, processing_dir)
    found = resumable(processing_dir, session, grace=grace)
    known = {e.claim_name for e in found}
    return found + [e for e in claimed if e.claim_name not in known]
