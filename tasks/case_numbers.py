"""Court case numbers and УИД in one canonical spelling: the keys that link a court's paper to a case.

Courts and clients spell one case many ways: ``2-1234/23``, ``2-1234/2023``, ``№ 2-1234/2023``,
``2-1234/2023 г.``, ``2 - 1234 / 2023``, ``2А-77/23`` or ``2a-77/23`` (a Latin letter from OCR).
The CRM export stores whatever the client typed and a court prints whatever its software
prints, so comparing strings misses the match and the scan goes to a clerk. Every spelling of
one number maps to one string here, used where numbers are read from a document
(``tasks.identifiers``), where they are stored (``tasks.imports``) and where they are looked up
(``tasks.match``). What tells two cases apart is kept exactly: the index (``2-`` civil, ``2а-``
administrative, ``13-`` materials, ``М-`` a claim not yet accepted, ``33-`` appeal, ``88-``/``8Г-``
cassation), the sequence number, the участок written between number and year, the year, and
the участок or panel written after the year (domain.md A.1). Only spelling is folded away.

    >>> canonical_court_case("№ 2 - 1234 / 23 г.")
    '2-1234/2023'
    >>> canonical_court_case("2А-77/23(5)")
    '2а-77/2023-5'
    >>> canonical_uid("77рс0001-01-2023-001234-56")
    '77RS0001-01-2023-001234-56'
"""

from __future__ import annotations

import re
from itertools import product

from tasks.normalize import normalize_text

# One optional space around each separator, as courts' templates and OCR put them there
# ("2 - 1234 / 2023"). Prose that happens to fit ("пункты 9 - 12/24") yields only a candidate:
# it links nothing unless a stored case carries that number and the text names its debtor.
_CORE = (
    r"(?P<index>2[аaАA]?|13|9|[МM]|33[аaАA]?|88[аaАA]?|8[Гг][аaАA]?)\s?-\s?(?P<seq>\d{1,6})"
    r"(?:\s?/\s?(?P<part>\d{1,3}))?\s?/\s?(?P<year>\d{4}|\d{2})"
    r"(?:[-/]\s?(?P<tail>\d{1,3})|\(\s?(?P<tail_paren>\d{1,3})\s?\))?(?!\d)"
)
COURT_CASE = re.compile(r"(?<![\w/-])" + _CORE)
"""A court case number of general jurisdiction in ``normalize_text`` output (any spelling)."""

# A whole stored value: the number with the "№"/"дело №" before it and "г."/"года" after it that
# clients copy from the court's paper along with it.
_COURT_VALUE = re.compile(
    r"(?:дело\s?)?(?:№\s?)?" + _CORE + r"\s?(?:г\.?|года?\.?)?",
    re.IGNORECASE,
)
_ARBITRATION_VALUE = re.compile(
    r"(?:дело\s?)?(?:№\s?)?[АA]\s?(?P<court>\d{2})\s?-\s?(?P<seq>\d{1,7})\s?/\s?(?P<year>\d{4})\s?(?:г\.?|года?\.?)?",
    re.IGNORECASE,
)
_INDEX_CANONICAL = str.maketrans("aАAMmмг", "аааМММГ")
# Every letter an index may hold, and how clients and OCR spell it.
_LETTER_SPELLINGS = {"а": ("а", "А", "a", "A"), "М": ("М", "M"), "Г": ("Г", "г")}
_CENTURY_PIVOT = 70  # "/69" is 2069, "/70" is 1970: courts' two-digit years are this century's

_UID = re.compile(
    r"(?P<region>\d{2})(?P<court>[A-ZА-Я$]{2})(?P<code>\d{4})\s?-\s?(?P<instance>\d{2})\s?-\s?"
    r"(?P<year>\d{4})\s?-\s?(?P<seq>\d{6})\s?-\s?(?P<check>\d{2})",
    re.IGNORECASE,
)
# Clerks type the court code in Cyrillic by its meaning: "РС" (районный суд) is RS, "МС" MS;
# OCR reads its S as "$".
_UID_CYRILLIC = str.maketrans("РСМОГВ$", "RSMOGVS")


