"""`thidua send_oversight_reminders`: petitions near or past their acceptance/resolution deadline and open
findings near or past their remediation deadline are e-mailed — petitions to province staff only, findings also to
the responsible unit's officers — counted in working days (Tết 2026: 14–22/02 off), once a day per item; a dry run
prints what would be sent and sends nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.oversight import services
from thidua.oversight.models import Finding, Petition


@pytest.fixture
def before_tet(time_machine):
    time_machine.move_to(dt.datetime(2026, 2, 13, 9, tzinfo=dt.UTC))  # Friday before the Tết break


@pytest.fixture
def setup(staff, officer_a, officer_b, unit_a, unit_b, before_tet):
    staff.email = "tdkt@snv.example"
    staff.save()
    officer_a.email = "canbo@gddt.example"
    officer_a.save()
    officer_b.email = "canbo@syt.example"
    officer_b.save()
    UserFactory(username="nghi", role=Role.UNIT_OFFICER, unit=unit_a, email="old@gddt.example", is_active=False)
    complaint = services.save_petition(
        staff, None, kind="complaint", received_on=dt.date(2026, 2, 2), petitioner_name="Trần Thị Bình",
        petitioner_address="Thôn Đông, xã Nghĩa Trụ", subject_unit=unit_a, summary="Khiếu nại kết quả bình xét danh hiệu")
    far = services.save_petition(staff, None, kind="complaint", received_on=dt.date(2026, 2, 12),
                                 subject_unit=unit_a, summary="Khiếu nại khác")
    denunciation = services.save_petition(staff, None, kind="denunciation", received_on=dt.date(2026, 1, 20),
                                          subject_unit=unit_a, summary="Tố cáo cán bộ A")
    plan = services.save_inspection_plan(staff, None, year=2026, number="5/KH-HĐTĐKT", issued_on=dt.date(2026, 1, 5),
                                         title="Kế hoạch kiểm tra năm 2026")
    inspection = services.save_inspection(
        staff, None, plan=plan, unit=unit_a, planned_start=dt.date(2026, 1, 12), planned_end=dt.date(2026, 1, 13),
        content="Kiểm tra", members=[])
    services.start_inspection(staff, inspection, dt.date(2026, 1, 12))

    def finding(description, due_on, unit):
        f = services.save_finding(staff, inspection, None, category="late_report", description=description,
                                  recommendation="Khắc phục", due_on=dt.date(2026, 3, 31), responsible_unit=unit)
        Finding.objects.filter(pk=f.pk).update(due_on=due_on)
        return Finding.objects.get(pk=f.pk)

    return {
        "complaint": complaint, "far": far, "denunciation": denunciation,
        "overdue": finding("Chậm báo cáo sơ kết", dt.date(2026, 2, 10), unit_a),
        "next_month": finding("Thiếu sổ khen thưởng", dt.date(2026, 3, 2), unit_a),
        "other_unit": finding("Chậm gửi hồ sơ của Sở Y tế", dt.date(2026, 2, 24), unit_b),
    }


def by_recipient():
    return {m.to[0]: m for m in mail.outbox}


def test_deadlines_across_tet_are_counted_in_working_days(setup):
    # the complaint's acceptance deadline falls right after Tết: ten calendar days away, one working day
    assert setup["complaint"].accept_by == dt.date(2026, 2, 23)
    call_command("send_oversight_reminders", stdout=StringIO())
    sent = by_recipient()
    assert set(sent) == {"tdkt@snv.example", "canbo@gddt.example", "canbo@syt.example"}
    staff_mail = sent["tdkt@snv.example"].body
    assert setup["complaint"].number in staff_mail and "hạn thụ lý 23/02/2026, còn 1 ngày làm việc" in staff_mail
    assert "Chậm báo cáo sơ kết" in staff_mail and "hạn khắc phục 10/02/2026, quá hạn 3 ngày làm việc" in staff_mail
    assert "Chậm gửi hồ sơ của Sở Y tế" in staff_mail and "còn 2 ngày làm việc" in staff_mail  # 24/02
    assert "Thiếu sổ khen thưởng" not in staff_mail and setup["far"].number not in staff_mail
    # the denunciation is past its 7-working-day acceptance deadline: province staff only
    assert setup["denunciation"].number in staff_mail
    assert "/kiem-tra/don-thu/" in staff_mail and "/kiem-tra/ton-tai/" in staff_mail
    assert sent["tdkt@snv.example"].subject.endswith("Nhắc hạn: 2 đơn thư, 2 tồn tại cần khắc phục")
    # units get their own findings only, never petitions (petitioners' data, denunciations)
    unit_a_mail = sent["canbo@gddt.example"].body
    assert "Chậm báo cáo sơ kết" in unit_a_mail and "Sở Y tế" not in unit_a_mail
    assert "Đơn" not in unit_a_mail and "Trần Thị Bình" not in unit_a_mail
    assert "Chậm gửi hồ sơ của Sở Y tế" in sent["canbo@syt.example"].body
    assert "Chậm báo cáo sơ kết" not in sent["canbo@syt.example"].body


def test_once_a_day_per_item(setup, time_machine):
    call_command("send_oversight_reminders", stdout=StringIO())
    first = len(mail.outbox)
    out = StringIO()
    call_command("send_oversight_reminders", stdout=out)  # same day again: nothing new
    assert len(mail.outbox) == first and "Đã gửi 0 e-mail" in out.getvalue()
    assert Petition.objects.get(pk=setup["complaint"].pk).reminded_on == dt.date(2026, 2, 13)
    # a new finding due soon is still sent the same day, alone
    setup["next_month"].due_on = dt.date(2026, 2, 23)
    Finding.objects.filter(pk=setup["next_month"].pk).update(due_on=dt.date(2026, 2, 23))
    call_command("send_oversight_reminders", stdout=StringIO())
    new = mail.outbox[first:]
    assert new and all("Thiếu sổ khen thưởng" in m.body and "Chậm báo cáo sơ kết" not in m.body for m in new)
    # the first working day after Tết: reminded again
    time_machine.move_to(dt.datetime(2026, 2, 23, 9, tzinfo=dt.UTC))
    mail.outbox.clear()
    call_command("send_oversight_reminders", stdout=StringIO())
    assert "hạn thụ lý 23/02/2026, hết hạn hôm nay" in by_recipient()["tdkt@snv.example"].body


def test_reported_or_closed_items_are_not_chased(setup, staff, officer_a):
    services.report_remediation(officer_a, setup["overdue"], note="Đã gửi báo cáo sơ kết", files=[])
    complaint = services.accept_petition(staff, setup["complaint"], dt.date(2026, 2, 12))
    services.resolve_petition(staff, complaint, result="Giữ nguyên kết quả", decision_number="3/QĐ",
                              decision_date=dt.date(2026, 2, 13))
    call_command("send_oversight_reminders", stdout=StringIO())
    body = by_recipient()["tdkt@snv.example"].body
    assert "Chậm báo cáo sơ kết" not in body and setup["complaint"].number not in body
    assert "canbo@gddt.example" not in by_recipient()


def test_dry_run_prints_and_sends_nothing(setup):
    out = StringIO()
    call_command("send_oversight_reminders", "--dry-run", "--days", "6", stdout=out)
    text = out.getvalue()
    assert mail.outbox == []
    assert "Đến: tdkt@snv.example" in text and "Đến: canbo@gddt.example" in text
    assert "Thiếu sổ khen thưởng" in text  # 02/03 is the 6th working day after 13/02, across Tết
    assert "Chạy thử: sẽ gửi 3 e-mail" in text
    assert not Petition.objects.exclude(reminded_on=None).exists()
    assert not Finding.objects.exclude(reminded_on=None).exists()
    call_command("send_oversight_reminders", stdout=StringIO())  # a dry run did not use up today's reminder
    assert len(mail.outbox) == 3


def test_nobody_to_tell_is_reported(staff, unit_a, before_tet):
    services.save_petition(staff, None, kind="complaint", received_on=dt.date(2026, 1, 5), subject_unit=unit_a,
                           summary="Khiếu nại")
    err = StringIO()
    call_command("send_oversight_reminders", stdout=StringIO(), stderr=err)
    assert mail.outbox == [] and "không có cán bộ nào có địa chỉ e-mail" in err.getvalue()


@pytest.mark.parametrize("args, message", [
    (["--date", "2026-02-30"], "Ngày không hợp lệ"),
    (["--days", "hai"], "Số ngày làm việc không hợp lệ"),
    (["--days", "-1"], "Số ngày làm việc không hợp lệ"),
])
def test_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_oversight_reminders", *args, stdout=StringIO())
