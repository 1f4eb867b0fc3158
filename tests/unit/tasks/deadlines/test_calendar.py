"""Date arithmetic of legal terms: month ends, the Russian production calendar with its transfers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tasks.deadlines.calendar import RUSSIAN_CALENDAR, add_months


def test_add_months_clamps_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 10, 31), 1) == date(2025, 11, 30)


def test_add_months_crosses_years() -> None:
    assert add_months(date(2023, 10, 6), 6) == date(2024, 4, 6)
    assert add_months(date(2025, 9, 4), 36) == date(2028, 9, 4)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)


def test_a_transferred_saturday_is_a_working_day() -> None:
    """1 November 2025 (a Saturday) was worked; 3 November (Monday) was a day off instead."""
    assert RUSSIAN_CALENDAR.is_working_day(date(2025, 11, 1))
    assert not RUSSIAN_CALENDAR.is_working_day(date(2025, 11, 3))
    assert not RUSSIAN_CALENDAR.is_working_day(date(2025, 11, 4))  # День народного единства
    assert RUSSIAN_CALENDAR.is_working_day(date(2024, 12, 28))  # a working Saturday in 2024


def test_working_days_skip_the_new_year_holidays() -> None:
    # 31.12.2025 was a day off (transferred), 1–11 January 2026 holidays and weekend.
    assert RUSSIAN_CALENDAR.add_working_days(date(2025, 12, 30), 1) == date(2026, 1, 12)
    assert RUSSIAN_CALENDAR.add_working_days(date(2025, 10, 31), 1) == date(2025, 11, 1)
    assert RUSSIAN_CALENDAR.add_working_days(date(2025, 10, 31), 2) == date(2025, 11, 5)


def test_next_working_day_moves_off_weekends_and_holidays() -> None:
    assert RUSSIAN_CALENDAR.next_working_day(date(2026, 1, 3)) == date(2026, 1, 12)
    assert RUSSIAN_CALENDAR.next_working_day(date(2025, 11, 1)) == date(2025, 11, 1)
    assert RUSSIAN_CALENDAR.next_working_day(date(2026, 3, 8)) == date(
        2026, 3, 10
    )  # Sunday, then 9 March off


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 40))
def test_add_working_days_counts_exactly_that_many_working_days(start: date, days: int) -> None:
    end = RUSSIAN_CALENDAR.add_working_days(start, days)
    span = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(RUSSIAN_CALENDAR.is_working_day(d) for d in span) == days
    assert RUSSIAN_CALENDAR.is_working_day(end)
