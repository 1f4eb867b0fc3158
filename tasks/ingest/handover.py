"""When the sweeper may take over a claim that no run ever leased (issue 16).

A claim is handed to one flow run (``intake_file.handed_to``, the run's id). Until that run leases
it, nothing says whether the run is merely on its way (a worker is starting it) or will never come
(it crashed before leasing, was cancelled, or no worker is there to start it). Prefect knows: the
sweeper asks it and takes the claim over as soon as the run is over or late, instead of waiting a
fixed five minutes after the claim. Taking over is safe even when a late run starts afterwards:
the lease (``tasks.ingest.lease.take``) gives an envelope to one live run at a time, and a finished
envelope is never processed again (``process_envelope`` resumes, it does not repeat).

The decision is a plain function of the claim's age, the recorded run and what Prefect says about
it, so it is tested without a clock or a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

HANDOVER_GRACE = timedelta(seconds=90)
"""How long a claim with no run recorded (the hand-over failed or is still being made) waits."""


class RunFate(StrEnum):
    """What a claim's flow run means for the claim, from its Prefect state."""

    ACTIVE = "active"
    """Scheduled on time, pending, running, paused: the run may still lease the claim."""
    LATE = "late"
    """Scheduled, its start time long past, no worker picked it up."""
    GONE = "gone"
    """Completed, failed, crashed, cancelled, or not found: it will never lease the claim."""
    UNKNOWN = "unknown"
    """Prefect could not be asked."""


_OVER = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})


def fate_of(state_type: str | None, state_name: str | None, *, found: bool = True) -> RunFate:
    """A run's fate from its Prefect state type (``RUNNING``…) and name (``Late``…)."""
    if not found:
        return RunFate.GONE
    if state_type is None:
        return RunFate.ACTIVE  # a run without a state yet is being created
    if state_type.upper() in _OVER:
        return RunFate.GONE
    if state_type.upper() == "SCHEDULED" and (state_name or "").lower() == "late":
        return RunFate.LATE
    return RunFate.ACTIVE


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed ledger row that no run holds a lease on, as the sweeper sees it."""

    envelope: str
    claimed_at: datetime
    handed_to: str | None


def may_take_over(
    claim: Claim,
    fate: RunFate | None,
    *,
    now: datetime,
    handover_grace: timedelta = HANDOVER_GRACE,
    longest_wait: timedelta,
) -> bool:
    """True when no run will lease this claim any more, so the sweeper should take it over.

    - the run it was handed to is over (finished, crashed, cancelled, deleted) or late: at once;
    - no run recorded (the hand-over failed): after ``handover_grace``;
    - a run still on its way, or Prefect silent: after ``longest_wait`` (the old five minutes).
    """
    claimed_at = claim.claimed_at if claim.claimed_at.tzinfo else claim.claimed_at.replace(tzinfo=UTC)
    age = now - claimed_at
    if age >= longest_wait:
        return True
    if claim.handed_to is None:
        return age >= handover_grace
    return fate in (RunFate.GONE, RunFate.LATE)
