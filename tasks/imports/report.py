"""The outcome of an import, as the CLI and the app show it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tasks.imports.rows import RowError

Progress = Callable[[int], None]
"""Called with the number of rows just processed (for a progress bar)."""


def no_progress(_rows: int) -> None:
    """The default progress callback: nobody is watching."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        """One line in Russian: what happened to how many rows."""
        return (
            f"Создано: {self.created}, обновлено: {self.updated}, без изменений: {self.unchanged}, "
            f"ошибок: {len(self.errors)}"
        )
