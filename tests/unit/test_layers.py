"""The allowed import directions (docs/ARCHITECTURE.md, "Layers"), checked on every module.

Lazy imports inside functions count too: a dependency that only bites at run time is still one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ALLOWED: dict[str, frozenset[str]] = {
    "db": frozenset(),
    "pochta": frozenset(),
    "config": frozenset({"db", "pochta"}),
    "tasks": frozenset({"config", "db", "pochta"}),
    "flows": frozenset({"tasks", "config", "db", "pochta"}),
    "deployments": frozenset({"flows", "tasks", "config", "db", "pochta"}),
    "ui": frozenset({"tasks", "config", "db", "pochta"}),
    "watch_folder": frozenset({"tasks", "config", "db", "pochta"}),
    "korrespondent": frozenset(
        {"deployments", "flows", "ui", "watch_folder", "tasks", "config", "db", "pochta"}
    ),
}
"""Each package and the packages of ours it may import (besides itself)."""

OURS = frozenset(ALLOWED) | {"tests", "bench"}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) of every absolute import of ours in ``path``."""
    found: set[tuple[int, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in OURS}
    return found


def layer_violations(package: str) -> list[str]:
    allowed = ALLOWED[package] | {package}
    return [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, imported in sorted(imported_packages(path))
        if imported not in allowed
    ]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below_it(package: str) -> None:
    assert layer_violations(package) == []


def test_layer_check_notices_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a flow import in the watcher is reported with its line."""
    module = tmp_path / "probe.py"
    module.write_text("import os\n\n\ndef later():\n    from flows.ingest import ingest_inbox\n")
    assert imported_packages(module) == {(5, "flows")}
    assert "flows" not in ALLOWED["watch_folder"] | ALLOWED["ui"] | ALLOWED["tasks"]
