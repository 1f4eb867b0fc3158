"""Learning senders from clerks' corrections, with a supervisor in the loop.

When a clerk on «Разбор» names a sender the pipeline did not suggest, the letterhead line that
names the issuing unit is kept with the correction (audit details). Once the same letterhead has
been corrected to the same counterparty ``PROPOSE_AFTER`` times, it is proposed on «Справочники»
as an alias of that counterparty; a supervisor accepts it with one click and the classifier reads
it from then on. Nothing is learned silently: an alias makes automatic answers, so a wrong one
would file mail to the wrong sender without anybody looking (precision first).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import AuditLog, Counterparty
from tasks.normalize import HEADER_LINES, normalize_text, title_line_index
from tasks.senders import ADDRESSEE, canonical_name

PROPOSE_AFTER = 2
RECENT_CORRECTIONS = 5000
"""How far back proposals look: months of corrections, still a fast scan."""

_ORGANISATION = re.compile(
    r"\b(?:суд|осп|мосп|росп|фссп|уфссп|гуфссп|отдел\w*|отделени\w*|управлени\w*|участ\w*|"
    r"банк\w*|ооо|ао|пао|зао|инспекци\w*|фонд\w*|администраци\w*|прокуратур\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class AliasProposal:
    counterparty_id: int
    counterparty_name: str
    letterhead: str
    corrections: int


def letterhead_line(text: str) -> str | None:
    """The letterhead line naming the issuing unit: the last organisation line above the title.

    The last, because a ФССП letterhead prints the parent service first and the unit that wrote
    the document below it.
    """
    lines = [line.strip() for line in normalize_text(text).split("\n")]
    title = title_line_index(lines)
    header = lines[: min(HEADER_LINES, title if title is not None else HEADER_LINES)]
    found = [
        line
        for line in header
        if 8 <= len(line) <= 150
        and not ADDRESSEE.match(line)
        and _ORGANISATION.search(line)
        and sum(ch.isalpha() for ch in line) >= 0.6 * len(line)
    ]
    return found[-1] if found else None


def _known(counterparty: Counterparty, letterhead: str) -> bool:
    names = {canonical_name(n) for n in (counterparty.name, *(counterparty.aliases or []))}
    return canonical_name(letterhead) in names


def alias_proposals(session: Session, *, propose_after: int = PROPOSE_AFTER) -> list[AliasProposal]:
    """Letterheads corrected to the same counterparty often enough, not yet among its aliases."""
    rows = session.scalars(
        select(AuditLog.details)
        .where(AuditLog.action == "review.correct")
        .order_by(AuditLog.id.desc())
        .limit(RECENT_CORRECTIONS)
    )
    counts: Counter[tuple[int, str]] = Counter()
    spelled: dict[tuple[int, str], str] = {}  # the newest spelling of each letterhead
    for details in rows:
        letterhead = (details or {}).get("letterhead")
        sender_id = ((details or {}).get("after") or {}).get("sender_id")
        if letterhead and isinstance(sender_id, int):
            key = (sender_id, canonical_name(letterhead))
            counts[key] += 1
            spelled.setdefault(key, letterhead)
    proposals = []
    for key, count in counts.most_common():
        counterparty = session.get(Counterparty, key[0])
        if count < propose_after or counterparty is None or not counterparty.active:
            continue
        if not _known(counterparty, spelled[key]):
            proposals.append(AliasProposal(key[0], counterparty.name, spelled[key], count))
    return proposals


def accept_alias(session: Session, counterparty_id: int, letterhead: str, *, actor: str) -> Counterparty:
    """Add the letterhead to the counterparty's aliases (the classifier reads it from now on)."""
    counterparty = session.get_one(Counterparty, counterparty_id)
    if not _known(counterparty, letterhead):
        counterparty.aliases = [*(counterparty.aliases or []), letterhead]
        audit.record(
            session,
            actor=actor,
            action="counterparty.alias_learned",
            entity="counterparty",
            entity_id=counterparty_id,
            details={"alias": letterhead},
        )
    session.flush()
    return counterparty


LEARN_CODES_AFTER = 2
RECENT_REGISTERED = 20000
"""How many of the newest registered items code learning reads: a few months of mail."""


def learned_codes(session: Session, *, after: int = LEARN_CODES_AFTER) -> dict[int, frozenset[str]]:
    """Unit codes each counterparty has written under, and its case history, from registered documents.

    A bailiff office's ИП numbers carry its department code (``…/59045-ИП``); a court's УИД its
    court code (``59RS0004``). Codes are read from what registration stored (``suggestions``);
    a code counts for a counterparty seen with it ``after`` times and holding at least two thirds
    of the code's sightings (a district court quotes a magistrate's УИД on appeal). Only the
    kind that issues the code learns it: bailiffs ИП codes, courts court codes.

    The case history comes with them (``tasks.sender_evidence.history_keys``): the ИП and court
    case numbers each counterparty already wrote under, as ``ИП:``/``ДЕЛО:`` keys among its codes.
    """
    from db.models import Incoming
    from tasks.sender_evidence import history_keys, learnable_codes

    kinds: dict[int, str] = dict(session.execute(select(Counterparty.id, Counterparty.kind)).all())
    rows = session.execute(
        select(Incoming.sender_id, Incoming.suggestions)
        .where(Incoming.status == "registered", Incoming.sender_id.is_not(None))
        .order_by(Incoming.id.desc())
        .limit(RECENT_REGISTERED)
    )
    seen: Counter[tuple[str, int]] = Counter()
    history: dict[int, set[str]] = {}
    for sender_id, suggestions in rows:
        identifiers = (suggestions or {}).get("identifiers") or {}
        kind = kinds.get(sender_id)
        for code in learnable_codes(identifiers, kind=kind or ""):
            seen[(code, sender_id)] += 1
        if keys := history_keys(identifiers, kind=kind or ""):
            history.setdefault(sender_id, set()).update(keys)
    totals: Counter[str] = Counter()
    for (code, _), count in seen.items():
        totals[code] += count
    learned: dict[int, set[str]] = history
    for (code, sender_id), count in seen.items():
        if count >= after and count * 3 >= totals[code] * 2:
            learned.setdefault(sender_id, set()).add(code)
    return {sender_id: frozenset(codes) for sender_id, codes in learned.items()}
