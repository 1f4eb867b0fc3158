"""A document of a stack whose sender is unsure takes it from a sibling about the same case.

A court's envelope holds a determination and the writ it issued; the writ names «Октябрьский
районный суд г. Кирова» in full, the determination only «Октябрьский районный суд», which fits a
dozen courts. Read alone, the determination waits for a clerk; read beside the writ it is plain:
another document of the same scan, about the same case (a shared ИП, court case number or УИД),
was sent by a court the determination's own text names as well.

Only then: the sibling's sender must be among the unsure document's own candidates (its text
names that counterparty about as well as its best guess), the two documents must share a case
identifier, and exactly one such sender may be on offer. A morning stack of several senders
never lends a sender across cases, and a document whose letterhead points elsewhere keeps its
doubt (its candidates do not hold the sibling then).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tasks.classify import DEBTOR_SENDER, Classification, Match
from tasks.split.cues import shared_subjects

NAMED_ALIKE = 0.45
"""A runner-up candidate's score is half its name similarity (``tasks.classify``): 0.45 means the
text names that counterparty at 0.9 or better, as well as an exact name with OCR's slips."""


def _named_by(classification: Classification) -> dict[int, Match]:
    """Counterparties the document's own text names well enough to be its sender."""
    named: dict[int, Match] = {}
    best = classification.sender
    if best is not None and best.id is not None:
        named[best.id] = best
    for candidate in classification.sender_candidates:
        if candidate.id is not None and candidate.score >= NAMED_ALIKE:
            named.setdefault(candidate.id, candidate)
    return named


def senders_from_siblings(
    classifications: Sequence[Classification],
    subjects: Sequence[dict[str, frozenset[str]]],
    *,
    threshold: float,
) -> list[Classification]:
    """Each document's classification, an unsure sender replaced by a same-case sibling's sure one.

    ``subjects``: each document's case identifiers (``tasks.split.cues.subjects_of``), in order.
    The sender taken keeps the sibling's score and says where it came from.
    """
    out = list(classifications)
    for index, classification in enumerate(classifications):
        sender = classification.sender
        if sender is not None and sender.score >= threshold:
            continue
        named = _named_by(classification)
        offered: dict[int, tuple[int, Match, Match]] = {}  # id -> sibling index, its sender, our own
        for other, sibling in enumerate(classifications):
            sure = sibling.sender
            if other == index or sure is None or sure.id is None or sure.score < threshold:
                continue
            if sure.name == DEBTOR_SENDER or sure.id not in named:
                continue
            if shared_subjects(subjects[index], subjects[other]):
                offered.setdefault(sure.id, (other, sure, named[sure.id]))
        if len(offered) != 1:
            continue
        other, sure, own = next(iter(offered.values()))
        because = f"тот же отправитель, что у документа {other + 1} этого скана по тому же делу"
        out[index] = replace(
            classification, sender=Match(sure.id, sure.name, sure.score, (because, *own.evidence))
        )
    return out
