"""Who sent a document: counterparties named in its letterhead, tolerant of OCR and name variants.

The sender is read from the header block (first ``HEADER_LINES`` lines) by fuzzy name/alias match
(rapidfuzz) after canonicalising bureaucratic spellings ("Отдел судебных приставов" → "осп"), so a
letterhead that spells the unit out matches the short name in the reference data; the sender's
ИНН or ОГРН in the header is strong evidence. Addressee lines ("Взыскателю: ...") are ignored,
and in a ФССП letterhead the lower unit (ОСП) wins over its parent (УФССП), which is printed above
it but did not write the document. ``tasks.classify`` turns the hits into a calibrated score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from tasks.normalize import HEADER_LINES, normalize_text

ADDRESSEE = re.compile(
    r"^(?:в|во|кому|куда|адресат|взыскател[а-я]*|должник[а-я]*|получател[а-я]*|копия|исх|вх)\b",
    re.IGNORECASE,
)
# Bureaucratic spellings folded to one token each, longest first (applied to lowercase text).
_CANONICAL = (
    (r"межрайонн[а-я]* отдел[а-я]* судебных приставов", "мосп"),
    (r"районн[а-я]* отдел[а-я]* судебных приставов", "росп"),
    (r"отдел[а-я]* судебных приставов", "осп"),
    (r"главное управление федеральной службы судебных приставов", "гуфссп"),
    (r"управлени[а-я]* федеральной службы судебных приставов", "уфссп"),
    (r"федеральн[а-я]* служб[а-я]* судебных приставов", "фссп"),
    (r"\bгу фссп\b", "гуфссп"),
    (r"мирово[а-я]* суд[а-я]* судебного участка", "су"),
    (r"судебн[а-я]* участ[а-я]*|\bс/у\b", "су"),
    (r"районн[а-я]* суд[а-я]*", "районный суд"),
    (r"арбитражн[а-я]* суд[а-я]*", "арбитражный суд"),
    (r"публичное акционерное общество", "пао"),
    (r"акционерное общество", "ао"),
    (r"общество с ограниченной ответственностью", "ооо"),
    (r"профессиональная коллекторская организация", "пко"),
    (r"\bгорода\b|\bгор\b", "г"),
    (r"^ас\b", "арбитражный суд"),
    (r"\bобласти\b", "обл"),
    (r"\bроссии\b|\bрф\b", ""),
    # «Ленинский РОСП» and «ОСП по Ленинскому району» are one unit spelled two ways.
    (r"\b([а-я]+)(ск|цк|н)(?:ий|ый|ого|ом|ому) росп\b", r"осп по \1\2ому району"),
)
_PARENT_UNITS = frozenset({"уфссп", "гуфссп", "фссп"})
_CHILD_UNITS = frozenset({"осп", "росп", "мосп"})
_MIN_WINDOW_SCORE = 70.0
_BELOW_TITLE = 0.85
_REGISTRY_BONUS = 0.05


@dataclass(frozen=True, slots=True)
class CounterpartyRef:
    """A counterparty as the classifier needs it: names to match and its registry numbers."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    inn: str | None = None
    ogrn: str | None = None
    address: str | None = None
    postal_index: str | None = None
    codes: tuple[str, ...] = ()  # ИП department codes (59045) and court codes (59RS0004), known or learned


@dataclass(frozen=True, slots=True)
class SenderHit:
    """A counterparty found in the header: raw similarity and the zone-adjusted one for ranking."""

    ref: CounterpartyRef
    raw: float
    adjusted: float
    line: int
    below_title: bool
    alias: str
    evidence: tuple[str, ...]


@lru_cache(maxsize=4096)
def canonical_name(name: str) -> str:
    """Lowercase, punctuation-free name with bureaucratic phrases folded ("ОСП" = "Отдел ...")."""
    text = normalize_text(name).lower().replace("№", " ")
    text = re.sub(r"[^\w/ ]+", " ", text)
    for pattern, replacement in _CANONICAL:
        text = re.sub(pattern, replacement, text)
    return " ".join(text.split())


def _windows(header: list[str]) -> tuple[list[str], list[int]]:
    """Token windows of every header line, also running on into the next line (wrapped names).

    The next line is the next one with text: OCR often puts a blank line inside a wrapped name
    («… ПО ЛЕНИНСКОМУ И», «», «ЦЕНТРАЛЬНОМУ РАЙОНАМ»)."""
    seen: dict[str, int] = {}
    for index, line in enumerate(header):
        own = line.split()
        following = next((h for h in header[index + 1 : index + 3] if h.strip()), "")
        joined = own + following.split()
        for start in range(len(own)):
            for end in range(start + 1, min(len(joined), start + 14) + 1):
                seen.setdefault(" ".join(joined[start:end]), index)
    return list(seen), list(seen.values())


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


