"""The writes of the report requests API: issuing a request (recipients, form, deadline), a unit's report filled,
sent, approved or returned by its head, accepted or returned by the province, the compiled DOCX, templates. Each
with the pages' permissions (403), scope (404) and Vietnamese 4xx for bad input."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.reporting.conftest import FIELDS
from thidua.orgs.models import EmulationGroup, GroupMembership
from thidua.reporting.models import ReportSubmission, ReportTemplate

pytestmark = pytest.mark.django_db
API = "/api/v1/reporting"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def tuesday_first_of_july(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(dt.datetime(2025, 7, 1, 9, 0), tick=False):
        yield


def docx_text(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body=None):
    return client.post(API + path, body or {}, content_type="application/json")


def put(client, path, body):
    return client.put(API + path, body, content_type="application/json")


def _sub(req_id, unit):
    return ReportSubmission.objects.get(request_id=req_id, unit=unit)


def test_province_issues_a_request_to_units_and_groups(staff, officer_a, unit_a, unit_b, unit_c):
    group = EmulationGroup.objects.create(name="Khối các sở", kind="block")
    GroupMembership.objects.create(group=group, unit=unit_b)
    body = {"kind": "half_year", "title": "Sơ kết 6 tháng 2025", "year": 2025, "due_working_days": 5,
            "fields": FIELDS, "units": [unit_a.code], "groups": [group.pk]}
    r = post(as_user(staff), "/requests", body)
    assert r.status_code == 201, r.content
    req = r.json()
    assert (req["period_start"], req["period_end"]) == ("2025-01-01", "2025-06-30")
    assert req["due_on"] == "2025-07-08"  # five working days after Tuesday 01/7/2025
    assert {row["unit_code"] for row in req["rows"]} == {unit_a.code, unit_b.code}
    assert [f["key"] for f in req["fields"]] == ["f1", "f2", "f3", "f4"] and req["fields"][0]["kind"] == "number"
    # the unit sees it in its list; another unit's officer does not
    assert [x["id"] for x in as_user(officer_a).get(f"{API}/requests").json()["items"]] == [req["id"]]


def test_issuing_needs_the_province_and_good_input(staff, officer_a, unit_a):
    body = {"kind": "thematic", "title": "Chuyên đề", "year": 2025, "due_on": "2025-07-20", "fields": FIELDS[:1],
            "units": [unit_a.code], "period_start": "2025-01-01", "period_end": "2025-06-30"}
    r = post(as_user(officer_a), "/requests", body)
    assert r.status_code == 403 and r.json()["detail"]
    staff_client = as_user(staff)
    r = post(staff_client, "/requests", {**body, "units": ["khong-co"]})
    assert r.status_code == 400 and "khong-co" in r.json()["detail"]
    r = post(staff_client, "/requests", {**body, "due_working_days": 3})
    assert r.status_code == 400 and "không cả hai" in r.json()["detail"]
    r = post(staff_client, "/requests", {**body, "units": []})
    assert r.status_code == 400 and "ít nhất một đơn vị" in r.json()["detail"]
    r = post(staff_client, "/requests", {**body, "kind": "monthly"})
    assert r.status_code == 422 and "phải là một trong" in r.json()["detail"]
    r = post(staff_client, "/requests", {**body, "template_id": 999999})
    assert r.status_code == 400 and "mẫu báo cáo" in r.json()["detail"]


def test_unit_fills_sends_head_approves_province_accepts(half_year, staff, officer_a, leader_a, unit_a):
    s = _sub(half_year.pk, unit_a)
    officer = as_user(officer_a)
    r = officer.get(f"{API}/submissions/{s.pk}")
    assert r.json()["allowed_actions"] == ["save", "send"] and r.json()["status"] == "draft"
    # sending without the required figures is refused, with the field named
    r = post(officer, f"/submissions/{s.pk}/steps", {"action": "send"})
    assert r.status_code == 400 and "Số phong trào thi đua đã phát động" in r.json()["detail"]
    r = put(officer, f"/submissions/{s.pk}", {"values": {"f1": "1.234", "f2": 17, "f4": "15/06/2025"},
                                              "summary": "Đã sơ kết."})
    assert r.status_code == 200, r.content
    assert r.json()["values"] == {"f1": 1234, "f2": 17, "f4": "2025-06-15"}
    r = put(officer, f"/submissions/{s.pk}", {"values": {"f1": "nhiều"}})
    assert r.status_code == 400 and "phải là một số" in r.json()["detail"]
    r = officer.post(f"{API}/submissions/{s.pk}/attachments",
                     {"file": SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 201, r.content
    [attachment] = r.json()["attachments"]
    assert r.json()["values"]["f1"] == 1234  # the figures stay
    assert officer.get(f"{API}/attachments/{attachment['id']}/file").status_code == 200
    r = post(officer, f"/submissions/{s.pk}/steps", {"action": "send"})
    assert r.json()["status"] == "awaiting_unit_approval"
    # the province cannot accept what the head has not approved
    r = post(as_user(staff), f"/submissions/{s.pk}/steps", {"action": "accept"})
    assert r.status_code == 403
    head = as_user(leader_a)
    assert head.get(f"{API}/submissions/{s.pk}").json()["allowed_actions"] == ["approve", "return"]
    r = post(head, f"/submissions/{s.pk}/steps", {"action": "approve"})
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["submitted_on"] == "2025-07-01"
    r = post(as_user(staff), f"/submissions/{s.pk}/steps", {"action": "accept"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"


def test_returns_need_a_reason_and_go_back_to_the_officer(half_year, staff, officer_a, leader_a, unit_a):
    s = _sub(half_year.pk, unit_a)
    officer, head = as_user(officer_a), as_user(leader_a)
    put(officer, f"/submissions/{s.pk}", {"values": {"f1": 1, "f2": 2}})
    post(officer, f"/submissions/{s.pk}/steps", {"action": "send"})
    r = post(head, f"/submissions/{s.pk}/steps", {"action": "return"})
    assert r.status_code == 400 and "lý do" in r.json()["detail"]
    r = post(head, f"/submissions/{s.pk}/steps", {"action": "return", "reason": "Bổ sung số liệu khen thưởng."})
    assert r.json()["status"] == "returned" and r.json()["return_reason"] == "Bổ sung số liệu khen thưởng."
    post(officer, f"/submissions/{s.pk}/steps", {"action": "send"})
    post(head, f"/submissions/{s.pk}/steps", {"action": "approve"})
    r = post(as_user(staff), f"/submissions/{s.pk}/steps", {"action": "return", "reason": "Thiếu chữ ký."})
    assert r.json()["status"] == "returned"
    r = post(officer, f"/submissions/{s.pk}/steps", {"action": "dismiss"})
    assert r.status_code == 422


def test_another_units_report_is_404_and_its_head_cannot_act(half_year, officer_b, leader_b, unit_a):
    s = _sub(half_year.pk, unit_a)
    for user in (officer_b, leader_b):
        client = as_user(user)
        assert client.get(f"{API}/submissions/{s.pk}").status_code == 404
        assert put(client, f"/submissions/{s.pk}", {"values": {"f1": 1}}).status_code == 404
        r = post(client, f"/submissions/{s.pk}/steps", {"action": "approve"})
        assert r.status_code == 404 and "detail" in r.json()
    assert [x["unit_code"] for x in as_user(officer_b).get(f"{API}/submissions").json()["items"]] == ["so-b"]


def test_a_unit_without_a_head_sends_straight_to_the_province(half_year, officer_c, unit_c):
    s = _sub(half_year.pk, unit_c)
    officer = as_user(officer_c)
    put(officer, f"/submissions/{s.pk}", {"values": {"f1": 0, "f2": 0}})
    assert post(officer, f"/submissions/{s.pk}/steps", {"action": "send"}).json()["status"] == "submitted"


def test_remind_and_compiled_report(half_year, staff, officer_a, unit_a):
    province = as_user(staff)
    r = post(province, f"/requests/{half_year.pk}/remind")
    assert r.status_code == 200 and len(r.json()["reminded"]) == 3
    assert post(province, f"/requests/{half_year.pk}/remind").json()["reminded"] == []  # once a day
    assert post(as_user(officer_a), f"/requests/{half_year.pk}/remind").status_code == 403
    r = province.get(f"{API}/requests/{half_year.pk}/report.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "DỰ THẢO" in docx_text(r.content)
    r = province.get(f"{API}/requests/{half_year.pk}/report.docx",
                     {"number": "120/BC-SNV", "issued_on": "2025-07-15", "signer_name": "Nguyễn Văn Bình"})
    assert r.status_code == 200
    assert "120/BC-SNV" in docx_text(r.content) and "DỰ THẢO" not in docx_text(r.content)
    assert as_user(officer_a).get(f"{API}/requests/{half_year.pk}/report.docx").status_code == 403
    assert province.get(f"{API}/requests/999999/report.docx").status_code == 404
    assert province.get(f"{API}/requests/{half_year.pk}/report.docx", {"issued_on": "15/07/2025"}).status_code == 422


def test_templates(staff, officer_a, unit_a):
    province = as_user(staff)
    r = post(province, "/templates", {"name": "Mẫu sơ kết", "fields": FIELDS})
    assert r.status_code == 201 and len(r.json()["fields"]) == 4
    tid = r.json()["id"]
    assert post(province, "/templates", {"name": "mẫu sơ kết", "fields": FIELDS}).status_code == 400  # same name
    assert post(province, "/templates", {"name": "Trống", "fields": []}).status_code == 400
    r = put(province, f"/templates/{tid}", {"name": "Mẫu sơ kết 6 tháng", "fields": FIELDS[:2]})
    assert r.status_code == 200 and ReportTemplate.objects.get(pk=tid).name == "Mẫu sơ kết 6 tháng"
    assert [t["id"] for t in province.get(f"{API}/templates").json()["items"]] == [tid]
    assert as_user(officer_a).get(f"{API}/templates").status_code == 403
    assert post(as_user(officer_a), "/templates", {"name": "X", "fields": FIELDS}).status_code == 403
    # a request from the template takes its fields
    r = post(province, "/requests", {"kind": "annual", "title": "Tổng kết 2025", "year": 2025,
                                     "due_on": "2025-12-20", "template_id": tid, "units": [unit_a.code]})
    assert r.status_code == 201 and [f["label"] for f in r.json()["fields"]] == [f["label"] for f in FIELDS[:2]]
