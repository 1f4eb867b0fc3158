"""Debtors' names: find them in a document and bring them to the nominative for matching.

Documents name the debtor in oblique cases ("в отношении должника Петрова Сергея Ивановича",
"Петровой А.С."), so exact matching against "Петров Сергей Иванович" fails. We lemmatise with
pymorphy3 using its Surn/Name/Patr grammemes, take the gender from the patronymic (or the first
name) and the grammatical case from the first name and patronymic, then pick the surname parse
that agrees. Surnames pymorphy does not know fall back to the Russian suffix rules; anything
else (Шевченко, Черных, Дюма, a woman's consonant-final surname) is indeclinable and kept.

The analyser takes a noticeable time and memory to build, so it is created lazily, once.
Matching must never rely on the name alone (domain.md A.1): ``name_key`` is deliberately
coarse (surname stem + initials) and is meant to be combined with a birth date, ИНН or СНИЛС.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
_UP = r"[А-ЯЕ]"
_WORD = r"[А-ЯЕ][а-яе]+"
_SURNAME = rf"{_WORD}(?:-{_WORD})?"
_PATRONYMIC = rf"{_WORD}(?:вич|вн|ичн|ич)[а-я]*|{_WORD}\s+(?:оглы|кызы|Оглы|Кызы)"
_FULL = re.compile(rf"({_SURNAME})\s+({_WORD})\s+({_PATRONYMIC})(?![а-я])")
_SHORT = re.compile(rf"({_SURNAME})\s+({_UP})\.\s?(?:({_UP})\.)?")
_SHORT_REVERSED = re.compile(rf"({_UP})\.\s?(?:({_UP})\.\s?)?({_SURNAME})(?![а-я])")
_TWO = re.compile(rf"({_SURNAME})\s+({_WORD})(?![а-я.])")
_CUE = re.compile(
    r"(?:\bв\s+отношении(?:\s+должника)?|\bс\s+должника|\bдолжник[а-я]*|\bгражданин[а-я]*"
    r"|\bзаявител[а-я]*|\bЯ,|\bФИО|(?m:^от))\s*[:\-]?\s*(?:\([^)]{0,20}\)\s*)?",
    re.IGNORECASE,
)
# Russian surname suffixes in oblique cases -> nominative, by gender.
_MASC_RULES = (
    (r"(ов|ев|ин|ын)(а|у|ым|е)$", r"\1"),
    (r"(ск|цк)(ого|ому|им|ом)$", r"\1ий"),
)
_FEMN_RULES = (
    (r"(ов|ев|ин|ын)(ой|у)$", r"\1а"),
    (r"(ск|цк)(ой|ую)$", r"\1ая"),
)
_STEM_RULES = ((r"(ов|ев|ин|ын)а$", r"\1"), (r"(ск|цк)ая$", r"\1ий"))


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in the nominative; first name and patronymic may be known only as initials."""

    surname: str
    first_name: str | None
    patronymic: str | None
    initials: str

    @property
    def full_name(self) -> str:
        """The name as a clerk writes it: full words where known, else the initials."""
        if self.first_name:
            return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)
        return f"{self.surname} {self.initials}"

    def name_key(self) -> str:
        """Coarse key for matching: gender-neutral surname stem + initials, lowercase.

        "Петрову С.И." does not tell Петров from Петрова, so both map to ``петров с.и.``.
        """
        return f"{surname_stem(self.surname)} {self.initials.lower()}"


@lru_cache(maxsize=1)
def morph() -> MorphAnalyzer:
    """The shared pymorphy3 analyser, built on first use (it is slow to build)."""
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer()


def surname_stem(surname: str) -> str:
    """Lowercase surname with the feminine ending folded to the masculine (Петрова → петров)."""
    parts = []
    for part in surname.lower().replace("ё", "е").split("-"):
        for pattern, repl in _STEM_RULES:
            part = re.sub(pattern, repl, part)
        parts.append(part)
    return "-".join(parts)


def _title(word: str) -> str:
    word = word.replace("ё", "е").replace("Ё", "Е")
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _parses(word: str, grammeme: str) -> list[Parse]:
    return [p for p in morph().parse(word) if grammeme in p.tag and p.tag.number != "plur"]


def _gender_fits(parse: Parse, gender: str | None) -> bool:
    return gender is None or "ms-f" in parse.tag or parse.tag.gender == gender


def _gender_of(first_name: str | None, patronymic: str | None) -> str | None:
    if patronymic:
        low = patronymic.lower()
        if low.endswith("кызы") or re.search(r"(вн|чн)[а-я]*$", low):
            return "femn"
        if low.endswith("оглы") or re.search(r"ич[а-я]*$", low):
            return "masc"
    if first_name:
        genders = {p.tag.gender for p in _parses(first_name, "Name")}
        if len(genders) == 1:
            gender: str | None = genders.pop()
            return gender
    return None


