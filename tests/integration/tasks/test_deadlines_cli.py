"""``korrespondent deadlines|guards …`` and ``outgoing create --case``, as operations use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from db.engine import make_engine, session_scope
from db.models import Case
from korrespondent.cli import app
from tasks.database import upgrade_and_seed
from tests.integration.tasks.test_deadlines import CANCELLED_ORDER, make_case, register

runner = CliRunner()


def _prepare(url: str) -> str:
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="tests")
    with session_scope(engine) as session:
        case = make_case(session, "К-77")
        number = register(session, case, "Определение об отмене судебного приказа", CANCELLED_ORDER)
        make_case(session, "К-78")
    engine.dispose()
    return number


def test_cli_deadlines_list_json_prints_one_object_per_line(
    korr_env: Callable[[], Path], empty_database_url: str
) -> None:
    number = _prepare(empty_database_url)
    result = runner.invoke(app, ["deadlines", "list", "--json"])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    row = json.loads(line)
    assert {k: row[k] for k in ("case_number", "incoming_number", "earliest_date", "due_date", "status")} == {
        "case_number": "К-77",
        "incoming_number": number,
        "earliest_date": None,
        "due_date": "2024-04-08",
        "status": "open",
    }
    assert row["document_type"] == "Определение об отмене судебного приказа" and "ГК РФ" in row["basis"]


def test_cli_guard_refuses_a_letter_to_the_debtor_by_case_number(
    korr_env: Callable[[], Path], empty_database_url: str
) -> None:
    _prepare(empty_database_url)
    added = runner.invoke(app, ["guards", "add", "К-77", "--kind", "отказ", "--source", "ВХ-2023-000001"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["guards", "list", "--json"])
    assert [json.loads(line) for line in listed.output.splitlines()] == [
        {
            "case_number": "К-77",
            "debtor": "Петров Сергей Иванович",
            "kind": "отказ",
            "source_number": "ВХ-2023-000001",
            "since": "2023-10-20",
        }
    ]
    refused = runner.invoke(app, ["outgoing", "create", "--case", "К-77"])
    assert refused.exit_code == 1
    assert "не создаётся" in refused.output and "ВХ-2023-000001" in refused.output
    allowed = runner.invoke(app, ["outgoing", "create", "--case", "К-78"])
    assert allowed.exit_code == 0, allowed.output
    assert "Создан черновик ИСХ-" in allowed.output
    engine = make_engine(empty_database_url)
    with session_scope(engine) as session:
        case_id = session.scalar(select(Case.id).where(Case.case_number == "К-78"))
    engine.dispose()
    assert runner.invoke(app, ["outgoing", "create", "--case", str(case_id)]).exit_code == 0
    unknown = runner.invoke(app, ["guards", "add", "К-404", "--kind", "банкротство"])
    assert unknown.exit_code == 1 and "не найден" in unknown.output


def test_cli_guards_add_refuses_an_unknown_kind_an_unknown_source_and_a_second_guard(
    korr_env: Callable[[], Path], empty_database_url: str
) -> None:
    number = _prepare(empty_database_url)
    wrong_kind = runner.invoke(app, ["guards", "add", "К-77", "--kind", "запрет"])
    assert wrong_kind.exit_code == 1 and "отказ, представитель или банкротство" in wrong_kind.output
    typo = runner.invoke(app, ["guards", "add", "К-77", "--kind", "отказ", "--source", "ВХ-2023-999999"])
    assert typo.exit_code == 1 and "ВХ-2023-999999 не найден" in typo.output
    assert runner.invoke(app, ["guards", "list", "--json"]).output == ""  # nothing was put
    added = runner.invoke(app, ["guards", "add", "К-77", "--kind", "банкротство", "--source", number])
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["guards", "add", "К-77", "--kind", "банкротство"])
    assert again.exit_code == 1 and "уже есть ограничение" in again.output
    [line] = runner.invoke(app, ["guards", "list", "--json"]).output.splitlines()
    assert json.loads(line)["kind"] == "банкротство" and json.loads(line)["source_number"] == number