def full_year(year: str) -> str:
    """``23`` → ``2023``, ``2023`` → ``2023``: the year of a court case number in four digits."""
    if len(year) == 4:
        return year
    value = int(year)
    return str(2000 + value if value < _CENTURY_PIVOT else 1900 + value)


def _court_case(match: re.Match[str]) -> str:
    index = match["index"].translate(_INDEX_CANONICAL)
    part = f"/{match['part']}" if match["part"] else ""
    tail = match["tail"] or match["tail_paren"]
    return f"{index}-{match['seq']}{part}/{full_year(match['year'])}" + (f"-{tail}" if tail else "")


def canonical_court_case(value: str) -> str:
    """The one spelling of a court case number; an unknown shape comes back only tidied.

    Canonical: index in lower-case Cyrillic ``а`` and upper-case ``М``/``Г``, no spaces, a
    four-digit year, the участок after the year as ``-N``; arbitration numbers as ``А40-1/2023``.
    A value that is no case number we know (a CRM's own notation) is kept as written, with
    whitespace and dashes tidied, so it still matches itself exactly. Pure and idempotent.
    """
    text = normalize_text(value).replace("\n", " ").strip()
    if match := _COURT_VALUE.fullmatch(text):
        return _court_case(match)
    if match := _ARBITRATION_VALUE.fullmatch(text):
        return f"А{match['court']}-{match['seq']}/{match['year']}"
    return text


def court_case_spellings(value: str) -> tuple[str, ...]:
    """The canonical number first, then the spellings a row stored before canonicalising may hold.

    Court case identifiers are stored canonical on import since canonicalisation came in; rows
    imported before keep what the client typed, and rewriting them is a data migration we chose
    not to make (re-importing the cases file canonicalises them). So a lookup asks for every
    common spelling of the number: two- and four-digit year, the index letter in either case and
    alphabet, the участок after the year as ``-N``, ``/N`` or ``(N)``, with ``№`` before or ``г.``
    after. An exact ``IN`` on the indexed column keeps the lookup cheap; a spelling outside this
    list (``2 - 1234 / 23``) stored before is found again once the file is re-imported. Only
    spellings that canonicalise back to the same number are kept, so no other case is found
    through one (``2-1234/23/05`` is not offered for ``2-1234/2023-05``: it reads as участок 23).
    """
    canonical = canonical_court_case(value)
    if (match := COURT_CASE.fullmatch(canonical)) is not None:
        letters = (_LETTER_SPELLINGS.get(char, char) for char in match["index"])
        indexes = ["".join(chars) for chars in product(*letters)]
        part = f"/{match['part']}" if match["part"] else ""
        year = match["year"]
        years = [year, year[2:]]
        tails = [f"-{t}", f"/{t}", f"({t})"] if (t := match["tail"]) else [""]
        bases = [f"{i}-{match['seq']}{part}/{y}{t}" for i in indexes for y in years for t in tails]
    elif _ARBITRATION_VALUE.fullmatch(canonical) is not None:
        bases = [canonical, "A" + canonical[1:]]
    else:
        return (canonical,)
    spellings = [spelling for base in bases for spelling in (base, f"№ {base}", f"{base} г.")]
    return tuple(dict.fromkeys(s for s in [canonical, *spellings] if canonical_court_case(s) == canonical))


def canonical_uid(value: str) -> str | None:
    """``77RS0001-01-2023-001234-56`` from any spelling of a УИД дела; None when it is not one.

    The court code is upper-case Latin (Cyrillic "РС"/"МС" typed by a clerk become RS/MS), and
    the dashes carry no spaces. The shape is checked, not the court code's meaning: a УИД of a
    court we have not seen yet is still a УИД.
    """
    text = normalize_text(value).replace("\n", " ").strip()
    match = _UID.fullmatch(text)
    if match is None:
        return None
    court = match["court"].upper().translate(_UID_CYRILLIC)
    if not re.fullmatch(r"[A-Z]{2}", court):
        return None
    return (
        f"{match['region']}{court}{match['code']}-{match['instance']}-{match['year']}-"
        f"{match['seq']}-{match['check']}"
    )
