"""Settings: the sandbox only in development; production refuses what would quietly misbehave."""

from __future__ import annotations

import pytest

from config.limits import DEFAULT_LIMITS
from config.runtime import limits_from
from config.settings import Settings, SettingsProblem, SettingsRefused

REAL = {
    "pochta_token": "token",
    "pochta_login": "agency",
    "pochta_password": "secret",
    "pochta_tracking_login": "tracker",
    "pochta_tracking_password": "secret",
}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["KORR_ENV", *(f"KORR_{key.upper()}" for key in REAL), "KORR_POCHTA_BASE_URL"]:
        monkeypatch.delenv(name, raising=False)


def test_settings_use_the_sandbox_in_development_without_credentials() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.uses_pochta_sandbox
    assert settings.pochta_url.startswith("http://127.0.0.1:")
    assert settings.clock_url.endswith("/__sandbox__/clock")


def test_settings_refuse_production_without_russian_post_credentials() -> None:
    with pytest.raises(SettingsRefused) as refused:
        Settings(_env_file=None, env="production")  # type: ignore[call-arg]
    assert refused.value.code is SettingsProblem.NO_POCHTA_CREDENTIALS
    assert "KORR_POCHTA_TOKEN" in refused.value.message and "Песочница" in refused.value.message


def test_settings_refuse_production_without_tracking_credentials() -> None:
    partial = {k: v for k, v in REAL.items() if not k.startswith("pochta_tracking")}
    with pytest.raises(SettingsRefused) as refused:
        Settings(_env_file=None, env="production", **partial)  # type: ignore[call-arg]
    assert refused.value.code is SettingsProblem.NO_TRACKING_CREDENTIALS


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"])
def test_settings_refuse_production_pointed_at_the_sandbox(url: str) -> None:
    with pytest.raises(SettingsRefused) as refused:
        Settings(_env_file=None, env="production", pochta_base_url=url, **REAL)  # type: ignore[call-arg]
    assert refused.value.code is SettingsProblem.SANDBOX_URL
    assert url in refused.value.message


def test_settings_in_production_use_the_real_service_and_the_system_clock() -> None:
    settings = Settings(_env_file=None, env="production", **REAL)  # type: ignore[call-arg]
    assert not settings.uses_pochta_sandbox
    assert settings.pochta_url == "https://otpravka-api.pochta.ru"
    assert settings.clock_url == ""


def test_settings_and_tests_share_one_set_of_file_limits() -> None:
    assert limits_from(Settings(_env_file=None)) == DEFAULT_LIMITS  # type: ignore[call-arg]
