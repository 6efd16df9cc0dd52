"""Oversight pages for each persona: province staff run inspections and petitions; the inspected unit's officer
sees its own inspection and reports remediation; another unit's officer gets 404; the leader reads everything
but changes nothing; personal data of petitioners is masked for everyone but province staff."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from thidua.oversight import services
from thidua.oversight.models import Finding, Inspection, Petition, RemediationFile


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_staff_creates_plan_inspection_and_finding(staff_client, unit_a, in_oct_2025):
    r = staff_client.post("/kiem-tra/ke-hoach/moi/", {
        "year": 2025, "number": "88/KH-HĐTĐKT", "issued_on": "2025-05-12", "issuer": "Hội đồng TĐKT tỉnh",
        "title": "Kế hoạch kiểm tra công tác thi đua, khen thưởng năm 2025"})
    assert r.status_code == 302
    plan_url = r["Location"]
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    r = staff_client.post("/kiem-tra/cuoc-kiem-tra/moi/", {
        "plan": plan_id, "unit": unit_a.pk, "planned_start": "2025-09-08", "planned_end": "2025-09-10",
        "content": "Kiểm tra công tác TĐKT", "team_head": "Đỗ Minh Tuấn",
        "members_text": "Nguyễn Thị Hương — Chuyên viên Sở Nội vụ\nLê Văn Nam"})
    assert r.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.quarter == 3 and [m.title for m in inspection.members.all()] == ["Chuyên viên Sở Nội vụ", ""]
    url = f"/kiem-tra/cuoc-kiem-tra/{inspection.pk}/"
    assert staff_client.post(url + "bat-dau/", {"started_on": "2025-09-08"}).status_code == 302
    r = staff_client.post(url + "ton-tai/them/", {"category": "late_report", "description": "Chậm báo cáo",
                                                  "recommendation": "Báo cáo đúng hạn", "working_days": "10"})
    assert r.status_code == 302 and Finding.objects.get().due_on == dt.date(2025, 9, 22)
    r = staff_client.post(url + "ket-luan/", {"conclusion": "Cơ bản đúng quy định", "conclusion_number": "15/TB-HĐTĐKT",
                                             "conclusion_date": "2025-09-30"})
    assert r.status_code == 302
    html = staff_client.get(plan_url).content.decode()
    assert "Sở Giáo dục và Đào tạo" in html and "15/TB-HĐTĐKT" in html and "Đã kết luận" in html


@pytest.mark.parametrize("data, message", [
    ({"planned_start": "2025-09-08", "planned_end": "2025-09-01"}, "không được trước ngày bắt đầu"),
    ({"planned_start": "2025-02-30", "planned_end": "2025-09-01"}, "Nhập ngày hợp lệ"),
    ({"planned_start": "2025-09-08", "planned_end": "2025-09-09", "unit": "99999"}, "Không có đơn vị này"),
])
def test_inspection_form_messages(staff_client, unit_a, data, message):
    payload = {"unit": unit_a.pk, "content": "Kiểm tra", **data}
    r = staff_client.post("/kiem-tra/cuoc-kiem-tra/moi/", payload)
    assert r.status_code == 400 and message in r.content.decode()


def test_conclusion_needs_number(staff_client, inspection_a):
    r = staff_client.post(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/ket-luan/",
                          {"conclusion": "x", "conclusion_number": "", "conclusion_date": "2025-09-30"})
    assert r.status_code == 400 and 'id="id_conclusion_number"' in r.content.decode()
    r = staff_client.post(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/ket-luan/",
                          {"conclusion": "x", "conclusion_number": "1/TB", "conclusion_date": "2025-09-01"})
    assert r.status_code == 400 and "không được trước ngày bắt đầu kiểm tra" in r.content.decode()


def test_inspected_unit_sees_and_reports(client_a, finding_a, inspection_a):
    html = client_a.get("/kiem-tra/cuoc-kiem-tra/").content.decode()
    assert "Sở Giáo dục và Đào tạo" in html
    html = client_a.get(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/").content.decode()
    assert "Tỷ lệ Chiến sĩ thi đua cơ sở" in html and "Bắt đầu" not in html and "ket-luan" not in html
    r = client_a.post(f"/kiem-tra/ton-tai/{finding_a.pk}/bao-cao/", {
        "note": "Đã sửa quy chế", "files": [SimpleUploadedFile("qc.pdf", PDF, "application/pdf")]})
    assert r.status_code == 302
    evidence = RemediationFile.objects.get()
    r = client_a.get(f"/kiem-tra/minh-chung/{evidence.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert client_a.post(f"/kiem-tra/ton-tai/{finding_a.pk}/danh-gia/", {"decision": "accept"}).status_code == 403
    assert client_a.get(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/sua/").status_code == 403


def test_remediation_with_bad_file(client_a, finding_a):
    r = client_a.post(f"/kiem-tra/ton-tai/{finding_a.pk}/bao-cao/", {
        "note": "x", "files": [SimpleUploadedFile("virus.exe", b"MZ...", "application/octet-stream")]})
    assert r.status_code == 400 and "không được chấp nhận" in r.content.decode()


def test_other_unit_gets_404(client_b, staff, finding_a, inspection_a, complaint_a):
    services.report_remediation(staff, finding_a, note="Tỉnh ghi thay", files=[
        SimpleUploadedFile("a.pdf", PDF, "application/pdf")])
    evidence = RemediationFile.objects.get()
    for url in [f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/", f"/kiem-tra/ton-tai/{finding_a.pk}/",
                f"/kiem-tra/minh-chung/{evidence.pk}/", f"/kiem-tra/don-thu/{complaint_a.pk}/"]:
        assert client_b.get(url).status_code == 404, url
    assert client_b.post(f"/kiem-tra/ton-tai/{finding_a.pk}/bao-cao/", {"note": "x"}).status_code == 404
    assert "Sở Giáo dục" not in client_b.get("/kiem-tra/cuoc-kiem-tra/").content.decode()
    assert "Khiếu nại việc không bình xét" not in client_b.get("/kiem-tra/don-thu/").content.decode()
    assert "Tỷ lệ Chiến sĩ" not in client_b.get("/kiem-tra/ton-tai/").content.decode()


def test_leader_reads_but_cannot_change(leader_client, inspection_a, finding_a, complaint_a):
    assert leader_client.get(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/").status_code == 200
    html = leader_client.get(f"/kiem-tra/don-thu/{complaint_a.pk}/").content.decode()
    assert "Khiếu nại việc không bình xét" in html and "Trần Thị Bình" not in html and "0912345678" not in html
    assert leader_client.post(f"/kiem-tra/don-thu/{complaint_a.pk}/thu-ly/", {}).status_code == 403
    assert leader_client.get("/kiem-tra/don-thu/moi/").status_code == 403
    assert leader_client.post(f"/kiem-tra/cuoc-kiem-tra/{inspection_a.pk}/ket-luan/", {}).status_code == 403
    assert leader_client.post(f"/kiem-tra/ton-tai/{finding_a.pk}/bao-cao/", {"note": "x"}).status_code == 403


def test_petition_pages(staff_client, unit_a, person_a, in_oct_2025):
    r = staff_client.post("/kiem-tra/don-thu/moi/", {
        "kind": "complaint", "received_on": "2025-10-01", "channel": "direct", "petitioner_name": "Trần Thị Bình",
        "petitioner_address": "Phố Hiến", "subject_unit": unit_a.pk, "person": str(person_a.pk),
        "summary": "Khiếu nại kết quả bình xét"})
    assert r.status_code == 302
    p = Petition.objects.get()
    html = staff_client.get(f"/kiem-tra/don-thu/{p.pk}/").content.decode()
    assert "Trần Thị Bình" in html and "15/10/2025" in html and "Luật Khiếu nại 2011, Điều 27" in html
    r = staff_client.post(f"/kiem-tra/don-thu/{p.pk}/thu-ly/", {"thu-ly-accepted_on": "2025-10-06"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted" and p.proceeding.person == person_a
    html = staff_client.get(f"/khen-thuong/ca-nhan/{person_a.pk}/").content.decode()
    assert p.number in html  # the complaint shows on the person's record
    r = staff_client.post(f"/kiem-tra/don-thu/{p.pk}/ket-qua/", {"ket-qua-result": "Giữ nguyên"})
    assert r.status_code == 400 and "số quyết định giải quyết" in r.content.decode()
    r = staff_client.post(f"/kiem-tra/don-thu/{p.pk}/thu-ly/", {})
    assert r.status_code == 400 and "Không thể thực hiện" in r.content.decode()
    assert p.number in staff_client.get("/kiem-tra/don-thu/", {"q": "khieu nai binh xet"}).content.decode()


@pytest.mark.parametrize("data, message", [
    ({"received_on": "2025-13-01"}, "Nhập ngày hợp lệ"),
    ({"person": "HS-abc"}, "Không có cá nhân"),
    ({"petitioner_phone": "abc"}, "Số điện thoại"),
    ({"received_on": "2025-12-01"}, "không được ở tương lai"),
])
def test_petition_form_messages(staff_client, unit_a, in_oct_2025, data, message):
    payload = {"kind": "complaint", "received_on": "2025-10-01", "channel": "direct", "subject_unit": unit_a.pk,
               "summary": "Khiếu nại", **data}
    r = staff_client.post("/kiem-tra/don-thu/moi/", payload)
    assert r.status_code == 400 and message in r.content.decode()


def test_overdue_lists(staff, officer_a, finding_a, complaint_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC))
    staff_client, client_a = as_user(staff), as_user(officer_a)
    assert "Tỷ lệ Chiến sĩ" in client_a.get("/kiem-tra/ton-tai/qua-han/").content.decode()
    html = staff_client.get("/kiem-tra/don-thu/qua-han/").content.decode()
    assert complaint_a.number in html and "quá hạn" in html


def test_bad_filters_give_messages(staff_client):
    r = staff_client.get("/kiem-tra/cuoc-kiem-tra/", {"quy": "V"})
    assert r.status_code == 400 and "Quý không hợp lệ" in r.content.decode()
    r = staff_client.get("/kiem-tra/don-thu/", {"loai": "xyz", "sau": "rac"})
    assert r.status_code == 400 and "Loại đơn không hợp lệ" in r.content.decode()
    r = staff_client.get("/kiem-tra/ton-tai/", {"don_vi": "abc"})
    assert r.status_code == 400 and "Không có đơn vị" in r.content.decode()


def test_exports_open(staff, officer_a, officer_b, inspection_plan, finding_a):
    staff_client, client_a, client_b = as_user(staff), as_user(officer_a), as_user(officer_b)
    r = staff_client.get(f"/kiem-tra/ke-hoach/{inspection_plan.pk}/xuat-xlsx/")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert rows[2][1] == "Đơn vị được kiểm tra" and rows[3][1] == "Sở Giáo dục và Đào tạo"
    r = client_a.get("/kiem-tra/ton-tai/xuat-xlsx/")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert any("Tỷ lệ Chiến sĩ thi đua cơ sở vượt 15%" in (row[4] or "") for row in ws.iter_rows(values_only=True))
    r = client_b.get("/kiem-tra/ton-tai/xuat-xlsx/")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.max_row == 3  # heading, blank, header — nothing of unit A


def test_nav_shows_oversight(staff, officer_a):
    staff_client, client_a = as_user(staff), as_user(officer_a)
    html = staff_client.get("/kiem-tra/don-thu/").content.decode()
    assert "Kiểm tra, đơn thư" in html and "Tiếp nhận đơn thư" in html
    assert "Tiếp nhận đơn thư" not in client_a.get("/kiem-tra/don-thu/").content.decode()


def test_petitions_show_on_the_records_they_concern(staff, officer_a, officer_b, unit_a, person_a, in_oct_2025):
    from thidua.awards.models import Award, AwardType
    from thidua.dossiers.models import Dossier

    dossier = Dossier.objects.create(unit=unit_a, title="Đề nghị Bằng khen năm 2025", year=2025)
    award_type = next(t for t in AwardType.objects.all() if "individual" in (t.subject_kinds or []))
    award = Award.objects.create(award_type=award_type, person=person_a, unit=unit_a, recipient_kind="individual",
                                 year=2024, decision_number="99/QĐ-UBND")
    p1 = services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 10, 1), subject_unit=unit_a,
                                dossier=dossier, summary="Khiếu nại hồ sơ đề nghị khen thưởng",
                                petitioner_name="Ngô Văn Tú", petitioner_address="Kim Động")
    p2 = services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 10, 2), subject_unit=unit_a,
                                award=award, summary="Khiếu nại Bằng khen đã tặng",
                                petitioner_name="Ngô Văn Tú", petitioner_address="Kim Động")
    assert p2.person == person_a  # the award's person is linked, so an accepted complaint holds that person
    staff_client, client_a, client_b = as_user(staff), as_user(officer_a), as_user(officer_b)
    html = staff_client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert 'id="petitions-panel"' in html and p1.number in html and f"?ho_so={dossier.pk}" in html
    html = client_a.get(f"/khen-thuong/khen-thuong/{award.pk}/").content.decode()
    assert p2.number in html and "Ngô Văn Tú" not in html and "Ghi đơn thư" not in html
    html = client_a.get(f"/khen-thuong/ca-nhan/{person_a.pk}/").content.decode()
    assert p2.number in html
    assert client_b.get(f"/ho-so/{dossier.pk}/").status_code == 404
    r = staff_client.get("/kiem-tra/don-thu/moi/", {"ho_so": dossier.pk})
    html = r.content.decode()
    assert f'value="{dossier.pk}"' in html
    assert f'name="subject_unit" value="{unit_a.pk}" data-picker-value' in html  # the unit picker, filled in


def test_duplicate_plan_number_message(staff_client, inspection_plan):
    r = staff_client.post("/kiem-tra/ke-hoach/moi/", {
        "year": 2025, "number": "88/KH-HĐTĐKT", "issued_on": "2025-05-12", "issuer": "Hội đồng TĐKT tỉnh",
        "title": "Trùng số"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Đã có kế hoạch kiểm tra cùng số trong năm này." in html
    r = staff_client.post("/kiem-tra/ke-hoach/moi/", {"year": "abc", "number": "1/KH", "issued_on": "2025-05-12",
                                                     "issuer": "x", "title": "x"})
    assert r.status_code == 400 and "Năm kế hoạch không hợp lệ" in r.content.decode()


def test_petitions_in_vietnamese_name_order(staff, unit_a, in_oct_2025):
    staff_client = as_user(staff)
    for name in ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Phạm Đức"]:
        services.save_petition(staff, None, kind="recommendation",
                               received_on=dt.date(2025, 10, 1), subject_unit=unit_a, petitioner_name=name,
                               summary=f"Kiến nghị của {name}")
    html = staff_client.get("/kiem-tra/don-thu/", {"sap_xep": "nguoi-gui"}).content.decode()
    positions = [html.index(f"Kiến nghị của {n}") for n in ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình", "Phạm Đức"]]
    assert positions == sorted(positions)  # given name first: An < Ánh < Bình < Đức


def test_petition_list_rows_sender_masked_deadlines_and_bounded_queries(staff, leader, unit_a, in_oct_2025,
                                                                        django_assert_max_num_queries):
    """Each row: number linking to the petition, the sender in full for province staff and masked for others, the
    summary escaped and cut at 100 characters, the running deadline with its countdown; the page's queries do not
    grow with its rows."""
    def add(n):
        for i in range(n):
            services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 10, 1 + i % 10),
                                   subject_unit=unit_a, petitioner_name="Ngô Văn Tú",
                                   summary=f"Khiếu nại <b>bình xét</b> & {'x' * 120}")

    add(2)
    staff_client, leader_client = as_user(staff), as_user(leader)
    staff_client.get("/kiem-tra/don-thu/")  # warm-up (the session's activity write)
    with django_assert_max_num_queries(12) as few:
        html = staff_client.get("/kiem-tra/don-thu/").content.decode()
    n_few = few.final_queries - few.initial_queries
    p = Petition.objects.order_by("-received_on", "-id").first()
    assert f'href="/kiem-tra/don-thu/{p.pk}/"><strong>{p.number}</strong>' in html
    assert "Ngô Văn Tú" in html and "Khiếu nại &lt;b&gt;bình xét&lt;/b&gt; &amp; " in html and "<b>bình" not in html
    assert "x" * 120 not in html and "…" in html
    assert f"{p.accept_by:%d/%m/%Y}" in html and "còn " in html
    masked = leader_client.get("/kiem-tra/don-thu/").content.decode()
    assert "Ngô Văn Tú" not in masked and "N** V** T**" in masked
    add(30)
    with django_assert_max_num_queries(n_few):
        html = staff_client.get("/kiem-tra/don-thu/").content.decode()
    assert html.count('<tr><td class="text-nowrap"><a href="/kiem-tra/don-thu/') == 32
