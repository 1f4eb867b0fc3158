"""Who sent an incoming document and what it is: sender counterparty and document type.

Type first, from the title zone (title line + subject lines) with the clerk-editable rules of
``DocumentTypeRule``; a match in the title outranks one at another line start, which outranks
one in the body (ФССП boilerplate inside a court ruling must not win). Then the sender, from
the header block (first ``HEADER_LINES`` lines) by fuzzy name/alias match (rapidfuzz) after
canonicalising bureaucratic spellings ("Отдел судебных приставов" → "осп"); the sender's ИНН or
ОГРН in the header is strong evidence. Candidates whose kind cannot send the recognised type
(a bank cannot issue a судебный приказ) are dropped, addressee lines ("Взыскателю: ...") are
ignored, and in a ФССП letterhead the lower unit (ОСП) wins over its parent (УФССП).

Scores are calibrated for precision, not recall: a close second candidate pulls the score
down, so an ambiguous document goes to a clerk. ``Classification.confident`` is the auto-
registration bar (``AUTO_THRESHOLD``); measured on the synthetic corpus (tests/corpus) the
confident answers are right ≥ 99%. Pure functions: no database; reference data comes in as
plain dataclasses.

    >>> result = classify(text, counterparties=refs, rules=rules)
    >>> result.sender.name, result.document_type.name, result.confident
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from tasks.doctype_rules import FALLBACK_TYPE, DocumentTypeRule, TypeHit, match_types
from tasks.names import parse_person_name
from tasks.normalize import HEADER_LINES, normalize_text, title_line_index

AUTO_THRESHOLD = 0.9
DEBTOR_SENDER = "Должник"
_COURT_TYPES = (
    "Судебный приказ",
    "Определение об отмене судебного приказа",
    "Решение суда",
    "Определение о процессуальном правопреемстве",
    "Исполнительный лист",
    "Определение о возвращении заявления",
)
_FSSP_TYPES = (
    "Постановление о возбуждении исполнительного производства",
    "Постановление об окончании исполнительного производства",
    "Постановление об отказе в возбуждении исполнительного производства",
    "Постановление об обращении взыскания на доходы должника",
    "Постановление о замене стороны исполнительного производства",
    "Акт о невозможности взыскания",
)
# Which kinds of counterparty send a type; types not listed may come from anyone.
SENDER_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_COURT_TYPES, frozenset({"court"})),
    **dict.fromkeys(_FSSP_TYPES, frozenset({"bailiff"})),
    "Договор уступки прав требования": frozenset({"bank", "other"}),
    "Заявление должника": frozenset({"person"}),
}
_FROM_LINE = re.compile(r"^(?:от|от имени)\s+(.+)$", re.IGNORECASE)
_ADDRESSEE = re.compile(
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
    """Token windows of every header line, also running on into the next line (wrapped names)."""
    seen: dict[str, int] = {}
    for index, line in enumerate(header):
        own = line.split()
        joined = own + (header[index + 1].split() if index + 1 < len(header) else [])
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
    header = [line if not _ADDRESSEE.match(line) else "" for line in lines[:HEADER_LINES]]
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
        if (evidence := _registry_evidence(pre_title, ref)) is not None:
            old = best.get(ref.id)
            adjusted = max(0.99, old.adjusted if old else 0.0) + _REGISTRY_BONUS
            line = old.line if old else 0
            alias = old.alias if old else canonical_name(ref.name)
            evidences = (evidence, *(old.evidence if old else ()))
            best[ref.id] = SenderHit(
                ref, max(0.99, old.raw if old else 0.0), adjusted, line, False, alias, evidences
            )
    letterhead = [canonical_name(line) for line in pre_title]
    hits = _drop_parents(list(best.values()), letterhead)
    return sorted(hits, key=lambda h: h.adjusted, reverse=True)


@dataclass(frozen=True, slots=True)
class Match:
    """One answer (a counterparty or a document type) with its calibrated score and why."""

    id: int | None
    name: str
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Classification:
    """Sender and type of one document; ``None`` when nothing matched at all."""

    sender: Match | None
    document_type: Match | None
    sender_candidates: tuple[Match, ...] = ()
    type_candidates: tuple[Match, ...] = ()

    @property
    def confidence(self) -> float:
        """The weaker of the two scores: registration needs both right."""
        if self.sender is None or self.document_type is None:
            return 0.0
        return min(self.sender.score, self.document_type.score)

    @property
    def confident(self) -> bool:
        """True when the item may be registered without a clerk."""
        return self.confidence >= AUTO_THRESHOLD


def _margin_score(best: float, second: float, *, full_margin: float) -> float:
    return round(best * min(1.0, max(0.0, best - second) / full_margin), 4)


def _type_matches(hits: list[TypeHit], rules: Sequence[DocumentTypeRule], *, has_title: bool) -> list[Match]:
    """Scores: the best hit by its margin over the runner-up, the others at half weight.

    When the document has a title line and no rule matched it, the type is the fallback: the
    title says it is something else, whatever the body quotes.
    """
    matches = [Match(h.rule.id, h.rule.name, round(h.weight * 0.5, 4), h.evidence) for h in hits]
    if hits:
        second = hits[1].weight if len(hits) > 1 else 0.0
        score = _margin_score(hits[0].weight, second, full_margin=0.3) * 0.98
        matches[0] = Match(hits[0].rule.id, hits[0].rule.name, round(score, 4), hits[0].evidence)
    fallback = next((r for r in rules if r.name == FALLBACK_TYPE), None)
    title_unmatched = has_title and (not hits or hits[0].weight < 1.0)
    if fallback is not None and (not matches or matches[0].score < 0.5 or title_unmatched):
        matches.insert(
            0, Match(fallback.id, fallback.name, 0.5, ("ни одно правило не сработало на заголовке",))
        )
    return matches


def _debtor_sender(lines: list[str], doc_type: Match | None) -> Match | None:
    """The debtor himself: an "от <ФИО>" line in the header or a debtor's statement."""
    for line in lines[:HEADER_LINES]:
        found = _FROM_LINE.match(line)
        if found and (person := parse_person_name(found.group(1))):
            is_statement = doc_type is not None and SENDER_KINDS.get(doc_type.name) == {"person"}
            return Match(None, DEBTOR_SENDER, 0.96 if is_statement else 0.6, (f"от {person.full_name}",))
    return None


