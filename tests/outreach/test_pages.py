"""Pages of the "Tuyên truyền" area by persona: unit officers act for their own unit only (another unit's records are
404), province staff publish and manage, leaders read. Forms answer bad input with Vietnamese messages."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.conftest import login
from tests.outreach.conftest import PDF, png_bytes
from tests.outreach.factories import make_congress, make_delegation, make_exemplar, make_legal, make_training
from thidua.core.models import AuditEntry
from thidua.outreach import services
from thidua.outreach.models import Delegate, Exemplar, MediaCoverage, Training, TrainingAttendee


@pytest.fixture
def in_2025(time_machine):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


# Exemplars -------------------------------------------------------------------------------------------------------


def test_officer_proposes_with_photo_and_staff_publishes(client_a, officer_a, staff, person_a, unit_a, client):
    r = client_a.post("/tuyen-truyen/dien-hinh/them/", {
        "unit": unit_a.pk, "kind": "person", "category": "advanced", "person_unit": unit_a.pk, "person": person_a.pk,
        "title": "Cô giáo vùng khó", "story": "Hai mươi năm bám trường, vận động học sinh bỏ học trở lại lớp.",
        "sector": "education", "year": 2025, "photo_upload": SimpleUploadedFile("anh.png", png_bytes()),
    })
    ex = Exemplar.objects.get(title="Cô giáo vùng khó")
    assert r.status_code == 302 and r["Location"] == f"/tuyen-truyen/dien-hinh/{ex.pk}/"
    assert ex.photo and ex.created_by == officer_a and ex.status == "draft"
    assert client_a.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/anh/")["Content-Type"] == "image/png"
    client_a.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/submit/")
    client_a.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/publish/")  # not allowed: stays submitted
    ex.refresh_from_db()
    assert ex.status == "submitted"
    staff_client = login(client, staff)
    html = staff_client.get("/tuyen-truyen/dien-hinh/").content.decode()
    assert "đang chờ công bố" in html and "Cô giáo vùng khó" in html
    staff_client.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/publish/")
    ex.refresh_from_db()
    assert ex.status == "published"
    assert AuditEntry.objects.filter(model="outreach.Exemplar", object_id=str(ex.pk), actor=staff,
                                     action="transition", note__contains="Công bố").exists()


def test_exemplar_form_validation_in_vietnamese(client_a, unit_a):
    r = client_a.post("/tuyen-truyen/dien-hinh/them/", {
        "unit": unit_a.pk, "kind": "person", "category": "advanced", "title": "", "story": "ngắn",
        "sector": "education", "year": "abc", "photo_upload": SimpleUploadedFile("anh.png", PDF),
    })
    html = r.content.decode()
    assert r.status_code == 200 and not Exemplar.objects.exists()
    assert "Trường này là bắt buộc" in html or "bắt buộc" in html
    r = client_a.post("/tuyen-truyen/dien-hinh/them/", {
        "unit": unit_a.pk, "kind": "person", "category": "advanced", "title": "Tiêu đề", "sector": "education",
        "story": "Một câu chuyện đủ dài để vượt qua kiểm tra độ dài tối thiểu.", "year": 2025,
        "photo_upload": SimpleUploadedFile("anh.png", PDF),
    })
    html = r.content.decode()
    assert "Cần chọn cá nhân được giới thiệu" in html
    r = client_a.post("/tuyen-truyen/dien-hinh/them/", {
        "unit": unit_a.pk, "kind": "model", "category": "model", "title": "Tiêu đề", "sector": "education",
        "story": "Một câu chuyện đủ dài để vượt qua kiểm tra độ dài tối thiểu.", "year": 2025,
        "photo_upload": SimpleUploadedFile("anh.png", PDF),
    })
    assert "PNG hoặc JPG" in r.content.decode() and not Exemplar.objects.exists()


def test_other_unit_gets_404_on_everything(officer_a, client_b, person_a, unit_a):
    ex = make_exemplar(officer_a, unit_a, person_a)
    cov = services.save_coverage(officer_a, MediaCoverage(unit=unit_a, outlet="Báo Hưng Yên",
                                                          published_on=dt.date(2025, 1, 2), title="Tin A", exemplar=ex))
    for url in (f"/tuyen-truyen/dien-hinh/{ex.pk}/", f"/tuyen-truyen/dien-hinh/{ex.pk}/sua/",
                f"/tuyen-truyen/dien-hinh/{ex.pk}/anh/", f"/tuyen-truyen/tin-bai/{cov.pk}/sua/"):
        assert client_b.get(url).status_code == 404, url
    assert client_b.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/submit/").status_code == 404
    assert client_b.post(f"/tuyen-truyen/tin-bai/{cov.pk}/xoa/").status_code == 404
    assert ex.title not in client_b.get("/tuyen-truyen/dien-hinh/").content.decode()
    assert "Tin A" not in client_b.get("/tuyen-truyen/tin-bai/").content.decode()
    assert MediaCoverage.objects.filter(pk=cov.pk).exists()


def test_leader_reads_but_cannot_propose(officer_a, province_leader, client, person_a, unit_a):
    ex = make_exemplar(officer_a, unit_a, person_a)
    c = login(client, province_leader)
    assert ex.title in c.get("/tuyen-truyen/dien-hinh/").content.decode()
    html = c.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/").content.decode()
    assert "033180001234" not in html and "•••" in html  # citizen id masked for anyone but province staff
    assert c.get("/tuyen-truyen/dien-hinh/them/").status_code == 403
    c.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/publish/")
    ex.refresh_from_db()
    assert ex.status == "draft"


def test_reject_with_reason_then_resubmit(officer_a, staff, client, person_a, unit_a):
    ex = make_exemplar(officer_a, unit_a, person_a)
    services.submit_exemplar(officer_a, ex)
    c = login(client, staff)
    c.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/reject/", {"reason": ""})
    ex.refresh_from_db()
    assert ex.status == "submitted"
    r = c.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/reject/", {"reason": "Bổ sung ảnh"}, follow=True)
    assert "Đã trả lại" in r.content.decode()
    ex.refresh_from_db()
    assert ex.status == "rejected"
    c = login(client, officer_a)
    assert "Bổ sung ảnh" in c.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/").content.decode()
    assert c.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/sua/").status_code == 200


def test_coverage_form(client_a, unit_a, officer_a, person_a):
    ex = make_exemplar(officer_a, unit_a, person_a)
    assert client_a.get(f"/tuyen-truyen/tin-bai/them/?dien_hinh={ex.pk}").status_code == 200
    r = client_a.post("/tuyen-truyen/tin-bai/them/", {
        "unit": unit_a.pk, "outlet": "Báo Hưng Yên", "medium": "print", "published_on": "2025-03-05",
        "title": "Gương sáng", "url": "javascript:alert(1)", "exemplar": ex.pk})
    assert "Đường dẫn không hợp lệ" in r.content.decode()
    r = client_a.post("/tuyen-truyen/tin-bai/them/", {
        "unit": unit_a.pk, "outlet": "Báo Hưng Yên", "medium": "print", "published_on": "2025-03-05",
        "title": "Gương sáng", "url": "baohungyen.vn/guong-sang", "exemplar": ex.pk})
    assert r.status_code == 302
    assert MediaCoverage.objects.get().url == "https://baohungyen.vn/guong-sang"
    assert "Gương sáng" in client_a.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/").content.decode()


# Legal library ---------------------------------------------------------------------------------------------------


def test_library_managed_by_province_staff(client_a, staff, client):
    assert client_a.get("/tuyen-truyen/van-ban/").status_code == 200
    assert client_a.get("/tuyen-truyen/van-ban/them/").status_code == 403
    c = login(client, staff)
    r = c.post("/tuyen-truyen/van-ban/them/", {
        "kind": "decree", "number": "98/2023/NĐ-CP", "issuer": "Chính phủ", "issued_on": "2023-12-31",
        "title": "Quy định chi tiết", "status": "in_force", "is_public": "on",
        "upload": SimpleUploadedFile("nd98.pdf", PDF)})
    assert r.status_code == 302
    r = c.post("/tuyen-truyen/van-ban/them/", {
        "kind": "decree", "number": "98/2023/NĐ-CP", "issuer": "Chính phủ", "issued_on": "2023-12-31",
        "title": "Trùng", "status": "in_force"})
    assert "đã có trong thư viện" in r.content.decode()
    r = c.post("/tuyen-truyen/van-ban/them/", {
        "kind": "decree", "number": "abc", "issuer": "Chính phủ", "issued_on": "31/12/2023", "title": "x",
        "status": "expired", "upload": SimpleUploadedFile("x.docx", b"PK\x03\x04broken")})
    html = r.content.decode()
    assert r.status_code == 200 and ("Nhập" in html or "hợp lệ" in html)
    r = c.post("/tuyen-truyen/van-ban/them/", {
        "kind": "decree", "number": "12/2024/NĐ-CP", "issuer": "Chính phủ", "issued_on": "2024-01-01", "title": "x",
        "status": "in_force", "upload": SimpleUploadedFile("x.docx", b"PK\x03\x04broken")})
    assert "Tệp Word (.docx) bị hỏng" in r.content.decode()


def test_internal_text_hidden_from_units(staff, client_a):
    doc = make_legal(staff, is_public=False)
    assert client_a.get(f"/tuyen-truyen/van-ban/{doc.pk}/").status_code == 404
    assert "98/2023" not in client_a.get("/tuyen-truyen/van-ban/").content.decode()


# Training --------------------------------------------------------------------------------------------------------


def test_training_journey(staff, client, officer_a, officer_b, unit_a, unit_b, province, person_a, person_a2, person_b,
                          in_2025):
    c = login(client, staff)
    r = c.post("/tuyen-truyen/tap-huan/them/", {
        "title": "Tập huấn nghiệp vụ TĐKT 2025", "organiser": province.pk, "start": "2025-08-14", "end": "2025-08-15",
        "venue": "Hội trường", "audience": "Cán bộ TĐKT"})
    t = Training.objects.get()
    assert r.status_code == 302
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/moi/", {"units": [unit_a.pk, unit_b.pk], "seats": 2})
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/trang-thai/", {"status": "open"})
    t.refresh_from_db()
    assert t.status == "open" and t.invitations.count() == 2
    c = login(client, officer_a)
    assert c.get(f"/tuyen-truyen/tap-huan/{t.pk}/").status_code == 200
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/dang-ky/", {"unit": unit_a.pk, "person": person_a.pk})
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/dang-ky/", {"unit": unit_a.pk, "person": person_a2.pk})
    r = c.post(f"/tuyen-truyen/tap-huan/{t.pk}/dang-ky/", {"unit": unit_b.pk, "person": person_b.pk}, follow=True)
    assert "Chọn một" in r.content.decode()  # B is not in A's choices
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/diem-danh/", {"present": []})  # only the organiser marks
    assert not TrainingAttendee.objects.filter(attended__isnull=False).exists()
    c = login(client, officer_b)
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/dang-ky/", {"unit": unit_b.pk, "person": person_b.pk})
    html = c.get(f"/tuyen-truyen/tap-huan/{t.pk}/").content.decode()
    assert person_b.full_name in html and person_a.full_name not in html  # B sees only its own people
    wb = _xlsx(c.get(f"/tuyen-truyen/tap-huan/{t.pk}/xuat-excel/"))
    names = [row[1] for row in wb.worksheets[0].iter_rows(min_row=5, values_only=True)]
    assert names == [person_b.full_name]
    a_attendee = TrainingAttendee.objects.get(person=person_a)
    assert c.post(f"/tuyen-truyen/tap-huan/hoc-vien/{a_attendee.pk}/xoa/").status_code == 404
    c = login(client, staff)
    ids = list(TrainingAttendee.objects.filter(person__in=[person_a, person_b]).values_list("pk", flat=True))
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/diem-danh/", {"present": [str(i) for i in ids]})
    assert TrainingAttendee.objects.filter(attended=True).count() == 2
    assert TrainingAttendee.objects.filter(attended=False).count() == 1
    wb = _xlsx(c.get(f"/tuyen-truyen/tap-huan/{t.pk}/xuat-excel/"))
    summary = list(wb.worksheets[1].iter_rows(values_only=True))
    assert summary[-1] == ("Tổng cộng", 4, 3, 2, 1)
    html = c.get(f"/tuyen-truyen/tap-huan/{t.pk}/").content.decode()
    assert 'id="unit-summary"' in html and unit_a.name in html
    c.post(f"/tuyen-truyen/tap-huan/{t.pk}/tai-lieu/", {"kind": "agenda", "title": "Chương trình",
                                                        "file": SimpleUploadedFile("ct.pdf", PDF)})
    m = t.materials.get()
    r = login(client, officer_b).get(f"/tuyen-truyen/tap-huan/tai-lieu/{m.pk}/")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    r = login(client, staff).post(f"/tuyen-truyen/tap-huan/{t.pk}/tai-lieu/",
                                  {"kind": "material", "file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}, follow=True)
    assert "không được chấp nhận: chỉ nhận PDF, Word (.docx)" in r.content.decode()


def test_training_form_messages(staff_client, staff, province):
    r = staff_client.post("/tuyen-truyen/tap-huan/them/", {
        "title": "Lớp", "organiser": province.pk, "start": "2025-08-14", "end": "2025-08-01", "venue": "x",
        "audience": "x", "registration_deadline": "2025-09-01", "capacity": "0"})
    html = r.content.decode()
    assert "Ngày kết thúc phải sau" in html and "Hạn đăng ký phải trước" in html and "lớn hơn 0" in html
    t = make_training(staff, province)
    r = staff_client.post(f"/tuyen-truyen/tap-huan/{t.pk}/trang-thai/", {"status": "bogus"}, follow=True)
    assert "Trạng thái không hợp lệ" in r.content.decode()


def test_unit_officer_cannot_create_training(client_a):
    assert client_a.get("/tuyen-truyen/tap-huan/them/").status_code == 403


# Congress and delegation -----------------------------------------------------------------------------------------


def test_delegation_pages_and_export(staff, client, officer_a, unit_a, province, person_a, person_a2, person_b, officer_b):
    congress = make_congress(staff)
    d = make_delegation(staff, congress, province, size=5)
    c = login(client, officer_a)
    html = c.get(f"/tuyen-truyen/doan/{d.pk}/").content.decode()
    assert "Đề cử đại biểu" in html
    c.post(f"/tuyen-truyen/doan/{d.pk}/de-cu/", {"unit": unit_a.pk, "person": person_a.pk, "category": "direct_worker",
                                                 "achievements": "Chiến sĩ thi đua cơ sở 3 năm liền"})
    c.post(f"/tuyen-truyen/doan/{d.pk}/de-cu/", {"unit": unit_a.pk, "person": person_a2.pk, "category": "leader"})
    assert d.delegates.count() == 2
    services.nominate_delegate(officer_b, d, person_b, category="exemplar")
    html = c.get(f"/tuyen-truyen/doan/{d.pk}/").content.decode()
    assert person_a.full_name in html and person_b.full_name not in html
    other = Delegate.objects.get(person=person_b)
    assert c.post(f"/tuyen-truyen/doan/dai-bieu/{other.pk}/rut/").status_code == 404
    c.post(f"/tuyen-truyen/doan/dai-bieu/{other.pk}/xet/", {"status": "confirmed", "role": "head"})
    other.refresh_from_db()
    assert other.status == "nominated"
    c = login(client, staff)
    a1, a2 = Delegate.objects.get(person=person_a), Delegate.objects.get(person=person_a2)
    c.post(f"/tuyen-truyen/doan/dai-bieu/{a2.pk}/xet/", {"status": "confirmed", "role": "head"})
    c.post(f"/tuyen-truyen/doan/dai-bieu/{a1.pk}/xet/", {"status": "confirmed", "role": "member"})
    r = c.post(f"/tuyen-truyen/doan/dai-bieu/{other.pk}/xet/", {"status": "declined", "role": "member"}, follow=True)
    assert "Cần ghi lý do" in r.content.decode()
    html = c.get(f"/tuyen-truyen/doan/{d.pk}/").content.decode()
    assert 'id="composition"' in html and "50,0%" in html  # 1 woman of 2 confirmed; 1 direct worker of 2
    wb = _xlsx(c.get(f"/tuyen-truyen/doan/{d.pk}/xuat-excel/"))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[3][1] == person_a2.full_name and rows[3][5] == "Trưởng đoàn"
    assert ("Nữ", 1, "50,0%") in [tuple(r[:3]) for r in rows]
    c.post(f"/tuyen-truyen/doan/{d.pk}/close/")
    d.refresh_from_db()
    other.refresh_from_db()
    assert d.status == "confirmed" and other.status == "declined"


def test_congress_pages(staff_client, staff, officer_a, unit_a, person_a):
    from django.test import Client

    client_a = login(Client(), officer_a)
    ex = make_exemplar(officer_a, unit_a, person_a)
    services.publish_exemplar(staff, ex)
    congress = make_congress(staff, level="province", name="Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025",
                             organiser_name="", organiser=unit_a.parent)
    assert "Hưng Yên lần thứ X" in staff_client.get("/tuyen-truyen/dai-hoi/").content.decode()
    staff_client.post(f"/tuyen-truyen/dai-hoi/{congress.pk}/", {"kind": "individual", "exemplar": ex.pk})
    r = staff_client.post(f"/tuyen-truyen/dai-hoi/{congress.pk}/", {"kind": "collective", "name": ""})
    assert "Cần ghi tên" in r.content.decode()
    h = congress.honourees.get()
    assert h.name == person_a.full_name and h.exemplar == ex
    assert client_a.post(f"/tuyen-truyen/dai-hoi/{congress.pk}/", {"kind": "collective", "name": "X"}).status_code == 403
    r = staff_client.post("/tuyen-truyen/dai-hoi/them/", {"level": "province", "name": "ĐH", "start": "2025-09-19",
                                                          "end": "2025-09-18", "venue": "x"})
    html = r.content.decode()
    assert "Ngày bế mạc phải sau" in html and "Cần chọn đơn vị tổ chức" in html


# Report ----------------------------------------------------------------------------------------------------------


def test_kh90_report_and_xlsx(staff_client, staff, officer_a, unit_a, person_a, province, in_2025):
    ex = make_exemplar(officer_a, unit_a, person_a, year=2024)
    services.publish_exemplar(staff, ex)
    services.save_coverage(staff, MediaCoverage(unit=province, outlet="Báo Hưng Yên", medium="print",
                                                published_on=dt.date(2024, 5, 1), title="Bài 1"))
    services.save_coverage(staff, MediaCoverage(unit=province, outlet="Báo Hưng Yên", medium="online",
                                                published_on=dt.date(2024, 6, 1), title="Bài 2"))
    services.save_coverage(staff, MediaCoverage(unit=province, outlet="Đài PT-TH Hưng Yên", medium="television",
                                                published_on=dt.date(2020, 6, 1), title="Trước kỳ"))
    t = make_training(staff, province)
    services.invite_unit(staff, t, unit_a, 2)
    services.set_training_status(staff, t, "open")
    services.register_attendee(officer_a, t, person_a)
    services.mark_attendance(staff, t, [t.attendees.get().pk])
    html = staff_client.get("/tuyen-truyen/bao-cao-kh90/").content.decode()
    assert 'id="by-sector"' in html and "Giáo dục và đào tạo" in html and "Báo Hưng Yên" in html
    assert "Trước kỳ" not in html and "Đài PT-TH Hưng Yên" not in html
    wb = _xlsx(staff_client.get("/tuyen-truyen/bao-cao-kh90/", {"tu": "2021-06-11", "den": "2025-12-31", "xuat": "xlsx"}))
    outlets = list(wb.worksheets[1].iter_rows(values_only=True))
    assert outlets[1] == ("Báo Hưng Yên", 1, 1, 0, 0, 0, 2)
    trainings = list(wb.worksheets[2].iter_rows(values_only=True))
    assert trainings[1][-3:] == (1, 1, 1)
    r = staff_client.get("/tuyen-truyen/bao-cao-kh90/", {"tu": "2025-12-31", "den": "2021-01-01"})
    assert r.status_code == 400 and "Ngày kết thúc kỳ báo cáo" in r.content.decode()
    r = staff_client.get("/tuyen-truyen/bao-cao-kh90/", {"tu": "31-31-2025"})
    assert r.status_code == 400


def test_report_for_unit_officer_is_scoped(officer_a, officer_b, unit_b, person_b, staff):
    from django.test import Client

    client_a = login(Client(), officer_a)
    ex = make_exemplar(officer_b, unit_b, person_b)
    services.publish_exemplar(staff, ex)
    services.save_coverage(officer_b, MediaCoverage(unit=unit_b, outlet="Báo B", published_on=dt.date(2024, 1, 1),
                                                    title="Tin B"))
    html = client_a.get("/tuyen-truyen/bao-cao-kh90/").content.decode()
    assert "Báo B" not in html and "phạm vi đơn vị của bạn" in html


def test_people_picker_is_scoped(client_a, person_a, person_b, unit_a, unit_b):
    """The exemplar form's person is a picker searching the unit chosen above it, within the user's scope."""
    html = client_a.get("/tuyen-truyen/dien-hinh/them/").content.decode()
    assert ('data-picker-url="/to-chuc/ca-nhan/chon/?dang_lam=1" '
            'data-picker-depends="{&quot;don_vi&quot;: &quot;person_unit&quot;}"') in html
    found = client_a.get("/to-chuc/ca-nhan/chon/", {"don_vi": unit_a.pk, "dang_lam": 1}).json()["results"]
    assert person_a.full_name in [r["text"] for r in found]
    assert client_a.get("/to-chuc/ca-nhan/chon/", {"don_vi": unit_b.pk}).json()["results"] == []
    assert client_a.get("/to-chuc/ca-nhan/chon/", {"don_vi": "x" * 50}).status_code == 200


def test_coverage_list_offers_edit_only_where_allowed(officer_a, officer_b, unit_a, unit_b, staff, client):
    services.save_coverage(officer_a, MediaCoverage(unit=unit_a, outlet="Báo A", published_on=dt.date(2025, 1, 2),
                                                    title="Tin A"))
    c = login(client, staff)
    assert "/sua/" in c.get("/tuyen-truyen/tin-bai/").content.decode()
    from tests.factories import UserFactory
    from thidua.core.roles import Role

    leader = UserFactory(username="ld", role=Role.LEADER, unit=unit_a.parent)
    html = login(client, leader).get("/tuyen-truyen/tin-bai/").content.decode()
    assert "Tin A" in html and "/sua/" not in html


def test_unit_deletes_its_unpublished_proposal_only(officer_a, client_b, staff, person_a, unit_a, client):
    ex = make_exemplar(officer_a, unit_a, person_a)
    assert client_b.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/delete/").status_code == 404
    services.submit_exemplar(officer_a, ex)
    c = login(client, officer_a)
    c.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/delete/")  # submitted: stays
    assert Exemplar.objects.filter(pk=ex.pk).exists()
    services.publish_exemplar(staff, ex)
    services.unpublish_exemplar(staff, ex, reason="Sai")
    c.post(f"/tuyen-truyen/dien-hinh/{ex.pk}/delete/")  # was published once: kept for the record
    assert Exemplar.objects.filter(pk=ex.pk).exists()
    draft = make_exemplar(officer_a, unit_a, None, title="Đề xuất nhầm")
    r = c.post(f"/tuyen-truyen/dien-hinh/{draft.pk}/delete/", follow=True)
    assert "Đã xóa đề xuất" in r.content.decode() and not Exemplar.objects.filter(pk=draft.pk).exists()


def test_congress_and_coverage_filters(staff_client, staff, province):
    make_congress(staff)
    make_congress(staff, level="province", name="Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025",
                  organiser=province, organiser_name="")
    html = staff_client.get("/tuyen-truyen/dai-hoi/", {"level": "province"}).content.decode()
    assert "lần thứ X năm 2025" in html and "toàn quốc lần thứ XI" not in html
    html = staff_client.get("/tuyen-truyen/dai-hoi/", {"q": "toan quoc"}).content.decode()
    assert "lần thứ X năm 2025" not in html and "toàn quốc lần thứ XI" in html
    assert staff_client.get("/tuyen-truyen/tin-bai/", {"phong_trao": "abc"}).status_code == 200


def test_exemplar_detail_shows_the_award_book(officer_a, unit_a, person_a, client_a):
    from thidua.awards.models import Award, AwardType

    award_type = AwardType.objects.first()
    if award_type is None:
        pytest.skip("award catalogue not loaded")
    Award.objects.create(award_type=award_type, person=person_a, unit=unit_a, recipient_kind="individual", year=2023,
                         decision_number="45/QĐ-UBND")
    ex = make_exemplar(officer_a, unit_a, person_a)
    html = client_a.get(f"/tuyen-truyen/dien-hinh/{ex.pk}/").content.decode()
    assert "45/QĐ-UBND" in html and award_type.name in html
