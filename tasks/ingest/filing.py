"""Names on disk and moving claimed files to where they belong once their rows are committed.

Names we make are built from ``display_name``: any name the file system allows (bytes that are not
UTF-8, 255 bytes, newlines, right-to-left marks, decomposed letters) becomes a readable UTF-8
name that is safe to store, log and show, and no name we create exceeds ``NAME_MAX`` bytes. The
budgets below add up so that nothing needs cutting later, where a cut could make two names equal:

- a loose file's claim ``<stamp>-<id>__<name>`` ≤ ``CLAIM_MAX`` (240 bytes: room for ``.reason.txt``
  and its ``.tmp`` in ``rejected/``), a folder's claim ≤ 85 bytes and each file in it ≤ 150 bytes,
  so ``rejected/<folder claim>__<file>`` ≤ 240 and a file claim ≤ 236 characters (the column holds 300);
- ``archive/…/<reg number>__<name>`` ≤ 240.

Every move is idempotent: after a crash the same call finds the file already in place and does
nothing, so resuming an envelope only finishes what the crash interrupted. A move never goes
through a link: a claimed link, FIFO or device is moved as itself.
"""

from __future__ import annotations

import contextlib
import os
import stat
import unicodedata
from datetime import datetime
from pathlib import Path

NAME_MAX = 255
"""Bytes in one file name on every file system we meet (ext4, XFS, NTFS via SMB)."""
CLAIM_MAX = NAME_MAX - len(".reason.txt.tmp")
CLAIM_PREFIX_BYTES = len("20260101120000-0123abcd__")
LOOSE_NAME_BYTES = CLAIM_MAX - CLAIM_PREFIX_BYTES
FOLDER_NAME_BYTES = 60
FILE_IN_FOLDER_BYTES = 150
UNNAMED = "без имени"


def _decoded(name: str) -> str:
    """The name as text: UTF-8 when its bytes are UTF-8, else cp1251 (old Windows clients of a share)."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def _readable_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp") or char in "/\\":
        return " "
    if category in ("Cf", "Cs", "Co", "Cn"):  # bidi and zero-width marks, lone surrogates, unassigned
        return ""
    return char


def fit(name: str, max_bytes: int) -> str:
    """``name`` cut to ``max_bytes`` of UTF-8 on a character boundary, keeping a short extension."""
    if len(name.encode()) <= max_bytes:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix.encode()) > 10:
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    room = max_bytes - len(tail.encode())
    cut = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip()
    return (cut or UNNAMED[: max(room // 2, 0)]) + tail


def display_name(name: str, *, max_bytes: int = LOOSE_NAME_BYTES) -> str:
    """A safe, readable form of a name from the disk, for the database, the logs and people.

    Decodes bytes that are not UTF-8, composes letters (NFC), turns control characters into
    spaces, drops direction and zero-width marks (``‮fdp.exe`` shows as what it is), squeezes
    spaces, and fits the result into ``max_bytes`` keeping the extension.

    >>> display_name("Постановление\\n№ 5\\u202e.pdf")
    'Постановление № 5.pdf'
    """
    text = unicodedata.normalize("NFC", _decoded(name))
    text = " ".join("".join(map(_readable_char, text)).split())
    return fit(text.lstrip(".") or UNNAMED, max_bytes)


def original_name(file_claim: str) -> str:
    """The name shown for a claimed file: the claim prefix (``<stamp>-<id>__``) removed."""
    base = file_claim.rsplit("/", 1)[-1]
    return base.split("__", 1)[1] if "__" in base and "/" not in file_claim else base


def archive_path(archive_dir: Path, *, received_at: datetime, reg_number: str, file_claim: str) -> Path:
    """``archive/YYYY/MM/DD/<reg number>__<name>``: findable by date and by number."""
    day = archive_dir / f"{received_at:%Y}" / f"{received_at:%m}" / f"{received_at:%d}"
    return day / fit(f"{reg_number}__{original_name(file_claim)}", CLAIM_MAX)


def rejected_path(rejected_dir: Path, *, file_claim: str) -> Path:
    """``rejected/<claim name>``: the claim name keeps two refused files of one name apart."""
    return rejected_dir / fit(file_claim.replace("/", "__"), CLAIM_MAX)


def _through_link(source: Path, root: Path | None) -> bool:
    """True when a folder between ``root`` and ``source`` is not a real folder (a link swapped in)."""
    if root is None:
        return False
    folder = root
    for part in source.relative_to(root).parts[:-1]:
        folder = folder / part
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return True
    return False


def move_into_place(source: Path, target: Path, *, root: Path | None = None) -> bool:
    """Move ``source`` itself (a link stays a link) to ``target``; False if it is already gone.

    Same file system: an atomic rename. ``root``: a folder ``source`` lies under; a move that
    would pass through a link below it is not made (False).
    """
    if not os.path.lexists(source) or _through_link(source, root):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return True


def write_reason(target: Path, text: str) -> None:
    """``<file>.reason.txt`` beside a refused file, written atomically.

    The temporary file is created new (``O_EXCL``, ``O_NOFOLLOW``): a link planted under its name
    in a shared ``rejected/`` folder makes the write fail instead of overwriting the link's target.
    """
    reason = target.with_name(target.name + ".reason.txt")
    temporary = reason.with_name(reason.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()  # a leftover (or a planted link) is removed as itself, never followed
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with os.fdopen(os.open(temporary, flags, 0o644), "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, reason)


def remove_empty_envelope(processing_dir: Path, claim_name: str) -> None:
    """Drop the claimed folder of an envelope once every file in it has been filed away."""
    folder = processing_dir / claim_name
    try:
        if stat.S_ISDIR(folder.lstat().st_mode) and not any(folder.iterdir()):
            folder.rmdir()
    except FileNotFoundError:
        return
