"""File content stored once by its SHA-256 (``Blob``), whoever stores it."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from db.models import Blob


def store_blob(session: Session, data: bytes, *, sha256: str | None = None) -> str:
    """Add ``data`` unless identical content is already stored; returns its SHA-256 key.

    ``sha256`` may be passed when the caller has computed it already (validation does).
    """
    digest = sha256 or hashlib.sha256(data).hexdigest()
    pending = any(isinstance(row, Blob) and row.sha256 == digest for row in session.new)
    if not pending and session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
    return digest
