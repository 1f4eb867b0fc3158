"""What one page says about its place in a stack: pure functions over the page's text.

Each cue is cheap (regexes and the identifier extractor) and read from one page alone; the
judgement that combines them lives in ``tasks.split.boundaries``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tasks.identifiers import Identifiers, extract_identifiers
from tasks.normalize import normalize_text, title_line_index
from tasks.ocr import BLANK_INK

SEPARATOR_TITLE = "ЛИСТ-РАЗДЕЛИТЕЛЬ КОРРЕСПОНДЕНТ"
"""Printed on the app's separator sheet (``tasks.split.separator``); OCR may lose the hyphen."""
SEPARATOR_CODE = "KORR-SEP"

BLANK_LETTERS = 15
"""Fewer letters than this on a page that was read (text layer or OCR) makes it blank: a
scanner's speckles give OCR a few stray letters, never a sentence. A scanned page must also have
no ink (``ink`` below ``tasks.ocr.BLANK_INK``): OCR finding no text is never enough."""
ENVELOPE_MAX_WORDS = 120
TITLE_LINES = 25
LETTERHEAD_LETTERS = 6
REFERENCE_LINES = 8
EDGE_LINES = 3

_SEPARATOR = re.compile(r"ЛИСТ\s*[-‐–—]?\s*РАЗДЕЛИТЕЛЬ", re.IGNORECASE)
_SEPARATOR_CODE = re.compile(r"KORR\s*-?\s*SEP(?:\s*-?\s*(\d{1,6}))?", re.IGNORECASE)
_OF_TOTAL = re.compile(r"(?:стр(?:аница)?|лист)\.?\s*(\d{1,3})\s*(?:из|/)\s*(\d{1,3})(?!\d)", re.IGNORECASE)
_PAGE_WORD = re.compile(r"^\s*(?:стр(?:аница)?\.?|лист)\s*(\d{1,3})\s*$", re.IGNORECASE)
_DASHED = re.compile(r"^\s*[-–—]\s*(\d{1,3})\s*[-–—]\s*$")
_POST = re.compile(r"почта\s+росси", re.IGNORECASE)
_POSTAL_INDEX = re.compile(r"(?<![\d/.\-])[1-6]\d{5}(?![\d/.\-])")
_ADDRESS_WORDS = re.compile(r"\b(?:куда|кому|от\s+кого|откуда|адресат|отправитель)\b", re.IGNORECASE)
_STAMP = re.compile(r"штемпел|заказное|ценное|простое\s+письмо|уведомлени[ея]\s+о\s+вручении", re.IGNORECASE)
_TRACK = re.compile(r"(?<!\d)\d{14}(?!\d)|\b[A-Z]{2}\d{9}RU\b")
_REFERENCE = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}\.\d{2,4}\s*(?:г\.?)?\s*№\s*\S*\d|на\s*№\s*\S*\d+\S*\s+от\b)", re.IGNORECASE
)
_CASE_HEADER = re.compile(r"^\s*(?:Дело|ДЕЛО|Материал|УИД)\s*(?:№\s*\S*\d|:?\s*\d)")
"""A court paper's heading line, capitalised: a sentence wrapped before «дело № …» is not one."""
_SIGNATURE = re.compile(r"подпис|копия\s+верна|м\.\s?п\.", re.IGNORECASE)
_WORDS = re.compile(r"[А-Яа-яЁёA-Za-z]{2,}")

SUBJECT_KINDS = ("ip_numbers", "court_case_numbers", "arbitration_case_numbers", "uids", "snilses")
"""Identifiers that name one debtor's case: two pages naming different ones of a kind are about
different cases (a writ number or an ИНН may belong to the sender and is left out)."""


@dataclass(frozen=True, slots=True)
class PageCues:
    """One page's cues. ``number`` is 1-based; ``read`` is False when no text could be had
    (OCR missing or failed): such a page is never taken for blank. ``ink``: the scanned image's
    ink share when OCR read next to nothing (None for a text layer, or a page read in full)."""

    number: int
    read: bool
    letters: int
    separator: bool
    envelope: bool
    postmark_date: date | None
    numbering: tuple[int, int | None] | None
    title: str | None
    title_capitals: bool
    letterhead: bool
    subjects: dict[str, frozenset[str]]
    ink: float | None = None

    @property
    def inked(self) -> bool:
        """Ink on the image, next to no text read from it: a page OCR lost, never a blank one."""
        return self.letters < BLANK_LETTERS and self.ink is not None and self.ink >= BLANK_INK

    @property
    def blank(self) -> bool:
        return self.read and self.letters < BLANK_LETTERS and not self.separator and not self.inked


def subjects_of(identifiers: Identifiers) -> dict[str, frozenset[str]]:
    """The case-naming identifiers of a text, by kind (kinds with none left out)."""
    found = {kind: frozenset(getattr(identifiers, kind)) for kind in SUBJECT_KINDS}
    return {kind: values for kind, values in found.items() if values}


