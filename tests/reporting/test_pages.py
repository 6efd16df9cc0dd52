"""Pages of report requests with each persona: province officer, the unit's officer and head, an outsider (404)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tests.conftest import login
from tests.factories import UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.reporting.models import ReportRequest, ReportSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(province):
    return UserFactory(
        username="ngoai", role=Role.UNIT_OFFICER, unit=UnitFactory(code="ngoai", parent=province)
    )


def _sub(req, unit):
    return ReportSubmission.objects.get(request=req, unit=unit)


def test_request_pages_by_persona(client, half_year, staff, officer_a, leader_a, outsider, unit_a, unit_b):
    detail = reverse("reporting:request_detail", args=[half_year.pk])
    sub_a = reverse("reporting:submission_detail", args=[_sub(half_year, unit_a).pk])
    sub_b = reverse("reporting:submission_detail", args=[_sub(half_year, unit_b).pk])
    login(client, staff)
    page = client.get(detail)
    assert page.status_code == 200 and "Nhắc các đơn vị chưa gửi" in page.content.decode()
    assert client.get(sub_a).status_code == 200
    login(client, officer_a)
    page = client.get(detail)
    assert page.status_code == 200 and unit_a.name in page.content.decode()
    assert unit_b.name not in page.content.decode()  # a unit sees only its own row
    assert "Nhắc các đơn vị chưa gửi" not in page.content.decode()
    assert client.get(sub_a).status_code == 200 and client.get(sub_b).status_code == 404
    assert client.get(reverse("reporting:request_compile", args=[half_year.pk])).status_code == 403
    assert client.get(reverse("reporting:request_create")).status_code == 403
    login(client, leader_a)
    assert client.get(sub_a).status_code == 200
    login(client, outsider)
    assert client.get(detail).status_code == 404 and client.get(sub_a).status_code == 404
    assert (
        client.post(reverse("reporting:submission_approve", args=[_sub(half_year, unit_a).pk])).status_code
        == 404
    )
    assert half_year.title not in client.get(reverse("reporting:request_list")).content.decode()


def test_lists_show_each_persona_its_work(client, half_year, staff, officer_a):
    login(client, staff)
    page = client.get(reverse("reporting:request_list")).content.decode()
    assert half_year.title in page and "0/3" in page
    login(client, officer_a)
    page = client.get(reverse("reporting:request_list")).content.decode()
    assert 'id="my-reports"' in page and half_year.title in page


def test_province_creates_a_request_in_working_days(client, staff, unit_a, unit_b):
    login(client, staff)
    data = {
        "kind": "half_year",
        "title": "Sơ kết 6 tháng đầu năm 2026",
        "year": "2026",
        "due_working_days": "10",
        "units": [unit_a.pk, unit_b.pk],
        "save_as_template": "Mẫu sơ kết 6 tháng",
        "f-TOTAL_FORMS": "3",
        "f-INITIAL_FORMS": "0",
        "f-MIN_NUM_FORMS": "0",
        "f-MAX_NUM_FORMS": "60",
        "f-0-label": "Số phong trào",
        "f-0-kind": "number",
        "f-0-required": "on",
        "f-1-label": "Kiến nghị",
        "f-1-kind": "text",
        "f-2-label": "",
        "f-2-kind": "text",
    }
    response = client.post(reverse("reporting:request_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    req = ReportRequest.objects.get()
    assert req.due_working_days == 10 and req.submissions.count() == 2
    assert [f["label"] for f in req.fields] == ["Số phong trào", "Kiến nghị"]
    assert client.get(reverse("reporting:template_list")).content.decode().count("Mẫu sơ kết 6 tháng") == 1


def test_bad_request_form_is_a_400_with_messages(client, staff):
    login(client, staff)
    response = client.post(
        reverse("reporting:request_create"),
        {
            "kind": "thematic",
            "title": "Chuyên đề",
            "year": "2025",
            "due_on": "31/02/2025",
            "f-TOTAL_FORMS": "1",
            "f-INITIAL_FORMS": "0",
            "f-0-label": "",
            "f-0-kind": "text",
        },
    )
    assert response.status_code == 400
    assert "Nhập ngày hợp lệ" in response.content.decode()
    response = client.post(
        reverse("reporting:request_create"),
        {
            "kind": "thematic",
            "title": "Chuyên đề",
            "year": "2025",
            "due_working_days": "5",
            "f-TOTAL_FORMS": "1",
            "f-INITIAL_FORMS": "0",
            "f-0-label": "",
            "f-0-kind": "text",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chọn ít nhất một đơn vị" in body and "ít nhất một trường" in body


def test_unit_flow_through_the_pages(client, half_year, staff, officer_a, leader_a, unit_a):
    sub = _sub(half_year, unit_a)
    login(client, officer_a)
    pdf = SimpleUploadedFile(
        "bao-cao-da-ky.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    response = client.post(
        reverse("reporting:submission_save", args=[sub.pk]),
        {"f1": "3", "f2": "", "summary": "Tóm tắt", "files": pdf, "send": "1"},
    )
    assert response.status_code == 400 and "Cần nhập «Số tập thể" in response.content.decode()
    sub.refresh_from_db()
    assert sub.status == "draft" and sub.values == {"f1": 3} and sub.attachments.count() == 1
    response = client.post(
        reverse("reporting:submission_save", args=[sub.pk]),
        {"f1": "3", "f2": "40", "summary": "Tóm tắt", "send": "1"},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == "awaiting_unit_approval"
    assert client.post(reverse("reporting:submission_approve", args=[sub.pk])).status_code == 403
    login(client, leader_a)
    assert "Duyệt và gửi Sở Nội vụ" in client.get(sub.get_absolute_url()).content.decode()
    client.post(reverse("reporting:submission_approve", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.status == "submitted"
    login(client, staff)
    response = client.post(reverse("reporting:submission_return", args=[sub.pk]), {"reason": ""})
    assert response.status_code == 400
    client.post(
        reverse("reporting:submission_return", args=[sub.pk]), {"reason": "Thiếu chữ ký", "next": "request"}
    )
    sub.refresh_from_db()
    assert sub.status == "returned" and sub.return_reason == "Thiếu chữ ký"
    login(client, officer_a)
    page = client.get(sub.get_absolute_url()).content.decode()
    assert "Thiếu chữ ký" in page and "Lưu và trình lãnh đạo duyệt" in page
    attachment = sub.attachments.get()
    assert client.get(reverse("reporting:attachment_download", args=[attachment.pk])).status_code == 200


def test_attachment_of_another_unit_is_404(client, half_year, officer_a, officer_b, unit_a):
    sub = _sub(half_year, unit_a)
    login(client, officer_a)
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    client.post(reverse("reporting:submission_save", args=[sub.pk]), {"f1": "1", "files": pdf})
    attachment = sub.attachments.get()
    login(client, officer_b)
    assert client.get(reverse("reporting:attachment_download", args=[attachment.pk])).status_code == 404


def test_remind_and_compile_from_the_request_page(client, half_year, staff):
    login(client, staff)
    response = client.post(reverse("reporting:request_remind", args=[half_year.pk]), follow=True)
    assert "Đã nhắc 3 đơn vị" in response.content.decode()
    response = client.post(reverse("reporting:request_remind", args=[half_year.pk]), follow=True)
    assert "đã được nhắc hôm nay" in response.content.decode()
    response = client.post(
        reverse("reporting:request_compile", args=[half_year.pk]), {"signer_name": "Lê Văn A"}
    )
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    assert "Lê Văn A" in [
        p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]


def test_templates_pages(client, staff, officer_a):
    login(client, staff)
    data = {
        "name": "Báo cáo chuyên đề",
        "description": "",
        "f-TOTAL_FORMS": "1",
        "f-INITIAL_FORMS": "0",
        "f-0-label": "Kết quả",
        "f-0-kind": "text",
    }
    assert client.post(reverse("reporting:template_create"), data).status_code == 302
    login(client, officer_a)
    assert client.get(reverse("reporting:template_list")).status_code == 403


def test_home_todo_lists_report_work(client, half_year, staff, officer_a, leader_a, unit_a):
    from thidua.core.todo import collect

    labels = {i.label: i for i in collect(officer_a)}
    assert labels["Báo cáo đơn vị cần lập, gửi"].count == 1
    assert labels["Báo cáo đơn vị cần lập, gửi"].due_on == dt.date(2025, 7, 10)
    assert "Báo cáo chờ lãnh đạo đơn vị duyệt" not in {i.label for i in collect(leader_a)}
    from thidua.reporting import services

    sub = _sub(half_year, unit_a)
    services.save_submission(officer_a, sub, values={"f1": "1", "f2": "1"})
    services.send_for_approval(officer_a, sub)
    assert {i.label: i.count for i in collect(leader_a)}["Báo cáo chờ lãnh đạo đơn vị duyệt"] == 1
    assert {i.label: i.count for i in collect(staff)}[
        "Đơn vị chậm gửi báo cáo"
    ] == 3  # due 10/7/2025 has passed


def test_request_page_queries_do_not_grow_with_the_units(
    client, staff, province, django_assert_max_num_queries
):
    from thidua.reporting import services

    def issue(n, title):
        units = [UnitFactory(code=f"{title}-{i}", parent=province) for i in range(n)]
        return services.issue_request(
            staff,
            kind="thematic",
            title=title,
            year=2025,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            due_on=dt.date(2030, 1, 1),
            fields=[{"label": "Kết quả"}],
            units=units,
        )

    small, big = issue(2, "nho"), issue(20, "lon")
    login(client, staff)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:request_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reporting:request_detail", args=[big.pk]))
