"""Document type from the operative part, for the scan whose title a stamp or skew wiped out.

A bailiff's resolution or a court act names its subtype twice: in the title («ПОСТАНОВЛЕНИЕ / о
возбуждении исполнительного производства») and in the operative part, after the operative word
(«ПОСТАНОВИЛ: 1. Возбудить исполнительное производство …»). When OCR loses the title, the
operative part still tells. These cues are shipped knowledge of the document forms, not clerk-
editable rules, so they live here as code; ``tasks.classify`` weighs them below a title.

Only operative verbs count, and only at the start of a clause of the operative part: resolutions
quote other acts all the time («на основании постановления о возбуждении …», «судебный приказ
отменен определением …»), and a quotation is never an order. The operative word picks the family:
ПОСТАНОВИЛ (a bailiff), ОПРЕДЕЛИЛ / РЕШИЛ / ПРИКАЗАЛ (a court), so «заменить взыскателя» means a
bailiff's resolution after ПОСТАНОВИЛ and a court's ruling after ОПРЕДЕЛИЛ. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

MARKERS = ("ПОСТАНОВИЛ", "ОПРЕДЕЛИЛ", "РЕШИЛ", "ПРИКАЗАЛ")
_NOT_OPERATIVE = ("УСТАНОВИЛ",)  # the statement of facts: ends an operative part, never opens one
OPERATIVE_CHARS = 700  # how far after the operative word its orders are read

_EP = r"исполнительно(?:е|го|м)\s+производств[оае]"
_CLAUSE = r"(?:^[\s:;]*|[.;:]\s*|\s\d{1,2}[.)]\s*)"  # operative part's start, a new sentence or item
_GAP = r"[^;]{0,200}?"  # a number, a court's name, a date between the noun and the verb

# (operative word, type, the orders that name it); each pattern starts at a clause start.
_CUES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ПОСТАНОВИЛ", "Постановление о возбуждении исполнительного производства",
     (r"возбудить\s+" + _EP,)),
    ("ПОСТАНОВИЛ", "Постановление об отказе в возбуждении исполнительного производства",
     (r"отказать\s+(?:\S+\s+){0,8}?в\s+возбуждении\s+" + _EP,)),
    ("ПОСТАНОВИЛ", "Постановление об окончании исполнительного производства",
     (r"окончить\s+" + _EP, _EP + r"\s+" + _GAP + r"\bокончить\b")),
    ("ПОСТАНОВИЛ", "Постановление об обращении взыскания на доходы должника",
     (r"обратить\s+взыскание\s+на\s+(?:заработную\s+плату|доходы|пенсию|иные\s+доходы)",)),
    ("ПОСТАНОВИЛ", "Постановление о замене стороны исполнительного производства",
     (r"(?:заменить|произвести\s+замену)\s+(?:стороны?|сторону|взыскателя)\b",)),
    ("ОПРЕДЕЛИЛ", "Определение об отмене судебного приказа",
     (r"отменить\s+судебный\s+приказ", r"судебный\s+приказ\b" + _GAP + r"\bотменить\b")),
    ("ОПРЕДЕЛИЛ", "Определение о процессуальном правопреемстве",
     (r"(?:заменить|произвести\s+(?:процессуальную\s+)?замену)\s+(?:стороны|сторону|взыскателя|кредитора|истца)\b",
      r"заявлени[ея]\s+" + _GAP + r"о\s+(?:процессуальном\s+)?правопреемстве\s+удовлетворить")),
    ("ОПРЕДЕЛИЛ", "Определение о возвращении заявления",
     (r"возвратить\s+(?:исковое\s+)?заявление", r"(?:исковое\s+)?заявление\b" + _GAP + r"\bвозвратить\b",
      r"отказать\s+в\s+принятии\s+(?:искового\s+)?заявления")),
    ("РЕШИЛ", "Решение суда",
     (r"(?:исковые\s+требования|иск|требования)\b" + _GAP + r"\bудовлетворить",
      r"в\s+удовлетворении\s+(?:исковых\s+требований|иска|требований)\b", r"взыскать\s+с\b")),
    ("ПРИКАЗАЛ", "Судебный приказ", (r"взыскать\s+с\b",)),
)  # fmt: skip
_COMPILED = tuple(
    (marker, name, tuple(re.compile(_CLAUSE + p, re.IGNORECASE) for p in patterns))
    for marker, name, patterns in _CUES
)
CUE_TYPES = frozenset(name for _, name, _ in _CUES)

# An operative word: capitals, maybe letter-spaced («П О С Т А Н О В И Л»), maybe misread by a
# letter; a colon after it unless it is spelled exactly.
_SPACED_WORDS = "|".join(" ?".join(word) for word in (*MARKERS, *_NOT_OPERATIVE))
_SPACED_MARKER = re.compile(rf"(?<![А-ЯЕA-Z0-9])(?:{_SPACED_WORDS})(?![А-ЯЕA-Z0-9])")
_CAPS_WORD = re.compile(r"(?<![А-Яа-яA-Za-z0-9])([А-ЯЕA-Z0-9]{5,11})(?![А-Яа-яA-Za-z0-9])(\s?[:;])?")


# The words the orders are made of, and their forms that stand nearby: an OCR misread of one
# («заменнть», «в3ыскать») is restored to it only when it is clearly closest to one of them.
_VOCABULARY = frozenset((
    "возбудить", "отказать", "окончить", "обратить", "заменить", "произвести", "отменить", "возвратить",
    "удовлетворить", "взыскать", "исполнительное", "исполнительного", "исполнительном", "исполнительный",
    "исполнительным", "производство", "производства", "производстве", "возбуждении", "взыскание",
    "заработную", "доходы", "пенсию", "замену", "сторону", "стороны", "взыскателя", "судебный", "приказ",
    "процессуальную", "процессуальном", "кредитора", "заявление", "заявления", "правопреемстве",
    "исковое", "искового", "принятии", "исковые", "требования", "удовлетворении", "исковых", "требований",
    # forms that stand nearby in the facts and must not be pulled to a verb
    "возбуждено", "возбужденного", "окончено", "окончании", "отменен", "отменено", "отмене", "взыскания",
    "взыскателю", "удовлетворены", "возвращено", "возвращен", "возвращении", "обращение", "обращения",
    "замене", "отказано", "отказе", "документ", "документа",
))  # fmt: skip
_SPELL_WORD = re.compile(r"(?<![А-Яа-яA-Za-z0-9])[А-Яа-я0-9]*[А-Яа-я][А-Яа-я0-9]*(?![А-Яа-яA-Za-z0-9])")
SPELL_MIN_RATIO, SPELL_LEAD = 80.0, 8.0


@lru_cache(maxsize=4096)
def _spelled(word: str) -> str:
    lowered = word.lower()
    if len(lowered) < 5 or lowered in _VOCABULARY:
        return word
    found = process.extract(lowered, _VOCABULARY, scorer=fuzz.ratio, limit=2)
    best = found[0]
    if best[1] < SPELL_MIN_RATIO:
        return word
    runner = found[1] if len(found) > 1 else None
    # two forms of one word («исполнительное» / «исполнительном») may be close: the best one stands
    if runner is None or runner[1] < best[1] - SPELL_LEAD or best[0][:8] == runner[0][:8]:
        return str(best[0])
    return word


_TRAILING_SPECK = re.compile(r"(?<=[А-Яа-я])[-_~|'`^]+(?=\s)")
_HYPHEN_WRAP = re.compile(r"(?<=[а-я])-\n(?=[а-я])")
_LOOKALIKES = str.maketrans("0ABCEHKMOPTX", "ОАВСЕНКМОРТХ")


@dataclass(frozen=True, slots=True)
class Cue:
    """One order of the operative part that names a document type."""

    type_name: str
    marker: str
    phrase: str

    @property
    def evidence(self) -> str:
        """What the clerk reads in the evidence list."""
        if not self.marker:  # a subject line left without its title (``tasks.doctype_rules.subject_cue``)
            return f"по теме без заголовка: «{self.phrase}»"
        return f"по резолютивной части: «{self.marker}: … {self.phrase}»"


def _unspace(text: str) -> str:
    """Letter-spaced operative words joined («П О С Т А Н О В И Л», «ПОСТАНОВ И Л» → «ПОСТАНОВИЛ»)."""
    return _SPACED_MARKER.sub(lambda m: m.group(0).replace(" ", ""), text)


def _marker(word: str, colon: bool) -> str | None:
    """The operative word a capitalised word spells, or None (УСТАНОВИЛ is told apart)."""
    if word in MARKERS or word in _NOT_OPERATIVE:
        return word
    if not colon:
        return None
    found = process.extract(word, (*MARKERS, *_NOT_OPERATIVE), scorer=fuzz.ratio, limit=2)
    best = found[0]
    if best[1] >= 80 and (len(found) < 2 or found[1][1] < best[1] - 8):
        return str(best[0])
    return None


def operative_parts(text: str) -> list[tuple[str, str]]:
    """(operative word, the text it governs) for each operative word, in document order."""
    text = _unspace(text)
    marks: list[tuple[int, int, str]] = []
    for found in _CAPS_WORD.finditer(text):
        word = found.group(1).translate(_LOOKALIKES)
        if (marker := _marker(word, bool(found.group(2)))) is not None:
            marks.append((found.start(), found.end(), marker))
    parts = []
    for index, (_start, end, marker) in enumerate(marks):
        if marker not in MARKERS:
            continue
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        part = text[end : min(stop, end + OPERATIVE_CHARS)]
        part = " ".join(_HYPHEN_WRAP.sub("", part).split())  # a wrapped line is one line
        part = _TRAILING_SPECK.sub("", part)  # «Окончить- исполнительное»: a speck after a word
        parts.append((marker, _SPELL_WORD.sub(lambda m: _spelled(m.group(0)), part)))
    return parts


def operative_cues(text: str) -> list[Cue]:
    """Every type the operative parts of ``text`` name, one cue per type, in document order.

    More than one type means the cues compete: the caller must not trust any of them alone.
    """
    cues: dict[str, Cue] = {}
    for marker, part in operative_parts(text):
        for cue_marker, name, patterns in _COMPILED:
            if cue_marker != marker or name in cues:
                continue
            for pattern in patterns:
                if found := pattern.search(part):
                    phrase = " ".join(found.group(0).strip(" .;:\n").split())
                    phrase = re.sub(r"^\d{1,2}[.)]\s*", "", phrase)
                    cues[name] = Cue(name, marker, phrase[:120])
                    break
    return list(cues.values())


__all__ = ["CUE_TYPES", "MARKERS", "Cue", "operative_cues", "operative_parts"]
