"""`korrespondent status` counts the refused files waiting on «Отказы»."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from config.settings import Settings
from db.engine import make_engine, session_scope
from db.models import Rejection
from korrespondent.cli import app

runner = CliRunner()


def test_cli_status_counts_open_refusals(korr_env: Callable[[], Path]) -> None:
    korr_env()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(Settings().resolved_database_url)
    with session_scope(engine) as session:
        session.add_all(
            [
                Rejection(file_name="пусто.pdf", reason="empty"),
                Rejection(file_name="скан.pdf", reason="mislabelled"),
            ]
        )
    engine.dispose()
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert "Отказы (файлы, которые папка входящих не приняла): 2" in result.output
