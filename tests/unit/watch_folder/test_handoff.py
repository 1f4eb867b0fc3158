"""Hand-off: the deployment when the Prefect API answers, the in-process fallback otherwise."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from watch_folder import handoff as module
from watch_folder.handoff import DeploymentHandoff


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, claims: Sequence[str]) -> None:
        self.calls.append(list(claims))


def test_deployment_handoff_falls_back_in_process_when_the_api_is_down() -> None:
    fallback = Recorder()
    handoff = DeploymentHandoff("http://127.0.0.1:9/api", fallback=fallback)
    handoff(["c1", "c2"])
    assert fallback.calls == [["c1", "c2"]]


def test_deployment_handoff_uses_a_fresh_idempotency_key_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[list[str], str]] = []
    monkeypatch.setattr(module, "api_is_up", lambda _url: True)
    fallback = Recorder()
    handoff = DeploymentHandoff("http://prefect/api", fallback=fallback)
    monkeypatch.setattr(handoff, "_run_deployment", lambda claims, batch: sent.append((claims, batch)))
    handoff(["c1"])
    handoff(["c1"])
    assert [claims for claims, _ in sent] == [["c1"], ["c1"]]
    assert sent[0][1] != sent[1][1] and fallback.calls == []


def test_deployment_handoff_falls_back_when_run_deployment_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "api_is_up", lambda _url: True)
    fallback = Recorder()
    handoff = DeploymentHandoff("http://prefect/api", fallback=fallback)

    def refuse(_claims: list[str], _batch: str) -> None:
        raise RuntimeError("Deployment 'ingest-inbox/inbox' not found")

    monkeypatch.setattr(handoff, "_run_deployment", refuse)
    handoff(["c1"])
    assert fallback.calls == [["c1"]]
