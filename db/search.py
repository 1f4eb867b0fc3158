"""Search and paging of the incoming register across every field clerks remember.

One needle is looked up in the registration number, the sender's name and aliases, the
comment, the debtor's name, the case number, the case identifiers (ИП, court case, УИД) and
the documents' extracted text; structured filters (sender, type, case, status, dates) narrow
the result. Paging is server side (``LIMIT``/``OFFSET`` on ``received_at, id``), so a page costs
the same with 100 or 100,000 items.

The SQL is portable: ``LIKE`` over ``lower()`` (which ``db.engine`` makes Unicode-aware on
SQLite). Counterparty names and aliases are matched in Python: the table is small and aliases
are JSON, whose stored form differs between the two databases. Document text, the bulk of the
data, goes through an accelerator when one is installed: on PostgreSQL a ``pg_trgm`` GIN index in
schema ``korr_search`` (migration ``0003_search``), on SQLite an FTS5 trigram table in a side
file attached by ``attach_search_index``. Both live outside the models' schema, so the
model/migration comparison stays exact, and both are caught up by ``refresh_search_index``
(extracted text never changes after registration). Without them the same query scans.

Measured with 100,000 items (bench/ui_pages.py): the unfiltered register and the filters answer
in milliseconds; a search scans the short columns (``lower()``) and probes the text index, a few
hundred milliseconds on PostgreSQL, up to about a second on SQLite on a loaded two-core machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    column,
    event,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import Session

from db.models import (
    Attachment,
    Case,
    CaseIdentifier,
    Counterparty,
    Debtor,
    DocumentType,
    Incoming,
    Package,
)

MIN_DOCUMENT_TEXT_NEEDLE = 3
"""Shorter needles skip document text: three letters match almost every letter anyway."""

SEARCH_SCHEMA = "korr_search"
SEARCH_TABLE = "attachment_text"
REFRESH_OVERLAP = 1000
COUNT_CAP = 1000
"""A text search counts at most this many matches (past the current page); the page then says
"more than". Counting every one of 90,000 matches would cost more than finding the page."""


@dataclass(frozen=True, slots=True)
class IncomingFilter:
    """What the register is narrowed to; every field is optional. ``received_to`` is exclusive."""

    text: str = ""
    sender_id: int | None = None
    document_type_id: int | None = None
    case_id: int | None = None
    status: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class IncomingRow:
    """One line of the register, flattened for a table; no blobs, no identifiers of people."""

    id: int
    reg_number: str
    received_at: datetime
    status: str
    source: str
    sender_name: str | None
    comment: str | None
    document_types: tuple[str, ...] = ()
    case_numbers: tuple[str, ...] = ()
    debtor_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IncomingPage:
    rows: list[IncomingRow]
    total: int
    page: int
    page_size: int
    more: bool = False
    """True when ``total`` is a lower bound: a text search stops counting at ``COUNT_CAP``."""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size)) + (1 if self.more else 0)


def _pattern(needle: str) -> str:
    """``%needle%`` with LIKE's wildcards in the needle escaped (escape character: backslash)."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    """``lower(column) LIKE '%needle%'``; ``needle`` is already lower-case."""
    return func.lower(column).like(_pattern(needle), escape="\\")


def matching_sender_ids(session: Session, *, needle: str) -> list[int]:
    """Counterparties whose name or any alias contains ``needle`` (matched in Python, see module doc)."""
    rows = session.execute(select(Counterparty.id, Counterparty.name, Counterparty.aliases))
    found = []
    for cp_id, name, aliases in rows:
        texts = [name, *(aliases or [])]
        if any(needle in text.lower() for text in texts if isinstance(text, str)):
            found.append(cp_id)
    return found


