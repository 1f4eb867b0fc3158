"""The engine's own settings, on an in-memory SQLite database."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.engine import make_engine


def test_make_engine_keeps_statement_parameters_out_of_errors() -> None:
    """An error's text reaches logs and Prefect's run states: no debtor's name may ride along."""
    engine = make_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (name TEXT UNIQUE)"))
        conn.execute(text("INSERT INTO t VALUES (:name)"), {"name": "Иванов"})
        with pytest.raises(IntegrityError) as raised:
            conn.execute(text("INSERT INTO t VALUES (:name)"), {"name": "Иванов"})
    assert "Иванов" not in str(raised.value)
    engine.dispose()
