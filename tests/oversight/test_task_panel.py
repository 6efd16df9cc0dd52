"""The annual plan's task page lists the inspection plans and inspections carrying out that task (read-only), each
viewer seeing only the inspections they may see."""

import datetime as dt

import pytest
from django.test import Client

from tests.plans.conftest import make_plan_196
from thidua.oversight import services


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def linked(staff, province, unit_a, unit_b, in_oct_2025):
    plan = make_plan_196(province)
    tasks = {t.order: t for t in plan.tasks.all()}
    inspection_plan = services.save_inspection_plan(
        staff, None, year=2025, number="88/KH-HĐTĐKT", issued_on=dt.date(2025, 5, 12),
        title="Kế hoạch kiểm tra công tác thi đua, khen thưởng năm 2025", plan_task=tasks[8])
    for unit, start in ((unit_a, dt.date(2025, 9, 8)), (unit_b, dt.date(2025, 10, 6))):
        services.save_inspection(staff, None, plan=inspection_plan, unit=unit, planned_start=start,
                                 planned_end=start + dt.timedelta(days=1), content="Kiểm tra", members=[],
                                 plan_task=tasks[16])
    return tasks


def page(user, task) -> str:
    r = as_user(user).get(f"/ke-hoach/nhiem-vu/{task.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def test_task_page_lists_linked_inspections(staff, linked, unit_a, unit_b):
    html = page(staff, linked[16])
    assert 'id="inspections-panel"' in html and unit_a.name in html and unit_b.name in html
    assert "Theo kế hoạch" in html and "/kiem-tra/cuoc-kiem-tra/" in html
    html = page(staff, linked[8])  # the inspection plan's task: the plan and its inspections
    assert "88/KH-HĐTĐKT" in html and "/kiem-tra/ke-hoach/" in html and unit_b.name in html
    assert 'id="inspections-panel"' not in page(staff, linked[1])  # nothing linked: no panel


def test_each_viewer_sees_only_their_inspections(officer_a, linked, unit_a, unit_b):
    from thidua.plans.models import PlanTask

    PlanTask.objects.filter(pk=linked[16].pk).update(lead_unit=unit_a)  # unit A may open the task's page
    html = page(officer_a, linked[16])
    panel = html[html.index('id="inspections-panel"'):]
    panel = panel[:panel.index("</div></div>")]
    assert unit_a.name in panel and unit_b.name not in panel
    assert "Sửa" not in panel and "<form" not in panel  # read-only
