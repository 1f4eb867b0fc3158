"""A small process supervisor for ``korrespondent up``: start, watch, restart, stop.

Each component runs in its own session (process group), so stopping it also stops whatever
it spawned (Prefect's server and Streamlit start children of their own). A component that
dies is restarted with a growing pause and reported; Ctrl-C stops everything, politely first
(SIGTERM to the group), then firmly (SIGKILL) if it does not go in time. Each component's output
goes to ``logs/<component>.log`` as JSON lines (time, component, line), rotated at 5 MB × 5.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

import httpx

log = logging.getLogger("korrespondent.supervisor")

STOP_GRACE_SECONDS = 10.0
LOG_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5
MAX_RESTART_PAUSE = 30.0
STABLE_AFTER_SECONDS = 180.0
"""A component up this long is healthy again: its next crash starts the pauses from the beginning."""


@dataclass(frozen=True, slots=True)
class Component:
    """One process of the system: how to start it and how to tell it is healthy."""

    name: str
    label: str
    command: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    health_url: str | None = None
    start_timeout: float = 90.0


@dataclass
class _Running:
    component: Component
    process: subprocess.Popen[bytes]
    started_at: float
    restarts: int = 0


def is_healthy(url: str, *, timeout: float = 2.0) -> bool:
    """True when ``url`` answers with a 2xx status."""
    try:
        return httpx.get(url, timeout=timeout).is_success
    except httpx.HTTPError:
        return False


class Supervisor:
    """Starts components in order, restarts the ones that die, stops them all on request."""

    def __init__(self, components: list[Component], *, log_dir: Path, report: Callable[[str], None]) -> None:
        self.components = components
        self.log_dir = log_dir
        self.report = report
        self.running: dict[str, _Running] = {}
        self.stop_requested = threading.Event()
        self._logs: dict[str, RotatingFileHandler] = {}

    def _spawn(self, component: Component) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            component.command,
            env={**os.environ, **component.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        threading.Thread(
            target=_copy_log,
            args=(process, self._log_writer(component)),
            daemon=True,
            name=f"log-{component.name}",
        ).start()
        return process

    def _log_writer(self, component: Component) -> RotatingFileHandler:
        if component.name not in self._logs:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                self.log_dir / f"{component.name}.log",
                maxBytes=LOG_BYTES,
                backupCount=LOG_BACKUPS,
                encoding="utf-8",
            )
            handler.setFormatter(JsonLines(component.name))
            self._logs[component.name] = handler
        return self._logs[component.name]

    def wait_healthy(self, component: Component) -> bool:
        """Wait until the component answers its health check (or has none); False on timeout or death."""
        if component.health_url is None:
            return True
        deadline = time.monotonic() + component.start_timeout
        while time.monotonic() < deadline and not self.stop_requested.is_set():
            running = self.running.get(component.name)
            if running is None or running.process.poll() is not None:
                return False
            if is_healthy(component.health_url):
                return True
            time.sleep(0.5)
        return False

    def start_all(self) -> bool:
        """Start every component in order, each healthy before the next; False if one never is."""
        for component in self.components:
            if self.stop_requested.is_set():
                return False
            self.running[component.name] = _Running(component, self._spawn(component), time.monotonic())
            if not self.wait_healthy(component):
                self.report(
                    f"Не удалось запустить «{component.label}»: см. {self.log_dir / component.name}.log"
                )
                return False
        return True

    def watch(self, *, poll_seconds: float = 1.0) -> None:
        """Restart components that exit until a stop is requested."""
        while not self.stop_requested.wait(poll_seconds):
            for running in list(self.running.values()):
                code = running.process.poll()
                if code is None:
                    continue
                uptime = time.monotonic() - running.started_at
                running.restarts = restarts_after_exit(running.restarts, uptime)
                pause = restart_pause(running.restarts)
                self.report(
                    f"«{running.component.label}» остановился (код {code}); перезапуск №{running.restarts} "
                    f"через {pause:.0f} с"
                )
                if self.stop_requested.wait(pause):
                    return
                running.process = self._spawn(running.component)
                running.started_at = time.monotonic()

    def stop_all(self) -> None:
        """Stop every component (newest first) and everything it started."""
        self.stop_requested.set()
        for running in reversed(list(self.running.values())):
            _signal_group(running.process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for running in reversed(list(self.running.values())):
            try:
                running.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("component %s did not stop in time; killing it", running.component.name)
            _signal_group(running.process, signal.SIGKILL)
            running.process.wait()
        for handler in self._logs.values():
            handler.close()


def restarts_after_exit(restarts: int, uptime_seconds: float) -> int:
    """The restart count after an exit: a component that had stayed up for a while starts afresh.

    Without the reset, a component that crashed five times last week waits the longest pause for
    ever after; with it, only a component that keeps crashing is slowed down.
    """
    return 1 if uptime_seconds >= STABLE_AFTER_SECONDS else restarts + 1


def restart_pause(restarts: int) -> float:
    """Seconds to wait before restart number ``restarts``: 2, 4, 8, 16, then 30 at most."""
    return min(MAX_RESTART_PAUSE, 2.0 ** min(restarts, 5))


class JsonLines(logging.Formatter):
    """One JSON object per line: machine-readable for the log collector, readable by a person."""

    def __init__(self, component: str) -> None:
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        return json.dumps(
            {"time": moment, "component": self.component, "line": record.getMessage()}, ensure_ascii=False
        )


def _copy_log(process: subprocess.Popen[bytes], handler: RotatingFileHandler) -> None:
    """Copy a component's output into its rotating log, one JSON object per line."""
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.decode("utf-8", errors="replace").rstrip()
        if line:
            handler.emit(logging.LogRecord("component", logging.INFO, "", 0, line, None, None))


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        log.debug("process group %s is already gone", process.pid)
