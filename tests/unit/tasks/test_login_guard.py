"""The login guard's verdicts: a pause that doubles after each failure, a lock after five."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tasks.login_guard import Failures, Verdict, judge, judge_one

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_no_failures_lets_the_password_be_checked() -> None:
    assert judge(Failures(login=[], client=[]), now=T0) == Verdict()
    assert Verdict().allowed


def test_the_pause_after_each_failure_doubles_1_2_4_8_seconds() -> None:
    """GIVEN n failures in a row WHEN the next attempt comes THEN it waits 2^(n-1) s after the last."""
    failures: list[datetime] = []
    for n, pause in enumerate([1, 2, 4, 8], start=1):
        failures.append(_s(100 * n))
        assert judge_one(failures, now=_s(100 * n)).retry_at == _s(100 * n + pause)
        assert judge_one(failures, now=_s(100 * n + pause)).allowed


def test_five_failures_within_15_minutes_lock_for_15_minutes_from_the_fifth() -> None:
    failures = [_s(60 * minute) for minute in (0, 3, 6, 9, 12)]
    fifth = failures[-1]
    assert judge_one(failures, now=fifth).locked_until == fifth + timedelta(minutes=15)
    # the first failures leave the window long before the lock ends: still locked
    assert judge_one(failures, now=fifth + timedelta(minutes=14, seconds=59)).locked_until
    assert judge_one(failures, now=fifth + timedelta(minutes=15)).allowed


def test_five_failures_spread_over_more_than_15_minutes_do_not_lock() -> None:
    failures = [_s(60 * minute) for minute in (0, 4, 8, 12, 16)]
    verdict = judge_one(failures, now=_s(60 * 16))
    assert verdict.locked_until is None and verdict.retry_at is not None


def test_the_client_counts_too_and_a_lock_beats_a_pause() -> None:
    """GIVEN five logins tried from one client WHEN a sixth login is tried THEN the client is locked."""
    sprayed = [_s(n) for n in range(0, 50, 10)]
    verdict = judge(Failures(login=[_s(40)], client=sprayed), now=_s(41))
    assert verdict.locked_until == _s(40) + timedelta(minutes=15)
    assert not verdict.allowed
