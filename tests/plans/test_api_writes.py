"""Plans written through the API (issue #15): the province creates a plan with its appendix, edits its heading, adds,
edits and deletes tasks; a unit officer works on its own sub-plan only. Same services as the pages
(plans.services.create_plan, update_plan, save_task, delete_task), same rights, Vietnamese 4xx for bad input."""

import pytest

from tests.api.test_journey import Caller, ok
from thidua.plans.models import Plan

pytestmark = pytest.mark.django_db

PLAN = {
    "number": "20 /KH - UBND",
    "title": "Kế hoạch tổ chức phong trào thi đua chuyển đổi số năm 2025",
    "issued_on": "2025-01-10",
    "issuer": "Ủy ban nhân dân tỉnh",
    "year": 2025,
    "tasks": [
        {"order": 1, "content": "Phát động phong trào", "lead": "Sở Nội vụ",
         "coordinating": "Sở Giáo dục và Đào tạo; Báo Hưng Yên", "schedule": "Quý I"},
        {"order": 2, "content": "Sơ kết 6 tháng", "lead": "Sở Nội vụ", "schedule": "Quý II,III"},
    ],
}


def test_province_creates_a_plan_with_its_appendix(client, staff, officer_a, province, named_units):
    api, body = Caller(client, staff), {**PLAN, "unit_id": province.pk}
    refused = Caller(client, officer_a).post("/plans", body)
    assert refused.status_code == 403 and "cấp tỉnh" in refused.json()["detail"]
    plan = ok(api.post("/plans", body), 201)
    assert plan["number"] == "20/KH-UBND" and plan["year"] == 2025
    tasks = ok(api.get(f"/plans/{plan['id']}/tasks"))  # DESIGN.md §4.3: a plain array in appendix order
    assert [(t["order"], t["due_on"], t["quarters"]) for t in tasks] == [
        (1, "2025-03-31", ["I"]), (2, "2025-09-30", ["II", "III"])]
    assert tasks[0]["coordinating_units"] == ["Sở Giáo dục và Đào tạo", "Báo Hưng Yên"]
    assert Plan.objects.get(pk=plan["id"]).tasks.get(order=1).lead_unit == named_units["so-noi-vu"]
    assert [p["id"] for p in ok(api.get("/plans", q="chuyen doi so"))] == [plan["id"]]

    for bad, words in (
        (body, "đã có"),
        ({**body, "number": "21/KH-UBND", "issued_on": "2026-01-02"}, "không được sau năm"),
        ({**body, "number": "22/KH-UBND", "year": 1800, "issued_on": "1800-01-01"}, "Năm kế hoạch"),
        ({**body, "number": "23/KH-UBND", "tasks": [{**PLAN["tasks"][0], "schedule": "Quý V"}]}, "Nhiệm vụ số 1"),
        ({**body, "number": "24/KH-UBND", "title": "x" * 301}, "trích yếu"),
        ({**body, "number": "25/KH-UBND", "unit_id": 999999}, "đơn vị ban hành"),
    ):
        response = api.post("/plans", bad)
        assert response.status_code == 400 and words.lower() in response.json()["detail"].lower(), response.json()
    assert api.post("/plans", {**body, "issued_on": "10/01/2025"}).status_code == 422
    assert Plan.objects.count() == 1


