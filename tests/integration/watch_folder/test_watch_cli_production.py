"""`korrespondent watch` in production without PREFECT_API_URL: one clear line and exit code 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import watch_folder.main as watcher_main
from korrespondent.cli import app
from tests.integration.production_env import run_in_production

runner = CliRunner()


def test_production_watch_refuses_to_start_without_a_prefect_api(
    korr_env: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = korr_env()
    run_in_production(monkeypatch)
    monkeypatch.setattr(watcher_main, "prefect_api_url", lambda: "")

    def started(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the watcher started watching")  # instead of hanging if it ever does

    monkeypatch.setattr(watcher_main, "make_observer", started)
    (data_dir / "inbox").mkdir(parents=True)
    (data_dir / "inbox" / "scan.pdf").write_bytes(b"%PDF-1.4")

    result = runner.invoke(app, ["watch"])

    assert result.exit_code == 1
    assert "PREFECT_API_URL" in result.output and "KORR_ENV=production" in result.output
    assert (data_dir / "inbox" / "scan.pdf").exists()  # nothing claimed, nothing processed here
