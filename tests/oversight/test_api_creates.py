"""Creating and editing through the oversight API (issue #15): inspection plans, inspections with their team,
findings, petitions (deadlines computed as on the page), a handler given a petition, signs of violation, the
conclusion notice. Province staff only (403 for others), another unit's records 404, bad input a Vietnamese 4xx."""

import datetime as dt
import io
import zipfile

import pytest

from tests.api.test_journey import Caller, ok
from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.oversight.models import Inspection, Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist(province):
    return UserFactory(username="chuyenvien", role=Role.PROVINCE_STAFF, unit=province, first_name="Hà",
                       last_name="Phạm Thu")


def test_inspection_plan_and_inspection_with_its_team(client, staff, specialist, officer_a, unit_a, in_oct_2025):
    province, unit = Caller(client, staff), Caller(client, officer_a)
    body = {"year": 2026, "number": "12/KH-HĐTĐKT", "issued_on": "2025-10-10",
            "title": "Kế hoạch kiểm tra công tác thi đua, khen thưởng năm 2026"}
    assert unit.post("/oversight/inspection-plans", body).status_code == 403
    plan = ok(province.post("/oversight/inspection-plans", body), 201)
    assert plan["number"] == "12/KH-HĐTĐKT" and plan["issuer"] == "Hội đồng Thi đua - Khen thưởng tỉnh"
    clash = province.post("/oversight/inspection-plans", body)
    assert clash.status_code == 400 and "đã có" in clash.json()["detail"]
    bad = province.post("/oversight/inspection-plans", {**body, "issued_on": "2024-05-01"})
    assert bad.status_code == 400 and "ban hành trong năm" in bad.json()["detail"]
    edited = ok(province.put(f"/oversight/inspection-plans/{plan['id']}", {**body, "signer": "Nguyễn Văn Bình"}))
    assert edited["id"] == plan["id"]
    assert ok(unit.get(f"/oversight/inspection-plans/{plan['id']}"))["number"] == "12/KH-HĐTĐKT"

    inspection = {"plan_id": plan["id"], "unit": unit_a.code, "planned_start": "2026-04-06",
                  "planned_end": "2026-04-08", "content": "Kiểm tra việc bình xét danh hiệu thi đua",
                  "decision_number": "30/QĐ-HĐTĐKT", "decision_date": "2026-03-30",
                  "team_head_username": specialist.username,
                  "team": [{"username": staff.username, "title": "Chuyên viên"},
                           {"name": "Lê Văn Tâm", "title": "Thanh tra tỉnh"}]}
    assert unit.post("/oversight/inspections", inspection).status_code == 403
    created = ok(province.post("/oversight/inspections", inspection), 201)
    assert created["quarter"] == "II" and created["status"] == "planned" and created["unit_code"] == unit_a.code
    assert created["team_head"] == specialist.display_name
    assert [(m["name"], m["username"]) for m in created["team"]] == [
        (staff.display_name, staff.username), ("Lê Văn Tâm", None)]
    assert Inspection.objects.get(pk=created["id"]).team_head_user == specialist
    # the unit inspected sees it; another unit does not
    assert ok(unit.get(f"/oversight/inspections/{created['id']}"))["content"].startswith("Kiểm tra")
    for wrong, message in (({"planned_end": "2026-04-01"}, "không được trước ngày bắt đầu"),
                           ({"unit": "khong-co"}, "Không có đơn vị"),
                           ({"planned_start": "2027-01-05", "planned_end": "2027-01-06"}, "phải bắt đầu trong năm"),
                           ({"team_head_username": officer_a.username}, "không phải tài khoản cán bộ cấp tỉnh"),
                           ({"team": [{"title": "?"}]}, "username"),
                           ({"plan_id": 999999}, "Không có kế hoạch kiểm tra")):
        r = province.post("/oversight/inspections", {**inspection, **wrong})
        assert r.status_code == 400 and message in r.json()["detail"], (wrong, r.json())
    assert province.post("/oversight/inspections", {**inspection, "quarter": "V"}).status_code == 422
    edited = ok(province.put(f"/oversight/inspections/{created['id']}", {**inspection, "team": [], "quarter": "I"}))
    assert edited["team"] == [] and edited["quarter"] == "I"
    # an unplanned (đột xuất) inspection needs no plan
    assert ok(province.post("/oversight/inspections", {**inspection, "plan_id": None}), 201)["plan_id"] is None


