"""The date a document bears: its date line, not any date in its text, with a confidence.

Court rulings and bailiffs' resolutions put their date on a line of its own near the title
(«г. Пермь          6 октября 2023 г.», «"04" сентября 2025 г.», «от 04.09.2025 № 59045/25/123»);
the body holds birth dates, contract dates and earlier events. A date on a short line (the date,
a place, a number) near the title is sure; one found only in the body is a guess that deadlines
mark «проверьте дату». Pure: text in, ``DocumentDate | None`` out; never raises.

::

    >>> find_document_date("ОПРЕДЕЛЕНИЕ\\nг. Пермь 6 октября 2023 г.\\nоб отмене судебного приказа").value
    datetime.date(2023, 10, 6)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tasks.normalize import HEADER_LINES, normalize_text, title_line_index

SURE = 0.75
"""A date at or above this confidence is taken as it is; below it a deadline says «проверьте дату»."""

_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
_NUMERIC = re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d{2}|\d{2})(?!\d)")
_WORDS = re.compile(
    r"[«\"']?\s?(0?[1-9]|[12]\d|3[01])\s?[»\"']?\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d{2})",
    re.IGNORECASE,
)
_FILLER = re.compile(r"№\s*\S+|\b(?:от|года|год|г|город|дата|date)\b\.?|[\"'«»().,:;_\-–—/]", re.IGNORECASE)
_NOT_OWN = re.compile(
    r"(?:рождени[яе]|родивш|д\.\s?р\.|г\.\s?р\.|договор\w*|кредитн\w*|заключ[её]н\w*|поступил\w*|вступ\w*)",
    re.IGNORECASE,
)
_BIRTH_AFTER = re.compile(r"\s*(?:г\.?\s*р\.|года\s+рождения|г\.\s*рождения)", re.IGNORECASE)
_TITLE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """The document's own date, how sure we are (0..1) and the line it was read from."""

    value: date
    confidence: float
    line: str

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


def _make(day: str, month: int, year: str) -> date | None:
    full = int(year) if len(year) == 4 else 2000 + int(year)
    try:
        return date(full, month, int(day))
    except ValueError:
        return None


def _dates(line: str) -> list[tuple[int, int, date]]:
    found = []
    for m in _NUMERIC.finditer(line):
        if (d := _make(m[1], int(m[2]), m[3])) is not None:
            found.append((m.start(), m.end(), d))
    for m in _WORDS.finditer(line):
        if (d := _make(m[1], _MONTHS.index(m[2].lower()) + 1, m[3])) is not None:
            found.append((m.start(), m.end(), d))
    return found


def _is_date_line(line: str, start: int, end: int) -> bool:
    """Nothing but the date, a place and a number: at most two other words on the line."""
    rest = _FILLER.sub(" ", line[:start] + " " + line[end:])
    return len([w for w in rest.split() if len(w) > 1 and any(c.isalpha() for c in w)]) <= 2


def _score(line: str, start: int, end: int, *, index: int, title: int | None) -> float:
    """How likely this date is the document's own date, from its line's shape and place."""
    if _NOT_OWN.search(line[max(0, start - 40) : start]) or _BIRTH_AFTER.match(line[end : end + 25]):
        return 0.0
    near_title = title is not None and abs(index - title) <= _TITLE_WINDOW
    in_header = index < HEADER_LINES
    if _is_date_line(line, start, end):
        return 0.95 if near_title else 0.85 if in_header else 0.6
    if title is not None and index == title and re.search(r"\bот\s*$", line[:start], re.IGNORECASE):
        return 0.9  # «ПОСТАНОВЛЕНИЕ от 04.09.2025 № …»
    return 0.5 if in_header else 0.3


def find_document_date(text: str) -> DocumentDate | None:
    """The document's own date with a confidence; None when the text has no date at all."""
    lines = normalize_text(text or "").split("\n")
    title = title_line_index(lines)
    scored: list[tuple[float, int, date, str]] = []
    for index, line in enumerate(lines):
        for start, end, value in _dates(line):
            score = _score(line, start, end, index=index, title=title)
            if score > 0:
                scored.append((score, -index, value, line.strip()))
    if not scored:
        return None
    best = max(scored)
    rivals = {value for score, _, value, _ in scored if score >= SURE and value != best[2]}
    confidence = best[0] - (0.3 if rivals and best[0] < 0.95 else 0.0)
    return DocumentDate(best[2], round(confidence, 2), best[3])
