"""Who sent an incoming document and what it is: sender counterparty and document type.

Type first, from the title zone (title line + subject lines) with the clerk-editable rules of
``DocumentTypeRule``; a match in the title outranks one at another line start, which outranks
one in the body (ФССП boilerplate inside a court ruling must not win). When the title is lost or
garbled (a stamp, skew), the operative part's order («ПОСТАНОВИЛ: 1. Возбудить исполнительное
производство …», ``tasks.doctype_cues``) names the type, sure only once the sender turns out to be
of the kind that issues it; an order against a title leaves the title's type unsure. Then the sender, from
the letterhead (``tasks.senders``: fuzzy name/alias match, ИНН/ОГРН, ОСП over its УФССП);
candidates whose kind cannot send the recognised type (a bank cannot issue a судебный приказ)
are dropped first, so a type read with confidence narrows the field.

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

from rapidfuzz import fuzz

from tasks.doctype_cues import Cue, operative_cues
from tasks.doctype_rules import (
    FALLBACK_TYPE,
    KNOWN_SUBJECTS,
    DocumentTypeRule,
    TypeHit,
    match_types,
    repair_subject_lines,
    repair_title_words,
    subject_cue,
)
from tasks.names import parse_person_name
from tasks.normalize import HEADER_LINES, normalize_text, title_line_index
from tasks.sender_evidence import Clues, Weighed, clues, document_history, profile, weigh
from tasks.senders import ADDRESSEE, CounterpartyRef, SenderHit, match_senders

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
CONTENDER_GAP = 0.1  # candidates this close on the name are told apart by where they are
DECISIVE = 1.5  # evidence lead (and minimum) that lets one of them win
CONTRADICTED_CAP = 0.7
# The type read from the operative part alone (``tasks.doctype_cues``): below the bar until the
# sender turns out to be of the kind that issues it; a cue against the title leaves the title unsure.
CUE_SCORE = 0.85
CUE_CONFIRMED_SCORE = 0.93
CUE_CONTRADICTS_CAP = 0.7
_KIND_WORDS = {"court": "суд", "bailiff": "подразделение ФССП"}
_CLEAN_SUBJECT = re.compile(r"^(?:о|об|по)\s+[а-я]{2,}(?:[\s,-]+[а-я]+)+$")
_FROM_LINE = re.compile(r"^(?:от|от имени)\s+(.+)$", re.IGNORECASE)


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


def _clean_unknown_subject(lines: list[str], title: int | None) -> bool:
    """A legible subject under the title that is none of the known ones: the title says «something else».

    A clean title always wins, so the operative part may not retype a «ПОСТАНОВЛЕНИЕ о возобновлении
    исполнительного производства»; a subject OCR garbled (unlike every phrase, or junk in it) may be.
    """
    if title is None:
        return False
    zone = [line for line in lines[title : title + 8] if line.strip()][:5]
    head, _, rest = zone[0].partition(" ") if zone else ("", "", "")
    for line in [rest, *zone[1:]]:
        line = line.strip()
        if len(line) <= 90 and _CLEAN_SUBJECT.match(line) and not line.startswith(KNOWN_SUBJECTS):
            return True
    return False


def _with_cues(
    candidates: list[Match],
    hits: list[TypeHit],
    cues: list[Cue],
    rules: Sequence[DocumentTypeRule],
    *,
    clean_unknown: bool,
) -> tuple[list[Match], Cue | None]:
    """Type candidates with the operative part's cues weighed in; the cue that alone set the type.

    A title hit stays first: a cue that agrees adds its evidence, one that disagrees makes the type
    unsure. Without a title hit (lost, garbled) a single cue names the type at ``CUE_SCORE``, which
    only the sender's kind lifts over the bar (``_confirm_cue``); competing cues, or a line-start
    hit of another type, leave the type to the clerk. Body hits are quotations and do not compete.
    """
    by_name = {rule.name: rule for rule in rules}
    cues = [cue for cue in cues if cue.type_name in by_name]
    if not cues:
        return candidates, None
    named = {cue.type_name for cue in cues}
    extra = [Match(by_name[c.type_name].id, c.type_name, 0.5, (c.evidence,)) for c in cues]
    top = candidates[0] if candidates else None
    if hits and hits[0].weight >= 1.0 and top is not None and top.name == hits[0].rule.name:
        if named == {top.name}:
            return [
                Match(top.id, top.name, top.score, (*top.evidence, cues[0].evidence)),
                *candidates[1:],
            ], None
        unsure = Match(top.id, top.name, min(top.score, CUE_CONTRADICTS_CAP),
                       (*top.evidence, "резолютивная часть говорит о другом типе"))  # fmt: skip
        rest = [m for m in candidates[1:] if m.name not in named]
        return [unsure, *[m for m in extra if m.name != top.name], *rest], None
    line_hits = {h.rule.name for h in hits if h.weight > 0.3}
    if clean_unknown or len(named) > 1 or line_hits - named:
        note = "резолютивная часть называет несколько типов" if len(named) > 1 else None
        first = (
            [Match(top.id, top.name, top.score, (*top.evidence, note))] if top and note else candidates[:1]
        )
        return [*first, *extra, *[m for m in candidates[1:] if m.name not in named]], None
    cue = cues[0]
    rule = by_name[cue.type_name]
    found = Match(rule.id, rule.name, CUE_SCORE, (cue.evidence,))
    return [found, *[m for m in candidates if m.name != rule.name]], cue


def _confirm_cue(doc_type: Match, sender: Match | None, counterparties: Sequence[CounterpartyRef]) -> Match:
    """A type read from the operative part alone, over the bar when a sure sender is of its issuing kind."""
    if sender is None or sender.id is None or sender.score < AUTO_THRESHOLD:
        return doc_type
    kind = next((c.kind for c in counterparties if c.id == sender.id), None)
    allowed = SENDER_KINDS.get(doc_type.name)
    if kind is None or allowed is None or kind not in allowed:
        return doc_type
    reason = f"отправитель — {_KIND_WORDS.get(kind, kind)}"
    return Match(doc_type.id, doc_type.name, CUE_CONFIRMED_SCORE, (*doc_type.evidence, reason))


def _debtor_sender(lines: list[str], doc_type: Match | None) -> Match | None:
    """The debtor himself: an "от <ФИО>" line in the header or a debtor's statement."""
    for line in lines[:HEADER_LINES]:
        found = _FROM_LINE.match(line)
        if found and (person := parse_person_name(found.group(1))):
            is_statement = doc_type is not None and SENDER_KINDS.get(doc_type.name) == frozenset({"person"})
            return Match(None, DEBTOR_SENDER, 0.96 if is_statement else 0.6, (f"от {person.full_name}",))
    return None


