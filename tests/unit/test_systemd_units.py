"""deploy/systemd: every unit reads an environment file we ship, and that file names real settings."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from config.settings import Settings

SYSTEMD = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
NEEDED_ON_EVERY_HOST = {"KORR_ENV", "KORR_DATABASE_URL", "KORR_DATA_DIR", "KORR_CODE_DIR", "PREFECT_API_URL"}


def variables(path: Path) -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def units() -> dict[str, configparser.ConfigParser]:
    parsed = {}
    for unit in sorted(SYSTEMD.glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
        parser.read(unit, encoding="utf-8")
        parsed[unit.name] = parser
    return parsed


def test_a_unit_for_each_process_of_the_production_topology() -> None:
    commands = " ".join(u["Service"]["ExecStart"] for u in units().values())
    for process in (
        "prefect server start",
        "prefect worker start --pool korrespondent",
        "korrespondent watch",
    ):
        assert process in commands
    assert "korrespondent app" in commands


def test_every_unit_reads_an_environment_file_that_is_shipped_as_an_example() -> None:
    for name, unit in units().items():
        env_file = Path(unit["Service"]["EnvironmentFile"])
        assert (SYSTEMD / f"{env_file.name}.example").is_file(), name


def test_the_hosts_environment_names_every_variable_a_worker_needs_and_only_real_settings() -> None:
    names = variables(SYSTEMD / "korrespondent.env.example")
    assert NEEDED_ON_EVERY_HOST <= names
    production = {
        "pochta_token",
        "pochta_login",
        "pochta_password",
        "pochta_tracking_login",
        "pochta_tracking_password",
    }
    assert {f"KORR_{field.upper()}" for field in production} <= names
    settings = {f"KORR_{field.upper()}" for field in Settings.model_fields}
    assert {n for n in names if n.startswith("KORR_")} - settings == {"KORR_CODE_DIR"}  # read by prefect.yaml


def test_the_prefect_server_gets_its_own_postgresql_database() -> None:
    names = variables(SYSTEMD / "prefect-server.env.example")
    assert "PREFECT_SERVER_DATABASE_CONNECTION_URL" in names
    text = (SYSTEMD / "prefect-server.env.example").read_text(encoding="utf-8")
    assert "postgresql+asyncpg://" in text


def test_workers_stop_on_sigterm_and_have_a_working_folder_of_their_own() -> None:
    worker = units()["korrespondent-worker.service"]["Service"]
    assert worker["KillMode"] == "mixed" and int(worker["TimeoutStopSec"]) <= 60
    assert "PREFECT_HOME=" in worker["Environment"] and "/srv/" not in worker["WorkingDirectory"]