def test_editing_an_inspection_outside_scope_or_finished(client, staff, officer_b, inspection_a, unit_a):
    body = {"unit": unit_a.code, "planned_start": "2025-09-08", "planned_end": "2025-09-10", "content": "Nội dung"}
    r = Caller(client, officer_b).put(f"/oversight/inspections/{inspection_a.pk}", body)
    assert r.status_code == 404 and "detail" in r.json()
    province = Caller(client, staff)
    ok(province.post(f"/oversight/inspections/{inspection_a.pk}/conclude",
                     {"conclusion": "Kết luận", "conclusion_number": "15/TB-HĐTĐKT", "conclusion_date": "2025-09-30"}))
    r = province.put(f"/oversight/inspections/{inspection_a.pk}", body)
    assert r.status_code == 400 and "đã kết thúc" in r.json()["detail"]


def test_conclusion_notice_docx(client, staff, officer_a, officer_b, inspection_a, finding_a):
    r = Caller(client, officer_a).get(f"/oversight/inspections/{inspection_a.pk}/notice.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "Tỷ lệ Chiến sĩ thi đua cơ sở vượt 15%" in xml
    assert Caller(client, officer_b).get(f"/oversight/inspections/{inspection_a.pk}/notice.docx").status_code == 404
    planned = Inspection.objects.create(unit=inspection_a.unit, planned_start=dt.date(2025, 11, 3),
                                        planned_end=dt.date(2025, 11, 4), content="Kiểm tra", quarter=4)
    r = Caller(client, staff).get(f"/oversight/inspections/{planned.pk}/notice.docx")
    assert r.status_code == 400 and "đang tiến hành hoặc đã kết luận" in r.json()["detail"]


def test_edit_a_finding_and_mark_then_clear_a_violation(client, staff, officer_a, person_a, finding_a):
    province = Caller(client, staff)
    body = {"category": "over_ratio", "description": "Tỷ lệ vượt 15%", "recommendation": "Điều chỉnh quy chế",
            "due_on": "2026-01-31"}
    assert Caller(client, officer_a).put(f"/oversight/findings/{finding_a.pk}", body).status_code == 403
    edited = ok(province.put(f"/oversight/findings/{finding_a.pk}", body))
    assert edited["description"] == "Tỷ lệ vượt 15%" and edited["due_on"] == "2026-01-31"
    r = province.put(f"/oversight/findings/{finding_a.pk}", {**body, "working_days": 10})
    assert r.status_code == 400
    assert province.put(f"/oversight/findings/{finding_a.pk}", {**body, "category": "khac"}).status_code == 422
    marked = province.post(f"/oversight/findings/{finding_a.pk}/violation",
                           {"action": "mark", "person_id": person_a.pk, "note": "Kê khai sai thành tích"})
    assert marked.status_code == 200
    assert person_a.proceedings.filter(closed_on__isnull=True).exists()
    again = province.post(f"/oversight/findings/{finding_a.pk}/violation", {"action": "mark"})
    assert again.status_code == 400 and "đã được ghi nhận" in again.json()["detail"]
    r = province.post(f"/oversight/findings/{finding_a.pk}/violation", {"action": "clear"})
    assert r.status_code == 400 and "kết quả xác minh" in r.json()["detail"]
    ok(province.post(f"/oversight/findings/{finding_a.pk}/violation",
                     {"action": "clear", "note": "Xác minh: không vi phạm."}))
    assert not person_a.proceedings.filter(closed_on__isnull=True).exists()
    assert Caller(client, officer_a).post(f"/oversight/findings/{finding_a.pk}/violation",
                                          {"action": "mark"}).status_code == 403


def test_petition_received_through_the_api_has_the_pages_deadlines(client, staff, specialist, officer_a, unit_a,
                                                                   person_a, in_oct_2025):
    province = Caller(client, staff)
    body = {"kind": "complaint", "received_on": "2025-10-01", "channel": "direct",
            "petitioner_name": "Trần Thị Bình", "petitioner_address": "Phố Hiến",
            "petitioner_phone": "0912 345.678", "subject_unit": unit_a.code, "person_id": person_a.pk,
            "summary": "Khiếu nại kết quả bình xét"}
    assert Caller(client, officer_a).post("/oversight/petitions", body).status_code == 403
    p = ok(province.post("/oversight/petitions", body), 201)
    # the same deadline the page shows for this complaint (tests/oversight/test_pages.py: 15/10/2025, Art 27)
    assert p["accept_by"] == "2025-10-15" and p["legal_basis"]["accept"] == "Luật Khiếu nại 2011, Điều 27"
    assert p["number"].startswith("ĐT-2025-") and p["status"] == "received" and p["handler"] is None
    assert Petition.objects.get(pk=p["id"]).petitioner_phone == "0912345678"
    for wrong, status, message in (
        ({"petitioner_phone": "gọi tôi"}, 400, "Số điện thoại"),
        ({"received_on": "2025-12-01"}, 400, "tương lai"),
        ({"channel": "transferred"}, 400, "cơ quan chuyển đơn"),
        ({"subject_unit": "khong-co"}, 400, "Không có đơn vị"),
        ({"person_id": 999999}, 400, "Không có cá nhân"),
        ({"kind": "letter"}, 422, "phải là một trong"),
        ({"summary": "x" * 501}, 422, ""),
    ):
        r = province.post("/oversight/petitions", {**body, **wrong})
        assert r.status_code == status and message in r.json()["detail"], (wrong, r.json())
    edited = ok(province.put(f"/oversight/petitions/{p['id']}", {**body, "complex_case": True}))
    assert edited["id"] == p["id"]
    # give it to an officer, accept it, resolve it: each step as on the page
    r = province.post(f"/oversight/petitions/{p['id']}/steps", {"action": "assign", "handler": officer_a.username})
    assert r.status_code == 400 and "cán bộ TĐKT cấp tỉnh" in r.json()["detail"]
    assigned = ok(province.post(f"/oversight/petitions/{p['id']}/steps",
                                {"action": "assign", "handler": specialist.username, "note": "Xử lý trong tuần"}))
    assert assigned["handler"] == specialist.username
    accepted = ok(province.post(f"/oversight/petitions/{p['id']}/steps", {"action": "accept", "on": "2025-10-06"}))
    assert accepted["status"] == "accepted" and accepted["resolve_by"] is not None
    resolved = ok(province.post(f"/oversight/petitions/{p['id']}/steps",
                                {"action": "resolve", "result": "Giữ nguyên kết quả bình xét",
                                 "decision_number": "45/QĐ-GQKN", "decision_date": "2025-10-14"}))
    assert resolved["status"] == "resolved"
    r = province.put(f"/oversight/petitions/{p['id']}", body)
    assert r.status_code == 400 and "kết thúc xử lý" in r.json()["detail"]
    r = province.post(f"/oversight/petitions/{p['id']}/steps", {"action": "assign", "handler": specialist.username})
    assert r.status_code == 400


def test_petitions_outside_scope_are_404(client, officer_b, complaint_a, unit_a):
    body = {"kind": "complaint", "received_on": "2025-10-01", "subject_unit": unit_a.code, "summary": "x"}
    r = Caller(client, officer_b).put(f"/oversight/petitions/{complaint_a.pk}", body)
    assert r.status_code == 404 and "detail" in r.json()


def test_remediation_report_with_evidence_files(client, staff, officer_a, officer_b, finding_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dossiers.conftest import PDF

    url = f"/oversight/findings/{finding_a.pk}/remediation-report"

    def pdf():
        return SimpleUploadedFile("quy-che-sua-doi.pdf", PDF, content_type="application/pdf")

    assert Caller(client, officer_b).upload(url, {"note": "x", "files": [pdf()]}).status_code == 404
    r = Caller(client, officer_a).upload(url, {"note": " ", "files": [pdf()]})
    assert r.status_code == 400 and "kết quả khắc phục" in r.json()["detail"]
    r = Caller(client, officer_a).upload(url, {"note": "Đã sửa quy chế thi đua.", "files": [pdf()]})
    assert r.status_code == 201 and r.json()["status"] == "reported"
    [evidence] = finding_a.reports.get().files.all()
    assert evidence.original_name == "quy-che-sua-doi.pdf"
    got = Caller(client, staff).get(f"/oversight/evidence/{evidence.pk}/file")
    assert got.status_code == 200
    assert Caller(client, officer_b).get(f"/oversight/evidence/{evidence.pk}/file").status_code == 404
