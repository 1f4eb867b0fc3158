"""Substring tests for one lower-cased needle, portable between SQLite and PostgreSQL.

``db.engine`` makes SQLite's ``lower()`` Unicode-aware, so ``lower(x) LIKE '%needle%'`` means
the same on both databases. Counterparty names and aliases are matched in Python: the table is
small and aliases are JSON, whose stored form differs between the two databases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from db.models import Client, Counterparty


def like_pattern(needle: str) -> str:
    """``%needle%`` with LIKE's wildcards in the needle escaped (escape character: backslash)."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, needle: str) -> ColumnElement[bool]:
    """``lower(column) LIKE '%needle%'``; ``needle`` is already lower-case."""
    return func.lower(column).like(like_pattern(needle), escape="\\")


def lowered_contains(column: Any, needle: str) -> ColumnElement[bool]:
    """``column LIKE '%needle%'`` for a column that is stored lower-case already (no function call)."""
    condition: ColumnElement[bool] = column.like(like_pattern(needle), escape="\\")
    return condition


def matching_sender_ids(session: Session, *, needle: str) -> list[int]:
    """Counterparties whose name or any alias contains ``needle`` (matched in Python, see module doc)."""
    rows = session.execute(select(Counterparty.id, Counterparty.name, Counterparty.aliases))
    found = []
    for cp_id, name, aliases in rows:
        texts = [name, *(aliases or [])]
        if any(needle in text.lower() for text in texts if isinstance(text, str)):
            found.append(cp_id)
    return found


def matching_client_ids(session: Session, *, needle: str) -> list[int]:
    """Clients whose name contains ``needle`` (the clients' table is small: a scan is cheap)."""
    return list(session.scalars(select(Client.id).where(contains(Client.name, needle))))
