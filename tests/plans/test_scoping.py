"""A unit officer of one unit can neither read nor change another unit's tasks (pages and API)."""

import datetime as dt
import json

from thidua.plans.models import Plan, PlanTask


def test_officer_sees_only_tasks_its_unit_leads_or_coordinates(plan_196, gddt_officer, client):
    client.force_login(gddt_officer)
    tasks = client.get(f"/api/v1/plans/{plan_196.pk}/tasks").json()
    assert [t["order"] for t in tasks] == [9, 17]


def test_province_plan_is_readable_by_every_signed_in_user(plan_196, client_b):
    assert client_b.get("/api/v1/plans", {"number": "196/KH-UBND"}).json()[0]["id"] == plan_196.pk
    assert client_b.get(f"/api/v1/plans/{plan_196.pk}/tasks").json() == []


def test_sub_plan_of_unit_a_is_404_for_unit_b(sub_plan_a, client_b):
    assert client_b.get(f"/api/v1/plans/{sub_plan_a.pk}").status_code == 404
    assert client_b.get(f"/api/v1/plans/{sub_plan_a.pk}/tasks").status_code == 404
    assert client_b.get("/api/v1/plans", {"number": "12/KH-A"}).json() == []
    r = client_b.post(f"/api/v1/plans/{sub_plan_a.pk}/tasks/1/status", json.dumps({"status": "in_progress"}),
                      content_type="application/json")
    assert r.status_code == 404
    r = client_b.post(f"/api/v1/plans/{sub_plan_a.pk}/tasks/1/reports", json.dumps({"note": "x"}),
                      content_type="application/json")
    assert r.status_code == 404
    assert PlanTask.objects.get(plan=sub_plan_a, order=1).status == "not_started"
    assert not PlanTask.objects.get(plan=sub_plan_a, order=1).reports.exists()


def test_unit_a_works_on_its_own_sub_plan(sub_plan_a, client_a, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC))
    r = client_a.get(f"/api/v1/plans/{sub_plan_a.pk}/tasks")
    assert [t["content"] for t in r.json()] == ["Phát động thi đua nội bộ đơn vị A"]
    r = client_a.post(f"/api/v1/plans/{sub_plan_a.pk}/tasks/1/status", json.dumps({"status": "in_progress"}),
                      content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "in_progress"


def test_coordinator_reports_but_cannot_change_status(plan_196, gddt_officer, client):
    client.force_login(gddt_officer)
    url = f"/api/v1/plans/{plan_196.pk}/tasks/9"
    r = client.post(url + "/status", json.dumps({"status": "done"}), content_type="application/json")
    assert r.status_code == 403 and "chủ trì" in r.json()["detail"]
    r = client.post(url + "/reports", json.dumps({"note": "Đã tổng hợp số liệu", "percent": 50}),
                    content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["unit"] == "Sở Giáo dục và Đào tạo"
    task = plan_196.tasks.get(order=9)
    assert task.status == "not_started"
    assert task.reports.count() == 1


def test_officer_cannot_touch_task_it_does_not_see(plan_196, gddt_officer, client):
    client.force_login(gddt_officer)
    r = client.post(f"/api/v1/plans/{plan_196.pk}/tasks/2/reports", json.dumps({"note": "x"}),
                    content_type="application/json")
    assert r.status_code == 404


def test_province_plan_is_not_editable_by_unit_officer(plan_196, officer_a, sub_plan_a):
    assert list(Plan.objects.editable_by(officer_a)) == [sub_plan_a]
