"""Planning a needle's search: probe each part's index, then order in one query or walk.

Each part (``parts``) is probed in its index, counting at most ``PROBE`` matches, all parts in one
statement. If none has more and together they stay under ``PROBE``, one query orders their union
(``walk.newest_matches``). Otherwise the register is walked newest first and the walk stops after
``COUNT_CAP`` + 1 matches: the parts that fit are taken whole (a set of ids), the crowded ones are
tested row by row (document text chunk by chunk), so a needle found in most letters never costs a
recheck of tens of thousands of rows the page will not show. Without an accelerator (an in-memory
database) the parts scan the models and one query orders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import CompoundSelect, TableClause, func, select, text, union, union_all
from sqlalchemy.orm import Session

from db.search.index import (
    CONTRACT_TEXT,
    SEARCH_SCHEMA,
    SEARCH_TABLE,
    SHORT_FIELDS,
    Accelerator,
    accelerator,
    side_table,
)
from db.search.needle import matching_client_ids, matching_sender_ids
from db.search.parts import (
    TRIGRAM,
    Part,
    RowTest,
    cases_and_debtors,
    clients_and_contracts,
    document_text,
    newest_documents_matching,
    own_fields,
    senders,
)
from db.search.refresh import refresh_search_index

MIN_DOCUMENT_TEXT_NEEDLE = TRIGRAM
"""Shorter needles skip document text: two letters match almost every letter anyway."""
PROBE = 10_000
"""A part with more matches than this is crowded: tested while walking, not taken whole."""


@dataclass(frozen=True, slots=True)
class Match:
    """The plan for one needle: its parts, which are crowded, and whether to walk at all."""

    needle: str
    found: Accelerator | None
    parts: tuple[Part, ...]
    crowded: tuple[bool, ...]
    walk: bool = False
    known: frozenset[int] | None = None
    """Every matching item id, when one pass found at most ``PROBE`` (``_complete``)."""

    def everything(self) -> CompoundSelect[int]:
        """Every matching item id; crowded short parts by a scan of their copies (most rows match)."""
        return _union(part.ids(crowded) for part, crowded in zip(self.parts, self.crowded, strict=True))

    def fitting(self) -> CompoundSelect[int] | None:
        """The ids of the parts that are not crowded, or None if all are."""
        selects = [part for part, crowded in zip(self.parts, self.crowded, strict=True) if not crowded]
        return _union(part.ids(False) for part in selects) if selects else None

    @property
    def tests(self) -> list[RowTest]:
        """Row tests of the crowded parts that have one (not document text)."""
        pairs = zip(self.parts, self.crowded, strict=True)
        return [part.test for part, crowded in pairs if crowded and part.test is not None]

    @property
    def crowded_documents(self) -> bool:
        """Document text is crowded: ``walk`` tests it chunk by chunk."""
        pairs = zip(self.parts, self.crowded, strict=True)
        return any(crowded and part.test is None for part, crowded in pairs)


def _union(groups: Any) -> CompoundSelect[int]:
    return union(*(ids for group in groups for ids in group))


def match_needle(session: Session, needle: str) -> Match:
    """Plan the search for ``needle`` (stripped, lower-case, not empty).

    Catches the side tables up first (see ``refresh``), in the caller's transaction.
    """
    found = accelerator(session)
    if found is not None:
        refresh_search_index(session)
    _without_jit(session)
    if found is not None and not found.short_fields:
        found = None  # a PostgreSQL database before 0005: scan, as before
    if found is not None and found.kind == "trgm":
        found = _narrowed(session, needle, found)
    parts = [own_fields(needle, found), cases_and_debtors(needle, found)]
    sender_ids = matching_sender_ids(session, needle=needle)
    if sender_ids:
        parts.append(senders(sender_ids))
    clients = clients_and_contracts(needle, matching_client_ids(session, needle=needle), found)
    if clients is not None:
        parts.append(clients)
    if len(needle) >= MIN_DOCUMENT_TEXT_NEEDLE:
        parts.append(document_text(needle, found))
    if found is None:
        return Match(needle, found, tuple(parts), (False,) * len(parts))
    complete = _complete(session, parts) if _looks_like_a_number(needle) else None
    if complete is not None:
        return Match(needle, found, tuple(parts), (False,) * len(parts), known=complete)
    counts = _counts(session, needle, parts, found)
    crowded = tuple(count > PROBE for count in counts)
    return Match(needle, found, tuple(parts), crowded, walk=any(crowded) or sum(counts) > PROBE)


NARROW_SAMPLE = 1000
"""Newest rows of each side table in which ``_narrowed`` counts the needle's words."""
RARE_SHARE = 0.01
"""A word found in at most this share of those rows is rare enough to ask the index for alone."""


