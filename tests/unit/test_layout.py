"""Tests sit in folders named for what they test: a database test under tests/unit is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
REPO = CONFTEST.parents[1]


@pytest.fixture(autouse=True)
def _project_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copied conftest imports the project's test helpers (``tests.databases``)."""
    monkeypatch.setenv("PYTHONPATH", str(REPO))


def test_a_database_test_under_unit_stops_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    postgres: needs PostgreSQL\n")
    unit = pytester.mkdir("tests").joinpath("unit")
    unit.mkdir()
    unit.joinpath("test_probe.py").write_text("def test_reads_the_database(session):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*database tests belong under tests/integration/*test_probe.py*"])
