"""The watcher's sign of life: a small file in the data folder, rewritten every few seconds.

``korrespondent status`` runs in another process, perhaps on another host: the shared data folder
is what both see. A beat older than ``STALE_AFTER_SECONDS`` means the watcher is not running (or
hangs); no file means it never ran with this data folder.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

BEAT_EVERY_SECONDS = 10.0
STALE_AFTER_SECONDS = 60.0


def heartbeat_path(data_dir: Path) -> Path:
    return data_dir / "run" / "watcher.json"


def beat(path: Path) -> None:
    """Record "alive now" atomically (write beside, then rename): a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "at": time.time()}))
    partial.replace(path)


def is_alive(path: Path, *, now: float | None = None) -> bool | None:
    """True if the last beat is recent, False if stale, None if the watcher never beat here."""
    try:
        at = float(json.loads(path.read_text())["at"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return ((now if now is not None else time.time()) - at) < STALE_AFTER_SECONDS
