"""Taking files in: ignore temporary names, wait until stable, claim, record, resume after a crash.

The watcher, the sweeper flow and ``korrespondent ingest`` share these plain functions, so the
rules for "when is a file ours" live in one place:

- a file (or a subfolder, one *envelope*) is claimed by an atomic rename into ``.processing/``
  under a unique claim name ``<YYYYmmddHHMMSS>-<uuid8>__<safe name>``; two claimers racing
  for one file cannot both win, and a claim never collides with an earlier file of that name;
  a folder is flattened on the way (``tasks.ingest.disk``), so depth and long names do not matter;
- any entry is taken as it is: a link, a FIFO or a device is claimed and moved as itself (never
  followed or opened) and refused later with its reason; names are made safe (``display_name``);
- one entry that cannot be claimed (permissions, a busy mount) never stops the others: it is
  logged once (by ``name_hash``: names often carry a debtor's surname, and logs carry no
  personal data) and listed by ``stuck_entries`` for the app and ``korrespondent status``;
- ``record_claims`` writes one ``intake_file`` row per file (hashed), idempotent by claim name;
- after a crash, whatever sits in ``.processing/`` is found again (``orphans``, ``resumable``)
  and rows still ``claimed`` are handed over again (``unfinished``); ``process_envelope``
  is idempotent, so handing over twice is harmless.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from db.models import IntakeFile, utcnow
from db.models.enums import IntakeStatus
from tasks.ingest.disk import finish_stage, stage_folder, unfinished_stages, walk_entries
from tasks.ingest.filing import CLAIM_MAX, FOLDER_NAME_BYTES, LOOSE_NAME_BYTES, display_name, original_name
from tasks.ingest.handover import Claim, RunFate, may_take_over
from tasks.ingest.model import ClaimedEnvelope

logger = logging.getLogger(__name__)

TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")
CLAIM_SEPARATOR = "__"

Signature = tuple[tuple[str, int, int], ...]
"""What "unchanged" means: (relative path, size, mtime in ns) of every file of an entry."""


def name_hash(name: str) -> str:
    """How logs refer to a file name that has no ledger id yet: 12 hex digits of its SHA-256."""
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:12]


def is_ignored(name: str) -> bool:
    """True for names a scanner or an editor uses while a file is not finished, and for dotfiles.

    ``~$report.docx`` (Office lock files), ``*.tmp``, ``*.part``: the real file arrives later
    under its final name. Dotfiles cover ``.processing``, ``.DS_Store`` and half-copied
    ``.name.XXXX`` files of rsync/SMB clients.
    """
    base = name.rsplit("/", 1)[-1]
    return not base or base.startswith((".", "~$")) or base.lower().endswith(TEMPORARY_SUFFIXES)


def signature(entry: Path) -> Signature | None:
    """Size and mtime of everything in an entry (links as links); None when it vanished or is empty.

    A folder that still contains a temporary file (``*.part``) has no signature: a copy into
    it is still under way.
    """
    try:
        found = list(walk_entries(entry))
    except OSError:
        return None
    names = [relative.rsplit("/", 1)[-1] for relative, _ in found]
    if not found or any(is_ignored(n) and not n.startswith(".") for n in names):
        return None
    return tuple((relative, info.st_size, info.st_mtime_ns) for relative, info in found)


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


def claim_name(original: str, *, now: datetime | None = None, folder: bool = False) -> str:
    """``<YYYYmmddHHMMSS>-<uuid8>__<safe name>``: unique, sortable by time, readable, short enough.

    ``folder``: a folder's claim keeps less of its name, so its files' claims stay short too.
    """
    stamp = (now or utcnow()).strftime("%Y%m%d%H%M%S")
    safe = display_name(original, max_bytes=FOLDER_NAME_BYTES if folder else LOOSE_NAME_BYTES)
    return f"{stamp}-{uuid.uuid4().hex[:8]}{CLAIM_SEPARATOR}{safe}"


def _is_dir(path: Path) -> bool:
    return stat.S_ISDIR(path.lstat().st_mode)


def envelope_on_disk(processing_dir: Path, name: str) -> ClaimedEnvelope | None:
    """The envelope a claimed entry in ``.processing/`` stands for, from what is on disk.

    A claimed folder is flat (see ``tasks.ingest.disk``): each entry in it is one file claim,
    whatever it is (a link or a FIFO is claimed too, to be refused with its reason).
    """
    entry = processing_dir / name
    try:
        if not _is_dir(entry):
            return ClaimedEnvelope(name, (name,))
        return ClaimedEnvelope(name, tuple(f"{name}/{child}" for child in sorted(os.listdir(entry))))
    except FileNotFoundError:
        return None


STUCK_FILE = ".stuck.json"
"""In the inbox (a dot name, so never taken for mail): entries that cannot be claimed, with why."""


def stuck_entries(inbox: Path) -> dict[str, str]:
    """Inbox entries no round could move (safe name → Russian reason), for the app and ``status``."""
    try:  # never through a link someone put in the shared inbox under our file's name
        with open(inbox / STUCK_FILE, encoding="utf-8", opener=_no_follow) as stream:
            loaded = json.load(stream)
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _note_stuck(inbox: Path, failed: dict[str, str], *, looked_at: Collection[str]) -> None:
    """Keep the stuck list current: add this round's failures (logged once), drop what was claimed
    and what is no longer in the inbox at all."""
    before = stuck_entries(inbox)
    if not before and not failed:
        return
    shown = {display_name(name): name for name in looked_at}
    present = {display_name(name) for name in inbox_entries(inbox)}
    after = {k: v for k, v in before.items() if k in present and (k not in shown or shown[k] in failed)}
    for name, problem in failed.items():
        safe = display_name(name)
        if safe not in before:
            logger.warning("Cannot claim inbox entry %s (name hash): %s", name_hash(name), problem)
        after[safe] = problem
    if after != before:
        temporary = inbox / f"{STUCK_FILE}.{uuid.uuid4().hex[:8]}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            with os.fdopen(os.open(temporary, flags, 0o644), "w", encoding="utf-8") as stream:
                json.dump(after, stream, ensure_ascii=False, indent=1)
            os.replace(temporary, inbox / STUCK_FILE)
        except OSError:
            logger.warning("Cannot write %s", STUCK_FILE, exc_info=True)  # our own file name
            with contextlib.suppress(OSError):
                temporary.unlink()


def _claim_one(inbox: Path, processing_dir: Path, name: str) -> ClaimedEnvelope | None:
    """Claim one inbox entry as itself (a folder flattened); None if it vanished or is an empty folder."""
    source = inbox / name
    try:
        is_folder = _is_dir(source)
        if is_folder and not any(True for _ in walk_entries(source)):
            return None
    except FileNotFoundError:
        return None
    target = claim_name(name, folder=is_folder)
    if is_folder:
        final = stage_folder(source, processing_dir, target)
        return None if final is None else envelope_on_disk(processing_dir, final)
    try:
        os.rename(source, processing_dir / target)
    except FileNotFoundError:
        return None
    return envelope_on_disk(processing_dir, target)


def claim(inbox: Path, processing_dir: Path, *, only: Collection[str] | None = None) -> list[ClaimedEnvelope]:
    """Move inbox entries (``only`` these names, or all) into ``.processing/`` by atomic rename.

    An entry that vanished or was claimed by someone else meanwhile is skipped; so is an empty
    folder. One that cannot be moved is logged once and listed in ``stuck_entries``; the others
    go on. Inbox and ``.processing/`` must be on one file system (it is a subfolder).
    """
    processing_dir.mkdir(parents=True, exist_ok=True)
    names = inbox_entries(inbox) if only is None else sorted(only)
    claimed = []
    failed: dict[str, str] = {}
    for name in names:
        if is_ignored(name):
            continue
        try:
            envelope = _claim_one(inbox, processing_dir, name)
        except OSError as exc:
            failed[name] = f"не удаётся забрать из папки входящих: {exc.strerror or type(exc).__name__}"
            continue
        if envelope is not None:
            claimed.append(envelope)
    _note_stuck(inbox, failed, looked_at=names)
    return claimed


def sha256_of(path: Path) -> str:
    """SHA-256 of a regular file, read without following a link."""
    digest = hashlib.sha256()
    with open(path, "rb", opener=_no_follow) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def _hash_and_size(path: Path) -> tuple[str | None, int | None]:
    """Hash and size of a regular file; (None, None) for anything else or what cannot be read."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None, None
        return sha256_of(path), path.lstat().st_size
    except OSError:
        return None, None


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
            sha, size = _hash_and_size(processing_dir / file_claim)
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


