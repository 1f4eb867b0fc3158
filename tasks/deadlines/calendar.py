"""Date arithmetic for legal terms: months with month-end clamping, the Russian production calendar.

Pure functions over ``datetime.date``. The production calendar (holidays and the government's
transfers of days off, e.g. Saturday 1 November 2025 was a working day and Monday 3 November a day
off) comes from the maintained ``holidays`` package (``holidays.RU``), never a hand-written list.

::

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> RUSSIAN_CALENDAR.add_working_days(date(2025, 10, 31), 1)   # Saturday 1 Nov was a working day
    datetime.date(2025, 11, 1)
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months; a day missing in the target month becomes its last day.

    ст. 192 ГК РФ: a term in months ends on the same day of the last month, or on the month's last
    day when that day does not exist (31 January + 1 month = 28/29 February).
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@lru_cache(maxsize=64)
def _russian_year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


class RussianCalendar:
    """Working days by the Russian production calendar (holidays, transfers, working Saturdays)."""

    def is_working_day(self, day: date) -> bool:
        """True on a working day: not a holiday or transferred day off; a working Saturday counts."""
        return bool(_russian_year(day.year).is_working_day(day))

    def next_working_day(self, day: date) -> date:
        """``day`` when it is a working day, else the first working day after it (ст. 193 ГК, 108 ГПК)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day


RUSSIAN_CALENDAR = RussianCalendar()
"""The one calendar instance; stateless (years are cached by the module)."""