def disjoint_subjects(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """True when, for some kind, both name identifiers and none is shared: different cases."""
    return any(kind in b and not (values & b[kind]) for kind, values in a.items())


def shared_subjects(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    return any(values & b.get(kind, frozenset()) for kind, values in a.items())


def _numbering(lines: list[str], text: str) -> tuple[int, int | None] | None:
    """«стр. 2 из 3» anywhere; «Страница 2» or «- 2 -» alone on one of the first or last lines."""
    found = _OF_TOTAL.search(text)
    if found and 0 < int(found[1]) <= int(found[2]):
        return int(found[1]), int(found[2])
    for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]:
        alone = _PAGE_WORD.match(line) or _DASHED.match(line)
        if alone and int(alone[1]) > 0:
            return int(alone[1]), None
    return None


def _letter_reference(lines: list[str]) -> bool:
    """A letter's own number and date near the top («18.02.2025 № 60-6367», «На № 816 от …»):
    how a business letter opens, whatever its letterhead's case."""
    return any(_REFERENCE.search(line) for line in lines[:REFERENCE_LINES])


def _case_header(lines: list[str]) -> bool:
    """A court paper's heading: «Дело № 2-7298/2023» or «УИД 43MS0071-…» on its first lines, where
    a court puts it on a document's first page (a later page opens with its number or body text).
    A determination scanned without its title still opens this way."""
    return any(_CASE_HEADER.search(line) for line in lines[: EDGE_LINES - 1])


def _letterhead(lines: list[str]) -> bool:
    """The page opens with a name in capitals (an authority's, a court's, a bank's): a first page.

    A later page opens with body text, a signature block or the debtor's details; a page number
    line («- 2 -», «Лист 2») is passed over."""
    for line in lines[:EDGE_LINES]:
        if _PAGE_WORD.match(line) or _DASHED.match(line) or _OF_TOTAL.search(line):
            continue
        letters = [c for c in line if c.isalpha()]
        capitals = len(letters) >= LETTERHEAD_LETTERS and all(c.isupper() for c in letters)
        # a name has two words or more; «УСТАНОВИЛ:» opening a later page is a heading of the body
        named = len(_WORDS.findall(line)) >= 2 and not line.rstrip().endswith(":")
        return capitals and named and not _SIGNATURE.search(line)
    return False


def postmark_date(text: str) -> date | None:
    """The postmark's date: on a line with a postal index (the stamp reads «КИРОВ 610004 15.04.25»),
    else near «штемпель»/«Почта России», else the page's first date; None when none is legible."""
    for line in text.splitlines():
        if _POSTAL_INDEX.search(line):
            dates = extract_identifiers(line).dates
            if dates:
                return dates[0]
    for anchor in (_STAMP.search(text), _POST.search(text)):
        if anchor is not None:
            window = text[max(0, anchor.start() - 120) : anchor.end() + 120]
            dates = extract_identifiers(window).dates
            if dates:
                return dates[0]
    dates = extract_identifiers(text).dates
    return dates[0] if dates else None


def _is_envelope(text: str, words: int, title: bool) -> bool:
    """An envelope: postal cues (Почта России, indices, «Кому/Куда», a stamp or track number)
    and little body text; a page with a document title is a document, whatever its address block."""
    if title or words > ENVELOPE_MAX_WORDS:
        return False
    score = 2 * bool(_POST.search(text))
    score += min(2, len(_POSTAL_INDEX.findall(text)))
    score += min(2, len(_ADDRESS_WORDS.findall(text)))
    score += bool(_STAMP.search(text)) + bool(_TRACK.search(text))
    return score >= 4


def page_cues(number: int, text: str, *, read: bool = True, ink: float | None = None) -> PageCues:
    """The cues of page ``number`` (1-based) from its text."""
    text = normalize_text(text or "")
    lines = [line for line in text.splitlines() if line.strip()]
    letters = sum(c.isalpha() for c in text)
    index = title_line_index(lines[:TITLE_LINES])
    title = lines[index].strip() if index is not None else None
    capitals = title is not None and all(c.isupper() for c in title if c.isalpha())
    separator = bool(_SEPARATOR.search(text)) and bool(
        _SEPARATOR_CODE.search(text) or "КОРРЕСП" in text.upper()
    )
    words = len(_WORDS.findall(text))
    envelope = not separator and _is_envelope(text, words, capitals)
    return PageCues(
        number=number,
        read=read,
        letters=letters,
        separator=separator,
        envelope=envelope,
        postmark_date=postmark_date(text) if envelope else None,
        numbering=_numbering(lines, text),
        title=title,
        title_capitals=capitals,
        letterhead=_letterhead(lines) or _letter_reference(lines) or _case_header(lines),
        subjects=subjects_of(extract_identifiers(text)) if not separator else {},
        ink=ink,
    )


def pages_cues(
    texts: Sequence[str], read: Sequence[bool] | None = None, ink: Sequence[float | None] | None = None
) -> list[PageCues]:
    """Cues of every page of a file, in order (``ink`` per page, as ``ExtractedText.page_ink``)."""
    flags = list(read) if read is not None else [True] * len(texts)
    inks = list(ink) if ink is not None else [None] * len(texts)
    return [
        page_cues(n, text, read=flag, ink=share)
        for n, (text, flag, share) in enumerate(zip(texts, flags, inks, strict=True), 1)
    ]


def names_several_cases(texts: Sequence[str]) -> bool:
    """True when pages of one file name different cases or debtors (by identifiers per page).

    The guard of issue 15: such a file is never filed whole on one case, whatever the matcher
    found for the text as a whole (one known debtor's number would otherwise carry an unknown
    debtor's pages into the known one's case).
    """
    subjects = [subjects_of(extract_identifiers(normalize_text(t))) for t in texts]
    return any(disjoint_subjects(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :])
