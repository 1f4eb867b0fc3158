"""Registration numbers: automatic, unique and gap-free per direction and year.

The counter row is incremented inside the caller's transaction. On PostgreSQL the UPDATE
takes a row lock, so a second registering process waits until the first commits or rolls
back; a rollback returns the number, hence no gaps. On SQLite the write lock taken by
``BEGIN IMMEDIATE`` gives the same serialisation.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import RegCounter
from db.models.enums import RegDirection

NUMBER_WIDTH = 6


def format_reg_number(direction: RegDirection, year: int, value: int) -> str:
    """``ВХ-2026-000123``: direction prefix, year, six-digit sequence."""
    return f"{direction.value}-{year}-{value:0{NUMBER_WIDTH}d}"


def next_reg_number(session: Session, *, direction: RegDirection, year: int) -> str:
    """Take the next number for ``direction`` in ``year``; valid only if the caller commits."""
    _ensure_counter_row(session, direction=direction, year=year)
    value = session.execute(
        update(RegCounter)
        .where(RegCounter.direction == direction.value, RegCounter.year == year)
        .values(last_value=RegCounter.last_value + 1)
        .returning(RegCounter.last_value)
    ).scalar_one()
    return format_reg_number(direction, year, value)


def last_issued(session: Session, *, direction: RegDirection, year: int) -> int:
    value = session.scalar(
        select(RegCounter.last_value).where(RegCounter.direction == direction.value, RegCounter.year == year)
    )
    return value or 0


def _ensure_counter_row(session: Session, *, direction: RegDirection, year: int) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(RegCounter)
        .values(direction=direction.value, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["direction", "year"])
    )
    session.execute(statement)
