"""Where file content lives: content-addressed stores outside the row store, chosen by settings.

Scans arrive at gigabytes a day; as ``blob`` rows they make backups and vacuum the bottleneck. The
``blob`` table keeps one row per content (``sha256``, ``size``) and the bytes go to a store:

* ``FileBlobStore``: ``<root>/ab/cd/<sha256>`` in the shared data folder (the embedded default:
  it needs nothing but the folder we already have), written atomically;
* ``S3BlobStore``: the same keys in an S3-compatible bucket (``blob_store_s3.py``);
* no store (``KORR_BLOB_STORE=db``): the bytes stay in ``blob.data``, as before.

A row whose ``data`` is set is read from the row whatever the store, so a database half moved by
``korrespondent blobs migrate`` reads whole. Every read checks the hash: a mismatch raises
``BlobCorrupted``, a missing object ``BlobMissing``.

The entry point that builds the engine attaches the store to it (``attach_blob_store``), as the
app attaches its search index; ``store_blob`` and ``load_blob`` find it from the session. An
engine with nothing attached keeps bytes in rows, which is what tests and benches get.

Errors (``config.errors`` tree)::

    ServiceFailed
    └── BlobError                 BlobProblem
        ├── BlobCorrupted         .sha256, .actual: the bytes read do not hash to their key
        └── BlobMissing           .sha256: neither the row nor the store has the bytes
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import weakref
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from config.errors import ServiceFailed
from db.models import Blob

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobProblem(StrEnum):
    CORRUPTED = "blob_corrupted"
    MISSING = "blob_missing"
    UNAVAILABLE = "blob_store_unavailable"


class BlobError(ServiceFailed):
    """The content store failed us: a read did not give back what was stored."""

    def __init__(self, code: BlobProblem, message: str, *, sha256: str) -> None:
        super().__init__(code, message)
        self.sha256 = sha256


class BlobCorrupted(BlobError):
    """The bytes under a key do not hash to it: the store (or a disk) changed them."""

    def __init__(self, sha256: str, *, actual: str) -> None:
        super().__init__(
            BlobProblem.CORRUPTED, f"Содержимое файла {sha256[:12]}… повреждено в хранилище", sha256=sha256
        )
        self.actual = actual


class BlobMissing(BlobError):
    """Neither the row nor the store holds the bytes of a key."""

    def __init__(self, sha256: str) -> None:
        super().__init__(BlobProblem.MISSING, f"Файл {sha256[:12]}… не найден в хранилище", sha256=sha256)


class BlobStore(Protocol):
    """Bytes by their SHA-256. ``put`` is idempotent; ``get`` checks the hash."""

    def put(self, data: bytes, *, sha256: str | None = None) -> str: ...

    def get(self, sha256: str) -> bytes: ...

    def exists(self, sha256: str) -> bool: ...


def verified(data: bytes, sha256: str) -> bytes:
    """``data`` if it hashes to ``sha256``; raises ``BlobCorrupted`` otherwise."""
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise BlobCorrupted(sha256, actual=actual)
    return data


def blob_key(sha256: str) -> str:
    """``ab/cd/<sha256>``: two levels of 256 folders keep each folder small at millions of files."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class FileBlobStore:
    """Content-addressed files under ``root``; safe for several processes and hosts on one share.

    A write goes to a temporary file beside its target, is fsynced and renamed into place, so a
    reader never sees half a file and a crash leaves at most a ``.tmp-*`` to sweep. Writing the same
    content twice is a no-op.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / blob_key(sha256)

    def put(self, data: bytes, *, sha256: str | None = None) -> str:
        digest = sha256 or hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(sha256) from None
        return verified(data, sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_ATTACHED: weakref.WeakKeyDictionary[Engine, BlobStore] = weakref.WeakKeyDictionary()


def attach_blob_store(engine: Engine, store: BlobStore | None) -> Engine:
    """Make ``store`` the place for the bytes of every session on ``engine`` (``None``: rows)."""
    if store is None:
        _ATTACHED.pop(engine, None)
    else:
        _ATTACHED[engine] = store
    return engine


def attached_store(engine: Engine) -> BlobStore | None:
    """The store attached to ``engine``, or ``None`` when bytes stay in rows."""
    return _ATTACHED.get(engine)


def session_store(session: Session) -> BlobStore | None:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    return attached_store(engine)


def store_blob(session: Session, data: bytes, *, sha256: str | None = None) -> str:
    """Keep ``data`` once by its SHA-256 and return the key; the caller owns the transaction.

    With a store attached the bytes go there first (idempotent), so a row never points at bytes
    that were not written; a rolled-back transaction leaves at most an unreferenced object.
    ``sha256`` may be passed when the caller has computed it already (validation does).
    """
    digest = sha256 or hashlib.sha256(data).hexdigest()
    pending = any(isinstance(row, Blob) and row.sha256 == digest for row in session.new)
    if pending or session.get(Blob, digest) is not None:
        return digest
    store = session_store(session)
    if store is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
    else:
        store.put(data, sha256=digest)
        session.add(Blob(sha256=digest, size=len(data), data=None))
    return digest


def load_blob(session: Session, sha256: str, *, data: bytes | None = None) -> bytes:
    """The bytes of ``sha256``, hash-checked: from the row when it has them, else from the store.

    ``data`` is the row's column when the caller selected it already (saves a query).
    Raises ``BlobCorrupted`` or ``BlobMissing``.
    """
    if data is None:
        row = session.get(Blob, sha256)
        data = None if row is None else row.data
    if data is not None:
        return verified(data, sha256)
    store = session_store(session)
    if store is None:
        raise BlobMissing(sha256)
    return store.get(sha256)
