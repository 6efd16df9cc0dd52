"""Reminders: «report.due_soon» within 3 working days of the due date, «report.late» after it, to the unit's officers
and heads of every report still owed; at most once a day (the command run twice sends nothing new)."""

import datetime as dt

import pytest
from django.core.management import call_command

from thidua.reporting import services
from thidua.reporting.models import ReportSubmission

pytestmark = pytest.mark.django_db


def _sent(half_year, unit, officer, leader):
    sub = ReportSubmission.objects.get(request=half_year, unit=unit)
    services.save_submission(officer, sub, values={"f1": "1", "f2": "2"})
    services.send_for_approval(officer, sub)
    services.approve(leader, sub)
    return sub


def test_nothing_is_due_a_week_before(half_year):
    assert services.send_reminders(dt.date(2025, 7, 2)) == []


def test_due_soon_goes_to_the_units_still_owing_it(
    half_year,
    unit_a,
    unit_b,
    unit_c,
    officer_a,
    leader_a,
    officer_b,
    leader_b,
    events,
    django_capture_on_commit_callbacks,
):
    _sent(half_year, unit_a, officer_a, leader_a)
    # Monday 7/7: 10/7 is 3 working days ahead.
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.send_reminders(dt.date(2025, 7, 7))
    assert {s.unit for s in reminded} == {unit_b, unit_c}
    assert {(e.kind, e.target.unit_id) for e in events} == {
        ("report.due_soon", unit_b.pk),
        ("report.due_soon", unit_c.pk),
    }
    [b] = [e for e in events if e.target.unit_id == unit_b.pk]
    assert set(b.recipients) == {officer_b, leader_b} and b.due == dt.date(2025, 7, 10)


def test_late_reminders_once_a_day(half_year, unit_c, events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_reminders(dt.date(2025, 7, 11))
        again = services.send_reminders(dt.date(2025, 7, 11))
    assert len(first) == 3 and again == []
    assert {e.kind for e in events} == {"report.late"}
    assert ReportSubmission.objects.get(request=half_year, unit=unit_c).reminded_on == dt.date(2025, 7, 11)
    # the next day they are reminded again
    assert len(services.send_reminders(dt.date(2025, 7, 14))) == 3


def test_the_province_reminds_one_unit_from_the_page(
    half_year, staff, unit_c, events, django_capture_on_commit_callbacks
):
    sub = ReportSubmission.objects.get(request=half_year, unit=unit_c)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.remind_units(staff, half_year, [sub], today=dt.date(2025, 7, 15))
    assert [s.pk for s in done] == [sub.pk] and [e.kind for e in events] == ["report.late"]
    assert services.remind_units(staff, half_year, [sub], today=dt.date(2025, 7, 15)) == []


def test_command_dry_run_marks_nothing(half_year, capsys):
    call_command("send_report_reminders", "--date", "2025-07-11", "--dry-run")
    assert "sẽ nhắc 3 báo cáo" in capsys.readouterr().out
    assert not ReportSubmission.objects.filter(reminded_on__isnull=False).exists()
    call_command("send_report_reminders", "--date", "2025-07-11")
    call_command("send_report_reminders", "--date", "2025-07-11")
    out = capsys.readouterr().out
    assert "Đã nhắc 3 báo cáo" in out and "Đã nhắc 0 báo cáo" in out


def test_a_late_reminder_lands_in_the_units_inbox_with_a_link_to_the_report(
    half_year, unit_c, officer_c, django_capture_on_commit_callbacks
):
    from thidua.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(dt.date(2025, 7, 11))
    sub = ReportSubmission.objects.get(request=half_year, unit=unit_c)
    note = Notification.objects.get(user=officer_c, kind="report.late")
    assert note.url == sub.get_absolute_url() and note.due == dt.date(2025, 7, 10)


@pytest.mark.django_db
def test_the_worker_schedule_runs_the_report_reminders_daily(settings):
    from thidua.core import jobs

    assert "reporting.reminders" in dict(settings.THIDUA_JOB_SCHEDULE)
    assert "reporting.reminders" in jobs.handlers()
