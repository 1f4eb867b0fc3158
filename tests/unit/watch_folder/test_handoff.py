"""Hand-off: the deployment when the Prefect API answers, the in-process fallback otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from watch_folder import handoff as module
from watch_folder.handoff import DeploymentHandoff


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, intake_ids: Sequence[int]) -> None:
        self.calls.append(list(intake_ids))


def test_deployment_handoff_falls_back_in_process_when_the_api_is_down() -> None:
    fallback = Recorder()
    handoff = DeploymentHandoff("http://127.0.0.1:9/api", fallback=fallback)
    handoff([11, 12])
    assert fallback.calls == [[11, 12]]


def test_deployment_handoff_uses_a_fresh_idempotency_key_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[list[int], str]] = []
    monkeypatch.setattr(module, "api_is_up", lambda _url: True)
    fallback = Recorder()
    handoff = DeploymentHandoff("http://prefect/api", fallback=fallback)
    monkeypatch.setattr(handoff, "_run_deployment", lambda claims, batch: sent.append((claims, batch)))
    handoff([11])
    handoff([11])
    assert [claims for claims, _ in sent] == [[11], [11]]
    assert sent[0][1] != sent[1][1] and fallback.calls == []


def test_deployment_handoff_falls_back_when_run_deployment_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "api_is_up", lambda _url: True)
    fallback = Recorder()
    handoff = DeploymentHandoff("http://prefect/api", fallback=fallback)

    def refuse(_claims: list[int], _batch: str) -> None:
        raise RuntimeError("Deployment 'ingest-inbox/inbox' not found")

    monkeypatch.setattr(handoff, "_run_deployment", refuse)
    handoff([11])
    assert fallback.calls == [[11]]


def test_deployment_handoff_sends_ledger_ids_and_names_the_run_by_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run's parameters and name carry ledger ids only: file names often carry a debtor's surname."""
    started: list[dict[str, Any]] = []

    def start(deployment: str, **kwargs: Any) -> str:
        started.append(kwargs)
        return "run-id"

    monkeypatch.setattr(module, "api_is_up", lambda _url: True)
    monkeypatch.setattr(module, "start_deployment", start)
    run = DeploymentHandoff("http://prefect/api", fallback=Recorder())([42, 40, 41])
    assert run == "run-id"  # the watcher records it on the claims (the sweeper asks Prefect about it)
    (sent,) = started
    assert sent["parameters"] == {"intake_ids": [42, 40, 41]}
    assert sent["flow_run_name"] == "ingest-40-3"
