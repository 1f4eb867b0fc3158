"""The parts of a needle, each as ids through its index, the index probes, and a row test.

The parts: the item's own registration number and comment; the case number, case identifiers and
debtor names of its packages (joined live, so a clerk's correction counts at once); the client
of a package or its case and the case's contract number (``clients_and_contracts``); the sender's
name and aliases (matched in Python, see ``needle``); the documents' extracted text.

``ids`` gives item ids through the trigram index, or through a scan of the lower-cased copies
(``scan=True``, cheaper than the index when most rows match, and the only way below three
letters). ``test`` checks one register row against the same copies by primary key: no ``lower()``
per row, and a correlated scalar subquery rather than ``EXISTS``, which PostgreSQL may turn into
one hashed pass over the whole inner table. Document text has no row test: SQLite's FTS5 answers
one row slowly but a range of rows fast, so ``documents_among`` tests a chunk at a time.
Without an accelerator (``found`` is None) the ids come from scans of the models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union
from sqlalchemy.orm import Session

from db.models import Attachment, Case, CaseIdentifier, Incoming, Package
from db.search.index import (
    CASE_TEXT,
    CONTRACT_TEXT,
    DEBTOR_TEXT,
    IDENTIFIER_TEXT,
    INCOMING_TEXT,
    SEARCH_TABLE,
    Accelerator,
    ShortField,
    side_table,
)
from db.search.needle import contains, lowered_contains

TRIGRAM = 3
RowTest = Callable[[Any], ColumnElement[bool]]
"""A test of one register row; its argument has the columns ``id`` and ``sender_id``."""


@dataclass(frozen=True, slots=True)
class Part:
    ids: Callable[[bool], list[Select[int]]]
    """Selects of matching item ids, for one flat union (SQLite allows no nested ones)."""
    probes: tuple[Select[int], ...]
    """What to count to size the part: its index lookups, each capped by the caller."""
    test: RowTest | None = None
    needle: str | None = None
    """Document text only: the needle, for sampling the newest files (``matching._counts``)."""


def _any_row(query: Select[Any]) -> ColumnElement[bool]:
    """``(SELECT 1 ... LIMIT 1) IS NOT NULL``: a correlated test PostgreSQL runs row by row."""
    return query.with_only_columns(literal(1)).limit(1).scalar_subquery().is_not(None)


def _lowered_test(found: Accelerator, body: Any, needle: str) -> ColumnElement[bool]:
    """``needle`` in a lower-cased copy: ``LIKE`` on PostgreSQL (GIN-indexed from three letters),
    ``instr`` on SQLite, whose ``LIKE`` would fold ASCII case again for nothing."""
    if found.kind == "trgm":
        return lowered_contains(body, needle)
    return func.instr(body, needle) > 0


def probe(found: Accelerator, name: str, body: Any, needle: str) -> ColumnElement[bool]:
    """``needle`` in side table ``name``'s lower-cased ``body`` through its trigram index
    (PostgreSQL). Where ``found.narrow`` names rare words of the needle for this table, the index
    is asked for those words only and each row it gives is checked for the whole needle with
    ``strpos``, which no index serves: the same rows, without the needle's common trigrams
    («/24/54007» in every ИП, «2026» in every number), each of which made the index walk a list
    of nearly every row (an ИП took 0.15–0.3 s in document text at a million files)."""
    words = dict(found.narrow).get(name)
    if not words:
        return lowered_contains(body, needle)
    return and_(*(lowered_contains(body, word) for word in words), func.strpos(body, needle) > 0)


def field_ids(
    field: ShortField, needle: str, found: Accelerator | None, *, scan: bool = False
) -> Select[Any]:
    """Ids of ``field.model`` rows whose text contains ``needle``."""
    if found is None:
        return select(field.model.id).where(contains(field.text, needle))
    rows = side_table(field.table)
    if found.kind == "trgm" and not scan:
        return select(rows.c.id).where(probe(found, field.table, rows.c.body, needle))
    if found.kind == "trgm" or scan or len(needle) < TRIGRAM:  # PostgreSQL's planner picks GIN or not
        return select(rows.c.id).where(_lowered_test(found, rows.c.body, needle))
    fts = side_table(field.table + "_fts")
    return select(fts.c.rowid).where(fts.c.body.op("MATCH")(fts_phrase(needle)))


def _copy_has(field: ShortField, key: Any, needle: str, found: Accelerator) -> ColumnElement[bool]:
    """Row test: the copy of model row ``key`` in ``field``'s side table contains ``needle``."""
    rows = side_table(field.table)
    return _any_row(select(rows.c.id).where(rows.c.id == key, _lowered_test(found, rows.c.body, needle)))


