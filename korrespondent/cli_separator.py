"""``korrespondent separator-sheet OUT.pdf``: print the sheet that separates documents in one scan."""

from __future__ import annotations

from pathlib import Path

import typer

from tasks.split.separator import separator_sheet_pdf


def separator_sheet(
    out: Path = typer.Argument(..., help="Куда сохранить PDF с листом-разделителем"),
    copies: int = typer.Option(1, "--copies", min=1, max=100, help="Сколько листов в файле"),
) -> None:
    """Сохранить лист-разделитель: его кладут между документами перед сканированием пачки."""
    out.write_bytes(separator_sheet_pdf(copies))
    typer.echo(
        f"Лист-разделитель сохранён: {out} (листов: {copies}). Распечатайте и кладите между документами."
    )
