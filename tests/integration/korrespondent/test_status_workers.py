"""`korrespondent status` on several hosts: workers online in the pool, files a dead worker left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from config.settings import Settings
from db.engine import make_engine, session_scope
from db.models import IntakeFile
from db.models.base import utcnow
from korrespondent.cli import app
from korrespondent.status import online_workers

runner = CliRunner()


def test_status_names_files_left_by_a_worker_that_stopped_renewing_its_lease(
    korr_env: Callable[[], Path],
) -> None:
    korr_env()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(Settings().resolved_database_url)
    past, future = utcnow() - timedelta(minutes=1), utcnow() + timedelta(minutes=1)
    with session_scope(engine) as session:
        session.add_all(
            [
                IntakeFile(
                    claim_name="a", original_name="a.pdf", envelope="a", lease_until=past, leased_by="x"
                ),
                IntakeFile(
                    claim_name="b", original_name="b.pdf", envelope="b", lease_until=past, leased_by="x"
                ),
                IntakeFile(
                    claim_name="c", original_name="c.pdf", envelope="c", lease_until=future, leased_by="y"
                ),
                IntakeFile(
                    claim_name="d", original_name="d.pdf", envelope="d", status="registered", lease_until=past
                ),
            ]
        )
    engine.dispose()
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert "Брошены остановившимся исполнителем, ждут перехвата: 2" in result.output


def test_only_online_workers_count() -> None:
    answer: list[dict[str, object]] = [{"status": "ONLINE"}, {"status": "OFFLINE"}, {"status": "ONLINE"}]
    assert online_workers(answer) == 2
