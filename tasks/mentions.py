"""Is this debtor named in the text? A candidate-driven check, robust to Russian declension.

Finding every name in free text is hard (cues vary: "по иску … к Петрову-Водкину Роману",
"задолженность Смирновой Юлии"); checking whether one *known* person is named is easy and
precise: the surname's stem followed by the first name's stem or initial, in any case ending.
This is how a case found by its number is corroborated before a scan is filed automatically.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ADJECTIVAL = re.compile(r"(ский|цкий|ской|цкой|ская|цкая|ий|ый|ой|ая|яя)$")
_NOUN_ENDING = re.compile(r"(ов|ев|ёв|ин|ын)(а)?$")
_INDECLINABLE = re.compile(r"(ко|их|ых|ян|дзе|швили|уа|ия|ая)$")
_ENDING = r"[а-я]{0,3}"


def _fold(text: str) -> str:
    # OCR reads ь as ъ («Татъяны»); no name needs the difference.
    return text.lower().replace("ё", "е").replace("ъ", "ь")


def surname_pattern(surname: str) -> str:
    """A regex for a surname in any case: ``Петрова`` → ``петров[а-я]{0,3}``; hyphenated parts each."""
    parts = []
    for part in _fold(surname).split("-"):
        if _INDECLINABLE.search(part) and not part.endswith("ая"):
            parts.append(re.escape(part))
        elif (adjectival := _ADJECTIVAL.search(part)) and len(part) > 5:
            root = part[: adjectival.start()]
            suffix = adjectival.group(1)[:2] if adjectival.group(1)[0] in "сц" else ""
            parts.append(re.escape(root + suffix) + _ENDING)
        elif noun := _NOUN_ENDING.search(part):
            parts.append(re.escape(part[: noun.start()] + noun.group(1)) + _ENDING)
        else:
            parts.append(re.escape(part[:-1] if len(part) > 4 and part[-1] in "аяь" else part) + _ENDING)
    return r"\s?-\s?".join(parts)


@lru_cache(maxsize=4096)
def _mention_regex(full_name: str) -> re.Pattern[str]:
    words = _fold(full_name).split()
    surname = surname_pattern(words[0])
    given = words[1] if len(words) > 1 else ""
    # Short names change their stem when declined (Лев → Льва, Пётр → Петра): the first letter must do.
    stem = given[: max(3, len(given) - 2)] if len(given) > 4 else given[:1]
    first_forms = [re.escape(stem) + r"[а-я]*"] if given else []
    if given:
        first_forms.append(re.escape(given[0]) + r"\.")
    first = "(?:" + "|".join(first_forms) + ")" if first_forms else ""
    # OCR reads the space between surname and name as a hyphen («Новикова-Николая Ильича») or puts a
    # speck after the surname («Гусевой! Татъяны»).
    gap = r"(?:[!|'’`]{0,2}\s+|-)"
    forward = rf"(?<![а-я]){surname}(?![а-я]){gap}{first}" if first else rf"(?<![а-я]){surname}(?![а-я])"
    backward = rf"(?<![а-я]){re.escape(given[0])}\.\s?(?:[а-я]\.\s?)?{surname}(?![а-я])" if given else forward
    return re.compile(f"{forward}|{backward}")


def is_mentioned(text: str, full_name: str) -> bool:
    """True when ``full_name`` (nominative, "Фамилия Имя Отчество") is named in ``text``."""
    if not full_name.split():
        return False
    return _mention_regex(full_name).search(_fold(text)) is not None
