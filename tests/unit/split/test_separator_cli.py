"""``korrespondent separator-sheet OUT.pdf`` prints the sheet the splitter recognises."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from korrespondent.cli import app
from tasks.split.cues import page_cues


def test_separator_sheet_command_writes_sheets_the_splitter_takes_for_separators(tmp_path: Path) -> None:
    out = tmp_path / "разделитель.pdf"
    result = CliRunner().invoke(app, ["separator-sheet", str(out), "--copies", "3"])
    assert result.exit_code == 0, result.output
    assert "Лист-разделитель сохранён" in result.output
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    assert len(pages) == 3
    assert all(page_cues(n, page.extract_text()).separator for n, page in enumerate(pages, 1))
