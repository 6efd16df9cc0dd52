"""Working-day calendar: weekends and Vietnamese public holidays (Tết by the lunar calendar, via `holidays`),
corrected by the administrator's overrides (extra days off, make-up working Saturdays) from `CalendarOverride`.

Pure functions take the overrides as data; `calendar()` builds one from the database.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _national(year: int) -> tuple[frozenset, frozenset]:
    """(days off, make-up working days) of one year from the `holidays` Vietnam calendar.

    Make-up Saturdays come from the package's `weekend_workdays` (not from its label text, which changes with the
    language and the package version). A make-up day can be filed under the neighbouring year (a Saturday in late
    December for a New Year swap), so the neighbours are read too and the days are kept by their own year.
    """
    calendar_ = holidays.VN(years=range(year - 1, year + 2))
    days_off = frozenset(day for day in calendar_ if day.year == year)
    workdays = frozenset(day for day in calendar_.weekend_workdays if day.year == year)
    return days_off, workdays


@dataclass(frozen=True)
class WorkCalendar:
    extra_days_off: frozenset = field(default_factory=frozenset)
    extra_workdays: frozenset = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_days_off:
            return False
        days_off, makeup = _national(day.year)
        if day in makeup:
            return True
        if day in days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date `n` working days after `start` (start itself not counted); n ≤ 0 returns start."""
        day = start
        remaining = n
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def calendar() -> WorkCalendar:
    """The calendar with the administrator's overrides from the database."""
    from thidua.core.models import CalendarOverride

    off, work = set(), set()
    for day, kind in CalendarOverride.objects.values_list("day", "kind"):
        (off if kind == CalendarOverride.Kind.DAY_OFF else work).add(day)
    return WorkCalendar(frozenset(off), frozenset(work))


def add_working_days(start: dt.date, n: int) -> dt.date:
    return calendar().add_working_days(start, n)


def is_working_day(day: dt.date) -> bool:
    return calendar().is_working_day(day)
