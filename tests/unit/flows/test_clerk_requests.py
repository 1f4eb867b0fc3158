"""The clerk-requests flow's task on an error of ours: re-raised by class, never with its text."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import flows.clerk_requests as module


def test_handle_request_reraises_an_error_of_ours_without_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefect logs a failed task's exception and keeps it in the run's state: no name may ride along."""

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise FileNotFoundError(2, "No such file", "/data/archive/Иванов.pdf")

    monkeypatch.setattr(module, "run_request", crash)
    monkeypatch.setattr(module, "outgoing_runtime", lambda: type("Rt", (), {"engine": lambda self: None})())
    monkeypatch.setattr(module, "_run_id", lambda: None)
    with pytest.raises(module.RequestCrashed) as raised:
        module.handle_request.fn(7, {})
    assert raised.value.kind == "FileNotFoundError" and "Иванов" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert pickle.loads(pickle.dumps(raised.value)).kind == "FileNotFoundError"
