import datetime as dt

from thidua.core.workdays import WorkCalendar


def test_weekend_is_not_a_working_day():
    cal = WorkCalendar()
    assert not cal.is_working_day(dt.date(2025, 3, 8))  # Saturday
    assert cal.is_working_day(dt.date(2025, 3, 10))  # Monday


def test_tet_2025_lunar_new_year_is_off():
    cal = WorkCalendar()
    for day in range(27, 32):
        assert not cal.is_working_day(dt.date(2025, 1, day))
    # 5 working days from Friday 24/1/2025 skip the weekend and the whole Tết break (27/1–2/2).
    assert cal.add_working_days(dt.date(2025, 1, 24), 5) == dt.date(2025, 2, 7)


def test_make_up_saturday_from_the_national_calendar_is_a_working_day():
    # 2/5/2025 was given off in exchange for working Saturday 26/4/2025.
    cal = WorkCalendar()
    assert not cal.is_working_day(dt.date(2025, 5, 2))
    assert cal.is_working_day(dt.date(2025, 4, 26))


def test_administrator_overrides_win():
    extra_off = dt.date(2025, 3, 10)
    extra_work = dt.date(2025, 3, 15)
    cal = WorkCalendar(frozenset({extra_off}), frozenset({extra_work}))
    assert not cal.is_working_day(extra_off)
    assert cal.is_working_day(extra_work)


def test_twenty_working_days_and_counting_back():
    cal = WorkCalendar()
    start = dt.date(2025, 3, 3)  # Monday
    end = cal.add_working_days(start, 20)
    assert end == dt.date(2025, 3, 31)
    assert cal.working_days_between(start, end) == 20
    assert cal.working_days_between(end, start) == -20
    assert cal.add_working_days(start, 0) == start


def test_override_table_is_used(db):
    from thidua.core.models import CalendarOverride
    from thidua.core.workdays import add_working_days, is_working_day

    CalendarOverride.objects.create(day=dt.date(2025, 3, 4), kind=CalendarOverride.Kind.DAY_OFF)
    assert not is_working_day(dt.date(2025, 3, 4))
    assert add_working_days(dt.date(2025, 3, 3), 1) == dt.date(2025, 3, 5)


def test_make_up_day_filed_under_the_neighbouring_year_counts():
    # Saturday 27/12/2014 was worked in exchange for Friday 2/1/2015; the package files it under 2015.
    cal = WorkCalendar()
    assert cal.is_working_day(dt.date(2014, 12, 27))
    assert not cal.is_working_day(dt.date(2015, 1, 2))


def test_make_up_days_do_not_depend_on_the_label_language(monkeypatch):
    # The English label "substituted from …" used to be parsed; a Vietnamese label must give the same calendar.
    import holidays

    from thidua.core import workdays

    original = holidays.VN

    def vietnamese(*args, **kwargs):
        kwargs["language"] = "vi"
        return original(*args, **kwargs)

    workdays._national.cache_clear()
    monkeypatch.setattr(holidays, "VN", vietnamese)
    try:
        assert WorkCalendar().is_working_day(dt.date(2025, 4, 26))
        assert not WorkCalendar().is_working_day(dt.date(2025, 5, 2))
    finally:
        workdays._national.cache_clear()


def test_new_year_2026_swap_announced_by_the_government_office(db):
    # Công văn 12729/VPCP-KGVX: Friday 02/01/2026 off, Saturday 10/01/2026 worked — shipped as calendar data.
    from thidua.core.models import CalendarOverride
    from thidua.core.workdays import add_working_days, is_working_day

    assert CalendarOverride.objects.filter(day=dt.date(2026, 1, 2), kind=CalendarOverride.Kind.DAY_OFF).exists()
    assert not is_working_day(dt.date(2026, 1, 2))
    assert is_working_day(dt.date(2026, 1, 10))
    # 1 working day after Wednesday 31/12/2025: Thursday 1/1 (New Year) and Friday 2/1 are off → Monday 5/1.
    assert add_working_days(dt.date(2025, 12, 31), 1) == dt.date(2026, 1, 5)