def _narrowed(session: Session, needle: str, found: Accelerator) -> Accelerator:
    """``found`` with, per side table, the needle's rare words (PostgreSQL; see ``parts.probe``).

    A needle of several words («1234/24/54007», «вх-2026-0500», «б-0012345») is looked up by all
    its trigrams at once, and a trigram found in nearly every row («/24/», «2026») costs the GIN
    index a walk of its whole list per candidate. Each word of three characters or more is counted
    in the newest ``NARROW_SAMPLE`` rows of each table (by primary key, ``strpos``: a few
    milliseconds in all, one statement); where some are rare, the index is asked for the rare ones
    and the rows it returns are checked for the whole needle. A needle of one word is left alone,
    and so is one without a digit (a name, a phrase): the common parts seen are a number's (the
    year, «/24/», a department code), and sampling a phrase's words in a million files' text costs
    about 10 ms for nothing when all of them are common there.
    """
    words = sorted(set(re.findall(r"[^\W_]{3,}", needle)))
    if not words or words == [needle] or not any(ch.isdigit() for ch in needle):
        return found
    tables = [field.table for field in SHORT_FIELDS] + [SEARCH_TABLE]
    if found.contracts:
        tables.append(CONTRACT_TEXT)
    # the highest ids first, as constants: behind a subquery the planner cannot tell the range is
    # small and starts parallel workers, which cost more than the counts
    highest = session.execute(
        select(*(select(func.max(side_table(name).c.id)).scalar_subquery() for name in tables))
    ).one()
    counts = []
    for name, top in zip(tables, highest, strict=True):
        rows = side_table(name)
        for word in words:
            newest = rows.c.id > (top or 0) - NARROW_SAMPLE
            counted = select(func.count()).where(newest, func.strpos(rows.c.body, word) > 0)
            counts.append(counted.scalar_subquery())
    found_counts = iter(session.execute(select(*counts)).one())
    narrow = []
    for name in tables:
        rare = tuple(word for word in words if next(found_counts) <= NARROW_SAMPLE * RARE_SHARE)
        if rare:
            narrow.append((name, rare))
    return replace(found, narrow=tuple(narrow))


def _looks_like_a_number(needle: str) -> bool:
    """Five digits or more: some number (registration, ИП, case, contract), nearly unique. Four
    are a year as often as not («вх-2026»), which matches most of the register."""
    return sum(ch.isdigit() for ch in needle) >= 5


def _complete(session: Session, parts: list[Part]) -> frozenset[int] | None:
    """Every matching item id if there are at most ``PROBE`` of them, else None; one statement.

    The parts' ids through their indexes as one ``UNION ALL`` read only up to ``PROBE`` + 1 rows:
    a needle with few matches (a number, an ИП) is then answered from these ids, instead of
    counting every part first and looking the same trigrams up again to order them, which with
    a million items doubled the cost of the (dominant) index lookups. Tried only for a needle that
    looks like a number (``_looks_like_a_number``): a word (a surname, a phrase) or a year is often
    crowded, and then this pass would be wasted before the counts."""
    selects = [ids for part in parts for ids in part.ids(False)]
    rows = session.scalars(union_all(*selects).limit(PROBE + 1)).all()
    return frozenset(rows) if len(rows) <= PROBE else None


