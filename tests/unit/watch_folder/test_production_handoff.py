"""Production hands files to Prefect workers or refuses to start: never quietly processes them itself."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from config.settings import Settings, SettingsProblem, SettingsRefused
from watch_folder.handoff import DeploymentHandoff, LocalHandoff
from watch_folder.main import HandoffMode, choose_handoff


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, intake_ids: Sequence[int]) -> None:
        self.calls.append(list(intake_ids))


def settings(env: str, tmp_path: Path) -> Settings:
    production: dict[str, Any] = {
        "pochta_token": "t",
        "pochta_login": "l",
        "pochta_password": "p",
        "pochta_tracking_login": "tl",
        "pochta_tracking_password": "tp",
    }
    return Settings(env=env, data_dir=tmp_path, **(production if env == "production" else {}))  # type: ignore[arg-type]


def test_production_watcher_refuses_to_start_without_a_prefect_api(tmp_path: Path) -> None:
    with pytest.raises(SettingsRefused) as refused:
        choose_handoff(
            settings("production", tmp_path),
            cast(LocalHandoff, Recorder()),
            mode=HandoffMode.AUTO,
            api_url="",
        )
    assert refused.value.code == SettingsProblem.NO_PREFECT_API
    assert "PREFECT_API_URL" in refused.value.message and "KORR_ENV=production" in refused.value.message


def test_production_watcher_leaves_claims_waiting_when_prefect_does_not_answer(tmp_path: Path) -> None:
    """GIVEN production and an API that is down WHEN a batch is handed over THEN nothing runs here."""
    local = Recorder()
    handoff, _ = choose_handoff(
        settings("production", tmp_path),
        cast(LocalHandoff, local),
        mode=HandoffMode.AUTO,
        api_url="http://127.0.0.1:9/api",
    )
    assert isinstance(handoff, DeploymentHandoff)
    handoff([11, 12])
    assert local.calls == []


def test_development_watcher_still_falls_back_in_process(tmp_path: Path) -> None:
    local = Recorder()
    handoff, _ = choose_handoff(
        settings("development", tmp_path),
        cast(LocalHandoff, local),
        mode=HandoffMode.AUTO,
        api_url="http://127.0.0.1:9/api",
    )
    handoff([11])
    assert local.calls == [[11]]
    no_api, described = choose_handoff(
        settings("development", tmp_path), cast(LocalHandoff, local), mode=HandoffMode.AUTO, api_url=""
    )
    assert no_api is local and described == "in-process"


def test_an_explicit_local_watcher_is_honoured_in_production(tmp_path: Path) -> None:
    local = Recorder()
    handoff, described = choose_handoff(
        settings("production", tmp_path), cast(LocalHandoff, local), mode=HandoffMode.LOCAL, api_url=""
    )
    assert handoff is local and "--local" in described
