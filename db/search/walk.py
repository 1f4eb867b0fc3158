"""The newest items of a filtered register that match a needle, at most ``limit`` of them.

Unless ``Match.walk``, one query does it: the union of matching ids, the filters, newest first,
``LIMIT``. Otherwise the ids of the parts that fit are fetched once (a set in Python) and the
filtered register is read newest first in chunks (keyset on ``received_at, id``, so a chunk costs
the same however deep); one query per chunk applies the crowded parts' row tests, plus one for
crowded document text. Each chunk is sized from the share of matches seen so far, and the walk
stops at ``limit`` matches: a needle in most items costs a chunk or two.

A walk is capped at ``WALK_BUDGET`` rows: a needle crowded overall but rare among the newest items
(last year's numbers, say) would otherwise test the whole register row by row. Past the cap, the
rest is one ordered query over every part's ids, which costs what their union costs, a fraction
of a second at worst with 100,000 items.
"""

from __future__ import annotations

import math
from typing import Any, TypeVarTuple

from sqlalchemy import ARRAY, BigInteger, ColumnElement, Select, any_, bindparam, false, or_, select
from sqlalchemy.orm import Session

from db.models import Incoming
from db.search.matching import Match
from db.search.parts import documents_among

Columns = TypeVarTuple("Columns")

NEWEST_FIRST = (Incoming.received_at.desc(), Incoming.id.desc())
MIN_CHUNK = 500
MAX_CHUNK = 8000
"""A chunk holds the matches still wanted at the share seen so far, plus a quarter, within these
bounds; the upper one also keeps a chunk small enough for PostgreSQL to run the tests per row."""
WALK_BUDGET = 16_000


def newest_matches(session: Session, base: Select[Incoming], match: Match, limit: int) -> list[int]:
    """Ids of the newest ``limit`` items of ``base`` (the filtered register) that ``match``."""
    if match.known is not None:
        return _among(session, base, match.known, limit)
    if not match.walk:
        return _ordered(session, base, match, limit)
    fitting = match.fitting()
    known = set(session.scalars(fitting)) if fitting is not None else set()
    found: list[int] = []
    after: tuple[Any, int] | None = None
    seen = 0
    while seen < WALK_BUDGET:
        size = _chunk_size(limit - len(found), share=len(found) / seen if seen else 1.0)
        rows = base.with_only_columns(Incoming.id, Incoming.received_at, Incoming.sender_id)
        query = _older_than(rows, after).order_by(*NEWEST_FIRST).limit(size)
        chunk = query.subquery()
        tested = session.execute(
            select(chunk.c.id, chunk.c.received_at, _any(test(chunk.c) for test in match.tests)).order_by(
                chunk.c.received_at.desc(), chunk.c.id.desc()
            )
        ).all()
        hits = known
        if match.crowded_documents and tested:
            assert match.found is not None
            ids = query.with_only_columns(Incoming.id)
            hits = known | documents_among(session, match.needle, match.found, ids)
        for item_id, _received_at, hit in tested:
            if hit or item_id in hits:
                found.append(item_id)
                if len(found) >= limit:
                    return found
        if len(tested) < size:
            return found
        seen += len(tested)
        after = (tested[-1][1], tested[-1][0])
    return found + _ordered(session, _older_than(base, after), match, limit - len(found))


def _ordered(session: Session, base: Select[Incoming], match: Match, limit: int) -> list[int]:
    """One query: the newest ``limit`` items of ``base`` among every part's ids."""
    query = base.with_only_columns(Incoming.id).where(Incoming.id.in_(match.everything()))
    return list(session.scalars(query.order_by(*NEWEST_FIRST).limit(limit)))


def _among(session: Session, base: Select[Incoming], ids: frozenset[int], limit: int) -> list[int]:
    """The newest ``limit`` items of ``base`` among ``ids`` (at most ``PROBE``): on PostgreSQL one
    array parameter, which plans in constant time where thousands of ``IN`` parameters do not."""
    if not ids:
        return []
    query = base.with_only_columns(Incoming.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.where(Incoming.id == any_(bindparam("known_ids", sorted(ids), type_=ARRAY(BigInteger))))
    else:
        query = query.where(Incoming.id.in_(sorted(ids)))
    return list(session.scalars(query.order_by(*NEWEST_FIRST).limit(limit)))


def _older_than(query: Select[*Columns], after: tuple[Any, int] | None) -> Select[*Columns]:
    """Rows after ``(received_at, id)`` in newest-first order; the first term gives the index a range."""
    if after is None:
        return query
    return query.where(
        Incoming.received_at <= after[0], or_(Incoming.received_at < after[0], Incoming.id < after[1])
    )


def _any(tests: Any) -> ColumnElement[bool]:
    conditions = list(tests)
    return or_(*conditions) if conditions else false()


def _chunk_size(wanted: int, *, share: float) -> int:
    """Rows to read next to find ``wanted`` more matches where ``share`` of the rows matched."""
    if share <= 0:
        return MAX_CHUNK
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(wanted / share * 1.25)))
