"""The supervisor behind ``korrespondent up``: healthy start, restart on death, nothing left behind."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from korrespondent import supervisor as supervisor_module
from korrespondent.supervisor import Component, Supervisor, is_healthy, restart_pause, restarts_after_exit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_supervisor_starts_restarts_and_stops_everything(tmp_path: Path) -> None:
    """GIVEN a web server, a crashing component and one that spawns a grandchild
    WHEN supervised THEN the server is healthy, the crasher is restarted, and stop leaves no process."""
    port = free_port()
    grandchild_pid_file = tmp_path / "grandchild.pid"
    spawner = (
        "import subprocess, sys, time, pathlib;"
        f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)']);"
        f"pathlib.Path({str(grandchild_pid_file)!r}).write_text(str(p.pid)); time.sleep(300)"
    )
    components = [
        Component(
            "web",
            "Веб",
            (
                sys.executable,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(tmp_path),
            ),
            health_url=f"http://127.0.0.1:{port}/",
            start_timeout=20,
        ),
        Component(
            "crasher", "Падающий", (sys.executable, "-c", "import time; time.sleep(0.3); raise SystemExit(3)")
        ),
        Component("spawner", "Порождающий", (sys.executable, "-c", spawner)),
    ]
    reports: list[str] = []
    supervisor = Supervisor(components, log_dir=tmp_path / "logs", report=reports.append)
    assert supervisor.start_all()
    assert is_healthy(f"http://127.0.0.1:{port}/")
    watcher = threading.Thread(target=supervisor.watch, kwargs={"poll_seconds": 0.1})
    watcher.start()
    assert wait_for(lambda: any("«Падающий» остановился (код 3); перезапуск №1" in r for r in reports))
    assert wait_for(grandchild_pid_file.exists)
    grandchild = int(grandchild_pid_file.read_text())
    pids = [running.process.pid for running in supervisor.running.values()]
    supervisor.stop_all()
    watcher.join(timeout=10)
    assert not watcher.is_alive()
    assert wait_for(lambda: not any(alive(pid) for pid in [*pids, grandchild]), timeout=5)
    web_log = [json.loads(line) for line in (tmp_path / "logs" / "web.log").read_text().splitlines()]
    assert web_log and all(entry["component"] == "web" and entry["time"] for entry in web_log)
    assert any("GET /" in entry["line"] for entry in web_log)


def test_supervisor_reports_component_that_never_becomes_healthy(tmp_path: Path) -> None:
    port = free_port()
    component = Component(
        "mute",
        "Немой",
        (sys.executable, "-c", "import time; time.sleep(30)"),
        health_url=f"http://127.0.0.1:{port}/",
        start_timeout=1.5,
    )
    reports: list[str] = []
    supervisor = Supervisor([component], log_dir=tmp_path, report=reports.append)
    assert not supervisor.start_all()
    supervisor.stop_all()
    assert reports and "Не удалось запустить «Немой»" in reports[0]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/"])
def test_is_healthy_is_false_when_nothing_listens(url: str) -> None:
    assert not is_healthy(url, timeout=0.5)


def test_restart_pauses_grow_while_a_component_keeps_crashing() -> None:
    assert [restart_pause(n) for n in range(1, 7)] == [2, 4, 8, 16, 30, 30]
    assert restarts_after_exit(4, uptime_seconds=1.0) == 5


def test_supervisor_forgets_old_crashes_once_a_component_stayed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a component that runs longer than the 'stable' time before each exit
    WHEN it exits twice THEN both restarts are number 1 (the pause starts again from 2 s)."""
    monkeypatch.setattr(supervisor_module, "STABLE_AFTER_SECONDS", 0.5)
    component = Component("steady", "Стойкий", (sys.executable, "-c", "import time; time.sleep(0.8)"))
    reports: list[str] = []
    supervisor = Supervisor([component], log_dir=tmp_path / "logs", report=reports.append)
    assert supervisor.start_all()
    watcher = threading.Thread(target=supervisor.watch, kwargs={"poll_seconds": 0.1})
    watcher.start()
    try:
        assert wait_for(lambda: len(reports) >= 2, timeout=15)
    finally:
        supervisor.stop_all()
        watcher.join(timeout=10)
    assert all("перезапуск №1 через 2 с" in report for report in reports[:2])
