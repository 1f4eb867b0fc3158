"""Identifiers in an incoming document's text: what links a scan to a case.

Patterns follow shared/reference/domain.md (A.1) and run on ``normalize_text`` output, which
has already undone the usual OCR damage (apostrophes in digit runs, look-alike letters).
Identifiers with a check digit (ИНН, СНИЛС, ОГРН, ШПИ) are kept only when it checks out: a
misread digit must not become a wrong match. Identifiers without one (ИП and case numbers)
are candidates the case matcher confirms against known cases. Court case numbers and УИД come
out in the canonical spelling of ``tasks.case_numbers``, the one the cases import stores.

    >>> ids = extract_identifiers("Возбудить ИП № 12345/24/7'7001-ИП")
    >>> ids.ip_numbers
    ('12345/24/77001-ИП',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from tasks.case_numbers import COURT_CASE, canonical_court_case, canonical_uid
from tasks.checkdigits import is_valid_barcode, is_valid_inn, is_valid_ogrn, is_valid_snils
from tasks.names import PersonName, find_person_names
from tasks.normalize import HEADER_LINES, normalize_text, title_line_index

# OCR splits digit groups with a stray space ("979314/2 3/43002-ИП"): the year and ОСП code may
# carry one; the number stays a candidate that the case lookup must confirm.
_IP = re.compile(r"(?<![\d/])(\d{1,8})\s?/\s?(\d ?\d)\s?/\s?(\d(?: ?\d){3,5})\s?-\s?(ИП|СД|СВ)\b")
_IP_LEGACY = re.compile(r"(?<![\d/.])(\d{1,8})/(\d{2})/(\d{2})/(\d{2})(?![\d/.])")
_FSSP_DOC = re.compile(r"(?<![\d/])(\d{5})/(\d{2})/(\d{3,9})(?![\d/])(?!\s?-\s?(?:ИП|СД|СВ))")
_ARBITRATION = re.compile(r"(?<![\w])[АA](\d{2})-(\d{1,7})/(\d{4})(?!\d)")
# Tesseract reads the S of a УИД's court code as "$" ("78М$0012-…"): the shape around it is
# specific enough to take it for S (``canonical_uid``); the УИД must still match a case exactly.
_UID = re.compile(
    r"(?<![\w])(\d{2})([RР][SС$]|[MМ][SС$])(\d{4})\s?-\s?(\d{2})\s?-\s?(\d{4})\s?-\s?(\d{6})\s?-\s?(\d{2})(?!\d)"
)
_WRIT = re.compile(r"(?<![\w])(ФС|[ВB][СC]|[АA][СC]|[ВB]Ф|ФИ)\s?№?\s?(\d{6,9})(?!\d)")
_UIN_LABELLED = re.compile(r"\bУИН[\s:№]*(\d{20}(?:\d{5})?)(?!\d)", re.IGNORECASE)
_UIN_FSSP = re.compile(r"(?<!\d)(322\d{17}(?:\d{5})?)(?!\d)")
_INN_LABELLED = re.compile(r"\bИНН(?:\s?/\s?КПП)?[\s:№]*(\d{12}|\d{10})(?!\d)")
_NUMBER_10_12 = re.compile(r"(?<![\d/])(\d{12}|\d{10})(?![\d/])")
_SNILS = re.compile(r"(?<![\d-])(\d{3})[- ]?(\d{3})[- ]?(\d{3})[ -]?(\d{2})(?![\d-])")
_OGRN = re.compile(r"\bОГРН(?:ИП)?[\s:№]*(\d{15}|\d{13})(?!\d)")
_BARCODE = re.compile(r"(?<!\d)(\d{14})(?!\d)|\b([A-Z]{2}\d{9}RU)\b")
_MONTHS = ("января февраля марта апреля мая июня июля августа сентября октября ноября декабря").split()
_DATE_NUMERIC = re.compile(
    r"(?<![\d.])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d{2}|\d{2})(?![\d])"
)
_DATE_WORDS = re.compile(
    r"«?\s?(0?[1-9]|[12]\d|3[01])\s?»?\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d{2})",
    re.IGNORECASE,
)
_BIRTH_BEFORE = re.compile(
    r"(?:дата\s+рождения|год\s+рождения|д\.\s?р\.|родивш[а-я]*)\W{0,3}$", re.IGNORECASE
)
_BIRTH_AFTER = re.compile(r"^\s?(?:г\.\s?р\.|года\s+рождения|г\.\s?рождения)", re.IGNORECASE)
_DATE_WINDOW = 3


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Everything that can tie a document to a case, each tuple in order of first appearance.

    ``ip_legacy`` is set when an ИП number has an unusual shape (a four-part number or an ОСП
    code that is not 5 digits): such a number is kept but the item should go to review.
    """

    ip_numbers: tuple[str, ...] = ()
    ip_legacy: bool = False
    fssp_doc_numbers: tuple[str, ...] = ()
    court_case_numbers: tuple[str, ...] = ()
    arbitration_case_numbers: tuple[str, ...] = ()
    uids: tuple[str, ...] = ()
    writs: tuple[str, ...] = ()
    uins: tuple[str, ...] = ()
    inns: tuple[str, ...] = ()
    snilses: tuple[str, ...] = ()
    ogrns: tuple[str, ...] = ()
    barcodes: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    document_date: date | None = None
    birth_dates: tuple[date, ...] = ()
    persons: tuple[PersonName, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict for the ``classify --json`` contract: dates as ISO strings, names as text."""
        out: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "persons":
                value = [p.full_name for p in value]
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [v.isoformat() if isinstance(v, date) else v for v in value]
            out[field.name] = value
        return out


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _ip_numbers(text: str) -> tuple[tuple[str, ...], bool]:
    found: list[str] = []
    legacy = False
    for m in _IP.finditer(text):
        year, osp = m[2].replace(" ", ""), m[3].replace(" ", "")
        found.append(f"{m[1]}/{year}/{osp}-{m[4]}")
        legacy = legacy or len(osp) != 5 or m[4] == "СВ"
    for m in _IP_LEGACY.finditer(text):
        found.append(m.group(0))
        legacy = True
    return _unique(found), legacy


def _court_cases(text: str) -> tuple[str, ...]:
    """Canonical case numbers (``2-1234/23`` and ``2-1234/2023`` in one text are one number):
    the spelling the cases import stores, so the lookup compares like with like."""
    return _unique([canonical_court_case(m.group(0)) for m in COURT_CASE.finditer(text)])


def _uids(text: str) -> tuple[str, ...]:
    return _unique([uid for m in _UID.finditer(text) if (uid := canonical_uid(m.group(0)))])


def _writs(text: str) -> tuple[str, ...]:
    latin = str.maketrans("ABC", "АВС")
    return _unique([f"{m[1].translate(latin)} {m[2]}" for m in _WRIT.finditer(text)])


def _inns(text: str) -> tuple[str, ...]:
    """Labelled ИНН; bare 10/12-digit numbers only when no label is present (1 in 10 passes by chance)."""
    labelled = [m[1] for m in _INN_LABELLED.finditer(text) if is_valid_inn(m[1])]
    if labelled or re.search(r"\bИНН\b", text):
        return _unique(labelled)
    return _unique([m[1] for m in _NUMBER_10_12.finditer(text) if is_valid_inn(m[1])])


def _snilses(text: str) -> tuple[str, ...]:
    found = []
    for m in _SNILS.finditer(text):
        digits = "".join(m.groups())
        if int(digits[:9]) > 1001998 and is_valid_snils(digits):
            found.append(digits)
    return _unique(found)


def _barcodes(text: str) -> tuple[str, ...]:
    return _unique([v for m in _BARCODE.finditer(text) if is_valid_barcode(v := m[1] or m[2])])


def _make_date(day: str, month: int, year: str) -> date | None:
    full_year = int(year) if len(year) == 4 else 2000 + int(year) if int(year) <= 50 else 1900 + int(year)
    try:
        return date(full_year, month, int(day))
    except ValueError:
        return None


def _dates_with_positions(text: str) -> list[tuple[int, int, date]]:
    found = []
    for m in _DATE_NUMERIC.finditer(text):
        if (d := _make_date(m[1], int(m[2]), m[3])) is not None:
            found.append((m.start(), m.end(), d))
    for m in _DATE_WORDS.finditer(text):
        if (d := _make_date(m[1], _MONTHS.index(m[2].lower()) + 1, m[3])) is not None:
            found.append((m.start(), m.end(), d))
    return sorted(found, key=lambda item: item[0])


def _is_birth_date(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(_BIRTH_BEFORE.search(before) or _BIRTH_AFTER.match(text[end : end + 20]))


def _document_date(text: str, dated: list[tuple[int, int, date]]) -> date | None:
    """The date of the title block: nearest the title line, else the first in the header block."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    title = title_line_index(lines)
    if title is not None:
        lo, hi = offsets[max(0, title - _DATE_WINDOW)], offsets[min(len(lines), title + _DATE_WINDOW + 1)]
        near = [(abs(s - offsets[title]), d) for s, _, d in dated if lo <= s < hi]
        if near:
            return min(near, key=lambda item: item[0])[1]
    header_end = offsets[min(len(lines), HEADER_LINES)]
    return next((d for s, _, d in dated if s < header_end), None)


def extract_identifiers(text: str) -> Identifiers:
    """Every identifier in a document's text; normalises the text first (idempotent).

    Pure and fast (regexes plus the name lemmatiser); never raises on odd input.
    """
    text = normalize_text(text)
    ip_numbers, legacy = _ip_numbers(text)
    dated = _dates_with_positions(text)
    birth = [(s, e, d) for s, e, d in dated if _is_birth_date(text, s, e)]
    other = [item for item in dated if item not in birth]
    return Identifiers(
        ip_numbers=ip_numbers,
        ip_legacy=legacy,
        fssp_doc_numbers=_unique([m.group(0) for m in _FSSP_DOC.finditer(text)]),
        court_case_numbers=_court_cases(text),
        arbitration_case_numbers=_unique([f"А{m[1]}-{m[2]}/{m[3]}" for m in _ARBITRATION.finditer(text)]),
        uids=_uids(text),
        writs=_writs(text),
        uins=_unique([m[1] for m in _UIN_LABELLED.finditer(text)] + [m[1] for m in _UIN_FSSP.finditer(text)]),
        inns=_inns(text),
        snilses=_snilses(text),
        ogrns=_unique([m[1] for m in _OGRN.finditer(text) if is_valid_ogrn(m[1])]),
        barcodes=_barcodes(text),
        dates=tuple(dict.fromkeys(d for _, _, d in dated)),
        document_date=_document_date(text, other),
        birth_dates=tuple(dict.fromkeys(d for _, _, d in birth)),
        persons=find_person_names(text),
    )
