"""`korrespondent status` shows the flows process and the watcher as they are (issue 13.14).

Both used to show «—» while they ran: status only knew the processes it had started itself. Now
the flows are known by their deployment's last poll (Prefect marks it READY while a runner asks
for runs) and the watcher by its heartbeat file in the shared data folder; this drives both
through a real HTTP answer and a real heartbeat file, running and then stopped.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config.deployments import INGEST_DEPLOYMENT
from korrespondent.cli import app
from watch_folder.heartbeat import STALE_AFTER_SECONDS, beat, heartbeat_path

runner = CliRunner()
FLOWS = "Процессы Prefect (конвейер, отправка, трекинг)"
WATCHER = "Наблюдатель папки входящих"


class _PrefectApi(BaseHTTPRequestHandler):
    """A Prefect API that answers the health probe and its ingest deployment's state."""

    deployment_status = "READY"

    def do_GET(self) -> None:
        if self.path == "/api/health":
            body = b"true"
        elif self.path == f"/api/deployments/name/{INGEST_DEPLOYMENT}":
            body = json.dumps({"status": type(self).deployment_status}).encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def prefect_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_PrefectApi]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PrefectApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(
        "korrespondent.status.prefect_api_url", lambda: f"http://127.0.0.1:{server.server_port}/api"
    )
    try:
        yield _PrefectApi
    finally:
        server.shutdown()
        _PrefectApi.deployment_status = "READY"


def _status() -> dict[str, str]:
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    lines = (line.strip().partition(": ") for line in result.output.splitlines())
    return {label: state for label, _, state in lines if label in (FLOWS, WATCHER)}


def test_status_shows_the_flows_and_the_watcher_running_then_stopped(
    korr_env: Callable[[], Path], prefect_api: type[_PrefectApi]
) -> None:
    """GIVEN flows served by a runner (deployment READY) and a watcher that beat a moment ago
    WHEN the administrator runs `korrespondent status`
    THEN both show «работает»; once the runner stops polling and the beat is a minute old, both
    show «не отвечает» — never «—» for a process that is there."""
    data_dir = korr_env()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    heartbeat = heartbeat_path(data_dir)
    beat(heartbeat)
    assert _status() == {FLOWS: "работает", WATCHER: "работает"}

    prefect_api.deployment_status = "NOT_READY"
    stale = json.loads(heartbeat.read_text()) | {"at": time.time() - STALE_AFTER_SECONDS - 1}
    heartbeat.write_text(json.dumps(stale))
    assert _status() == {FLOWS: "не отвечает", WATCHER: "не отвечает"}