def _inflected(parse: Parse) -> str:
    form = parse.inflect({"nomn"})
    word: str = form.word if form else parse.word
    return word


def _given_nominative(
    word: str, grammeme: str, gender: str | None, cases: set[str] | None = None
) -> tuple[str, set[str]]:
    """Nominative of a first name/patronymic and the cases the given form may be in.

    A declinable reading wins over an indeclinable homonym ("Анне" is "Анна" in the dative,
    not the foreign name "Анне"), and readings in ``cases`` win over the rest.
    """
    parses = [p for p in _parses(word, grammeme) if _gender_fits(p, gender)]
    if not parses:
        return _title(word), set(_CASES)
    preferred = [p for p in parses if cases is None or p.tag.case in cases] or parses
    best = min(preferred, key=lambda p: "Fixd" in p.tag)
    return _title(_inflected(best)), {p.tag.case for p in parses if p.tag.case}


def _surname_part_nominative(word: str, gender: str | None, cases: set[str]) -> str:
    low = word.lower()
    if "nomn" in cases and len(cases) <= 2:
        return _title(low)
    candidates = [p for p in _parses(low, "Surn") if (_gender_fits(p, gender)) and p.tag.case in cases]
    if candidates:
        if "Fixd" in candidates[0].tag:
            return _title(low)
        return _title(_inflected(candidates[0]))
    rules = _FEMN_RULES if gender == "femn" else _MASC_RULES if gender == "masc" else ()
    for pattern, repl in rules:
        if re.search(pattern, low):
            return _title(re.sub(pattern, repl, low))
    return _title(low)


def to_nominative(surname: str, first_name: str | None = None, patronymic: str | None = None) -> PersonName:
    """Bring a name given in any grammatical case to the nominative.

    >>> to_nominative("Петровой", "Анны", "Сергеевны").full_name
    'Петрова Анна Сергеевна'
    >>> to_nominative("Петрову", "С", "И").full_name  # initials only: case is a guess
    'Петров С.И.'
    """
    first_word = first_name if first_name and len(first_name) > 1 else None
    patr_word = patronymic if patronymic and len(patronymic) > 1 else None
    gender = _gender_of(first_word, patr_word)
    cases = set(_CASES)
    first_nom = patr_nom = None
    if patr_word:
        patr_nom, patr_cases = _patronymic_nominative(patr_word, gender)
        cases &= patr_cases
    if first_word:
        first_nom, first_cases = _given_nominative(first_word, "Name", gender, cases)
        cases = (cases & first_cases) or cases
    surname_nom = "-".join(
        _surname_part_nominative(p, gender, cases or set(_CASES)) for p in surname.split("-")
    )
    initials = "".join(f"{w[0].upper()}." for w in (first_name, patronymic) if w)
    return PersonName(surname_nom, first_nom, patr_nom, initials)


def _patronymic_nominative(word: str, gender: str | None) -> tuple[str, set[str]]:
    parts = word.split()
    if len(parts) == 2:  # "Гусейн оглы": the father's name is not declined with the suffix
        return f"{_title(parts[0])} {parts[1].lower()}", set(_CASES)
    return _given_nominative(word, "Patr", gender)


def _from_match(kind: str, match: re.Match[str]) -> PersonName:
    groups = [_title(g) if g and g.isupper() and len(g) > 1 else g for g in match.groups()]
    if kind == "reversed":
        return to_nominative(groups[2], groups[0], groups[1])
    return to_nominative(groups[0], groups[1], groups[2] if len(groups) > 2 else None)


def parse_person_name(text: str) -> PersonName | None:
    """A name at the start of ``text`` (full, "Петрову С.И." or "С.И. Петрову") in the nominative."""
    text = _caps_to_title(text[:120])
    for kind, pattern in (("full", _FULL), ("short", _SHORT), ("reversed", _SHORT_REVERSED)):
        match = pattern.match(text)
        if match:
            return _from_match(kind, match)
    match = _TWO.match(text)
    if match and _parses(match.group(2), "Name"):
        return to_nominative(match.group(1), match.group(2))
    return None


def _caps_to_title(text: str) -> str:
    return re.sub(r"[А-ЯЕ]{2,}(?:-[А-ЯЕ]{2,})?", lambda m: _title(m.group(0)), text)


def find_person_names(text: str) -> tuple[PersonName, ...]:
    """Names that follow a debtor cue ("должник", "в отношении", "с должника", "Я,"), deduplicated.

    Expects normalised text (``normalize_text``); a name split over a line break is still found.
    """
    found: dict[str, PersonName] = {}
    for cue in _CUE.finditer(text):
        person = parse_person_name(text[cue.end() :])
        if person and person.full_name not in found:
            found[person.full_name] = person
    return tuple(found.values())


