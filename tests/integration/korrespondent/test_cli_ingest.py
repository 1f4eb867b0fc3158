"""``korrespondent ingest PATH...`` takes copies as the watcher takes files: links stay links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from korrespondent.cli import app
from tests.corpus.render import text_pdf
from tests.corpus.texts import generate_documents

runner = CliRunner()


def test_cli_ingest_flattens_a_folder_and_refuses_a_link_in_it_without_reading_through(
    korr_env: Callable[[], Path], tmp_path: Path
) -> None:
    """GIVEN a folder with a scan two levels down and a link to a PDF outside it
    WHEN ``korrespondent ingest`` takes the folder THEN the scan is registered, the link is
    refused as a link, and the outside PDF is neither registered nor moved."""
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(text_pdf(generate_documents(1, seed=41)[0][0]))
    folder = tmp_path / "envelope"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "scan.pdf").write_bytes(text_pdf(generate_documents(1, seed=42)[0][0]))
    (folder / "link.pdf").symlink_to(outside)
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.output.splitlines()}
    assert "ВХ-" in lines["scan.pdf"]
    assert "не документ" in lines["link.pdf"]
    assert outside.exists()
    refused = korr_env() / "rejected"
    assert any(p.is_symlink() for p in refused.iterdir())