def _why(exc: OSError) -> str:
    """An OSError without its file names: the errno text, or the class."""
    return exc.strerror or type(exc).__name__


def _from_rows(rows: Iterable[IntakeFile]) -> list[ClaimedEnvelope]:
    grouped: dict[str, list[IntakeFile]] = {}
    for row in rows:
        grouped.setdefault(row.envelope or row.claim_name, []).append(row)
    envelopes = []
    for name, members in sorted(grouped.items()):
        members.sort(key=lambda r: r.claim_name)
        claims = tuple(r.claim_name for r in members)
        envelopes.append(ClaimedEnvelope(name, claims, tuple(sorted(r.id for r in members))))
    return envelopes


def envelopes_of(session: Session, intake_ids: Collection[int]) -> list[ClaimedEnvelope]:
    """The whole envelopes the given ledger ids (``intake_file.id``) belong to."""
    if not intake_ids:
        return []
    names = session.scalars(select(IntakeFile.claim_name).where(IntakeFile.id.in_(intake_ids))).all()
    return envelopes_named(session, names)


def with_ids(session: Session, envelopes: Iterable[ClaimedEnvelope]) -> list[ClaimedEnvelope]:
    """The same envelopes, as recorded: with their ledger ids (the caller recorded them)."""
    return envelopes_named(session, [e.claim_name for e in envelopes])