def _without_jit(session: Session) -> None:
    """PostgreSQL: no JIT for the rest of this transaction. The search's statements carry many
    subplans, so their estimated cost passes ``jit_above_cost``, and compiling them (a quarter of a
    second) would cost more than running them (milliseconds). ``SET LOCAL`` ends with the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def _counts(session: Session, needle: str, parts: list[Part], found: Accelerator) -> list[int]:
    """Per part, its largest probe's count, each counted only up to ``PROBE`` + 1; one statement.

    Document text (the part without a row test) is sampled first on PostgreSQL: if the newest
    ``SAMPLE`` files already show it crowded, it counts as ``PROBE`` + 1 without the count; so
    are the parts whose side tables' newest rows show it crowded (``_short_crowded``)."""
    sampled = {
        i for i, part in enumerate(parts) if part.test is None and _documents_crowded(session, part, found)
    } | _short_crowded(session, needle, parts, found)
    probes = [
        select(func.count()).select_from(probe.limit(PROBE + 1).subquery()).scalar_subquery()
        for i, part in enumerate(parts)
        if i not in sampled
        for probe in part.probes
    ]
    counted = iter(session.execute(select(*probes)).one() if probes else ())
    return [
        PROBE + 1 if i in sampled else max(next(counted) for _ in part.probes) for i, part in enumerate(parts)
    ]


SAMPLE = 500
"""Newest files whose text decides at once that a phrase is crowded (``_documents_crowded``)."""


def _short_crowded(session: Session, needle: str, parts: list[Part], found: Accelerator) -> set[int]:
    """Parts with a row test whose needle is in well over ``PROBE`` rows of one of their side
    tables by the share of its newest ``SAMPLE`` rows (PostgreSQL), so need no count.

    A surname in one debtor of nine («петров» at a million items: 55,000 debtors) cost the count
    its first 10,001 matches, 35–45 ms of a 130–170 ms search; the share of the newest rows costs
    a few. ``strpos``, not ``LIKE``: the planner would take the trigram index for ``LIKE`` and
    gather every match before the range. Rows sampled by primary key, as the side tables' ids
    follow their models' (sequential)."""
    if found.kind != "trgm":
        return set()
    tables: dict[int, set[str]] = {}
    for i, part in enumerate(parts):
        if part.test is None:
            continue
        for probe in part.probes:
            source = probe.get_final_froms()[0]
            if isinstance(source, TableClause) and source.schema == SEARCH_SCHEMA:
                tables.setdefault(i, set()).add(source.name)
    names = sorted({name for found_names in tables.values() for name in found_names})
    if not names:
        return set()
    highest = session.execute(
        select(*(select(func.max(side_table(name).c.id)).scalar_subquery() for name in names))
    ).one()
    counts = []
    for name, top in zip(names, highest, strict=True):
        rows = side_table(name)
        newest = rows.c.id > (top or 0) - SAMPLE
        matching = func.strpos(rows.c.body, needle) > 0
        counts.append(select(func.count()).where(newest, matching).scalar_subquery())
    hits = dict(zip(names, session.execute(select(*counts)).one(), strict=True))
    crowded = {
        name
        for name, top in zip(names, highest, strict=True)
        if top and hits[name] / min(SAMPLE, top) * top > PROBE * 2
    }
    return {i for i, found_names in tables.items() if found_names & crowded}


def _documents_crowded(session: Session, part: Part, found: Accelerator) -> bool:
    """The phrase of document-text ``part`` is in well over ``PROBE`` files by the newest files'
    share (PostgreSQL; SQLite's FTS5 counts a common phrase fast enough)."""
    if found.kind != "trgm" or part.needle is None:
        return False
    hits, files = newest_documents_matching(session, part.needle, found, SAMPLE)
    return files > 0 and hits / min(SAMPLE, files) * files > PROBE * 2