def _best_window(alias: str, row: np.ndarray, windows: list[str]) -> tuple[float, int]:
    """Best window for one alias; a window whose numbers differ (участок № 3 vs № 13) is penalised."""
    best, best_index = 0.0, -1
    for index in np.argsort(row)[::-1][:5]:
        score = float(row[index])
        if score < _MIN_WINDOW_SCORE:
            break
        if _numbers(alias) != _numbers(windows[index]):
            score *= 0.8
        if score > best:
            best, best_index = score, int(index)
    return best / 100, best_index


def _registry_evidence(header: list[str], ref: CounterpartyRef) -> str | None:
    joined = " ".join(header)
    for label, value in (("ИНН", ref.inn), ("ОГРН", ref.ogrn)):
        if value and re.search(rf"\b{label}[\s:№]*{value}(?!\d)", joined, re.IGNORECASE):
            return f"{label} {value} в шапке"
    return None


def _is_parent(ref: CounterpartyRef) -> bool:
    tokens = set(canonical_name(ref.name).split())
    return bool(_PARENT_UNITS & tokens) and not _CHILD_UNITS & tokens


def _looks_like_unit(line: str) -> bool:
    """A line naming a ФССП unit (ОСП/РОСП/МОСП), even one too garbled to match a counterparty."""
    return (
        bool(_CHILD_UNITS & set(line.split())) or fuzz.partial_ratio(line, "отдел судебных приставов") >= 80
    )


def _drop_parents(hits: list[SenderHit], header: list[str]) -> list[SenderHit]:
    """In a ФССП letterhead the УФССП line sits above the ОСП that actually wrote the document.

    A parent goes when a named child sits below it; when only an unrecognised unit line does,
    the parent stays as a weak candidate (the real sender is likely an ОСП we cannot read).
    """
    children = [h for h in hits if h.raw >= 0.85 and not h.below_title and not _is_parent(h.ref)]
    kept = []
    for hit in hits:
        if _is_parent(hit.ref) and hit.ref.kind == "bailiff":
            if any(c.line >= hit.line and c.ref.kind == "bailiff" for c in children):
                continue
            if any(_looks_like_unit(line) for line in header[hit.line + 1 :]):
                evidence = (*hit.evidence, "ниже в шапке назван отдел: вероятно, отправитель он")
                hit = SenderHit(hit.ref, hit.raw * 0.6, hit.adjusted * 0.6, hit.line, hit.below_title,
                                hit.alias, evidence)  # fmt: skip
        kept.append(hit)
    return kept


def match_senders(
    lines: list[str], title: int | None, refs: Sequence[CounterpartyRef], *, kinds: frozenset[str] | None
) -> list[SenderHit]:
    """Counterparties named in the header, best first; ``kinds`` limits them to plausible senders."""
    header = [line if not ADDRESSEE.match(line) else "" for line in lines[:HEADER_LINES]]
    pre_title = header[: title if title is not None else len(header)]
    windows, where = _windows([canonical_name(line) for line in header])
    candidates = [ref for ref in refs if kinds is None or ref.kind in kinds]
    if not windows or not candidates:
        return []
    aliases = [(ref, canonical_name(a)) for ref in candidates for a in (ref.name, *ref.aliases)]
    matrix = process.cdist([a for _, a in aliases], windows, scorer=fuzz.ratio, workers=1)
    best: dict[int, SenderHit] = {}
    for (ref, alias), row in zip(aliases, matrix, strict=True):
        raw, index = _best_window(alias, row, windows)
        if index < 0:
            continue
        below = title is not None and where[index] > title
        evidence = f"строка {where[index] + 1}: «{windows[index]}» ≈ «{alias}» ({raw:.2f})"
        adjusted = raw * (_BELOW_TITLE if below else 1.0)
        hit = SenderHit(ref, raw, adjusted, where[index], below, alias, (evidence,))
        if ref.id not in best or hit.adjusted > best[ref.id].adjusted:
            best[ref.id] = hit
    for ref in candidates:
        if (registry := _registry_evidence(pre_title, ref)) is not None:
            old = best.get(ref.id)
            adjusted = max(0.99, old.adjusted if old else 0.0) + _REGISTRY_BONUS
            line = old.line if old else 0
            alias = old.alias if old else canonical_name(ref.name)
            evidences = (registry, *(old.evidence if old else ()))
            best[ref.id] = SenderHit(
                ref, max(0.99, old.raw if old else 0.0), adjusted, line, False, alias, evidences
            )
    letterhead = [canonical_name(line) for line in pre_title]
    hits = _drop_parents(list(best.values()), letterhead)
    return sorted(hits, key=lambda h: h.adjusted, reverse=True)
