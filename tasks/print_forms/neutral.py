"""230-ФЗ ст. 6 ч. 3: nothing on the outside of an envelope may hint at a debt.

Every text drawn on an envelope passes ``check_neutral`` first, so a sender name such as
«Коллекторское агентство» or a note about arrears can never be printed there by mistake.
"""

from __future__ import annotations

import re
from enum import StrEnum

from config.errors import ActionRefused

# Stems of words that reveal debt collection; matched case-insensitively inside words.
FORBIDDEN_STEMS = (
    "долг",
    "задолж",
    "взыск",
    "коллект",
    "просроч",
    "кредитор",
    "должни",
    "погашен",
    "претенз",
    "исполнительн",
    "debt",
    "collect",
)
_PATTERN = re.compile("|".join(FORBIDDEN_STEMS), re.IGNORECASE)


class EnvelopeProblem(StrEnum):
    """Why a text cannot be printed on an envelope."""

    REVEALS_DEBT = "reveals_debt"


class RevealsDebt(ActionRefused):
    """Text meant for the outside of an envelope hints at a debt; ``word`` is what matched."""

    def __init__(self, text: str, word: str) -> None:
        super().__init__(
            EnvelopeProblem.REVEALS_DEBT,
            f"На конверте не может быть ничего, что указывает на долг (230-ФЗ): «{word}» в «{text}».",
        )
        self.text = text
        self.word = word


def check_neutral(text: str) -> str:
    """Return ``text`` unchanged, or raise ``RevealsDebt`` if it hints at a debt."""
    found = _PATTERN.search(text)
    if found:
        raise RevealsDebt(text, found.group(0))
    return text
