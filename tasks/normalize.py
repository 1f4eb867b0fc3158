"""Text normalisation run before any identifier regex or classifier rule sees the text.

OCR and born-digital PDFs spell the same thing many ways: Latin look-alikes inside Cyrillic
words (``OCП``), Cyrillic letters inside numbers (``2-1О23/2024``), apostrophes that Tesseract
puts between digits (``7'7001``), a zoo of dashes and ``№`` spellings. Every regex in
``identifiers`` and every rule in ``classify`` is written against the output of
``normalize_text``, so they only need to know one spelling (shared/reference/domain.md, A.1, A.3).

Line structure is kept on purpose: the header block (first lines) and the title line are
where the sender and the document type are read from.

The module also holds the two layout helpers both consumers need: ``title_line_index`` finds
the document's title line (ПОСТАНОВЛЕНИЕ, СУДЕБНЫЙ ПРИКАЗ, ...) and ``HEADER_LINES`` bounds the
letterhead.
"""

from __future__ import annotations

import re
import unicodedata

HEADER_LINES = 15
TITLE_SEARCH_LINES = 30

_LATIN_TO_CYRILLIC = str.maketrans(
    "ABCEHKMOPTXaceopxyk",
    "АВСЕНКМОРТХасеорхук",
)
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# Tesseract reads «№» as "Ne", "No", "N°" or "Nº" before a number.
_NUMERO = re.compile(r"(?<![A-Za-zА-Яа-я])N[oOe°º]?\.?\s*(?=\d)")
_APOSTROPHE_IN_DIGITS = re.compile(r"(?<=\d)['’‘`´]+(?=\d)")
_LETTER_IN_DIGITS = re.compile(r"(?<=\d)[ОOоЗб]+(?=[\d/])|(?<=[\d/])[ОOоЗб]+(?=\d)")
_DIGIT_FOR_LETTER = str.maketrans("ОOоЗб", "00036")
# Tesseract reads the preposition "Об"/"об" as "06" (О→0, б→6), which hides the subject phrase
# ("06 отказе в возбуждении ..."). Only at a line start or after a word (a title noun), and only
# before a vowel, as "об" stands; a month may follow a day "06" ("06 октября"): months excluded.
_OB_AS_DIGITS = re.compile(
    r"(?:^|(?<=[А-Яа-я] ))(?:0[6б]|[ОOоo]6)(?= (?!(?:апрел|август|июн|июл|октябр)[а-я]*\b)[аеиоуэюя])",
    re.IGNORECASE,
)

# Initials next to a Cyrillic surname, read by OCR as Latin look-alikes or zeros ("Петрову 0.0.",
# "Троицкому H.M."): the debtor check (``tasks.mentions``) needs them Cyrillic.
_INITIALS = re.compile(
    r"(?:(?<=[А-Яа-я] )|^)([ABCEHKMOPTXА-Я0])\.\s?(?:([ABCEHKMOPTXА-Я0])\.)?(?=[\s,;:)]|$)"
    r"|(?<![\w.])([ABCEHKMOPTXА-Я0])\.\s?(?:([ABCEHKMOPTXА-Я0])\.\s?)?(?=[А-Я][а-я])"
)
_INITIAL_TO_CYRILLIC = str.maketrans("ABCEHKMOPTX0", "АВСЕНКМОРТХО")
# OCR specks before the first letter of a line ("‘уступки прав требования", ". _ _ ОПРЕДЕЛЕНИЕ"): they
# break the title rules anchored on words.
_LEADING_SPECK = re.compile(r"^(?:[‘’'`´|_~]+|(?:[‘’'`´|_~.,:;*°^=-]+\s+)+)(?=[А-Яа-я])")
_TITLE = re.compile(
    r"^\s*(?:именем\s+российской\s+федерации|резолютивная\s+часть|(?:заочное|мотивированное)\s+решение|"
    r"кассационное\s+определение|частное\s+определение)\b"
    r"|^\s*(?:заочное\s+)?(?:постановление|определение|решение|апелляционное\s+определение|"
    r"судебный\s+приказ|акт|исполнительный\s+лист|договор|заявление|ответ|уведомление|"
    r"сообщение|извещение|письмо|требование|жалоба)\b"
    # a business letter's subject line stands for its title («О предоставлении информации»)
    r"|^\s*о\s+(?:предоставлении\s+(?:информации|сведений)|(?:результатах\s+)?рассмотрени[ия]\s+"
    r"(?:обращения|запроса|заявления|жалобы))\b",
    re.IGNORECASE,
)