# --- Names read through stamps ------------------------------------------------------------------
# A stamp or a signature over the debtor's name leaves OCR fragments ("Пстровой А.С.", "Иваиову
# Cергею"): the exact check (``tasks.mentions``) misses them, yet a case already found by its
# numbers only needs to know whether the text names *its* debtor. ``ocr_distance`` prices the
# letters Tesseract confuses at half an edit, so a few such slips stay within a small budget while
# a different surname (two real edits and more) never does.

_OCR_FOLD = str.maketrans(
    "abcehkmnoprtuxy0346ёъ",
    "аьсенкмпоргтихуозчбеь",
)
_CONFUSABLE_PAIRS = (
    "ес", "ин", "шщ", "нп", "пл", "цщ", "ий", "ип", "тг", "зэ", "ьъ", "оа", "вз", "кх", "ыь", "жх",
)  # fmt: skip
_CONFUSABLE = frozenset(frozenset(pair) for pair in _CONFUSABLE_PAIRS)
CONFUSION_COST = 0.5
NAME_EDIT = 1.5
_TOKEN = re.compile(r"[а-я]+")


def fold_ocr(text: str) -> str:
    """Lowercase Cyrillic with Latin and digit look-alikes mapped to the letters they stand for."""
    return text.lower().translate(_OCR_FOLD)


def ocr_distance(a: str, b: str, *, edit: float = 1.0) -> float:
    """Edit distance where a substitution Tesseract commonly makes (е/с, и/н, ш/щ …) costs
    ``CONFUSION_COST`` and any other insertion, deletion or substitution costs ``edit``."""
    previous = [j * edit for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        current = [i * edit]
        for j, cb in enumerate(b, start=1):
            swap = 0.0 if ca == cb else CONFUSION_COST if frozenset((ca, cb)) in _CONFUSABLE else edit
            current.append(min(previous[j] + edit, current[j - 1] + edit, previous[j - 1] + swap))
        previous = current
    return previous[-1]


def surname_budget(core: str) -> float:
    """How far an OCR'd surname may be from the known one, in ``ocr_distance`` with ``NAME_EDIT``.

    A look-alike confusion costs 0.5 and any other slip 1.5: a surname under seven letters tolerates
    one confusion, under eleven two, a longer one three or a single real slip. Real surnames one
    edit apart (Козлов/Котлов, Федоров/Федотов, Захаров/Сахаров) thus never pass for each other.
    """
    return 0.5 if len(core) < 7 else 1.0 if len(core) < 11 else 1.5


def _core(word: str) -> str:
    """The part of a name that declension keeps: an adjectival ending (Белецкий, Белецкая → белецк)
    or the final а/я/й/ь (Петрова → петров) dropped."""
    word = fold_ocr(word)
    if len(word) > 5 and word[-2:] in ("ий", "ый", "ой", "ая", "яя"):
        return word[:-2]
    return word[:-1] if len(word) > 4 and word[-1] in "аяйь" else word


def _stem_distance(token: str, core: str) -> float:
    """Distance of ``token``'s best prefix to ``core``, the rest (up to 3 letters) a case ending."""
    lengths = range(max(1, len(token) - 3), len(token) + 1)
    return min(ocr_distance(token[:n], core, edit=NAME_EDIT) for n in lengths)


def _first_name_fits(token: str, first: str) -> bool:
    """The token is the first name (any case, OCR slips) or its initial."""
    if len(token) == 1:
        return token == first[0] or frozenset((token, first[0])) in _CONFUSABLE
    stem = first[: max(3, len(first) - 2)] if len(first) > 4 else first[:1]
    if len(stem) == 1:
        return token[0] == first[0]
    return (
        len(token) >= len(stem)
        and ocr_distance(token[: len(stem)], stem, edit=NAME_EDIT) <= 2 * CONFUSION_COST
    )


def fuzzy_mentioned(text: str, full_name: str) -> bool:
    """Whether ``text`` names this person through OCR damage: surname within its budget, next to
    the first name or its initial (before or after it).

    Meant only to corroborate a case already found by its numbers; the surname and the first name
    must both fit, so a namesake with another first name, or another surname, is never taken.
    """
    words = [_core(w) for w in full_name.split()]
    if len(words) < 2 or len(words[0]) < 3:
        return False
    surname, first = words[0], fold_ocr(full_name.split()[1])
    budget = surname_budget(surname)
    tokens = _TOKEN.findall(fold_ocr(text))
    for index, token in enumerate(tokens):
        if len(token) < len(surname) - 1 or len(token) > len(surname) + 4:
            continue
        if _stem_distance(token, surname) > budget:
            continue
        after = tokens[index + 1 : index + 2]
        before = [t for t in tokens[max(0, index - 2) : index] if len(t) == 1][:1]
        if any(_first_name_fits(t, first) for t in (*after, *before)):
            return True
    return False
