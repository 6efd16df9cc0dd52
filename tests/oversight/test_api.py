"""Oversight API: same scoping as the pages, masked personal data, `{"detail": …}` errors, keyset pages."""

import datetime as dt

import pytest
from django.test import Client

from thidua.oversight import services


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def concluded(staff, inspection_a, finding_a):
    services.conclude_inspection(staff, inspection_a, conclusion="Kết luận", conclusion_number="15/TB-HĐTĐKT",
                                 conclusion_date=dt.date(2025, 9, 30))
    return inspection_a


def test_inspection_shapes(staff, concluded, inspection_plan):
    client = as_user(staff)
    plans = client.get("/api/v1/oversight/inspection-plans", {"year": 2025}).json()["items"]
    assert plans[0]["number"] == "88/KH-HĐTĐKT" and plans[0]["plan_task"] is None
    page = client.get("/api/v1/oversight/inspections", {"quarter": "III"}).json()
    assert page["next_cursor"] is None and len(page["items"]) == 1
    row = page["items"][0]
    assert row["unit"] == "Sở Giáo dục và Đào tạo" and row["status"] == "concluded" and row["findings_count"] == 1
    detail = client.get(f"/api/v1/oversight/inspections/{row['id']}").json()
    assert detail["team_head"] == "Đỗ Minh Tuấn" and detail["team"][0]["name"] == "Nguyễn Thị Hương"
    assert detail["findings"][0]["category"] == "over_ratio" and detail["conclusion_number"] == "15/TB-HĐTĐKT"


def test_scoping_and_errors(officer_a, officer_b, concluded, finding_a):
    a, b = as_user(officer_a), as_user(officer_b)
    assert len(a.get("/api/v1/oversight/findings").json()["items"]) == 1
    assert b.get("/api/v1/oversight/findings").json()["items"] == []
    assert b.get("/api/v1/oversight/inspections").json()["items"] == []
    r = b.get(f"/api/v1/oversight/inspections/{concluded.pk}")
    assert r.status_code == 404 and "detail" in r.json()
    assert b.get(f"/api/v1/oversight/findings/{finding_a.pk}").status_code == 404
    r = a.get("/api/v1/oversight/inspections", {"quarter": "V"})
    assert r.status_code == 400 and "Quý không hợp lệ" in r.json()["detail"]
    r = a.get("/api/v1/oversight/findings", {"unit": 999999})
    assert r.status_code == 400 and "Không có đơn vị" in r.json()["detail"]
    assert a.get("/api/v1/oversight/findings", {"unit": "khong-co"}).status_code == 422  # an id, as everywhere
    assert len(a.get("/api/v1/oversight/findings", {"unit": finding_a.responsible_unit_id}).json()["items"]) == 1
    assert Client().get("/api/v1/oversight/findings").status_code == 401


def test_petition_masking_and_deadlines(staff, leader, officer_a, officer_b, complaint_a):
    services.accept_petition(staff, complaint_a, dt.date(2025, 10, 6))
    full = as_user(staff).get(f"/api/v1/oversight/petitions/{complaint_a.pk}").json()
    assert full["petitioner_name"] == "Trần Thị Bình" and not full["petitioner_masked"]
    assert full["resolve_by"] == "2025-11-05" and full["legal_basis"]["resolve"] == "Luật Khiếu nại 2011, Điều 28"
    assert full["pending_proceeding_open"] is True
    masked = as_user(leader).get(f"/api/v1/oversight/petitions/{complaint_a.pk}").json()
    assert masked["petitioner_masked"] and "Bình" not in masked["petitioner_name"]
    assert len(as_user(officer_a).get("/api/v1/oversight/petitions").json()["items"]) == 1
    assert as_user(officer_b).get(f"/api/v1/oversight/petitions/{complaint_a.pk}").status_code == 404
    r = as_user(staff).get("/api/v1/oversight/petitions", {"kind": "khac"})
    assert r.status_code == 400 and "Loại đơn" in r.json()["detail"]
    assert as_user(staff).get("/api/v1/oversight/petitions", {"q": "tran thi binh"}).json()["items"]
    assert not as_user(officer_a).get("/api/v1/oversight/petitions", {"q": "tran thi binh"}).json()["items"]


def test_keyset_pages(staff, unit_a, in_oct_2025):
    for i in range(5):
        services.save_petition(staff, None, kind="recommendation", received_on=dt.date(2025, 10, 1),
                               subject_unit=unit_a, summary=f"Kiến nghị {i}")
    client, seen, cursor = as_user(staff), [], None
    while True:
        page = client.get("/api/v1/oversight/petitions", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 2
        seen += [p["number"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == [f"ĐT-2025-00{i}" for i in range(1, 6)] and len(seen) == 5


def test_openapi_lists_oversight_endpoints(staff):
    paths = as_user(staff).get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/oversight/petitions", "/api/v1/oversight/inspections/{inspection_id}",
            "/api/v1/oversight/findings"} <= set(paths)