def _fuzzy_factor(top: SenderHit, runner: SenderHit | None) -> float:
    """Top hit's lead over the runner-up, measured against how alike the two names are.

    Sibling names ("ОСП по Ленинскому району г. Кирова" / "... по Октябрьскому ...") differ in one
    word, so even a perfect read leads by little in absolute terms; relative to the names'
    own distance the lead is decisive. Either lead, absolute or relative, may carry the score.
    """
    if runner is None:
        return 1.0
    lead = max(0.0, top.adjusted - runner.adjusted)
    distance = max(0.02, 1.0 - fuzz.ratio(top.alias, runner.alias) / 100)
    return min(1.0, max(lead / 0.12, lead / distance / 0.6))


def _hit_match(hit: SenderHit, score: float, weighed: Weighed | None, extra: tuple[str, ...] = ()) -> Match:
    reasons = weighed.reasons if weighed is not None else ()
    return Match(hit.ref.id, hit.ref.name, round(score, 4), (*hit.evidence, *reasons, *extra))


def _survivors(contenders: list[SenderHit], weights: dict[int, Weighed]) -> list[SenderHit]:
    """Contenders the place evidence does not rule out, best name match first.

    When one leads by ``DECISIVE``, the ones it clearly beats go; a contradicted one always goes
    (unless every one is). The rest are told apart by their names, as siblings in one city are.
    """
    best = max(weights[h.ref.id].score for h in contenders)
    floor = best - DECISIVE if best >= DECISIVE else float("-inf")
    kept = [h for h in contenders if weights[h.ref.id].score > floor and not weights[h.ref.id].contradicted]
    return kept or contenders


