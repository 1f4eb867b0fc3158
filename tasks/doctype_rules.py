"""The shipped matching rules for the standard incoming document types.

Each type has clerk-editable regexes (stored one per line in ``document_type``); a line that
starts with ``!`` excludes the type when it matches. Patterns are matched case-insensitively
against the *title zone* of ``normalize_text`` output: the title line and the subject lines
under it, joined by spaces, so ``^`` anchors at the title noun ("ПОСТАНОВЛЕНИЕ", "СУДЕБНЫЙ
ПРИКАЗ"). Body text is consulted only at a low weight (``classify``), because boilerplate
quotes other documents' titles all the time.

Patterns are anchored on the title noun on purpose: a court ruling that cancels a судебный
приказ mentions "судебного приказа" in its subject line, and only the ``^``-anchored noun tells
the two apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.doctype_cues import Cue

FALLBACK_TYPE = "Прочее"
TITLE_ZONE_LINES = 4
OTHER_LINE_WEIGHT = 0.6
BODY_WEIGHT = 0.3

# Between a title noun and its subject real layouts put a date, a number, a city, the issuer
# ("ПОСТАНОВЛЕНИЕ 29.01.2024 № 59045/24/1 г. Пермь о возбуждении ..."): skipped, but only as
# numbers, «№», «г.» and capitalised words, so a lowercase phrase ("об отмене") is never skipped;
# a scan's specks there (a lone Latin letter, a dash: «№ 43002/25/313197 a -») are skipped too.
_SKIP = (
    r"(?:(?:[\d.,/-]+|\S*\d\S*|№|[гr]\.?|(?-i:[А-ЯЕA-Z][А-Яа-яЕеA-Za-z-]*\.?)|судебного|пристава[\s-]*исполнителя"
    r"|дело|года|\(?[А-Яа-я]+\)|«?\d+»?|[а-я]+(?:я|ря|ля|та|ая)\s+\d{4}|[A-Za-z]|[^\w\s«»]{1,3})\s+){0,10}?"
)
_RESOLUTION = r"^постановлени[а-я]*\s+" + _SKIP
_RULING = r"^(?:апелляционное\s+|частное\s+|кассационное\s+)?определени[а-я]*\s+" + _SKIP
_FED = r"^(?:именем\s+российской\s+федерации\s+)?"
_EP = r"исполнительного\s+производства"

STANDARD_RULES: dict[str, tuple[str, ...]] = {
    "Постановление о возбуждении исполнительного производства": (
        _RESOLUTION + r"о\s+возбуждении\s+" + _EP,
        r"!отказ[а-я]*\s+в\s+возбуждении",
    ),
    "Постановление об окончании исполнительного производства": (
        _RESOLUTION + r"об\s+окончании\s+(?:и\s+возвращении\s+)?" + _EP,
        _RESOLUTION + r"об\s+окончании\s+(?:ип\b|и\s+возвращении\s+(?:ид|исполнительного\s+документа))",
    ),
    "Постановление об отказе в возбуждении исполнительного производства": (
        _RESOLUTION + r"об\s+отказе\s+в\s+возбуждении\s+" + _EP,
    ),
    "Постановление об обращении взыскания на доходы должника": (
        _RESOLUTION + r"об\s+обращении\s+взыскания\s+на\s+(?:заработную\s+плату|доходы|пенсию|иные\s+доходы)",
    ),
    "Постановление о замене стороны исполнительного производства": (
        _RESOLUTION + r"о\s+замене\s+стороны\s+(?:в\s+)?" + _EP,
        _RESOLUTION + r"о\s+замене\s+(?:стороны|взыскателя)",
        _RESOLUTION + r"о\s+правопреемстве",
    ),
    "Акт о невозможности взыскания": (
        r"^акт\s+" + _SKIP + r"о\s+наличии\s+обстоятельств",
        r"^акт\s+" + _SKIP + r"о\s+невозможности\s+взыскания",
    ),
    "Ответ на обращение": (
        r"^(?:ответ|уведомление|сообщение|письмо)\s+(?:на\s+(?:ваше\s+)?(?:обращение|заявление|запрос|жалобу))",
        r"^уведомление\s+о\s+(?:результатах\s+)?рассмотрени[а-я]*\s+(?:обращения|заявления|ходатайства)",
        r"^(?:ответ|уведомление)\s+по\s+(?:результатам\s+рассмотрения\s+)?обращени",
        # a business letter's subject line in place of a title («О предоставлении информации»)
        r"^о\s+(?:предоставлении\s+(?:информации|сведений)|(?:результатах\s+)?рассмотрени[а-я]*\s+"
        r"(?:обращения|запроса|заявления|жалобы))\b",
    ),
    "Судебный приказ": (r"^судебный\s+приказ\b(?!\s+(?:отменен|отменить))",),
    "Определение об отмене судебного приказа": (_RULING + r"об\s+отмене\s+судебного\s+приказа",),
    "Решение суда": (
        _FED + r"(?:заочное\s+|мотивированное\s+)?решение\b(?!\s+о\s+(?:признании|введении))",
        _FED + r"резолютивная\s+часть\s+(?:заочного\s+|мотивированного\s+)?решения\b",
        r"^именем\s+российской\s+федерации\b(?!.{0,120}\b(?:определени|постановлени|приговор))",
        r"!^решение\s+(?:о|об)\s+",
    ),
    "Определение о процессуальном правопреемстве": (
        _RULING + r"о\s+(?:процессуальном\s+)?правопреемстве",
        _RULING + r"о\s+замене\s+(?:стороны|взыскателя|кредитора)",
    ),
    "Исполнительный лист": (
        r"^исполнительный\s+лист\b",
        r"^(?:российская\s+федерация\s+)?исполнительный\s+лист\b",
        r"^(?:серия\s+)?фс\s*№\s*\d{9}\b",
    ),
    "Определение о возвращении заявления": (
        _RULING + r"о\s+возвращении\s+(?:искового\s+)?заявлени",
        _RULING + r"об\s+отказе\s+в\s+принятии\s+заявлени",
    ),
    "Договор уступки прав требования": (
        r"^договор[а-я]*\s+(?:№\s*\S+\s+)?(?:уступки|цессии)",
        r"^договор[а-я]*\s+(?:№\s*\S+\s+)?об\s+уступке\s+прав",
        r"^уведомление\s+(?:о\s+состоявшейся\s+)?(?:уступке|цессии)",
    ),
    "Заявление должника": (
        r"^заявлени[а-я]*\s+(?:об\s+отказе\s+от\s+взаимодействия|о\s+взаимодействии\s+через\s+представителя)",
        r"^заявлени[а-я]*\b.*\bя,\s",
        r"^заявлени[а-я]*\s+(?:о|об)\s+",
        r"!^заявлени[а-я]*\s+о\s+(?:выдаче|возбуждении|процессуальном)",
    ),
    FALLBACK_TYPE: (),
}


@dataclass(frozen=True, slots=True)
class DocumentTypeRule:
    """A document type as the classifier sees it: its id, name and its regex lines."""

    id: int
    name: str
    patterns: tuple[str, ...]

    @classmethod
    def from_text(cls, id: int, name: str, text: str | None) -> DocumentTypeRule:
        """Build from the database column: one pattern per line, blank lines ignored."""
        lines = (line.strip() for line in (text or "").splitlines())
        return cls(id, name, tuple(line for line in lines if line))


@dataclass(frozen=True, slots=True)
class TypeHit:
    """A rule that matched: ``weight`` 1.0 at the title, 0.6 at another line start, 0.3 in the body."""

    rule: DocumentTypeRule
    weight: float
    span: int
    evidence: tuple[str, ...]


_TITLE_WORDS = ("ПОСТАНОВЛЕНИЕ", "ОПРЕДЕЛЕНИЕ", "РЕШЕНИЕ", "ЗАОЧНОЕ", "СУДЕБНЫЙ", "ПРИКАЗ",
                "ИСПОЛНИТЕЛЬНЫЙ", "ЛИСТ", "ИМЕНЕМ", "РЕЗОЛЮТИВНАЯ", "МОТИВИРОВАННОЕ")  # fmt: skip
# Capitalised words that resemble a title noun but are not one: they compete in the fuzzy match,
# so «ОТДЕЛЕНИЕ» stays a department and never becomes «ОПРЕДЕЛЕНИЕ».
_NEAR_TITLE_WORDS = ("ОТДЕЛЕНИЕ", "ОТДЕЛ", "УПРАВЛЕНИЕ", "ПРЕДСТАВЛЕНИЕ", "ПОСТАНОВИЛ", "ОПРЕДЕЛИЛ", "РЕШИЛ",
                     "ЗАЯВЛЕНИЕ", "УВЕДОМЛЕНИЕ", "ПРИКАЗАЛ", "РЕШЕНИЯ", "ОПРЕДЕЛЕНИЯ", "ПОСТАНОВЛЕНИЯ",
                     "УСТАНОВИЛ", "ИЗВЕЩЕНИЕ", "СООБЩЕНИЕ", "ОБРАЩЕНИЕ", "ПРИЛОЖЕНИЕ", "ИМЕНЕМ")  # fmt: skip
_CAPS_WORD = re.compile(r"^[А-ЯЕA-Z0-9$|]{6,}$")
# «АКТ» is too short for the fuzzy match: only its Latin look-alikes («AKT») and a speck after it
# («АКТ.», «АКТ'») are undone, and the rules still want its subject («о наличии обстоятельств»).
_SHORT_TITLE = re.compile(r"^([АAКKТT]{3})[-.,'`~|_^]*$")
_LATIN_LOOKALIKES = str.maketrans("AKT", "АКТ")


# A letter-spaced title OCR split unevenly («П О С Т А Н ОВЛЕНИЕ», «Р Е ШЕ Н И Е»): capitals and
# single spaces only, a short line.
_SPACED_CAPS = re.compile(r"^(?=.{5,40}$)[А-ЯЕA-Z]{1,8}(?: [А-ЯЕA-Z]{1,8})+:?$")


def _spaced_title(line: str) -> str | None:
    """The title noun a letter-spaced line spells (fuzzy, against the other capitalised words too)."""
    from rapidfuzz import fuzz, process

    joined = line.replace(" ", "").rstrip(":")
    if joined in _TITLE_WORDS:
        return joined
    found = process.extract(joined, (*_TITLE_WORDS, *_NEAR_TITLE_WORDS), scorer=fuzz.ratio, limit=2)
    best = found[0]
    if best[0] in _TITLE_WORDS and best[1] >= 80 and (len(found) < 2 or found[1][1] < best[1] - 8):
        return str(best[0])
    return None


def repair_title_words(lines: list[str], *, search: int = 30) -> list[str]:
    """Title nouns OCR misread in capitals («ПОСТАНОВЛЕНИF», «0ПРЕДЕЛЕНИЕ») restored at a line start.

    Only a capitalised first word close to one title noun (and not to two) is replaced, so body
    words are never touched; the rules then see the spelling they are written for. «АКТ», too short
    to compare, is restored only from Latin look-alikes and a trailing speck.
    """
    from rapidfuzz import fuzz, process

    out = list(lines)
    for index, line in enumerate(lines[:search]):
        if _SPACED_CAPS.match(line) and (word := _spaced_title(line)):
            out[index] = line = word
        head, _, rest = line.partition(" ")
        if (short := _SHORT_TITLE.match(head)) and short.group(1).translate(_LATIN_LOOKALIKES) == "АКТ":
            out[index] = f"АКТ {rest}".strip()
            continue
        if not _CAPS_WORD.match(head) or head in _TITLE_WORDS or head in _NEAR_TITLE_WORDS:
            continue
        found = process.extract(head, (*_TITLE_WORDS, *_NEAR_TITLE_WORDS), scorer=fuzz.ratio, limit=2)
        best = found[0]
        if best[0] in _TITLE_WORDS and best[1] >= 80 and (len(found) < 2 or found[1][1] < best[1] - 8):
            out[index] = f"{best[0]} {rest}".strip()
    return out


# Subject phrases of the known titles: a subject line OCR damaged under a stamp or a fax streak
# («fe} возбуждении исполнительного производства», «о возбуждеиии ...») is restored to the closest
# one, within the title zone only and only when one phrase is clearly closest.
KNOWN_SUBJECTS = (
    "о возбуждении исполнительного производства",
    "об окончании исполнительного производства",
    "об окончании и возвращении исполнительного документа",
    "об отказе в возбуждении исполнительного производства",
    "об обращении взыскания на заработную плату",
    "об обращении взыскания на доходы должника",
    "о замене стороны исполнительного производства",
    "о наличии обстоятельств",
    "о невозможности взыскания",
    "об отмене судебного приказа",
    "о процессуальном правопреемстве",
    "о замене взыскателя",
    "о замене кредитора",
    "о возвращении заявления",
    "о возвращении искового заявления",
    "об отказе в принятии заявления",
    "о предоставлении информации",
    "о рассмотрении обращения",
)
_PREPOSITIONS = frozenset(
    {"в", "во", "на", "по", "с", "со", "к", "ко", "и", "из", "от", "до", "за", "у", "при"}
)
SUBJECT_MIN_RATIO = 86.0
SUBJECT_LEAD = 6.0
SUBJECT_FAR_RATIO, SUBJECT_FAR_LEAD = 80.0, 12.0  # a word lost («об окончании Y ного производства»)
_JUNK_HEAD = re.compile(r"^[^А-Яа-я]*(?:(?!об?\b)[^\s]{1,3}\s+)?", re.IGNORECASE)
_SUBJECT_WORD = re.compile(r"^(?:[^\sА-Яа-я]{0,3}\S{0,3}\s+)?[а-я]", re.IGNORECASE)


def _repair_subject(text: str) -> str | None:
    """``text`` with its damaged opening restored to a known subject phrase, or None."""
    from rapidfuzz import fuzz

    lowered = text.lower()
    if any(lowered.startswith(subject) for subject in KNOWN_SUBJECTS):
        return None
    first = lowered.split(" ", 1)[0]
    if first in _PREPOSITIONS:
        return None  # a real preposition («в возбуждении» continues «об отказе»): not damage
    tails = {lowered, _JUNK_HEAD.sub("", lowered, count=1)}
    scored: list[tuple[float, str, str, int]] = []
    for subject in KNOWN_SUBJECTS:
        best = (0.0, "", 0)
        for tail in tails:
            for extra in range(-10, 5, 2):
                end = max(1, len(subject) + extra)
                ratio = fuzz.ratio(subject, tail[:end])
                if ratio > best[0]:
                    best = (ratio, tail, end)
        scored.append((best[0], subject, best[1], best[2]))
    scored.sort(reverse=True)
    ratio, subject, tail, end = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    close = ratio >= SUBJECT_MIN_RATIO and ratio - runner >= SUBJECT_LEAD
    if not close and not (ratio >= SUBJECT_FAR_RATIO and ratio - runner >= SUBJECT_FAR_LEAD):
        return None
    while 0 < end < len(tail) and tail[end - 1] != " " and tail[end] != " ":
        end += 1  # never leave half a word behind
    rest = text[len(text) - len(tail) + end :].strip()
    return f"{subject} {rest}".rstrip()


def repair_subject_lines(lines: list[str], title: int | None, *, zone: int = 6) -> list[str]:
    """Subject lines of the title zone restored to the known phrases (``KNOWN_SUBJECTS``).

    The title zone is the rest of the title line and the next ``zone`` non-blank lines; body
    text is never touched, and a line that already starts with a known phrase is left alone.
    """
    if title is None or title >= len(lines):
        return lines
    out = list(lines)
    head, _, rest = out[title].partition(" ")
    titled = head.upper() in _TITLE_WORDS and rest and _SUBJECT_WORD.match(rest)
    if titled and (fixed := _repair_subject(rest)):
        out[title] = f"{head} {fixed}"
    seen = 0
    for index in range(title + 1, min(len(out), title + 3 * zone)):
        if seen >= zone:
            break
        if not out[index].strip():
            continue
        seen += 1
        if fixed := _repair_subject(out[index]):
            out[index] = fixed
    return out


SUBJECT_CUE_LINES = 20
_TITLE_NOUNS = ("ПОСТАНОВЛЕНИЕ", "ОПРЕДЕЛЕНИЕ", "АКТ")
_BODY_OPENING = re.compile(r"рассмотрев|установил|в\s+составе|руководствуясь", re.IGNORECASE)


def subject_cue(lines: list[str], rules: list[DocumentTypeRule]) -> Cue | None:
    """The type a known subject line names when the title above it was lost («об окончании
    исполнительного производства …» under a stamp that took «ПОСТАНОВЛЕНИЕ»), or None.

    Only in a document without a title line, only on a line of the heading (before the body
    opens with «рассмотрев», «УСТАНОВИЛ» …) that starts with a known subject phrase (repaired as
    under a title), and only when exactly one type takes it under any title noun. It is a cue,
    not a title: ``tasks.classify`` trusts it only from a sender of the kind that issues the type.
    """
    for line in lines[:SUBJECT_CUE_LINES]:
        if _BODY_OPENING.search(line):
            return None
        subject = _repair_subject(line) or line
        if len(subject) > 120 or not subject.lower().startswith(KNOWN_SUBJECTS):
            continue
        names = {
            hit.rule.name
            for noun in _TITLE_NOUNS
            for hit in match_types([f"{noun} {subject}"], 0, rules)
            if hit.weight >= 1.0 and hit.rule.name != FALLBACK_TYPE
        }
        return Cue(names.pop(), "", subject) if len(names) == 1 else None
    return None


def standard_rules() -> list[DocumentTypeRule]:
    """The shipped rules as ``DocumentTypeRule`` with ids 1..n in ``STANDARD_RULES`` order."""
    return [DocumentTypeRule(i, name, p) for i, (name, p) in enumerate(STANDARD_RULES.items(), start=1)]


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None


def _zone(lines: list[str], start: int) -> str:
    """The line at ``start`` and the next non-blank ones: a blank line between title and subject is layout."""
    zone = [lines[start]]
    for line in lines[start + 1 : start + 3 * TITLE_ZONE_LINES]:
        if len(zone) >= TITLE_ZONE_LINES:
            break
        if line.strip():
            zone.append(line)
    return " ".join(zone)


def _rule_hit(rule: DocumentTypeRule, lines: list[str], title: int | None) -> TypeHit | None:
    """Best placement of one rule: the title zone, else a zone at another line start, else the body."""
    includes = [p for p in rule.patterns if not p.startswith("!")]
    excludes = [_compiled(p[1:]) for p in rule.patterns if p.startswith("!")]
    broken = tuple(f"недопустимое выражение: {p}" for p in rule.patterns if _compiled(p.lstrip("!")) is None)
    starts = ([title] if title is not None else []) + [i for i in range(min(len(lines), 30)) if i != title]
    for start in starts:
        zone = _zone(lines, start)
        if any(x is not None and x.search(zone) for x in excludes):
            continue
        for pattern in includes:
            compiled = _compiled(pattern)
            found = compiled.search(zone) if compiled else None
            if found:
                weight = 1.0 if start == title else OTHER_LINE_WEIGHT
                evidence = (f"строка {start + 1}: «{found.group(0)}»", *broken)
                return TypeHit(rule, weight, len(found.group(0)), evidence)
    body = " ".join(lines)
    if any(x is not None and x.search(body) for x in excludes):
        return None
    for pattern in includes:
        compiled = _compiled(pattern.removeprefix("^"))
        found = compiled.search(body) if compiled else None
        if found:
            return TypeHit(rule, BODY_WEIGHT, len(found.group(0)), (f"в тексте: «{found.group(0)}»", *broken))
    return None


def match_types(lines: list[str], title: int | None, rules: list[DocumentTypeRule]) -> list[TypeHit]:
    """Every rule that matched normalised ``lines``, best first (weight, then the longer match)."""
    hits = [hit for rule in rules if rule.patterns and (hit := _rule_hit(rule, lines, title))]
    return sorted(hits, key=lambda h: (h.weight, h.span), reverse=True)