def test_province_edits_a_plan_and_its_tasks(client, staff, plan_196):
    api = Caller(client, staff)
    url = f"/plans/{plan_196.pk}"
    assert ok(api.patch(url, {"signer": "Nguyễn Văn Xuân"}))["signer"] == "Nguyễn Văn Xuân"
    late = api.patch(url, {"issued_on": "2026-02-01"})
    assert late.status_code == 400 and "không được sau năm" in late.json()["detail"]
    assert api.patch("/plans/999999", {"signer": "x"}).status_code == 404

    added = ok(api.post(f"{url}/tasks", {"content": "Tổng kết công tác thi đua", "schedule": "Quý IV"}), 201)
    assert added["order"] == 28 and added["due_on"] == "2025-12-31"
    edited = ok(api.patch(f"{url}/tasks/28", {"schedule": "Quý III"}))
    assert edited["due_on"] == "2025-09-30" and edited["content"] == "Tổng kết công tác thi đua"
    bad = api.patch(f"{url}/tasks/28", {"schedule": "Quý X"})
    assert bad.status_code == 400 and bad.json()["detail"]
    taken = api.post(f"{url}/tasks", {"content": "Trùng số", "schedule": "Quý I", "order": 1})
    assert taken.status_code == 400 and "đã có" in taken.json()["detail"]
    assert api.post(f"{url}/tasks", {"content": " ", "schedule": "Quý I"}).status_code == 400
    assert api.post(f"{url}/tasks", {"content": "x", "schedule": "Quý I", "order": 10**12}).status_code == 400
    assert ok(api.delete(f"{url}/tasks/28"))["detail"]
    assert api.get(f"{url}/tasks/28/reports").status_code == 404
    reported = api.post(f"{url}/tasks/1/reports", {"note": "Đã triển khai"})
    assert reported.status_code == 201
    kept = api.delete(f"{url}/tasks/1")  # a task with progress reports stays
    assert kept.status_code == 400 and "báo cáo" in kept.json()["detail"]
    reports = ok(api.get(f"{url}/tasks/1/reports"))
    assert [r["note"] for r in reports["items"]] == ["Đã triển khai"] and reports["next_cursor"] is None


def test_unit_officer_writes_its_own_sub_plan_only(client, officer_a, officer_b, plan_196, sub_plan_a, unit_b):
    a, b = Caller(client, officer_a), Caller(client, officer_b)
    task = {"content": "Hội thi giáo viên dạy giỏi", "schedule": "Quý II"}
    assert a.post(f"/plans/{plan_196.pk}/tasks", task).status_code == 403  # the province's plan: read only
    assert a.patch(f"/plans/{plan_196.pk}", {"signer": "x"}).status_code == 403
    own = ok(a.post(f"/plans/{sub_plan_a.pk}/tasks", {**task, "lead_unit_id": officer_a.unit_id}), 201)
    assert own["order"] == 2
    elsewhere = a.post(f"/plans/{sub_plan_a.pk}/tasks", {**task, "lead_unit_id": unit_b.pk})
    assert elsewhere.status_code == 400 and "đơn vị trực thuộc" in elsewhere.json()["detail"]
    moved = a.patch(f"/plans/{sub_plan_a.pk}", {"year": 2026})
    assert moved.status_code == 400 and "kế hoạch cấp trên" in moved.json()["detail"]
    assert ok(a.patch(f"/plans/{sub_plan_a.pk}", {"title": "Kế hoạch TĐKT năm 2025 của đơn vị A"}))["title"]
    assert b.patch(f"/plans/{sub_plan_a.pk}", {"title": "x"}).status_code == 404
    assert b.post(f"/plans/{sub_plan_a.pk}/tasks", task).status_code == 404
    assert b.delete(f"/plans/{sub_plan_a.pk}/tasks/2").status_code == 404


def test_replace_a_plans_sections(client, staff, officer_a, plan_196):
    api, url = Caller(client, staff), f"/plans/{plan_196.pk}/sections"
    body = {"sections": [{"level": 1, "label": "I", "title": "MỤC ĐÍCH, YÊU CẦU"},
                         {"level": 2, "label": "1", "body": "Phát huy truyền thống yêu nước."},
                         {"level": 3, "label": "a", "title": " ", "body": ""}]}  # an empty row is dropped
    plan = ok(api.put(url, body))
    assert [(s["level"], s["label"]) for s in plan["sections"]] == [(1, "I"), (2, "1")]
    assert api.put(url, {"sections": [{"level": 4, "title": "x"}]}).status_code == 422
    too_long = api.put(url, {"sections": [{"level": 1, "label": "I" * 11, "title": "x"}]})
    assert too_long.status_code == 400 and "tối đa 10" in too_long.json()["detail"]
    assert Caller(client, officer_a).put(url, body).status_code == 403
    assert len(ok(api.get(f"/plans/{plan_196.pk}"))["sections"]) == 2
