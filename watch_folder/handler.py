"""The watchdog event handler: it only notes which inbox entry changed and hands the name on.

Why nothing more: watchdog calls handlers on its own thread, and any work there (hashing, a
database write) would delay or, if it raised, stop event delivery. The watcher's loop decides
what to do with the names, on its own schedule.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePath

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from tasks.ingest.intake import is_ignored


def entry_name(inbox: Path, path: str | bytes) -> str | None:
    """The inbox entry (top-level name) an event path belongs to; None for ignored or outside paths."""
    text = os.fsdecode(path)  # bytes that are not UTF-8 stay as they are (surrogate escapes)
    try:
        parts = PurePath(text).relative_to(inbox).parts
    except ValueError:
        return None
    if not parts or is_ignored(parts[0]):
        return None
    return parts[0]


class InboxHandler(FileSystemEventHandler):
    """Calls ``notice(name)`` for every inbox entry an event touches (both ends of a move)."""

    def __init__(self, inbox: Path, notice: Callable[[str], None]) -> None:
        super().__init__()
        self._inbox = inbox
        self._notice = notice

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, getattr(event, "dest_path", "")):
            name = entry_name(self._inbox, path) if path else None
            if name is not None:
                self._notice(name)
