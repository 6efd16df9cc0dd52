"""Plan pages: scoping (404 outside scope), tracker views, status change and progress reports with evidence."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.core.models import AuditEntry
from thidua.plans.models import EvidenceFile, PlanTask

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def in_may_2025(time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 10, 9, tzinfo=dt.UTC))


def test_unit_b_gets_404_on_everything_of_unit_a(sub_plan_a, client_b):
    task = sub_plan_a.tasks.get()
    for url in [f"/ke-hoach/{sub_plan_a.pk}/", f"/ke-hoach/{sub_plan_a.pk}/sua/", f"/ke-hoach/{sub_plan_a.pk}/xuat-xlsx/",
                f"/ke-hoach/{sub_plan_a.pk}/nhiem-vu/them/", f"/ke-hoach/nhiem-vu/{task.pk}/",
                f"/ke-hoach/nhiem-vu/{task.pk}/sua/", f"/ke-hoach/tong-quan/?ke_hoach={sub_plan_a.pk}",
                f"/ke-hoach/theo-quy/?ke_hoach={sub_plan_a.pk}"]:
        assert client_b.get(url).status_code == 404, url
    assert client_b.post(f"/ke-hoach/nhiem-vu/{task.pk}/trang-thai/", {"status": "in_progress"}).status_code == 404
    assert client_b.post(f"/ke-hoach/nhiem-vu/{task.pk}/bao-cao/", {"note": "x"}).status_code == 404
    assert client_b.post(f"/ke-hoach/nhiem-vu/{task.pk}/xoa/").status_code == 404
    task.refresh_from_db()
    assert task.status == "not_started" and not task.reports.exists()
    assert "12/KH-A" not in client_b.get("/ke-hoach/").content.decode()


def test_plan_lists_and_document(client_a, sub_plan_a, plan_196):
    html = client_a.get("/ke-hoach/").content.decode()
    assert "196/KH-UBND" in html and "12/KH-A" in html
    html = client_a.get(f"/ke-hoach/{plan_196.pk}/").content.decode()
    assert "MỤC ĐÍCH, YÊU CẦU" in html and "TỔ CHỨC THỰC HIỆN" in html and "Trần Quốc Văn" in html
    assert "Tổ chức Hội nghị tổng kết" not in html  # unit A neither leads nor co-ordinates task 1
    html = client_a.get("/ke-hoach/", {"q": "thi dua khen thuong 2025"}).content.decode()
    assert "196/KH-UBND" in html


def test_tracker_pages_for_province_staff(staff_client, plan_196, in_may_2025):
    html = staff_client.get("/ke-hoach/theo-quy/", {"ke_hoach": plan_196.pk, "quy": "IV"}).content.decode()
    assert "Tham mưu đề nghị tặng, truy tặng" in html and "Đăng ký thi đua của tỉnh" not in html
    html = staff_client.get("/ke-hoach/qua-han/").content.decode()
    assert "Đăng ký thi đua của tỉnh năm 2025" in html  # Quý I, not done by May
    html = staff_client.get("/ke-hoach/tong-quan/", {"ke_hoach": plan_196.pk}).content.decode()
    assert "chart.umd.min.js" in html and 'id="quarter-table"' in html
    html = staff_client.get("/ke-hoach/theo-don-vi/", {"ke_hoach": plan_196.pk}).content.decode()
    assert "Sở Nội vụ" in html


def test_unknown_unit_and_quarter_get_vietnamese_message(staff_client, plan_196):
    r = staff_client.get("/ke-hoach/theo-don-vi/", {"ke_hoach": plan_196.pk, "don_vi": "99999"})
    assert r.status_code == 400 and "Không có đơn vị" in r.content.decode()
    r = staff_client.get("/ke-hoach/theo-quy/", {"ke_hoach": plan_196.pk, "quy": "V"})
    assert r.status_code == 400 and "không hợp lệ" in r.content.decode()


def test_filter_by_unit_includes_coordinated_tasks(staff_client, plan_196, named_units):
    html = staff_client.get("/ke-hoach/theo-don-vi/", {"ke_hoach": plan_196.pk,
                                                      "don_vi": named_units["so-gddt"].pk}).content.decode()
    assert html.count('data-task="') == 2


def test_mark_done_through_the_page_is_audited(staff_client, staff, plan_196, in_may_2025):
    task = plan_196.tasks.get(order=10)
    r = staff_client.post(f"/ke-hoach/nhiem-vu/{task.pk}/trang-thai/", {"status": "done", "completed_on": "2025-05-08"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.completed_on == dt.date(2025, 5, 8)
    entry = AuditEntry.objects.get(action="transition", object_id=str(task.pk))
    assert entry.actor == staff and entry.changes["status"] == ["not_started", "done"]


@pytest.mark.parametrize("day", ["2025-02-30", "2025-12-01"])
def test_wrong_completion_date_on_page(staff_client, plan_196, in_may_2025, day):
    task = plan_196.tasks.get(order=10)
    r = staff_client.post(f"/ke-hoach/nhiem-vu/{task.pk}/trang-thai/", {"status": "done", "completed_on": day})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Nhập ngày hợp lệ" in html or "tương lai" in html
    task.refresh_from_db()
    assert task.status == "not_started"


def test_coordinator_reports_with_evidence_and_only_allowed_people_download(
        plan_196, gddt_officer, client, officer_b, staff, in_may_2025):
    task = plan_196.tasks.get(order=9)
    client.force_login(gddt_officer)
    html = client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "Gửi báo cáo tiến độ" in html and 'id="status-form"' not in html
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    r = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/bao-cao/", {"note": "Đã tổng hợp", "percent": "70", "files": [upload]})
    assert r.status_code == 302, r.content.decode()[:3000]
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    r = client.get(f"/ke-hoach/minh-chung/{evidence.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    client.force_login(officer_b)
    assert client.get(f"/ke-hoach/minh-chung/{evidence.pk}/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/ke-hoach/minh-chung/{evidence.pk}/").status_code == 200


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ....", "không được chấp nhận"),
    ("gia.pdf", b"<html>not a pdf</html>", "không đúng định dạng"),
])
def test_bad_evidence_is_refused_and_nothing_saved(plan_196, gddt_officer, client, name, content, message, in_may_2025):
    task = plan_196.tasks.get(order=9)
    client.force_login(gddt_officer)
    r = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/bao-cao/",
                    {"note": "Đã tổng hợp", "files": [SimpleUploadedFile(name, content)]})
    assert r.status_code == 400 and message in r.content.decode()
    assert not task.reports.exists() and not EvidenceFile.objects.exists()


def test_evidence_size_limit(plan_196, gddt_officer, client, settings, in_may_2025):
    settings.THIDUA_MAX_ATTACHMENT_BYTES = 10
    task = plan_196.tasks.get(order=9)
    client.force_login(gddt_officer)
    r = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/bao-cao/",
                    {"note": "x", "files": [SimpleUploadedFile("a.pdf", PDF)]})
    assert r.status_code == 400 and "quá lớn" in r.content.decode()
    assert not task.reports.exists()


def test_xlsx_export_has_the_published_columns(staff_client, plan_196):
    r = staff_client.get(f"/ke-hoach/{plan_196.pk}/xuat-xlsx/")
    assert r.status_code == 200 and "phu-luc-196-KH-UBND.xlsx" in r["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(r.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == ("TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện")
    assert len(rows) == 28
    assert rows[9] == (9, "Tổng kết công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2024-2025",
                       "Sở Nội vụ", "Sở GD&ĐT; Khối thi đua các trường ĐH, CĐ; UBND các huyện, thành phố, thị xã.", "Quý II")
    assert rows[22][4] == "Quý III, IV"
    assert AuditEntry.objects.filter(action="export", object_id=str(plan_196.pk)).exists()


def test_xlsx_export_is_scoped(client_a, plan_196, gddt_officer, client):
    client.force_login(gddt_officer)
    rows = list(load_workbook(io.BytesIO(client.get(f"/ke-hoach/{plan_196.pk}/xuat-xlsx/").content),
                              read_only=True).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [9, 17]


def test_unit_derives_sub_plan_through_the_page(plan_196, gddt_officer, client):
    client.force_login(gddt_officer)
    html = client.get(f"/ke-hoach/{plan_196.pk}/ke-hoach-don-vi/").content.decode()
    assert "Tổng kết công tác thi đua, khen thưởng ngành Giáo dục" in html
    t9 = plan_196.tasks.get(order=9)
    r = client.post(f"/ke-hoach/{plan_196.pk}/ke-hoach-don-vi/", {
        "number": "25/KH-SGDĐT", "title": "Kế hoạch TĐKT ngành Giáo dục năm 2025", "issued_on": "2025-01-10",
        "tasks": [t9.pk]})
    assert r.status_code == 302
    sub = plan_196.sub_plans.get()
    assert [t.content for t in sub.tasks.all()] == [t9.content]
    r = client.post(f"/ke-hoach/{sub.pk}/nhiem-vu/them/", {"content": "Hướng dẫn đăng ký thi đua", "schedule": "Quý 5"})
    assert r.status_code == 200 and "Không hiểu thời gian thực hiện" in r.content.decode()
    r = client.post(f"/ke-hoach/{sub.pk}/nhiem-vu/them/", {"content": "Hướng dẫn đăng ký thi đua", "schedule": "Quý III"})
    assert r.status_code == 302
    assert PlanTask.objects.filter(plan=sub).count() == 2


def test_unit_officer_cannot_edit_province_plan(client_a, plan_196):
    assert client_a.get(f"/ke-hoach/{plan_196.pk}/sua/").status_code == 403
    assert client_a.get(f"/ke-hoach/{plan_196.pk}/nhiem-vu/them/").status_code == 403
    assert client_a.get("/ke-hoach/nhap-docx/").status_code == 403


def test_province_staff_edits_plan_sections(staff_client, plan_196, client):
    url = f"/ke-hoach/{plan_196.pk}/noi-dung/"
    html = staff_client.get(url).content.decode()
    assert "MỤC ĐÍCH, YÊU CẦU" in html
    data = {"muc-TOTAL_FORMS": "3", "muc-INITIAL_FORMS": "0", "muc-MIN_NUM_FORMS": "0", "muc-MAX_NUM_FORMS": "500",
            "muc-0-level": "1", "muc-0-label": "I", "muc-0-title": "MỤC ĐÍCH", "muc-0-body": "",
            "muc-1-level": "3", "muc-1-label": "a", "muc-1-title": "", "muc-1-body": "Đẩy mạnh thi đua.",
            "muc-2-level": "2", "muc-2-label": "", "muc-2-title": "", "muc-2-body": ""}
    assert staff_client.post(url, data).status_code == 302
    assert [(s.level, s.label, s.title, s.body) for s in plan_196.sections.all()] == [
        (1, "I", "MỤC ĐÍCH", ""), (3, "a", "", "Đẩy mạnh thi đua.")]
    data["muc-0-level"] = "7"
    assert staff_client.post(url, data).status_code == 400
    assert plan_196.sections.count() == 2


def test_unit_officer_cannot_edit_province_plan_sections(client_a, plan_196):
    assert client_a.get(f"/ke-hoach/{plan_196.pk}/noi-dung/").status_code == 403
    assert plan_196.sections.count() > 30


def test_list_pages_do_not_query_per_row(staff_client, plan_196, staff, django_assert_max_num_queries, time_machine):
    from thidua.plans import services
    from thidua.plans.models import TaskStatus

    time_machine.move_to(dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC))
    for task in plan_196.tasks.filter(order__lte=10):
        services.report_progress(staff, task, note="Xong", status=TaskStatus.DONE, completed_on=dt.date(2025, 11, 30))
    for url in ["/ke-hoach/", f"/ke-hoach/{plan_196.pk}/", f"/ke-hoach/theo-quy/?ke_hoach={plan_196.pk}&quy=II",
                f"/ke-hoach/theo-don-vi/?ke_hoach={plan_196.pk}", "/ke-hoach/qua-han/",
                f"/ke-hoach/tong-quan/?ke_hoach={plan_196.pk}"]:
        with django_assert_max_num_queries(14):
            assert staff_client.get(url).status_code == 200


def test_reports_page_province_sees_all_units_see_their_own(plan_196, gddt_officer, officer_b, staff, client,
                                                            in_may_2025):
    from thidua.plans import services

    services.report_progress(gddt_officer, plan_196.tasks.get(order=9), note="Báo cáo của Sở GD&ĐT")
    services.report_progress(staff, plan_196.tasks.get(order=2), note="Báo cáo của tỉnh")
    client.force_login(staff)
    html = client.get("/ke-hoach/bao-cao-tien-do/").content.decode()
    assert "Báo cáo của Sở GD&amp;ĐT" in html and "Báo cáo của tỉnh" in html
    client.force_login(gddt_officer)
    html = client.get("/ke-hoach/bao-cao-tien-do/", {"ke_hoach": plan_196.pk}).content.decode()
    assert "Báo cáo của Sở GD&amp;ĐT" in html and "Báo cáo của tỉnh" not in html
    client.force_login(officer_b)
    assert "Báo cáo của" not in client.get("/ke-hoach/bao-cao-tien-do/").content.decode()


def test_task_page_has_one_form_starting_at_the_current_status(plan_196, staff_client, in_may_2025):
    """Issue #13: the task page showed a status form and a report form that both moved the status, the status
    preselected as "Đã hòan thành". Now one form, starting at the task's current status."""
    task = plan_196.tasks.get(order=10)
    html = staff_client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert 'id="status-form"' not in html and html.count('id="report-form"') == 1
    select = html[html.index('<select name="status"'):]
    select = select[:select.index("</select>")]
    assert '<option value="" selected>Chưa thực hiện (giữ nguyên)</option>' in select
    assert "Đã hòan thành" in select and "selected>Đã hòan thành" not in select
    r = staff_client.post(f"/ke-hoach/nhiem-vu/{task.pk}/bao-cao/", {"note": "Đang chuẩn bị", "status": ""})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "not_started"  # kept


def test_unit_officer_is_told_the_task_list_is_filtered(plan_196, gddt_officer, client):
    """Issue #13: a unit officer saw "Nhiệm vụ 2" for a 27-task plan with nothing saying the view was filtered."""
    client.force_login(gddt_officer)
    shown = PlanTask.objects.visible_to(gddt_officer).filter(plan=plan_196).count()
    total = plan_196.tasks.count()
    assert 0 < shown < total
    html = client.get("/ke-hoach/").content.decode()
    assert f">{shown}/{total}</span>" in html
    html = client.get(f"/ke-hoach/{plan_196.pk}/").content.decode()
    assert f"Hiển thị {shown}/{total} nhiệm vụ giao cho đơn vị của bạn" in html


def test_province_staff_see_every_task_without_notice(plan_196, staff_client):
    html = staff_client.get(f"/ke-hoach/{plan_196.pk}/").content.decode()
    assert "data-filtered" not in html
    assert "/" + str(plan_196.tasks.count()) + "</span>" not in staff_client.get("/ke-hoach/").content.decode()