def unfinished(session: Session) -> list[ClaimedEnvelope]:
    """Envelopes with a row still ``claimed``, whole (which of them the sweeper may take: ``abandoned``)."""
    query = select(IntakeFile.envelope).where(IntakeFile.status == IntakeStatus.CLAIMED.value)
    names = {name for name in session.scalars(query) if name}
    return envelopes_named(session, names)


def note_handover(session: Session, intake_ids: Collection[int], run_id: str) -> int:
    """Record on the envelopes of ``intake_ids`` (rows still claimed) the flow run they went to.

    A later hand-over of the same claims (the watcher's resume) records its newer run instead.
    Flushes, the caller commits; returns the rows marked.
    """
    if not intake_ids:
        return 0
    names = [e.claim_name for e in envelopes_of(session, intake_ids)]
    result = session.execute(
        update(IntakeFile)
        .where(
            or_(IntakeFile.envelope.in_(names), IntakeFile.claim_name.in_(names)),
            IntakeFile.status == IntakeStatus.CLAIMED.value,
        )
        .values(handed_to=run_id[:100])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def handed_runs(session: Session) -> set[str]:
    """The flow runs that claims nobody leases were handed to: the runs whose state the sweeper asks."""
    return set(
        session.scalars(
            select(IntakeFile.handed_to).where(
                IntakeFile.status == IntakeStatus.CLAIMED.value,
                IntakeFile.lease_until.is_(None),
                IntakeFile.handed_to.is_not(None),
            )
        )
    )


def abandoned(
    session: Session,
    *,
    grace: timedelta,
    handover_grace: timedelta,
    fates: Mapping[str, RunFate],
    now: datetime | None = None,
) -> set[str]:
    """Envelopes with a claimed row nobody will process unless taken over (``may_take_over``).

    A row under a lease (live or lapsed) is the lease's business (``tasks.ingest.lease``): it
    counts here only after ``grace``, as every claimed row did before runs were recorded.
    """
    clock = now or utcnow()
    rows = session.execute(
        select(
            IntakeFile.envelope,
            IntakeFile.claim_name,
            IntakeFile.claimed_at,
            IntakeFile.handed_to,
            IntakeFile.lease_until,
        ).where(IntakeFile.status == IntakeStatus.CLAIMED.value)
    )
    names = set()
    for envelope, claim_name, claimed_at, handed_to, lease_until in rows:
        row = Claim(envelope or claim_name, claimed_at, None if lease_until is not None else handed_to)
        short = grace if lease_until is not None else min(handover_grace, grace)
        fate = fates.get(row.handed_to) if row.handed_to else None
        if may_take_over(row, fate, now=clock, handover_grace=short, longest_wait=grace):
            names.add(row.envelope)
    return names


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


def finish_stages(processing_dir: Path, *, min_age_seconds: float) -> list[str]:
    """Finish folders whose claim a crash interrupted; one that fails waits, the others go on."""
    finished = []
    clock = datetime.now().timestamp()
    for stage in unfinished_stages(processing_dir, min_age_seconds=min_age_seconds, now=clock):
        try:
            name = finish_stage(stage)
        except OSError as exc:  # no traceback: an OSError's text holds the path
            logger.warning(
                "Cannot finish claiming %s (name hash): %s; will try again", name_hash(stage.name), _why(exc)
            )
            continue
        if name is not None:
            finished.append(name)
    return finished


def _is_ours(name: str) -> bool:
    """A name of the kind we make: UTF-8, clean (``display_name`` leaves it alone), short enough."""
    try:
        raw = name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(raw) <= CLAIM_MAX and display_name(name, max_bytes=len(raw)) == name


def _storable(processing_dir: Path, name: str) -> str:
    """A claimed entry's name, renamed first if an older version claimed it under an unsafe name.

    Such a name may hold bytes that are not UTF-8 or be too long for the ledger; it gets a claim
    name of today's kind (a folder is staged and flattened).
    """
    if _is_ours(name):
        return name
    source = processing_dir / name
    try:
        if _is_dir(source):
            return stage_folder(source, processing_dir, claim_name(original_name(name), folder=True)) or name
        target = claim_name(original_name(name))
        os.rename(source, processing_dir / target)
        return target
    except OSError as exc:
        logger.warning("Cannot rename claimed %s (name hash): %s", name_hash(name), _why(exc))
        return name


def _flat(processing_dir: Path, name: str) -> str:
    """An unrecorded claimed folder, flattened first if an older version left it nested or unsafe.

    Only for orphans: a folder with rows keeps its claims as recorded. Today's claims are flat
    before they get their name, so a live watcher's folder is never touched here.
    """
    folder = processing_dir / name
    try:
        if not _is_dir(folder) or all(
            _is_ours(child.name) and not child.is_dir(follow_symlinks=False) for child in os.scandir(folder)
        ):
            return name
        return stage_folder(folder, processing_dir, claim_name(original_name(name), folder=True)) or name
    except OSError as exc:
        logger.warning("Cannot flatten claimed folder %s (name hash): %s", name_hash(name), _why(exc))
        return name


def _age_seconds(path: Path, now: float) -> float:
    try:
        return max(0.0, now - path.lstat().st_ctime)  # a rename updates ctime: the moment it was claimed
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
    on_disk = [p.name for p in processing_dir.iterdir() if not p.name.startswith(".")]
    names = [name if _is_ours(name) else _storable(processing_dir, name) for name in on_disk]
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
        envelope = envelope_on_disk(processing_dir, _flat(processing_dir, name))
        if envelope is not None and envelope.file_claims:
            found.append(envelope)
    return found


def resumable(
    processing_dir: Path,
    session: Session,
    *,
    grace: timedelta = timedelta(0),
    handover_grace: timedelta | None = None,
    fates: Mapping[str, RunFate] | None = None,
) -> list[ClaimedEnvelope]:
    """Everything a crash may have left: records orphans, returns every envelope to hand over again.

    That is: orphans (now recorded), envelopes with rows still ``claimed``, and envelopes whose
    rows are finished but whose files still sit in ``.processing/`` (a crash between commit and
    the file moves). Only entries older than ``grace`` count, except claims no run leased
    (``abandoned``): those count as soon as ``fates`` (run id → ``RunFate``, from Prefect) says
    their run is over or late, or after ``handover_grace`` when no run was recorded.
    Flushes, the caller commits.
    """
    finish_stages(processing_dir, min_age_seconds=grace.total_seconds())
    found = orphans(processing_dir, session, min_age_seconds=grace.total_seconds())
    record_claims(session, found, processing_dir)
    on_disk = (
        [p.name for p in processing_dir.iterdir() if not p.name.startswith(".")]
        if processing_dir.is_dir()
        else []
    )
    clock = datetime.now().timestamp()
    settled = [n for n in on_disk if _age_seconds(processing_dir / n, clock) >= grace.total_seconds()]
    names = abandoned(
        session,
        grace=grace,
        handover_grace=grace if handover_grace is None else handover_grace,
        fates=fates or {},
    )
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


def sweep(
    session: Session,
    inbox: Path,
    processing_dir: Path,
    *,
    grace: timedelta,
    handover_grace: timedelta | None = None,
    fates: Mapping[str, RunFate] | None = None,
) -> list[ClaimedEnvelope]:
    """What a sweeper hands over: inbox files nobody claimed (watcher down) and what a crash left.

    Claiming is an atomic rename, so a live watcher and a sweeper never both take one file; the
    grace period keeps the sweeper off files still being written (the inbox's settle time) and
    off claims whose run may still come; a claim whose run is known to be over or late
    (``fates``), or that no run was recorded for after ``handover_grace``, is taken at once.
    Flushes, the caller commits before handing the envelopes over.
    """
    claimed = claim(inbox, processing_dir, only=settled_entries(inbox, min_age_seconds=grace.total_seconds()))
    record_claims(session, claimed, processing_dir)
    found = resumable(processing_dir, session, grace=grace, handover_grace=handover_grace, fates=fates)
    known = {e.claim_name for e in found}
    return found + with_ids(session, [e for e in claimed if e.claim_name not in known])
