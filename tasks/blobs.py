"""Move file content between the database rows and the content store, and check every file's hash.

``korrespondent blobs migrate`` and ``korrespondent blobs check`` call these. Moving is a command,
not a schema migration: it needs the store's settings and moves gigabytes in small committed
batches, so an interrupted run is resumed by running it again (each batch picks rows still to move).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from config.blob_store import BlobError, BlobStore, load_blob, verified
from db.engine import session_scope
from db.models import Blob

BATCH = 100


@dataclass(slots=True)
class MoveReport:
    moved: int = 0
    bytes: int = 0


@dataclass(slots=True)
class CheckReport:
    checked: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (sha256, problem code)


def move_to_store(engine: Engine, store: BlobStore, *, batch: int = BATCH) -> MoveReport:
    """Copy every row's bytes into ``store`` (hash-checked), then empty the row; resumable."""
    report = MoveReport()
    while True:
        with session_scope(engine) as session:
            rows = list(session.scalars(select(Blob).where(Blob.data.is_not(None)).limit(batch)))
            for row in rows:
                data = verified(row.data or b"", row.sha256)
                store.put(data, sha256=row.sha256)
                row.data = None
                report.moved += 1
                report.bytes += len(data)
        if len(rows) < batch:
            return report


def move_to_rows(engine: Engine, store: BlobStore, *, batch: int = BATCH) -> MoveReport:
    """Bring every file back from ``store`` into its row (before ``KORR_BLOB_STORE=db`` or a downgrade)."""
    report = MoveReport()
    while True:
        with session_scope(engine) as session:
            rows = list(session.scalars(select(Blob).where(Blob.data.is_(None)).limit(batch)))
            for row in rows:
                row.data = store.get(row.sha256)
                report.moved += 1
                report.bytes += row.size
        if len(rows) < batch:
            return report


def check_all(engine: Engine) -> CheckReport:
    """Read every file (row or store, through the engine's store) and verify its hash and size."""
    report = CheckReport()
    with session_scope(engine) as session:
        keys = list(session.execute(select(Blob.sha256, Blob.size).order_by(Blob.sha256)))
    for start in range(0, len(keys), BATCH):
        with session_scope(engine) as session:
            for sha256, size in keys[start : start + BATCH]:
                report.checked += 1
                try:
                    data = load_blob(session, sha256)
                except BlobError as exc:
                    report.problems.append((sha256, str(exc.code)))
                    continue
                if len(data) != size:
                    report.problems.append((sha256, "size_mismatch"))
                session.expunge_all()
    return report