def attach_search_index(engine: Engine, *, path: Path | None = None) -> bool:
    """On a file-backed SQLite engine, attach the FTS5 trigram side file to every connection.

    The side file (``<database>.search`` unless ``path`` is given) is an index only: it can be
    deleted at any time and is rebuilt by ``refresh_search_index``. Call right after creating
    the engine, before it hands out connections. Returns whether the accelerator is installed.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return False
    side_file = str(path or Path(database + ".search"))

    @event.listens_for(engine, "connect")
    def _attach(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"ATTACH DATABASE ? AS {SEARCH_SCHEMA}", (side_file,))
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_SCHEMA}.{SEARCH_TABLE} "
            "USING fts5(body, tokenize='trigram')"
        )
        cursor.close()

    return True


def _accelerator(session: Session) -> str | None:
    """``"fts5"``, ``"trgm"`` or None: which document-text index this connection can use."""
    connection = session.connection()
    cached = connection.info.get("korr_search")
    if cached is None:
        if connection.dialect.name == "sqlite":
            names = [row[1] for row in connection.exec_driver_sql("PRAGMA database_list")]
            cached = "fts5" if SEARCH_SCHEMA in names else ""
        else:
            found = connection.exec_driver_sql(f"SELECT to_regclass('{SEARCH_SCHEMA}.{SEARCH_TABLE}')")
            cached = "trgm" if found.scalar() else ""
        connection.info["korr_search"] = cached
    return cached or None


def refresh_search_index(session: Session) -> int:
    """Index the text of attachments added since the last refresh; returns how many rows were added.

    Extracted text never changes after registration, so new ids are all there is to catch up on;
    the last ``REFRESH_OVERLAP`` ids are looked at again because on PostgreSQL a lower id can
    commit after a higher one. Runs in the caller's transaction.
    """
    kind = _accelerator(session)
    if kind is None:
        return 0
    target = f"{SEARCH_SCHEMA}.{SEARCH_TABLE}"
    if kind == "fts5":
        statement = (
            f"INSERT INTO {target} (rowid, body) SELECT a.id, a.text FROM main.attachment a "
            f"WHERE a.id > (SELECT coalesce(max(rowid), 0) FROM {target}) - {REFRESH_OVERLAP} "
            "AND a.text IS NOT NULL AND a.text <> '' "
            f"AND a.id NOT IN (SELECT rowid FROM {target} WHERE rowid > "
            f"(SELECT coalesce(max(rowid), 0) FROM {target}) - {REFRESH_OVERLAP})"
        )
    else:
        statement = (
            f"INSERT INTO {target} (id, body) SELECT a.id, lower(a.text) FROM attachment a "
            f"WHERE a.id > (SELECT coalesce(max(id), 0) FROM {target}) - {REFRESH_OVERLAP} "
            "AND a.text IS NOT NULL AND a.text <> '' ON CONFLICT (id) DO NOTHING"
        )
    return session.connection().exec_driver_sql(statement).rowcount or 0


def _document_text_ids(session: Session, needle: str) -> Select[tuple[int]]:
    """Incoming ids whose files' text contains ``needle``, through the index when there is one."""
    kind = _accelerator(session)
    if kind is not None:
        refresh_search_index(session)
    index = table(SEARCH_TABLE, column("rowid"), column("id"), column("body"), schema=SEARCH_SCHEMA)
    if kind == "fts5":
        phrase = '"' + needle.replace('"', '""') + '"'
        matched = select(index.c.rowid).where(literal_column(SEARCH_TABLE).op("MATCH")(phrase))
        condition = Attachment.id.in_(matched)
    elif kind == "trgm":
        condition = Attachment.id.in_(
            select(index.c.id).where(index.c.body.like(_pattern(needle), escape="\\"))
        )
    else:
        condition = _contains(Attachment.text, needle)
    return select(Package.incoming_id).join(Attachment, Attachment.package_id == Package.id).where(condition)


def _text_match_ids(session: Session, needle: str) -> Select[tuple[int]] | None:
    """The union of incoming ids where any field contains ``needle``; None for an empty needle."""
    if not needle:
        return None
    debtor_ids = select(Debtor.id).where(_contains(Debtor.full_name, needle))
    case_ids = union(
        select(Case.id).where(_contains(Case.case_number, needle)),
        select(CaseIdentifier.case_id).where(_contains(CaseIdentifier.value, needle)),
        select(Case.id).where(Case.debtor_id.in_(debtor_ids)),
    )
    parts: list[Select[tuple[int]]] = [
        select(Incoming.id).where(
            or_(
                Incoming.reg_number.like(_pattern(needle.upper()), escape="\\"),
                _contains(Incoming.comment, needle),
            )
        ),
        select(Package.incoming_id).where(
            or_(Package.case_id.in_(case_ids), Package.debtor_id.in_(debtor_ids))
        ),
    ]
    sender_ids = matching_sender_ids(session, needle=needle)
    if sender_ids:
        parts.append(select(Incoming.id).where(Incoming.sender_id.in_(sender_ids)))
    if len(needle) >= MIN_DOCUMENT_TEXT_NEEDLE:
        parts.append(_document_text_ids(session, needle))
    return union(*parts)  # type: ignore[return-value]


