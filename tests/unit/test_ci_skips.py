"""Under CI=true a test that needs PostgreSQL, Tesseract, Chromium or an S3 server may not skip quietly."""

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


@pytest.mark.parametrize("marker", ["postgres", "ocr", "browser", "s3"])
def test_skipped_tool_test_fails_the_run_under_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini(f"[pytest]\nmarkers =\n    {marker}: needs a tool\n")
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.{marker}
        def test_needs_the_tool():
            pytest.skip("the tool is not installed")

        def test_plain_skip_stays_a_skip():
            pytest.skip("nothing to prove here")
        """
    )
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, skipped=1)
    monkeypatch.setenv("CI", "false")
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(skipped=2)
