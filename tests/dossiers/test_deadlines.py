"""Deadlines in working days across Tết (LAW.md §5): 5 to receive or return, 20 to appraise, 10 to send the
decision; countdowns, the overdue list and the daily e-mail reminders."""

import datetime as dt

import time_machine
from django.core import mail
from django.core.management import call_command

from tests.dossiers.conftest import ready_dossier
from thidua.core.models import CalendarOverride
from thidua.dossiers import selectors, services
from thidua.dossiers.models import Dossier


def test_receive_deadline_skips_tet_2025(officer_a, person_a, ldtt):
    # Tết Ất Tỵ: Monday 27 to Friday 31 January 2025 are days off.
    with time_machine.travel(dt.datetime(2025, 1, 20, 9, 0), tick=False):
        dossier = ready_dossier(officer_a, person_a, ldtt, year=2024)
        services.transition(dossier, "submit", officer_a)
    assert dossier.due_on == dt.date(2025, 2, 3)  # 21, 22, 23, 24 January, then 3 February
    assert selectors.with_countdowns([dossier], dt.date(2025, 1, 24))[0].days_left == 1
    assert selectors.with_countdowns([dossier], dt.date(2025, 1, 31))[0].days_left == 1  # Tết days don't count
    assert selectors.with_countdowns([dossier], dt.date(2025, 2, 4))[0].days_left == -1


def test_appraisal_deadline_skips_tet_2026(officer_a, staff, person_a, ldtt):
    with time_machine.travel(dt.datetime(2026, 2, 9, 9, 0), tick=False):
        dossier = ready_dossier(officer_a, person_a, ldtt, year=2025)
        services.transition(dossier, "submit", officer_a)
        services.transition(dossier, "receive", staff)
    # Tết Bính Ngọ: 16–20 February 2026 off; 20 working days from Monday 9 February end on 16 March.
    assert dossier.due_kind == Dossier.DueKind.APPRAISE
    assert dossier.due_on == dt.date(2026, 3, 16)


def test_extra_day_off_from_the_calendar_overrides_moves_the_deadline(officer_a, person_a, ldtt):
    CalendarOverride.objects.create(day=dt.date(2025, 9, 3), kind="day_off", note="Nghỉ bù Quốc khánh")
    with time_machine.travel(dt.datetime(2025, 8, 28, 9, 0), tick=False):  # Thursday
        dossier = ready_dossier(officer_a, person_a, ldtt)
        services.transition(dossier, "submit", officer_a)
    # 29/8, (1–2/9 national holiday, 3/9 extra day off), 4/9, 5/9, 8/9, 9/9
    assert dossier.due_on == dt.date(2025, 9, 9)


def test_overdue_list_and_reminders(officer_a, staff, person_a, ldtt, client):
    staff.email = "tdkt@snv.example"
    staff.save()
    with time_machine.travel(dt.datetime(2025, 1, 20, 9, 0), tick=False):
        dossier = ready_dossier(officer_a, person_a, ldtt, year=2024)
        services.transition(dossier, "submit", officer_a)
    with time_machine.travel(dt.datetime(2025, 2, 5, 9, 0), tick=False):
        client.force_login(staff)
        html = client.get("/ho-so/qua-han/").content.decode()
        assert dossier.title in html and "Quá hạn 2 ngày làm việc" in html
        call_command("send_deadline_reminders")
        assert len(mail.outbox) == 1
        assert dossier.code in mail.outbox[0].body and "quá hạn 2 ngày làm việc" in mail.outbox[0].body
        assert mail.outbox[0].to == ["tdkt@snv.example"]
        call_command("send_deadline_reminders")  # same day again: nothing new
        assert len(mail.outbox) == 1
    # the unit's own officer sees its dossier in the overdue list too, another unit's officer does not
    client.force_login(officer_a)
    with time_machine.travel(dt.datetime(2025, 2, 5, 9, 0), tick=False):
        assert dossier.title in client.get("/ho-so/qua-han/").content.decode()


def test_no_reminder_for_far_deadlines(officer_a, staff, person_a, ldtt):
    staff.email = "tdkt@snv.example"
    staff.save()
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, 0), tick=False):
        dossier = ready_dossier(officer_a, person_a, ldtt)
        services.transition(dossier, "submit", officer_a)
        call_command("send_deadline_reminders")
    assert mail.outbox == []