def own_fields(needle: str, found: Accelerator | None) -> Part:
    def test(row: Any) -> ColumnElement[bool]:
        assert found is not None
        return _copy_has(INCOMING_TEXT, row.id, needle, found)

    return Part(
        lambda scan: [field_ids(INCOMING_TEXT, needle, found, scan=scan)],
        (field_ids(INCOMING_TEXT, needle, found),),
        test,
    )


def cases_and_debtors(needle: str, found: Accelerator | None) -> Part:
    """Items whose packages' case number, case identifiers or debtor (of package or case) match."""

    def ids(scan: bool) -> list[Select[int]]:
        debtor_ids = field_ids(DEBTOR_TEXT, needle, found, scan=scan)
        cases = union(
            field_ids(CASE_TEXT, needle, found, scan=scan),
            select(CaseIdentifier.case_id).where(
                CaseIdentifier.id.in_(field_ids(IDENTIFIER_TEXT, needle, found, scan=scan))
            ),
            select(Case.id).where(Case.debtor_id.in_(debtor_ids)),
        )
        return [  # two selects, not one OR: each can use its index on package
            select(Package.incoming_id).where(Package.case_id.in_(cases)),
            select(Package.incoming_id).where(Package.debtor_id.in_(debtor_ids)),
        ]

    def test(row: Any) -> ColumnElement[bool]:
        assert found is not None
        identifiers = select(CaseIdentifier.id).where(
            CaseIdentifier.case_id == Package.case_id,
            _copy_has(IDENTIFIER_TEXT, CaseIdentifier.id, needle, found),
        )
        return _any_row(
            select(Package.id)
            .outerjoin(Case, Case.id == Package.case_id)
            .where(
                Package.incoming_id == row.id,
                or_(
                    _copy_has(CASE_TEXT, Package.case_id, needle, found),
                    _copy_has(DEBTOR_TEXT, Case.debtor_id, needle, found),
                    _copy_has(DEBTOR_TEXT, Package.debtor_id, needle, found),
                    _any_row(identifiers),
                ),
            )
        )

    probes = tuple(field_ids(field, needle, found) for field in (CASE_TEXT, IDENTIFIER_TEXT, DEBTOR_TEXT))
    return Part(ids, probes, test)


def _contract_has(needle: str, found: Accelerator | None) -> ColumnElement[bool]:
    """The case's contract number contains ``needle``: through its trigram copy on PostgreSQL at
    ``0014`` (a scan of every case cost 0.1–0.2 s at half a million), else scanned."""
    if found is None or not found.contracts:  # NULL first: SQLite's lower() is a Python call per row
        return Case.contract_number.is_not(None) & contains(Case.contract_number, needle)
    rows = side_table(CONTRACT_TEXT)
    return Case.id.in_(select(rows.c.id).where(probe(found, CONTRACT_TEXT, rows.c.body, needle)))


