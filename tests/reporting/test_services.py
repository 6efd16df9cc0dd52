"""Report requests: issuing, the unit's prepare → head approves → submitted flow, returns with a reason, lateness."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UnitFactory
from tests.reporting.conftest import FIELDS, TODAY
from thidua.core import workdays
from thidua.core.models import AuditEntry
from thidua.orgs.models import EmulationGroup, GroupMembership
from thidua.reporting import services
from thidua.reporting.models import ReportSubmission, SubmissionStatus

pytestmark = pytest.mark.django_db


def _sub(request, unit):
    return ReportSubmission.objects.get(request=request, unit=unit)


def test_issuing_creates_one_draft_per_unit_and_tells_their_officers_and_heads(
    staff, unit_a, unit_b, officer_a, officer_b, leader_a, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = services.issue_request(
            staff,
            kind="half_year",
            title="Sơ kết 6 tháng",
            year=2025,
            due_on=dt.date(2025, 7, 10),
            fields=FIELDS,
            units=[unit_a, unit_b],
            today=TODAY,
        )
    assert (req.period_start, req.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert set(req.submissions.values_list("unit_id", "status")) == {
        (unit_a.pk, "draft"),
        (unit_b.pk, "draft"),
    }
    assert [f["key"] for f in req.fields] == ["f1", "f2", "f3", "f4"]
    [event] = events
    assert event.kind == "report.requested" and event.due == dt.date(2025, 7, 10)
    assert set(event.recipients) == {officer_a, officer_b, leader_a}


def test_due_date_in_working_days_skips_weekends_and_holidays(staff, unit_a):
    # Friday 29/8/2025 + 3 working days: 1 and 2/9 are the National Day holidays → Wednesday 3/9... then Thursday.
    start = dt.date(2025, 8, 29)
    req = services.issue_request(
        staff,
        kind="thematic",
        title="Chuyên đề",
        year=2025,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 8, 31),
        due_working_days=3,
        fields=FIELDS[:1],
        units=[unit_a],
        today=start,
    )
    assert req.due_on == workdays.add_working_days(start, 3)
    assert req.due_on == dt.date(2025, 9, 5)
    assert req.due_working_days == 3


def test_bad_requests_are_refused_with_messages(staff, unit_a):
    with pytest.raises(ValidationError) as exc:
        services.issue_request(
            staff,
            kind="thematic",
            title=" ",
            year=2025,
            due_on=dt.date(2025, 7, 1),
            due_working_days=5,
            fields=[],
            units=[],
            today=TODAY,
        )
    errors = exc.value.message_dict
    assert {"title", "due_on", "units", "fields", "period_start"} <= set(errors)


def test_units_come_from_all_a_group_and_a_list(province, unit_a, unit_b, unit_c):
    dissolved = UnitFactory(code="cu", parent=province, active_to=dt.date(2025, 6, 30))
    below = UnitFactory(code="phong", parent=unit_a)
    group = EmulationGroup.objects.create(name="Khối các sở", kind="block")
    GroupMembership.objects.create(group=group, unit=unit_b)
    GroupMembership.objects.create(group=group, unit=below, left_on=dt.date(2025, 1, 1))
    assert set(services.target_units(all_units=True, today=TODAY)) == {unit_a, unit_b, unit_c}
    assert dissolved not in services.target_units(all_units=True, today=TODAY)
    assert services.target_units(groups=[group], today=TODAY) == [unit_b]
    assert set(services.target_units(groups=[group], units=[below], today=TODAY)) == {unit_b, below}


def test_officer_prepares_head_approves_then_it_is_submitted(
    half_year, unit_a, officer_a, leader_a, events, django_capture_on_commit_callbacks
):
    sub = _sub(half_year, unit_a)
    services.save_submission(
        officer_a, sub, values={"f1": "3", "f2": "1.250", "f4": "20/06/2025"}, summary="Đã tổ chức sơ kết"
    )
    sub.refresh_from_db()
    assert sub.values == {"f1": 3, "f2": 1250, "f4": "2025-06-20"} and sub.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        services.send_for_approval(officer_a, sub)
    assert sub.status == SubmissionStatus.AWAITING_UNIT_APPROVAL
    assert [(e.kind, e.recipients) for e in events] == [("report.awaiting_unit_approval", (leader_a,))]
    # the officer cannot approve, the head can
    with pytest.raises(PermissionDenied):
        services.approve(officer_a, sub)
    with time_machine.travel(dt.datetime(2025, 7, 9, 9, 0), tick=False):
        services.approve(leader_a, sub)
    sub.refresh_from_db()
    assert (
        sub.status == "submitted" and sub.approved_by == leader_a and sub.submitted_on == dt.date(2025, 7, 9)
    )
    assert not sub.is_late()
    steps = list(
        AuditEntry.objects.filter(
            model="reporting.ReportSubmission", object_id=str(sub.pk), action="transition"
        )
        .order_by("id")
        .values_list("actor_id", "changes")
    )
    assert steps == [
        (officer_a.pk, {"status": ["draft", "awaiting_unit_approval"]}),
        (leader_a.pk, {"status": ["awaiting_unit_approval", "submitted"]}),
    ]


def test_a_unit_without_a_head_account_sends_straight_to_the_province(half_year, unit_c, officer_c, events):
    sub = _sub(half_year, unit_c)
    services.save_submission(officer_c, sub, values={"f1": "3", "f2": "1.250", "f4": "20/06/2025"})
    services.send_for_approval(officer_c, sub)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.submitted_at is not None
    assert not [e for e in events if e.kind == "report.awaiting_unit_approval"]


def test_a_required_figure_of_zero_is_an_answer(half_year, unit_c, officer_c):
    sub = _sub(half_year, unit_c)
    services.save_submission(officer_c, sub, values={"f1": "0", "f2": "0"})
    assert sub.values == {"f1": 0, "f2": 0}
    services.send_for_approval(officer_c, sub)  # not «Cần nhập …»
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_sending_needs_the_required_fields(half_year, unit_a, officer_a):
    sub = _sub(half_year, unit_a)
    services.save_submission(officer_a, sub, values={"f1": "2"})
    with pytest.raises(ValidationError) as exc:
        services.send_for_approval(officer_a, sub)
    assert "f2" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_submission(officer_a, sub, values={"f1": "hai", "f4": "31/02/2025"})
    assert set(exc.value.message_dict) == {"f1", "f4"}


def test_head_returns_with_a_reason_and_the_officer_is_told(
    half_year, unit_a, officer_a, leader_a, events, django_capture_on_commit_callbacks
):
    sub = _sub(half_year, unit_a)
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "2"})
    services.send_for_approval(officer_a, sub)
    with pytest.raises(ValidationError):
        services.return_submission(leader_a, sub, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submission(leader_a, sub, reason="Bổ sung số liệu khen thưởng đột xuất")
    sub.refresh_from_db()
    assert sub.status == "returned" and sub.returned_by == leader_a
    last = AuditEntry.objects.filter(model="reporting.ReportSubmission", object_id=str(sub.pk)).latest("id")
    assert (last.actor_id, last.changes, last.note) == (
        leader_a.pk,
        {"status": ["awaiting_unit_approval", "returned"]},
        "Bổ sung số liệu khen thưởng đột xuất",
    )
    assert [(e.kind, e.recipients, e.note) for e in events] == [
        ("report.returned", (officer_a,), "Bổ sung số liệu khen thưởng đột xuất")
    ]
    # the officer can edit and send again
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "5"})
    services.send_for_approval(officer_a, sub)
    assert sub.status == "awaiting_unit_approval"


def test_province_returns_or_accepts_a_submitted_report(half_year, unit_a, staff, officer_a, leader_a):
    sub = _sub(half_year, unit_a)
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "2"})
    with pytest.raises(PermissionDenied):
        services.accept(staff, sub)  # not sent yet
    services.send_for_approval(officer_a, sub)
    with pytest.raises(PermissionDenied):
        services.return_submission(staff, sub, reason="x")  # still inside the unit
    services.approve(leader_a, sub)
    services.return_submission(staff, sub, reason="Thiếu phụ lục số liệu")
    assert sub.status == "returned"
    services.send_for_approval(officer_a, sub)
    services.approve(leader_a, sub)
    services.accept(staff, sub)
    sub.refresh_from_db()
    assert sub.status == "accepted" and sub.accepted_at is not None


def test_another_units_officer_or_head_cannot_touch_the_report(
    half_year, unit_a, officer_b, leader_b, officer_a
):
    sub = _sub(half_year, unit_a)
    with pytest.raises(PermissionDenied):
        services.save_submission(officer_b, sub, values={})
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "2"})
    services.send_for_approval(officer_a, sub)
    with pytest.raises(PermissionDenied):
        services.approve(leader_b, sub)


def test_lateness_counts_calendar_days_after_the_due_date(half_year, unit_a, unit_b, officer_a, leader_a):
    sub = _sub(half_year, unit_a)
    assert sub.days_late(dt.date(2025, 7, 10)) == 0
    assert sub.days_late(dt.date(2025, 7, 14)) == 4
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "2"})
    services.send_for_approval(officer_a, sub)
    with time_machine.travel(dt.datetime(2025, 7, 12, 9, 0), tick=False):
        services.approve(leader_a, sub)
    sub.refresh_from_db()
    assert sub.days_late(dt.date(2025, 8, 1)) == 2  # sent two days late, and stays so


def test_templates_are_reusable_and_names_unique(staff, officer_a):
    t = services.save_template(staff, name="Sơ kết 6 tháng", fields=FIELDS)
    assert [f["label"] for f in t.fields] == [f["label"] for f in FIELDS]
    with pytest.raises(ValidationError):
        services.save_template(staff, name="sơ kết 6 tháng", fields=FIELDS)
    with pytest.raises(ValidationError):
        services.save_template(staff, name="Mẫu lặp", fields=[FIELDS[0], FIELDS[0]])
    with pytest.raises(PermissionDenied):
        services.save_template(officer_a, name="Của đơn vị", fields=FIELDS)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), ("1.234", 1234), ("1.234,5", 1234.5), ("2,5", 2.5), ("1 000", 1000), ("0.5", 0.5)],
)
def test_numbers_are_read_the_vietnamese_way(raw, value):
    assert services.parse_number(raw) == value


@pytest.mark.parametrize("raw", ["hai", "1e999999", "NaN", "Infinity", "1,2,3", "10000000000000000"])
def test_what_is_not_a_reasonable_number_is_refused(raw):
    with pytest.raises(ValueError):
        services.parse_number(raw)
