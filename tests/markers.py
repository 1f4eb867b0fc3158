"""Markers for tests that need a system tool; under CI=true their skip is a failure (tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

Test = TypeVar("Test", bound=Callable[..., Any])


def requires_tesseract(test: Test) -> Test:
    """Mark ``test`` as an OCR test and skip it where Tesseract is missing (a failure in CI)."""
    missing = shutil.which("tesseract") is None
    marked: Test = pytest.mark.ocr(pytest.mark.skipif(missing, reason="tesseract is not installed")(test))
    return marked
