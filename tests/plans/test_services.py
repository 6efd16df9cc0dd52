"""Status transitions, overdue computed from the due date, progress reports, sub-plans, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEntry
from thidua.plans import services
from thidua.plans.models import PlanTask, TaskStatus


@pytest.fixture
def in_march_2025(time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC))


def test_links_resolve_named_units_and_keep_cells(plan_196, named_units):
    t5 = plan_196.tasks.get(order=5)
    assert t5.lead_unit == named_units["so-noi-vu"]
    assert set(t5.coordinating_units.all()) == {named_units["bao-hung-yen"], named_units["dai-pt-th"]}
    t9 = plan_196.tasks.get(order=9)
    assert named_units["so-gddt"] in t9.coordinating_units.all()
    assert t9.coordinating_text == "Sở GD&ĐT; Khối thi đua các trường ĐH, CĐ; UBND các huyện, thành phố, thị xã."
    assert not plan_196.tasks.get(order=1).coordinating_units.exists()  # generic cell: no link


def test_transition_table(plan_196, staff, in_march_2025):
    task = plan_196.tasks.get(order=2)
    services.change_status(staff, task, TaskStatus.IN_PROGRESS)
    services.change_status(staff, task, TaskStatus.DONE, completed_on=dt.date(2025, 3, 5))
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.progress_percent) == ("done", dt.date(2025, 3, 5), 100)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.change_status(staff, task, TaskStatus.NOT_STARTED)
    services.change_status(staff, task, TaskStatus.IN_PROGRESS)  # reopen
    task.refresh_from_db()
    assert task.status == "in_progress" and task.completed_on is None
    steps = AuditEntry.objects.filter(model="plans.PlanTask", object_id=str(task.pk), action="transition").order_by("id")
    assert [e.changes["status"] for e in steps] == [
        ["not_started", "in_progress"], ["in_progress", "done"], ["done", "in_progress"]]
    assert all(e.actor == staff for e in steps)


def test_stale_state_is_refused(plan_196, staff, in_march_2025):
    task = plan_196.tasks.get(order=2)
    stale = PlanTask.objects.get(pk=task.pk)
    services.change_status(staff, task, TaskStatus.DONE)
    with pytest.raises(ValidationError, match="người khác"):
        services.change_status(staff, stale, TaskStatus.IN_PROGRESS)


@pytest.mark.parametrize("day", [dt.date(2025, 3, 11), dt.date(2020, 1, 1)])
def test_wrong_completion_date_is_refused(plan_196, staff, in_march_2025, day):
    task = plan_196.tasks.get(order=2)
    with pytest.raises(ValidationError):
        services.change_status(staff, task, TaskStatus.DONE, completed_on=day)
    task.refresh_from_db()
    assert task.status == "not_started"


def test_overdue_is_computed_without_a_cron(plan_196, staff, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC))
    assert not PlanTask.objects.overdue().exists()
    time_machine.move_to(dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC))
    assert list(PlanTask.objects.overdue().values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    task = plan_196.tasks.get(order=1)
    assert task.effective_status == "overdue"
    services.change_status(staff, task, TaskStatus.DONE, completed_on=dt.date(2025, 3, 30))
    assert task.effective_status == "done"
    statuses = dict(PlanTask.objects.with_effective_status().values_list("order", "effective_status"))
    assert statuses[1] == "done" and statuses[2] == "overdue" and statuses[6] == "not_started"
    assert PlanTask.objects.with_status("overdue").count() == 4


def test_lead_unit_report_moves_status(plan_196, snv_officer, in_march_2025):
    task = plan_196.tasks.get(order=4)
    services.report_progress(snv_officer, task, note="Đã dự thảo kế hoạch", percent=40, status=TaskStatus.IN_PROGRESS)
    task.refresh_from_db()
    assert (task.status, task.progress_percent, task.progress_note) == ("in_progress", 40, "Đã dự thảo kế hoạch")


def test_report_needs_a_note_and_a_sane_percent(plan_196, gddt_officer, in_march_2025):
    task = plan_196.tasks.get(order=9)
    with pytest.raises(ValidationError, match="nội dung"):
        services.report_progress(gddt_officer, task, note="  ")
    with pytest.raises(ValidationError, match="0 đến 100"):
        services.report_progress(gddt_officer, task, note="x", percent=150)
    with pytest.raises(PermissionDenied):
        services.report_progress(gddt_officer, task, note="x", status=TaskStatus.DONE)
    assert not task.reports.exists()


def test_sub_plan_copies_selected_visible_tasks(plan_196, gddt_officer):
    visible = list(PlanTask.objects.visible_to(gddt_officer).filter(plan=plan_196).values_list("pk", flat=True))
    sub = services.derive_sub_plan(gddt_officer, plan_196, number="25/KH-SGDĐT", title="", issued_on=dt.date(2025, 1, 10),
                                   task_ids=visible)
    assert sub.parent == plan_196 and sub.unit == gddt_officer.unit and sub.year == 2025
    assert [(t.order, t.source_task.order, t.lead_unit) for t in sub.tasks.all()] == [
        (1, 9, gddt_officer.unit), (2, 17, gddt_officer.unit)]
    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        services.derive_sub_plan(gddt_officer, plan_196, number="26/KH-SGDĐT", title="", issued_on=dt.date(2025, 1, 10),
                                 task_ids=[])


def test_sub_plan_cannot_copy_tasks_the_unit_cannot_see(plan_196, gddt_officer):
    hidden = plan_196.tasks.get(order=2).pk
    with pytest.raises(ValidationError, match="không được xem"):
        services.derive_sub_plan(gddt_officer, plan_196, number="1/KH", title="", issued_on=dt.date(2025, 1, 10),
                                 task_ids=[hidden])
    assert not plan_196.sub_plans.exists()


def test_sub_plan_wrong_dates(plan_196, gddt_officer):
    with pytest.raises(ValidationError) as exc:
        services.derive_sub_plan(gddt_officer, plan_196, number="1/KH", title="", issued_on=dt.date(2024, 1, 1),
                                 task_ids=[])
    assert "trước ngày ban hành" in " ".join(exc.value.messages)


def test_sub_plan_tasks_stay_inside_the_unit(sub_plan_a, officer_a, unit_b):
    with pytest.raises(ValidationError, match="trực thuộc"):
        services.save_task(officer_a, sub_plan_a, None, content="Việc mới", schedule="Quý II", lead_unit_text="B",
                           coordinating_text="", lead_unit=unit_b)


def test_demo_load_is_idempotent(db):
    from thidua.core import demo as core_demo

    core_demo.load()
    core_demo.load()
    from thidua.plans.models import Plan

    plan = Plan.objects.get(number="196/KH-UBND")
    assert plan.tasks.count() == 27
    assert plan.sections.filter(level=1).count() == 3
    assert plan.sub_plans.count() == 1


def test_any_sequence_of_requests_keeps_the_task_consistent(plan_196, staff, in_march_2025):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    statuses = st.sampled_from(["not_started", "in_progress", "done", "overdue", "xong"])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(statuses, max_size=8))
    def run(requests):
        PlanTask.objects.filter(plan=plan_196, order=3).update(status="not_started", completed_on=None)
        task = plan_196.tasks.get(order=3)
        for wanted in requests:
            before = task.status
            allowed = wanted in services.TRANSITIONS.get(before, set())
            try:
                services.change_status(staff, task, wanted)
            except ValidationError:
                assert not allowed
            else:
                assert allowed
            stored = PlanTask.objects.get(pk=task.pk)
            assert stored.status == task.status
            assert (stored.status == "done") == (stored.completed_on is not None)

    run()
