"""What ``korrespondent up`` hands every component: one database, one Prefect, a printable sender."""

from __future__ import annotations

from pathlib import Path

from config.settings import Settings
from korrespondent.components import DEMO_SENDER, shared_env


def test_the_sandbox_gets_a_demo_sender_so_printing_works_at_once(tmp_path: Path) -> None:
    env = shared_env(Settings(data_dir=tmp_path))
    assert env["KORR_SENDER_NAME"] == DEMO_SENDER["KORR_SENDER_NAME"]
    assert env["KORR_DATA_DIR"] == str(tmp_path.resolve())


def test_real_russian_post_never_gets_a_made_up_sender(tmp_path: Path) -> None:
    env = shared_env(Settings(data_dir=tmp_path, pochta_token="real-token", pochta_login="agency"))
    assert "KORR_SENDER_NAME" not in env


def test_a_configured_sender_is_not_replaced(tmp_path: Path) -> None:
    env = shared_env(Settings(data_dir=tmp_path, sender_name="ООО «Агентство»", sender_address="Москва"))
    assert "KORR_SENDER_NAME" not in env  # the components read the operator's own KORR_SENDER_*
