"""The ``korrespondent`` command as an operator uses it."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from argon2 import PasswordHasher
from sqlalchemy import select
from typer.testing import CliRunner

from config.settings import Settings
from db import migrate
from db.engine import make_engine, session_scope
from db.models import AuditLog, Counterparty, DocumentType, User
from korrespondent.cli import app
from korrespondent.context import INITIAL_ADMIN_FILE, refuse_initial_admin_password
from tasks.ingest.intake import STUCK_FILE
from tasks.reference import STANDARD_TYPES
from tests.factories import case_row, cases_csv, counterparties_csv, counterparty_row
from tests.integration.production_env import run_in_production

runner = CliRunner()


def _engine():  # type: ignore[no-untyped-def]
    return make_engine(Settings().resolved_database_url)


def test_cli_db_upgrade_migrates_and_installs_standard_document_types(korr_env: Callable[[], Path]) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Схема базы данных обновлена" in result.output
    engine = _engine()
    assert migrate.is_up_to_date(engine)
    with session_scope(engine) as session:
        names = set(session.scalars(select(DocumentType.name)))
        client_types = set(
            session.scalars(select(DocumentType.name).where(DocumentType.belongs_to == "client"))
        )
    engine.dispose()
    assert {standard.name for standard in STANDARD_TYPES} == names
    assert client_types == {"Договор уступки прав требования"}
    again = runner.invoke(app, ["db", "upgrade"])
    assert again.exit_code == 0 and "Добавлено" not in again.output


def test_cli_import_counterparties_reports_bad_rows_and_exits_nonzero(
    korr_env: Callable[[], Path], tmp_path: Path
) -> None:
    rnd = random.Random(5)
    csv_file = tmp_path / "cp.csv"
    csv_file.write_bytes(counterparties_csv([counterparty_row(rnd), counterparty_row(rnd, ogrn="123")]))
    result = runner.invoke(app, ["import", "counterparties", str(csv_file)])
    assert result.exit_code == 1
    assert "Строка 3: ОГРН «123» неверен" in result.output
    assert "Создано: 1, обновлено: 0, без изменений: 0, ошибок: 1" in result.output
    engine = _engine()
    with session_scope(engine) as session:
        assert len(session.scalars(select(Counterparty)).all()) == 1
        actors = set(session.scalars(select(AuditLog.actor).where(AuditLog.action.like("counterparty.%"))))
    engine.dispose()
    assert actors == {"tester"}


def test_cli_import_cases_with_progress_bar_for_large_file(
    korr_env: Callable[[], Path], tmp_path: Path
) -> None:
    rnd = random.Random(6)
    csv_file = tmp_path / "cases.csv"
    csv_file.write_bytes(cases_csv([case_row(rnd, n) for n in range(1, 601)]))
    result = runner.invoke(app, ["import", "cases", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "Кейсы: Создано: 600" in result.output


def test_cli_import_missing_file_gives_one_clear_line(korr_env: Callable[[], Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "cases", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert "Не удалось открыть файл" in result.output


def test_cli_demo_and_show_list_what_is_there(korr_env: Callable[[], Path]) -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert (
        "Образцы сканов в папке входящих: 8; прежняя почта со сроками и запретом: 4; черновики писем: 3."
        in first.output
    )
    inbox = korr_env() / "inbox"
    assert sorted(p.suffix for p in inbox.iterdir() if not p.name.startswith(".")) == [".jpg"] + [".pdf"] * 7
    again = runner.invoke(app, ["demo"])
    assert (
        "Образцы сканов в папке входящих: 0; прежняя почта со сроками и запретом: 0; черновики писем: 0."
        in again.output
    )
    result = runner.invoke(app, ["show"])
    assert result.exit_code == 0, result.output
    assert "Кейсы: 20" in result.output
    assert "Исходящие: 3" in result.output
    assert "Контрагенты: 9" in result.output  # the eight of the CSV and the debtor who wrote to us
    assert "Арбитражный суд города Москвы" in result.output


def test_cli_user_create_stores_hashed_password(korr_env: Callable[[], Path]) -> None:
    result = runner.invoke(
        app, ["user", "create", "Ivanova", "--role", "supervisor"], input="секрет-123\nсекрет-123\n"
    )
    assert result.exit_code == 0, result.output
    engine = _engine()
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.login == "ivanova"))
        assert user is not None and user.role == "supervisor"
        assert "секрет" not in user.password_hash
    engine.dispose()
    short = runner.invoke(app, ["user", "create", "petrov"], input="123\n123\n")
    assert short.exit_code == 1 and "Пароль слишком короткий" in short.output


def test_cli_refuses_to_start_in_production_without_russian_post_credentials(
    korr_env: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KORR_ENV", "production")
    monkeypatch.delenv("KORR_POCHTA_TOKEN", raising=False)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "KORR_ENV=production" in result.output and "KORR_POCHTA_TOKEN" in result.output
    assert "Traceback" not in result.output


def test_cli_user_create_takes_no_password_on_the_command_line(korr_env: Callable[[], Path]) -> None:
    """A password typed as an argument would stay in the shell history and in `ps`."""
    result = runner.invoke(app, ["user", "create", "sidorov", "--password", "секрет-123"])
    assert result.exit_code != 0 and "--password" in result.output


def test_cli_refuses_to_start_in_production_while_the_first_admin_keeps_the_generated_password(
    korr_env: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    GIVEN an installation whose first admin got a generated password, kept in admin-password.txt
    WHEN the app starts in production THEN it refuses until the password is changed
    """
    assert (
        runner.invoke(
            app, ["user", "create", "admin", "--role", "admin"], input="Начальный-1\nНачальный-1\n"
        ).exit_code
        == 0
    )
    (korr_env() / INITIAL_ADMIN_FILE).write_text("admin\nНачальный-1\n", encoding="utf-8")
    run_in_production(monkeypatch)
    with pytest.raises(typer.Exit):
        refuse_initial_admin_password(Settings())
    engine = _engine()
    with session_scope(engine) as session:
        user = session.scalars(select(User).where(User.login == "admin")).one()
        user.password_hash = PasswordHasher().hash("Новый-пароль-2")
    engine.dispose()
    refuse_initial_admin_password(Settings())  # changed: starts


def test_cli_status_lists_inbox_entries_no_round_could_take(korr_env: Callable[[], Path]) -> None:
    """An entry the watcher cannot move is reported once by the watcher, and by `status` until it goes."""
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    inbox = korr_env() / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / STUCK_FILE).write_text(
        json.dumps({"скан 12.pdf": "нет прав на перемещение"}, ensure_ascii=False), encoding="utf-8"
    )
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert "Не удаётся забрать из папки входящих: 1" in result.output
    assert "скан 12.pdf: нет прав на перемещение" in result.output