# A whole word OCR read in Latin look-alikes («oTKa3e B», «r.p.») inside a Cyrillic line: the
# letters (and 3/0 between them) are Cyrillic. Only words of look-alikes alone, not touching
# digits, slashes, dashes or @ (codes such as 59RS0004, e-mail and web addresses keep their Latin).
_LATIN_WORD = re.compile(
    r"(?<![\w/@:_.-])(?:[ABCEHKMOPTXYaceopxyr][ABCEHKMOPTXYaceopxyr30]*[ABCEHKMOPTXYaceopxyr]|[BCKyoa](?=\s))"
    r"(?![\w/@:_.-])"
)
_BIRTH_MARK = re.compile(r"(?<=\d )r\.\s?p\.")  # «1962 r.p.»: г.р. read in Latin
_CITY_MARK = re.compile(r"(?<![\w.])r\.(?=\s?[A-ZА-Я])")  # «r. Тула»: г. read in Latin
_LOOKALIKE_WORD = str.maketrans("ABCEHKMOPTXYaceopxyr30", "АВСЕНКМОРТХУасеорхугзо")


def _cyrillic_line(line: str) -> bool:
    cyrillic = len(_CYRILLIC.findall(line))
    return cyrillic >= 8 and cyrillic >= 3 * len(_LATIN.findall(line))


def _nfkc_keeping_numero(text: str) -> str:
    # NFKC turns "№" into "No"; keep the sign itself, it is the spelling we normalise to.
    return "№".join(unicodedata.normalize("NFKC", part) for part in text.split("№"))


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LATIN_TO_CYRILLIC)
    return word


def _ob(match: re.Match[str]) -> str:
    following = match.string[match.end() :].lstrip()[:1]
    return "ОБ" if following.isupper() else "об"


def _fix_initials(match: re.Match[str]) -> str:
    return match.group(0).translate(_INITIAL_TO_CYRILLIC)


# Titles set with letter spacing («Р Е Ш Е Н И Е», «У С Т А Н О В И Л :»): three or more single
# letters separated by single spaces are one word; a wider gap separates words.
_SPACED = re.compile(r"(?<![А-Яа-яA-Za-z])(?:[А-ЯЁA-Z] ){2,}[А-ЯЁA-Z](?![А-Яа-яA-Za-z])")


def _unspace(line: str) -> str:
    if not _SPACED.search(line):
        return line
    words = re.split(r"\s{2,}", line.strip())
    return " ".join(_SPACED.sub(lambda m: m.group(0).replace(" ", ""), word) for word in words)


def _normalize_line(line: str) -> str:
    line = _unspace(line)
    line = _WORD.sub(_fix_word, line)
    if _LATIN.search(line) and _cyrillic_line(line):
        line = _LATIN_WORD.sub(lambda m: m.group(0).translate(_LOOKALIKE_WORD), line)
        line = _CITY_MARK.sub("г.", _BIRTH_MARK.sub("г.р.", line))
    line = _APOSTROPHE_IN_DIGITS.sub("", line)
    line = _LETTER_IN_DIGITS.sub(lambda m: m.group(0).translate(_DIGIT_FOR_LETTER), line)
    line = _NUMERO.sub("№ ", line)
    line = " ".join(line.split())
    line = _INITIALS.sub(_fix_initials, line)
    line = _OB_AS_DIGITS.sub(_ob, line)
    return _LEADING_SPECK.sub("", line)


def normalize_text(text: str) -> str:
    """Bring OCR or PDF text to the one spelling our regexes are written for.

    NFKC, ``ё→е``, every dash to ``-``, ``N``/``No``/``Nº`` before a number to ``№``, Latin
    look-alikes inside Cyrillic words to Cyrillic and Cyrillic look-alikes inside numbers to
    digits, apostrophes between digits dropped, runs of spaces collapsed and trimmed per line,
    runs of blank lines reduced to one. Idempotent.

    >>> normalize_text("ИП  № 12345/24/7'7001–ИП\\nOCП пo району")
    'ИП № 12345/24/77001-ИП\\nОСП по району'
    """
    text = _nfkc_keeping_numero(text)
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = _DASHES.sub("-", text)
    lines: list[str] = []
    for raw in text.splitlines():
        line = _normalize_line(raw)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def title_line_index(lines: list[str]) -> int | None:
    """Index of the document's title line among the first lines, or None.

    Titles are nouns such as ПОСТАНОВЛЕНИЕ or СУДЕБНЫЙ ПРИКАЗ at the start of a short line,
    usually in capitals; a capitalised candidate wins over a mixed-case one, so a body
    sentence that happens to start with "Определение" does not become the title.
    """
    fallback: int | None = None
    for index, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        match = _TITLE.match(line)
        if not match or len(line) > 160:
            continue
        if match.group(0).strip().isupper():
            return index
        if fallback is None:
            fallback = index
    return fallback
