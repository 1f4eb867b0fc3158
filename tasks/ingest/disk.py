"""What an inbox entry holds, seen without following links, and claiming a folder flat.

Nothing here follows a symbolic link: entries are looked at with ``lstat``, folders are walked
with ``scandir`` and directory descriptors opened with ``O_NOFOLLOW``, so a link to a file or a
folder outside the inbox is never read, listed or moved through. A link, a FIFO, a socket or a
device is an entry like any other: claimed and moved as itself, and refused with its reason.

A dropped folder is claimed in three steps, each safe to repeat after a crash:

1. it is renamed to ``.processing/.stage-<claim>/tree`` (a dot name: nobody resumes it yet);
2. everything in the tree that is not a folder is renamed, depth first, to the stage's top level
   under a safe unique name (``display_name``), through directory descriptors, so no path is ever
   longer than one name and depth does not matter; the emptied folders are removed;
3. the stage is renamed to ``.processing/<claim>``: an envelope of at most one level.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from tasks.ingest.filing import FILE_IN_FOLDER_BYTES, display_name, fit

logger = logging.getLogger(__name__)

STAGE_PREFIX = ".stage-"
TREE = "tree"
MAX_DEPTH = 200
"""Folders deeper than this are moved as one entry (a folder), and refused as such."""
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def is_real_dir(path: Path) -> bool:
    """A folder itself, not a link to one; False when the path is gone."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def walk_entries(entry: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to ``entry``, lstat) of everything under ``entry`` that is not a folder.

    ``entry`` itself when it is not a folder (``"."``). Links are reported, never followed.
    Folders are walked through descriptors, so depth and long names never make a path too long;
    one that cannot be read is skipped. Raises ``FileNotFoundError`` when ``entry`` vanished.
    """
    info = entry.lstat()
    if not stat.S_ISDIR(info.st_mode):
        yield ".", info
        return
    folder = os.open(entry, _DIR_FLAGS)
    try:
        yield from _walk(folder, "", 0)
    finally:
        os.close(folder)


def _walk(folder: int, prefix: str, depth: int) -> Iterator[tuple[str, os.stat_result]]:
    try:
        children = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
    except OSError:
        return
    for child in children:
        relative = f"{prefix}{child.name}"
        if child.is_dir(follow_symlinks=False) and depth < MAX_DEPTH:
            try:
                inner = os.open(child.name, _DIR_FLAGS, dir_fd=folder)
            except OSError:
                continue
            try:
                yield from _walk(inner, f"{relative}/", depth + 1)
            finally:
                os.close(inner)
            continue
        try:
            yield relative, child.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when taken; within the per-file byte budget."""
    if name not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    number = 2
    while True:
        tail = f" ({number})" + (f".{suffix}" if suffix else "")
        candidate = fit(stem, FILE_IN_FOLDER_BYTES - len(tail.encode())) + tail
        if candidate not in taken:
            return candidate
        number += 1


def _flatten(stage_fd: int, folder_fd: int, taken: set[str], depth: int) -> None:
    """Move everything under ``folder_fd`` that is not a folder to the stage's top level."""
    children = sorted(os.scandir(folder_fd), key=lambda e: os.fsencode(e.name))
    for child in children:
        if child.is_dir(follow_symlinks=False) and depth < MAX_DEPTH:
            inner = os.open(child.name, _DIR_FLAGS, dir_fd=folder_fd)
            try:
                _flatten(stage_fd, inner, taken, depth + 1)
            finally:
                os.close(inner)
            os.rmdir(child.name, dir_fd=folder_fd)
            continue
        flat = _unique(display_name(child.name, max_bytes=FILE_IN_FOLDER_BYTES), taken)
        os.rename(child.name, flat, src_dir_fd=folder_fd, dst_dir_fd=stage_fd)
        taken.add(flat)


def finish_stage(stage: Path) -> str | None:
    """Flatten a staged folder and give it its claim name; the claim name, or None if nothing came of it.

    Safe to repeat: files already moved stay where they are, the rest follow. Raises ``OSError``
    when a part of the tree cannot be moved (the stage waits for a later round).
    """
    tree = stage / TREE
    if is_real_dir(tree):
        stage_fd = os.open(stage, _DIR_FLAGS)
        try:
            tree_fd = os.open(TREE, _DIR_FLAGS, dir_fd=stage_fd)
            try:
                taken = {name for name in os.listdir(stage_fd) if name != TREE}
                _flatten(stage_fd, tree_fd, taken, 0)
            finally:
                os.close(tree_fd)
            os.rmdir(TREE, dir_fd=stage_fd)
        finally:
            os.close(stage_fd)
    if not any(stage.iterdir()):
        stage.rmdir()
        return None
    name = stage.name.removeprefix(STAGE_PREFIX)
    os.rename(stage, stage.parent / name)
    return name


def stage_folder(source: Path, processing_dir: Path, claim: str) -> str | None:
    """Claim the folder ``source`` as ``claim``: stage, flatten, rename (see the module docstring).

    Returns the claim name, or None when someone else took the folder first or it held nothing.
    """
    stage = processing_dir / f"{STAGE_PREFIX}{claim}"
    stage.mkdir()
    try:
        os.rename(source, stage / TREE)
    except FileNotFoundError:
        stage.rmdir()
        return None
    return finish_stage(stage)


def unfinished_stages(processing_dir: Path, *, min_age_seconds: float, now: float) -> list[Path]:
    """Stages a crash (or an unmovable part) left behind, older than ``min_age_seconds``."""
    found = []
    for path in processing_dir.glob(f"{STAGE_PREFIX}*"):
        try:
            if now - path.lstat().st_ctime >= min_age_seconds:
                found.append(path)
        except FileNotFoundError:
            continue
    return sorted(found)
