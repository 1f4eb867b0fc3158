"""When the sweeper may take over a claim no run leased: from the claim's age, run and run state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tasks.ingest.handover import Claim, RunFate, fate_of, may_take_over

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
FIVE_MINUTES = timedelta(minutes=5)


def claimed(seconds_ago: float, run: str | None = "run-1") -> Claim:
    return Claim("20261202085900-abcd1234__scan.pdf", NOW - timedelta(seconds=seconds_ago), run)


@pytest.mark.parametrize(
    ("state_type", "state_name", "fate"),
    [
        ("COMPLETED", "Completed", RunFate.GONE),
        ("FAILED", "Failed", RunFate.GONE),
        ("CRASHED", "Crashed", RunFate.GONE),
        ("CANCELLED", "Cancelled", RunFate.GONE),
        ("SCHEDULED", "Late", RunFate.LATE),
        ("SCHEDULED", "Scheduled", RunFate.ACTIVE),
        ("SCHEDULED", "AwaitingRetry", RunFate.ACTIVE),
        ("PENDING", "Pending", RunFate.ACTIVE),
        ("RUNNING", "Running", RunFate.ACTIVE),
        ("PAUSED", "Paused", RunFate.ACTIVE),
        ("CANCELLING", "Cancelling", RunFate.ACTIVE),
    ],
)
def test_a_runs_state_says_whether_it_may_still_lease_its_claims(
    state_type: str, state_name: str, fate: RunFate
) -> None:
    assert fate_of(state_type, state_name) == fate


def test_a_run_prefect_no_longer_knows_is_gone() -> None:
    assert fate_of(None, None, found=False) == RunFate.GONE


@pytest.mark.parametrize("fate", [RunFate.GONE, RunFate.LATE])
def test_a_claim_whose_run_is_over_or_late_is_taken_over_at_once(fate: RunFate) -> None:
    """GIVEN a claim 20 s old whose run crashed before leasing (or never started) THEN take it now."""
    assert may_take_over(claimed(20), fate, now=NOW, longest_wait=FIVE_MINUTES)


@pytest.mark.parametrize("fate", [RunFate.ACTIVE, RunFate.UNKNOWN, None])
def test_a_claim_whose_run_may_still_come_waits_the_full_grace(fate: RunFate | None) -> None:
    """GIVEN a run pending on a worker (or Prefect silent) THEN its claim waits five minutes."""
    assert not may_take_over(claimed(200), fate, now=NOW, longest_wait=FIVE_MINUTES)
    assert may_take_over(claimed(300), fate, now=NOW, longest_wait=FIVE_MINUTES)


def test_a_claim_with_no_run_recorded_waits_the_short_hand_over_grace() -> None:
    """GIVEN a hand-over that failed (no run recorded) THEN the claim is taken after 90 s, not 5 min."""
    assert not may_take_over(claimed(60, run=None), None, now=NOW, longest_wait=FIVE_MINUTES)
    assert may_take_over(claimed(90, run=None), None, now=NOW, longest_wait=FIVE_MINUTES)
    assert not may_take_over(
        claimed(90, run=None), None, now=NOW, handover_grace=timedelta(minutes=2), longest_wait=FIVE_MINUTES
    )


def test_a_naive_claim_time_from_sqlite_counts_as_utc() -> None:
    naive = Claim("c", (NOW - timedelta(seconds=100)).replace(tzinfo=None), None)
    assert may_take_over(naive, None, now=NOW, longest_wait=FIVE_MINUTES)
    assert not may_take_over(
        Claim("c", (NOW - timedelta(seconds=30)).replace(tzinfo=None), None),
        None,
        now=NOW,
        longest_wait=FIVE_MINUTES,
    )
