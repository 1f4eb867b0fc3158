"""Where each document of a scanned stack starts: a judgement per page, with its confidence.

Every page is put in exactly one place: a document, the envelope, or the skipped pages (blank
sheets and the app's separator sheets, dropped and recorded). A page after the first is judged the
start of a new document or a continuation from its cues (``tasks.split.cues``):

- a separator sheet, a blank sheet or an envelope before it ends the previous document;
- page numbering decides when it is consistent: «стр. 1 из 3» starts one, «стр. 2 из 3» after
  «стр. 1 из 3» continues it;
- a first page looks like one: a title in capitals (ПОСТАНОВЛЕНИЕ, ИСПОЛНИТЕЛЬНЫЙ ЛИСТ) or a
  letterhead opening the page; a later page opens with body text;
- a page naming another case (ИП, court case, УИД, СНИЛС) than its document so far is a new
  document, or the split is unsure.

When cues disagree the confidence drops below the automatic threshold, and the item goes to a
clerk with the proposed split: never a guess filed as fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from tasks.split.cues import PageCues, disjoint_subjects, shared_subjects

SURE = 0.99
LIKELY = 0.95
UNSURE = 0.6

SkipReason = Literal["blank", "separator"]


@dataclass(frozen=True, slots=True)
class Judgement:
    """What page ``page`` is in its stack: a start or a continuation, how sure, and from which cue."""

    page: int
    start: bool
    confidence: float
    cue: str


@dataclass(frozen=True, slots=True)
class DocumentPages:
    """One document's pages (1-based, in order) and the lowest confidence of its judgements."""

    pages: tuple[int, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class SkippedPage:
    page: int
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class Split:
    """A file cut into documents; every page of it is in exactly one of the three places."""

    documents: tuple[DocumentPages, ...]
    envelope: tuple[int, ...] = ()
    postmark_date: date | None = None
    skipped: tuple[SkippedPage, ...] = ()
    judgements: tuple[Judgement, ...] = ()

    @property
    def several(self) -> bool:
        return len(self.documents) > 1

    @property
    def trivial(self) -> bool:
        """One document over every page: the file is handled exactly as a single document."""
        return len(self.documents) == 1 and not self.envelope and not self.skipped

    def unsure(self, threshold: float) -> bool:
        return any(d.confidence < threshold for d in self.documents)

    def unsure_documents(self, threshold: float) -> frozenset[int]:
        """The documents (0-based) a clerk must see because a judgement of theirs is unsure.

        Only those a misplaced cut would change: an unsure start of document k may be the last
        page of k-1, so both wait; an unsure continuation inside k may be a start, which would end
        k earlier and make its remaining pages a document of their own, the next document's pages
        unchanged, so k alone waits. In a morning stack the documents with sure cuts on both sides
        and sure pages inside are filed. A blank sheet before a page lowers its judgement (see
        ``judge``), so it holds the document the sheet may end.
        """
        held: set[int] = set()
        index = -1
        for judgement in self.judgements:
            if judgement.start:
                index += 1
            if judgement.confidence >= threshold:
                continue
            held.add(index)
            if judgement.start and index > 0:
                held.add(index - 1)
        if index != len(self.documents) - 1:  # not cut by ``split_pages``: no page to blame
            return frozenset(range(len(self.documents))) if self.unsure(threshold) else frozenset()
        return frozenset(held)


def _by_numbering(page: PageCues, previous: PageCues | None) -> tuple[bool, float] | None:
    """The verdict of page numbers, when they give one."""
    if page.numbering is None:
        return None
    number, total = page.numbering
    if number == 1:
        return True, SURE
    before = previous.numbering if previous is not None else None
    if before is not None and before[0] == number - 1 and (total is None or before[1] in (None, total)):
        return False, SURE
    if before is None:
        return False, 0.9  # the previous page's number may be unread; a page 2 still continues
    return None  # numbers that do not follow on: other cues decide


def judge(
    page: PageCues, previous: PageCues | None, subjects: dict[str, frozenset[str]], *, gap: str | None
) -> Judgement:
    """Start or continuation for a content page after the first one of the file.

    ``previous``: the content page before it; ``subjects``: what the current document named so
    far; ``gap``: ``"separator"``, ``"envelope"`` or ``"blank"`` when such a page lies between.
    """
    if gap in ("separator", "envelope"):
        return Judgement(page.number, True, SURE, gap)
    if not page.read:
        return Judgement(page.number, False, UNSURE, "unread")
    if page.inked:  # ink OCR could not read (a short page, a handwritten note): a clerk looks
        return Judgement(page.number, False, UNSURE, "ink")
    looks_first = page.title_capitals or page.letterhead
    new_case = disjoint_subjects(page.subjects, subjects)
    numbered = _by_numbering(page, previous)
    if numbered is not None:
        start, confidence = numbered
        if start != looks_first and not (start and new_case):
            confidence = min(confidence, UNSURE)  # the numbers say one thing, the page another
        elif not start and new_case:
            confidence = UNSURE
        return Judgement(page.number, start, confidence, "numbering")
    if looks_first:
        both = page.title_capitals and page.letterhead
        sure = SURE if both or new_case or gap == "blank" else LIKELY
        return Judgement(page.number, True, sure, "title" if page.title_capitals else "letterhead")
    if new_case:
        return Judgement(page.number, True, UNSURE, "new_case")
    if gap == "blank":
        return Judgement(page.number, False, 0.75, "blank")  # a blank back side, or a separator?
    sure = SURE if shared_subjects(page.subjects, subjects) else LIKELY
    return Judgement(page.number, False, sure, "body")


def split_pages(cues: Sequence[PageCues]) -> Split:
    """Cut a file's pages into documents, the envelope and skipped pages (pure, deterministic)."""
    if not any(c.read for c in cues):  # nothing was read: nothing to judge, one document as before
        return Split((DocumentPages(tuple(c.number for c in cues), 1.0),))
    documents: list[list[int]] = []
    confidences: list[float] = []
    envelope: list[int] = []
    skipped: list[SkippedPage] = []
    judgements: list[Judgement] = []
    postmark: date | None = None
    previous: PageCues | None = None
    subjects: dict[str, frozenset[str]] = {}
    gap: str | None = None
    for page in cues:
        if page.separator or page.blank:
            reason: SkipReason = "separator" if page.separator else "blank"
            skipped.append(SkippedPage(page.number, reason))
            gap = reason if gap in (None, "blank") else gap
            continue
        if page.envelope:
            envelope.append(page.number)
            postmark = postmark or page.postmark_date
            gap = "envelope"
            continue
        if previous is None:
            judgement = Judgement(page.number, True, 1.0, "first")
        else:
            judgement = judge(page, previous, subjects, gap=gap)
        judgements.append(judgement)
        if judgement.start:
            documents.append([])
            confidences.append(judgement.confidence)
            subjects = {}
        else:
            confidences[-1] = min(confidences[-1], judgement.confidence)
        documents[-1].append(page.number)
        subjects = {
            k: subjects.get(k, frozenset()) | page.subjects.get(k, frozenset())
            for k in {*subjects, *page.subjects}
        }
        previous, gap = page, None
    if not documents:  # blank, separator or envelope pages only: one document as before
        return Split((DocumentPages(tuple(c.number for c in cues), 1.0),))
    return Split(
        documents=tuple(
            DocumentPages(tuple(pages), round(c, 4)) for pages, c in zip(documents, confidences, strict=True)
        ),
        envelope=tuple(envelope),
        postmark_date=postmark,
        skipped=tuple(skipped),
        judgements=tuple(judgements),
    )
