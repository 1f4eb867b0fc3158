"""Type-ahead over counterparties: any word or fragment of the name or of an alias finds it.

Clerks type what they remember: «банк» for «ПАО «Банк Восход»», «цао» for «ОСП по ЦАО», «федоров»
for «Фёдоров», or the short name kept as an alias. Matching folds case and ё/е and ignores
quotes; every typed word must occur somewhere (a name or one alias), in any order. Pure: the
reference rows come in, ids in the order to offer them come out.

Example::

    find_senders("банк", {1: SenderEntry("ПАО «Банк Восход»", ("Восход",))})  # [1]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_NOISE = re.compile(r"[«»\"'“”„]")


@dataclass(frozen=True, slots=True)
class SenderEntry:
    """A counterparty as the type-ahead sees it: the name and the other spellings."""

    name: str
    aliases: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Lowercase, ё→е, quotes dropped, spaces collapsed: what matching compares."""
    folded = _NOISE.sub(" ", text.casefold().replace("ё", "е"))
    return " ".join(folded.split())


def _rank(words: list[str], spellings: list[str]) -> int | None:
    """0: a spelling starts with the query; 1: every word starts a word; 2: fragments; None: no match."""
    if not all(any(word in spelling for spelling in spellings) for word in words):
        return None
    query = " ".join(words)
    if any(spelling.startswith(query) for spelling in spellings):
        return 0
    starts = [" " + spelling for spelling in spellings]
    if all(any(" " + word in spelling for spelling in starts) for word in words):
        return 1
    return 2


def find_senders(query: str, entries: Mapping[int, SenderEntry]) -> list[int]:
    """Ids of the entries matching ``query``, best first, then by name; all of them for a blank query."""
    words = fold(query).split()
    if not words:
        return sorted(entries, key=lambda i: fold(entries[i].name))
    ranked: list[tuple[int, str, int]] = []
    for entry_id, entry in entries.items():
        rank = _rank(words, [fold(entry.name), *(fold(a) for a in entry.aliases)])
        if rank is not None:
            ranked.append((rank, fold(entry.name), entry_id))
    return [entry_id for _rank_, _name, entry_id in sorted(ranked)]