def clients_and_contracts(
    needle: str, client_ids: list[int], found: Accelerator | None = None
) -> Part | None:
    """Items whose packages belong to a matching client (a package «к клиенту», or its case's
    client) or to a case whose contract number contains ``needle``; None when neither can match.

    Client names are few and matched first (``needle.matching_client_ids``); contract numbers are
    scanned only for a needle with a digit of three characters or more, as every contract number
    has digits and shorter needles match nearly everything anyway.
    """
    on_case: list[ColumnElement[bool]] = []
    if client_ids:
        on_case.append(Case.client_id.in_(client_ids))
    if len(needle) >= TRIGRAM and any(ch.isdigit() for ch in needle):
        on_case.append(_contract_has(needle, found))
    if not on_case:
        return None
    cases = select(Case.id).where(or_(*on_case))
    by_client = [Package.client_id.in_(client_ids)] if client_ids else []

    def ids(_scan: bool) -> list[Select[int]]:
        selects = [select(Package.incoming_id).where(Package.case_id.in_(cases))]
        if client_ids:
            selects.append(select(Package.incoming_id).where(Package.client_id.in_(client_ids)))
        return selects

    def test(row: Any) -> ColumnElement[bool]:
        return _any_row(
            select(Package.id)
            .outerjoin(Case, Case.id == Package.case_id)
            .where(Package.incoming_id == row.id, or_(*by_client, *on_case))
        )

    return Part(ids, tuple(ids(False)), test)


def senders(sender_ids: list[int]) -> Part:
    ids = select(Incoming.id).where(Incoming.sender_id.in_(sender_ids))
    return Part(lambda _scan: [ids], (ids,), lambda row: row.sender_id.in_(sender_ids))


def _file_ids(needle: str, found: Accelerator | None) -> tuple[Select[Any], Any]:
    """Attachment ids whose text contains ``needle`` (through the index if any), and the id column."""
    if found is None:
        return select(Attachment.id).where(contains(Attachment.text, needle)), Attachment.id
    index = side_table(SEARCH_TABLE)
    if found.kind == "fts5":
        return select(index.c.rowid).where(index.c.body.op("MATCH")(fts_phrase(needle))), index.c.rowid
    return select(index.c.id).where(probe(found, SEARCH_TABLE, index.c.body, needle)), index.c.id


def document_text(needle: str, found: Accelerator | None) -> Part:
    """Items whose files' extracted text contains ``needle``; tested per chunk, not per row."""
    files = _file_ids(needle, found)[0]
    items = (
        select(Package.incoming_id)
        .join(Attachment, Attachment.package_id == Package.id)
        .where(Attachment.id.in_(files))
    )
    return Part(lambda _scan: [items], (files,), needle=needle)


def newest_documents_matching(
    session: Session, needle: str, found: Accelerator, size: int
) -> tuple[int, int]:
    """(matches among the newest ``size`` files' text, the highest file id): a share by a range
    of ids costs ``size`` rows, where counting through the trigram index costs the phrase's
    frequency (a phrase in most of a million letters: 0.15 s to count its first 10,001). File ids
    are sequential, so the highest one is also about how many files there are."""
    probe, key = _file_ids(needle, found)
    highest = session.scalar(select(func.max(key)))
    if highest is None:
        return 0, 0
    newest = probe.where(key > highest - size)
    return int(session.scalar(select(func.count()).select_from(newest.subquery())) or 0), int(highest)


def documents_among(session: Session, needle: str, found: Accelerator, chunk: Select[Any]) -> set[int]:
    """Which items of ``chunk`` (a query of item ids) have a file whose text contains ``needle``.

    The index is asked only for the attachment ids between the chunk's lowest and highest: FTS5
    seeks its lists to that range, PostgreSQL rechecks only rows in it, so a chunk costs its size
    and not the phrase's frequency. The chunk comes as a query, not a list: PostgreSQL plans an
    ``IN`` of 8,000 parameters slower than it runs the chunk again.
    """
    files = session.execute(
        select(Attachment.id, Package.incoming_id)
        .join(Package, Attachment.package_id == Package.id)
        .where(Package.incoming_id.in_(chunk.scalar_subquery()))
    ).all()
    if not files:
        return set()
    probe, key = _file_ids(needle, found)
    lowest, highest = min(file_id for file_id, _ in files), max(file_id for file_id, _ in files)
    matched = set(session.scalars(probe.where(key.between(lowest, highest))))
    return {item_id for file_id, item_id in files if file_id in matched}


def fts_phrase(needle: str) -> str:
    """``needle`` as one FTS5 phrase: with the trigram tokenizer, exactly a substring test."""
    return '"' + needle.replace('"', '""') + '"'
