"""An installation seeded with older type rules gets the shipped ones; clerks' rules stay theirs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from config.settings import Settings
from db.engine import make_engine, session_scope
from db.models import DocumentType
from korrespondent.cli import app
from tasks.doctype_rules import STANDARD_RULES
from tasks.reference import save_document_types
from tasks.reference_defaults import restore_standard_type_rules

DECISION = "Решение суда"
ORDER = "Судебный приказ"
OLD_RULES = r"^решение\b"  # what an installation of an earlier version copied


def _type(session: Session, name: str) -> DocumentType:
    row = session.scalars(select(DocumentType).where(DocumentType.name == name)).one()
    return row


def _shipped(name: str) -> str:
    return "\n".join(STANDARD_RULES[name])


def test_old_copied_rules_are_refreshed_and_a_clerks_own_edits_kept(session: Session) -> None:
    decision, order = _type(session, DECISION), _type(session, ORDER)
    decision.match_rules = OLD_RULES  # copied by an old version: no clerk touched it
    session.flush()
    save_document_types(session, edited={order.id: {"match_rules": r"^приказ\b"}}, added=[], actor="clerk")
    save_document_types(
        session, edited={}, added=[{"name": "Справка о долге", "match_rules": r"^справка\b"}], actor="clerk"
    )

    report = restore_standard_type_rules(session, actor="admin")

    assert _type(session, DECISION).match_rules == _shipped(DECISION)
    assert report.refreshed == (DECISION,)
    assert _type(session, ORDER).match_rules == r"^приказ\b" and report.kept_edited == (ORDER,)
    assert _type(session, "Справка о долге").match_rules == r"^справка\b"
    again = restore_standard_type_rules(session, actor="admin")
    assert again.refreshed == () and again.kept_edited == (ORDER,)


def test_overwrite_edited_replaces_a_clerks_rules_and_then_counts_them_as_shipped(session: Session) -> None:
    order = _type(session, ORDER)
    save_document_types(session, edited={order.id: {"match_rules": r"^приказ\b"}}, added=[], actor="clerk")
    report = restore_standard_type_rules(session, actor="admin", overwrite_edited=True)
    assert ORDER in report.refreshed and _type(session, ORDER).match_rules == _shipped(ORDER)
    order.match_rules = OLD_RULES
    session.flush()
    assert ORDER in restore_standard_type_rules(session, actor="admin").refreshed


def test_cli_restore_defaults_types(korr_env: Callable[[], Path]) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(Settings().resolved_database_url)
    with session_scope(engine) as session:
        _type(session, DECISION).match_rules = OLD_RULES
    result = runner.invoke(app, ["reference", "restore-defaults", "--types"])
    assert result.exit_code == 0, result.output
    assert f"обновлён: {DECISION}" in result.output
    with session_scope(engine) as session:
        assert _type(session, DECISION).match_rules == _shipped(DECISION)
    engine.dispose()
    refused = runner.invoke(app, ["reference", "restore-defaults"])
    assert refused.exit_code == 1 and "--types" in refused.output
