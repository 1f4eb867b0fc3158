"""Fault injection settings of the sandbox: what share of requests fails, and how.

Every rate is a share in [0, 1] of API requests (control paths under ``/__sandbox__`` never fail).
Draws come from the sandbox's seeded RNG, so a test with a seed sees the same faults every run.

* ``error_rate``: answered HTTP 503 *before* anything happens (nothing applied).
* ``timeout_rate``: no answer *before* anything happens. Through ``httpx.MockTransport`` this is
  an ``httpx.ReadTimeout``; the loopback server holds the connection ``hang_seconds`` and drops it.
* ``lost_answer_rate``: for writes (PUT/POST/DELETE) the change IS applied, then the answer is lost
  (``lost_answer_mode``: ``"timeout"`` or ``"error"`` = 503). This is what exactly-once logic
  (search by ``order-num`` before retrying) must survive. ``SandboxState.lose_next_answers(path)``
  does the same deterministically for the next write(s) to a path; ``SandboxState.lost_answers``
  (and ``/__sandbox__/stats``) count the answers lost.
* ``slow_rate`` / ``slow_seconds``: the answer comes, late (real wall-clock sleep).
* ``quota_exhausted``: every API call is refused as over quota (HTTP 429; tracking error 3).
* ``paths``: if non-empty, faults apply only to paths starting with one of these prefixes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Faults:
    """Immutable fault settings; change them with ``Sandbox.set_faults(**changes)``."""

    error_rate: float = 0.0
    timeout_rate: float = 0.0
    lost_answer_rate: float = 0.0
    lost_answer_mode: Literal["timeout", "error"] = "timeout"
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    hang_seconds: float = 30.0
    quota_exhausted: bool = False
    paths: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("error_rate", "timeout_rate", "lost_answer_rate", "slow_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")
        if self.error_rate + self.timeout_rate + self.lost_answer_rate > 1.0:
            raise ValueError("error_rate + timeout_rate + lost_answer_rate must not exceed 1")
        if self.lost_answer_mode not in ("timeout", "error"):
            raise ValueError("lost_answer_mode is 'timeout' or 'error'")

    def applies_to(self, path: str) -> bool:
        """True when faults may hit ``path``."""
        return not self.paths or any(path.startswith(p) for p in self.paths)

    def updated(self, changes: dict[str, Any]) -> Faults:
        """A copy with ``changes`` (unknown keys raise ``ValueError``; ``paths`` may be a list)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        if "paths" in changes:
            changes = {**changes, "paths": tuple(changes["paths"])}
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view for the control endpoint."""
        data = asdict(self)
        data["paths"] = list(self.paths)
        return data