def _filtered(session: Session, filters: IncomingFilter) -> Select[tuple[Incoming]]:
    query = select(Incoming)
    if filters.sender_id is not None:
        query = query.where(Incoming.sender_id == filters.sender_id)
    if filters.status:
        query = query.where(Incoming.status == filters.status)
    if filters.received_from is not None:
        query = query.where(Incoming.received_at >= filters.received_from)
    if filters.received_to is not None:
        query = query.where(Incoming.received_at < filters.received_to)
    if filters.document_type_id is not None:
        query = query.where(
            exists().where(
                Package.incoming_id == Incoming.id, Package.document_type_id == filters.document_type_id
            )
        )
    if filters.case_id is not None:
        query = query.where(
            exists().where(Package.incoming_id == Incoming.id, Package.case_id == filters.case_id)
        )
    matched = _text_match_ids(session, filters.text.strip().lower())
    if matched is not None:
        query = query.where(Incoming.id.in_(matched))
    return query


def search_incoming(
    session: Session,
    filters: IncomingFilter,
    *,
    page: int = 1,
    page_size: int = 50,
) -> IncomingPage:
    """One page of the register, newest first, with the total.

    Without a needle the count is exact (the filters are indexed). With one, the matches are
    taken newest first only up to ``COUNT_CAP`` (or to the end of the requested page, if further)
    plus one, and counted and paged in the same pass; ``more`` says the count stopped there.

    >>> search_incoming(session, IncomingFilter(text="цао"), page=2).rows  # doctest: +SKIP
    """
    page = max(1, page)
    offset = (page - 1) * page_size
    base = _filtered(session, filters)
    newest_first = (Incoming.received_at.desc(), Incoming.id.desc())
    if filters.text.strip():
        cap = max(COUNT_CAP, offset + page_size)
        window = (
            base.with_only_columns(Incoming.id, Incoming.received_at)
            .order_by(*newest_first)
            .limit(cap + 1)
            .subquery()
        )
        found = session.execute(
            select(window.c.id, func.count().over())
            .order_by(window.c.received_at.desc(), window.c.id.desc())
            .limit(page_size)
            .offset(offset)
        ).all()
        page_ids = [item_id for item_id, _ in found]
        if found or offset == 0:
            counted = int(found[0][1]) if found else 0
        else:  # past the last page: count on its own
            counted = int(session.scalar(select(func.count()).select_from(window)) or 0)
        total, more = min(counted, cap), counted > cap
        query = select(Incoming).where(Incoming.id.in_(page_ids)) if page_ids else None
    else:
        total = int(
            session.scalar(select(func.count()).select_from(base.with_only_columns(Incoming.id).subquery()))
            or 0
        )
        more = False
        query = base.limit(page_size).offset(offset)
    items = []
    if query is not None:
        items = list(
            session.execute(
                query.with_only_columns(
                    Incoming.id,
                    Incoming.reg_number,
                    Incoming.received_at,
                    Incoming.status,
                    Incoming.source,
                    Incoming.comment,
                    Counterparty.name,
                )
                .outerjoin(Counterparty, Incoming.sender_id == Counterparty.id)
                .order_by(*newest_first)
            )
        )
    details = _package_details(session, [row[0] for row in items])
    rows = [
        IncomingRow(
            id=item_id,
            reg_number=number,
            received_at=received_at,
            status=status,
            source=source,
            comment=comment,
            sender_name=sender,
            **details.get(item_id, {}),
        )
        for item_id, number, received_at, status, source, comment, sender in items
    ]
    return IncomingPage(rows, total, page, page_size, more)


def _package_details(session: Session, incoming_ids: list[int]) -> dict[int, dict[str, tuple[str, ...]]]:
    """Types, case numbers and debtor names of the packages of a page of items, in one query."""
    if not incoming_ids:
        return {}
    rows = session.execute(
        select(Package.incoming_id, DocumentType.name, Case.case_number, Debtor.full_name)
        .outerjoin(DocumentType, Package.document_type_id == DocumentType.id)
        .outerjoin(Case, Package.case_id == Case.id)
        .outerjoin(Debtor, Debtor.id == func.coalesce(Package.debtor_id, Case.debtor_id))
        .where(Package.incoming_id.in_(incoming_ids))
        .order_by(Package.incoming_id, Package.position)
    )
    collected: dict[int, dict[str, list[str]]] = {}
    for item_id, type_name, case_number, debtor in rows:
        entry = collected.setdefault(item_id, {"document_types": [], "case_numbers": [], "debtor_names": []})
        for key, value in (
            ("document_types", type_name),
            ("case_numbers", case_number),
            ("debtor_names", debtor),
        ):
            if value and value not in entry[key]:
                entry[key].append(value)
    return {item_id: {k: tuple(v) for k, v in entry.items()} for item_id, entry in collected.items()}