def _sender_matches(hits: list[SenderHit]) -> list[Match]:
    """Top hit scored by its lead over the runner-up, measured against how alike the two names are.

    Sibling names ("ОСП по Ленинскому району г. Кирова" / "... по Октябрьскому ...") differ in one
    word, so even a perfect read leads by little in absolute terms; relative to the names'
    own distance the lead is decisive. Either lead, absolute or relative, may carry the score.
    """
    matches = [Match(h.ref.id, h.ref.name, round(h.raw * 0.5, 4), h.evidence) for h in hits]
    if not hits:
        return matches
    top = hits[0]
    factor = 1.0
    if len(hits) > 1:
        runner = hits[1]
        lead = max(0.0, top.adjusted - runner.adjusted)
        distance = max(0.02, 1.0 - fuzz.ratio(top.alias, runner.alias) / 100)
        factor = min(1.0, max(lead / 0.12, lead / distance / 0.6))
    score = min(1.0, top.raw) * factor
    if top.below_title:  # named only below the title: plausible, not proof
        score = min(score, top.raw * 0.95)
    matches[0] = Match(top.ref.id, top.ref.name, round(score, 4), top.evidence)
    return matches


def classify(
    text: str, *, counterparties: Sequence[CounterpartyRef], rules: Sequence[DocumentTypeRule]
) -> Classification:
    """Sender and document type of a document's text, with calibrated scores and the candidates.

    ``counterparties`` and ``rules`` are the reference data (active rows only). Never raises on
    odd text or a clerk's broken regex (that pattern is skipped and named in the evidence).
    """
    text = normalize_text(text)
    lines = text.split("\n")
    title = title_line_index(lines)
    type_candidates = _type_matches(match_types(lines, title, rules), rules, has_title=title is not None)
    doc_type = type_candidates[0] if type_candidates else None
    kinds = SENDER_KINDS.get(doc_type.name) if doc_type and doc_type.score >= AUTO_THRESHOLD else None
    sender_candidates = _sender_matches(match_senders(lines, title, counterparties, kinds=kinds))
    sender = sender_candidates[0] if sender_candidates else None
    if sender is None or sender.score < 0.8:
        debtor = _debtor_sender(lines, doc_type)
        if debtor is not None:
            if sender is not None:
                debtor = Match(
                    None, DEBTOR_SENDER, min(debtor.score, 1.0 - sender.score / 2), debtor.evidence
                )
            sender_candidates.insert(0, debtor)
            sender = debtor
    return Classification(sender, doc_type, tuple(sender_candidates), tuple(type_candidates))


__all__ = [
    "AUTO_THRESHOLD",
    "DEBTOR_SENDER",
    "Classification",
    "CounterpartyRef",
    "DocumentTypeRule",
    "Match",
    "classify",
]
