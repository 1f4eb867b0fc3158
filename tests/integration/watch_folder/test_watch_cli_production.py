"""`korrespondent watch` in production without PREFECT_API_URL: one clear line and exit code 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import watch_folder.main as watcher_main
from korrespondent.cli import app

runner = CliRunner()


def test_production_watch_refuses_to_start_without_a_prefect_api(
    korr_env: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = korr_env()
    for name, value in {
        "KORR_ENV": "production",
        "KORR_POCHTA_TOKEN": "t",
        "KORR_POCHTA_LOGIN": "l",
        "KORR_POCHTA_PASSWORD": "p",
        "KORR_POCHTA_TRACKING_LOGIN": "tl",
        "KORR_POCHTA_TRACKING_PASSWORD": "tp",
    }.items():
        monkeypatch.setenv(name, value)
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
