"""A bare literal at a page's top level would be drawn on the page by Streamlit's "magic" (AppTest
and a default ``streamlit run`` keep magic on), so the clerk would read our comments."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "ui"


SCRIPTS = [UI / "app.py", *sorted((UI / "pages").glob("*.py"))]
"""What Streamlit runs as scripts (magic applies); modules they import are plain Python."""


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(UI)))
def test_no_bare_literal_at_the_top_level_of_a_page(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    stray = [
        node.lineno for node in body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert stray == [], f"{script.name}: bare literal on line(s) {stray}"
