"""Moving claimed files to where they belong once their rows are committed.

Every move is idempotent: after a crash the same call finds the file already in place and does
nothing, so resuming an envelope only finishes what the crash interrupted.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


def original_name(file_claim: str) -> str:
    """The name the scanner gave a file: the claim prefix (``<stamp>-<id>__``) removed."""
    base = Path(file_claim).name
    return base.split("__", 1)[1] if "__" in base else base


def archive_path(archive_dir: Path, *, received_at: datetime, reg_number: str, file_claim: str) -> Path:
    """``archive/YYYY/MM/DD/<reg number>__<original name>``: findable by date and by number."""
    day = archive_dir / f"{received_at:%Y}" / f"{received_at:%m}" / f"{received_at:%d}"
    return day / f"{reg_number}__{original_name(file_claim)}"


def rejected_path(rejected_dir: Path, *, file_claim: str) -> Path:
    """``rejected/<claim name>``: the claim name keeps two refused files of one name apart."""
    return rejected_dir / file_claim.replace("/", "__")


def move_into_place(source: Path, target: Path) -> bool:
    """Move ``source`` to ``target`` (same file system: an atomic rename). False if already there."""
    if not source.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return True


def write_reason(target: Path, text: str) -> None:
    """``<file>.reason.txt`` beside a refused file, written atomically."""
    reason = target.with_name(target.name + ".reason.txt")
    temporary = reason.with_name(reason.name + ".tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, reason)


def remove_empty_envelope(processing_dir: Path, claim_name: str) -> None:
    """Drop the claimed folder of an envelope once every file in it has been filed away."""
    folder = processing_dir / claim_name
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