def _sender_matches(hits: list[SenderHit], clue: Clues) -> list[Match]:
    """Calibrated sender candidates: the name match first, where-it-is evidence between near equals.

    Candidates within ``CONTENDER_GAP`` of the best name match are weighed by ``weigh``; those the
    evidence rules out go, and the rest are scored by the fuzzy lead among themselves (a lone
    survivor keeps its name score). A winner the letterhead contradicts (another city or region)
    is held below the bar; a tie lists the namesakes for the clerk.
    """
    if not hits:
        return []
    top = hits[0]
    contenders = [h for h in hits[:60] if h.adjusted >= top.adjusted - CONTENDER_GAP and h.raw >= 0.75]
    contenders = contenders or [top]
    weights = {h.ref.id: weigh(h.ref, clue, line=h.line) for h in contenders}
    survivors = _survivors(contenders, weights)
    winner = survivors[0]
    rest = [Match(h.ref.id, h.ref.name, round(h.raw * 0.5, 4), h.evidence) for h in hits if h is not winner]
    if len(survivors) == 1 and len(contenders) > 1:
        factor = 1.0
    else:
        factor = _fuzzy_factor(
            winner, survivors[1] if len(survivors) > 1 else (hits[1] if len(hits) > 1 else None)
        )
    score = min(1.0, winner.raw) * factor
    if winner.below_title:  # named only below the title: plausible, not proof
        score = min(score, winner.raw * 0.95)
    weighed = weights[winner.ref.id]
    extra: tuple[str, ...] = ()
    if len(contenders) > len(survivors):
        ruled_out = [h.ref.name for h in contenders if h not in survivors]
        extra = (f"отличено от: {'; '.join(ruled_out[:5])}{' …' if len(ruled_out) > 5 else ''}",)
    if weighed.contradicted and weighed.score < 0:
        score = min(score, CONTRADICTED_CAP)
        extra = (*extra, "шапка указывает на другое место")
    if len(survivors) > 1 and score < AUTO_THRESHOLD:
        extra = (*extra, f"не различить: {'; '.join(h.ref.name for h in survivors[:6])}")
    return [_hit_match(winner, score, weighed, extra), *rest]


def _history(text: str, hits: list[SenderHit]) -> frozenset[str]:
    """The document's case-history keys, read only when a near candidate has a history to match."""
    near = [h for h in hits[:60] if h.adjusted >= hits[0].adjusted - CONTENDER_GAP] if hits else []
    if not any(profile(h.ref).history for h in near):
        return frozenset()
    from tasks.identifiers import extract_identifiers

    return document_history(extract_identifiers(text).to_json())


def classify(
    text: str, *, counterparties: Sequence[CounterpartyRef], rules: Sequence[DocumentTypeRule]
) -> Classification:
    """Sender and document type of a document's text, with calibrated scores and the candidates.

    ``counterparties`` and ``rules`` are the reference data (active rows only). Never raises on
    odd text or a clerk's broken regex (that pattern is skipped and named in the evidence).
    """
    text = normalize_text(text)
    lines = repair_title_words(text.split("\n"))
    title = title_line_index(lines)
    lines = repair_subject_lines(lines, title)
    type_hits = match_types(lines, title, list(rules))
    # the operative part outranks a lone subject line; the subject speaks when the orders are lost too
    cues = operative_cues("\n".join(lines))
    subject = subject_cue(lines, list(rules)) if title is None and not cues else None
    cues = cues or ([subject] if subject is not None else [])
    type_candidates, cue = _with_cues(
        _type_matches(type_hits, rules, has_title=title is not None), type_hits,
        cues, rules, clean_unknown=_clean_unknown_subject(lines, title),
    )  # fmt: skip
    doc_type = type_candidates[0] if type_candidates else None
    kinds = SENDER_KINDS.get(doc_type.name) if doc_type and doc_type.score >= AUTO_THRESHOLD else None
    header = [line if not ADDRESSEE.match(line) else "" for line in lines[:HEADER_LINES]]
    hits = match_senders(lines, title, counterparties, kinds=kinds)
    clue = clues(text, header, title=title, history=_history(text, hits))
    sender_candidates = _sender_matches(hits, clue)
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
    if cue is not None and doc_type is not None:
        doc_type = _confirm_cue(doc_type, sender, counterparties)
        type_candidates[0] = doc_type
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
