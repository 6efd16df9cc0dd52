"""Every appendix task of plan 196/KH-UBND leads to the pages where its work is done — the plan is the source of
the requirements, and a task a user cannot act on in the system would be a gap. Links respect the user's role."""

import pytest

from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.plans.work_areas import pages_for

pytestmark = pytest.mark.django_db

EXPECTED = {
    2: "movements:registration_list", 4: "movements:movement_list", 5: "outreach:exemplar_list",
    7: "dossiers:list", 8: "oversight:plan_list", 10: "dossiers:council", 12: "reports:periodic",
    13: "outreach:congress_list", 14: "outreach:training_list", 16: "oversight:plan_list", 18: "orgs:group_list",
    20: "outreach:report", 21: "dossiers:list", 22: "outreach:congress_list", 25: "movements:rubric_list",
    26: "plans:plan_list", 27: "dossiers:list",
}


def test_every_task_of_the_plan_has_somewhere_to_be_done(plan_196):
    tasks = list(plan_196.tasks.order_by("order"))
    assert len(tasks) == 27
    for task in tasks:
        pages = pages_for(task.content)
        assert pages, (task.order, task.content)
        if task.order in EXPECTED:
            assert EXPECTED[task.order] in pages, (task.order, pages)
    # The 6-month and annual reports (tasks 12, 24): the statistics and the requests to units for their reports.
    for order in (12, 24):
        assert "reporting:request_list" in pages_for(plan_196.tasks.get(order=order).content), order


def test_task_page_links_to_the_work_and_each_link_opens(plan_196, staff_client):
    for order in (8, 13, 14, 20, 22, 27):
        task = plan_196.tasks.get(order=order)
        html = staff_client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
        assert 'id="work-areas"' in html, order
    task = plan_196.tasks.get(order=14)
    html = staff_client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "/tuyen-truyen/tap-huan/" in html and "Tập huấn nghiệp vụ" in html
    for order in range(1, 28):
        for url_name in pages_for(plan_196.tasks.get(order=order).content):
            from django.urls import reverse

            assert staff_client.get(reverse(url_name)).status_code == 200, (order, url_name)


def test_links_follow_the_role(plan_196, client, unit_a):
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit_a)
    client.force_login(officer)
    task = plan_196.tasks.get(order=10)  # council session: the council's pages are not for unit officers
    html = client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "/ho-so/hoi-dong/" not in html


def test_rules_read_any_provinces_wording():
    assert pages_for("Tổ chức tập huấn nghiệp vụ TĐKT cho cán bộ cấp xã") == ["outreach:training_list"]
    assert pages_for("KIEM TRA cong tac thi dua tai cac so, nganh") == ["oversight:plan_list"]
    assert pages_for("Giải quyết đơn thư, khiếu nại về khen thưởng") == ["oversight:petition_list"]
    assert pages_for("Nội dung không liên quan") == []
