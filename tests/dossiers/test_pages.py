"""Pages: scoping (another unit's dossier is a 404), role-specific actions, uploads checked by content and served
only through permission checks, the nomination form's live verdict, council pages, query counts on the list."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.dossiers.conftest import PDF, members, ready_dossier
from thidua.dossiers import services
from thidua.dossiers.models import Attachment, Dossier


def _docx(extra=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for name in extra or ():
            z.writestr(name, "x")
    return buf.getvalue()


def as_user(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def dossier(officer_a, person_a, ldtt):
    return ready_dossier(officer_a, person_a, ldtt)


def test_unit_sees_own_dossier_other_unit_gets_404(dossier, client_a, client, officer_b):
    assert client_a.get(f"/ho-so/{dossier.pk}/").status_code == 200
    client.force_login(officer_b)
    for url in (f"/ho-so/{dossier.pk}/", f"/ho-so/{dossier.pk}/sua/", f"/ho-so/{dossier.pk}/quyet-dinh/",
                f"/ho-so/{dossier.pk}/de-nghi/them/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/ho-so/{dossier.pk}/chuyen/submit/").status_code == 404
    assert dossier.title not in client.get("/ho-so/").content.decode()


def test_province_staff_sees_all_dossiers(dossier, staff_client):
    html = staff_client.get("/ho-so/").content.decode()
    assert dossier.title in html
    assert staff_client.get(f"/ho-so/{dossier.pk}/").status_code == 200


def test_list_search_without_diacritics_and_filters(dossier, client_a):
    assert dossier.title in client_a.get("/ho-so/?q=de nghi khen thuong").content.decode()
    assert dossier.title not in client_a.get("/ho-so/?q=khong+co").content.decode()
    assert dossier.title in client_a.get("/ho-so/?trang_thai=draft").content.decode()
    assert dossier.title not in client_a.get("/ho-so/?trang_thai=decided").content.decode()


def test_list_query_count_does_not_grow_with_rows(officer_a, person_a, ldtt, staff_client):
    ready_dossier(officer_a, person_a, ldtt)
    staff_client.get("/ho-so/")  # warm-up: the session's once-a-minute activity write is not the page's cost
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/ho-so/")
    for _ in range(5):
        ready_dossier(officer_a, person_a, ldtt)
    with CaptureQueriesContext(connection) as many:
        staff_client.get("/ho-so/")
    assert len(many) == len(few)


def test_detail_shows_only_the_current_users_actions(dossier, officer_a, staff):
    client_a, staff_client = as_user(officer_a), as_user(staff)
    html = client_a.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "/chuyen/submit/" in html and "/chuyen/receive/" not in html
    html = staff_client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "/chuyen/submit/" not in html  # staff cannot submit a unit's draft


def test_transition_via_page_and_forbidden_one_is_refused(dossier, officer_a, staff):
    client_a, staff_client = as_user(officer_a), as_user(staff)
    response = client_a.post(f"/ho-so/{dossier.pk}/chuyen/submit/", follow=True)
    assert "Đã thực hiện" in response.content.decode()
    response = client_a.post(f"/ho-so/{dossier.pk}/chuyen/receive/", follow=True)
    assert "không được thực hiện" in response.content.decode()
    response = staff_client.post(f"/ho-so/{dossier.pk}/chuyen/return/", {"reason": ""}, follow=True)
    assert "Cần ghi rõ lý do" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED


def test_stale_page_does_not_double_apply(dossier, client_a):
    version = Dossier.objects.get(pk=dossier.pk).version
    client_a.post(f"/ho-so/{dossier.pk}/chuyen/submit/", {"version": version})
    response = client_a.post(f"/ho-so/{dossier.pk}/chuyen/withdraw/", {"version": version}, follow=True)
    assert "vừa được người khác xử lý" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.SUBMITTED


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("to-trinh.pdf", PDF, True),
        ("bao-cao.docx", _docx(), True),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, True),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50, True),
        ("virus.pdf", b"MZ\x90\x00 this is an exe", False),          # extension lies
        ("script.pdf", b"%PDF-1.4 /OpenAction << /S /JavaScript /JS (app.alert(1)) >>", False),
        ("macro.docx", _docx(["word/vbaProject.bin"]), False),
        ("trang.html", b"<html><script>alert(1)</script>", False),
        ("doi-ten.png", PDF, False),                                  # a PDF named .png
        ("rong.pdf", b"", False),
    ],
)
def test_upload_is_checked_by_content(dossier, client_a, name, content, ok):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    client_a.post(f"/ho-so/{dossier.pk}/tai-lieu/", {"kind": "minh_chung", "file": upload})
    assert Attachment.objects.filter(dossier=dossier, original_name=name).exists() is ok


def test_upload_size_limit(dossier, client_a, settings):
    settings.THIDUA_MAX_ATTACHMENT_BYTES = 100
    upload = SimpleUploadedFile("lon.pdf", PDF + b"\0" * 200)
    response = client_a.post(f"/ho-so/{dossier.pk}/tai-lieu/", {"kind": "minh_chung", "file": upload}, follow=True)
    assert "quá lớn" in response.content.decode()


def test_files_are_stored_outside_the_web_root_and_served_with_checks(dossier, client_a, client, officer_b,
                                                                      private_media):
    att = dossier.attachments.first()
    path = att.file.path
    assert str(path).startswith(str(private_media)) and "to-trinh" not in path  # random name on disk
    response = client_a.get(f"/ho-so/tai-lieu/{att.pk}/tai-ve/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    client.force_login(officer_b)
    assert client.get(f"/ho-so/tai-lieu/{att.pk}/tai-ve/").status_code == 404


def test_nomination_form_live_verdict(dossier, client_a, person_a, cstd_co_so):
    url = f"/ho-so/{dossier.pk}/de-nghi/kiem-tra/?kind=individual&person={person_a.pk}&award_type={cstd_co_so.pk}"
    html = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Đủ tiêu chuẩn" in html
    person_a.ratings.update(rating="HTNV")
    html = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Chưa đủ tiêu chuẩn" in html and "Luật" in html  # unmet criteria cite their article


def test_nomination_form_saves(dossier, client_a, person_a, cstd_co_so):
    response = client_a.post(f"/ho-so/{dossier.pk}/de-nghi/them/", {
        "kind": "individual", "person": person_a.pk, "award_type": cstd_co_so.pk,
        "achievement_summary": "Sáng kiến cấp cơ sở", "justification": "",
    })
    assert response.status_code == 302
    assert dossier.nominations.filter(award_type=cstd_co_so).exists()


def test_appraisal_page_for_staff_only(dossier, officer_a, staff):
    client_a, staff_client = as_user(officer_a), as_user(staff)
    services.transition(dossier, "submit", officer_a)
    services.transition(dossier, "receive", staff)
    assert client_a.get(f"/ho-so/{dossier.pk}/tham-dinh/").status_code == 403
    nomination = dossier.nominations.get()
    response = staff_client.post(f"/ho-so/{dossier.pk}/tham-dinh/",
                                 {"nomination": nomination.pk, "result": "accepted", "note": "Đạt"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.appraisal == "accepted"


def test_council_pages(secretary, council, client, officer_a):
    session = services.create_session(secretary, council, title="Phiên họp tháng 12", held_on=dt.date(2025, 12, 1))
    client.force_login(secretary)
    assert "Phiên họp tháng 12" in client.get("/ho-so/hoi-dong/").content.decode()
    assert client.get(f"/ho-so/phien-hop/{session.pk}/").status_code == 200
    member = members(council)[2]
    client.force_login(member.user)
    assert client.get(f"/ho-so/phien-hop/{session.pk}/bo-phieu/").status_code == 200
    client.force_login(officer_a)
    assert client.get("/ho-so/hoi-dong/").status_code == 403
    assert client.get(f"/ho-so/phien-hop/{session.pk}/bo-phieu/").status_code == 403


def test_revoke_page_only_for_province_staff(officer_a, staff, person_a, ldtt):
    client_a, staff_client = as_user(officer_a), as_user(staff)
    from thidua.awards.services import confer

    award = confer(award_type=ldtt, person=person_a, year=2024, decision_number="05/QĐ-UBND")
    assert client_a.get("/ho-so/huy-bo-khen-thuong/").status_code == 403
    html = staff_client.get("/ho-so/huy-bo-khen-thuong/?q=nguyen thi lan").content.decode()
    assert "Lao động tiên tiến" in html
    response = staff_client.post("/ho-so/huy-bo-khen-thuong/", {
        "award": award.pk, "reason": "Kê khai thành tích không trung thực", "decision_number": "12/QĐ-UBND",
        "revoked_on": "2025-03-01",
    })
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked and award.revoked_reason == "Kê khai thành tích không trung thực"
    assert award.revoked_decision == "12/QĐ-UBND"
