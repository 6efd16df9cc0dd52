"""Certificates: PDF with a QR code pointing at /xac-minh/<code>; the public verification page shows the name,
award, year, decision and revocation — nothing else personal; unknown codes are a Vietnamese 404."""

import datetime as dt
import subprocess

import pytest
from django.conf import settings

from tests.factories import PersonFactory
from tests.system import available, needs
from thidua.awards import services as award_services
from thidua.documents import services
from thidua.documents.certificates import certificates_html, qr_svg
from thidua.documents.models import Certificate, new_code, normalise_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(unit_a):
    person = PersonFactory(unit=unit_a, full_name="Nguyễn Thị Ánh", gender="female", birth_date=dt.date(1980, 3, 7),
                           citizen_id="034180001234", position="Giáo viên")
    return award_services.confer(award_type="BK_TINH", person=person, year=2024, decision_number="12/QĐ-UBND",
                                 decision_date=dt.date(2025, 2, 5), decision_issuer="Chủ tịch UBND tỉnh Hưng Yên")


def test_codes_are_random_base32_and_typing_is_forgiving():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 16 and c.isalnum() and c.upper() == c for c in codes)
    assert normalise_code("k7qx-2m9p lt4r") == "K7QX2M9PLT4R"


def test_certificate_is_issued_once_per_award(award, staff):
    first = services.issue_certificates([award], user=staff)[award.pk]
    again = services.issue_certificates([award], user=staff)[award.pk]
    assert first.code == again.code and Certificate.objects.count() == 1


def test_certificate_content_and_qr_point_to_the_verification_page(award, staff):
    [content] = services.certificates_for([award], user=staff)
    code = Certificate.objects.get(award=award).code
    url = f"{settings.THIDUA_PUBLIC_BASE_URL.rstrip('/')}/xac-minh/{code}"
    assert content.verify_url == url
    assert content.heading == "BẰNG KHEN"
    assert content.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert content.recipient == "Bà Nguyễn Thị Ánh"
    assert content.decision_line == "Quyết định số 12/QĐ-UBND ngày 05/02/2025"
    html = certificates_html([content])
    assert qr_svg(url) in html  # the QR code encodes exactly this URL
    assert "Nguyễn Thị Ánh" in html and code in html


@needs("pango")
def test_certificate_pdf_download(client_a, award):
    response = client_a.get(f"/van-ban/khen-thuong/{award.pk}/bang-khen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    if available("poppler"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "BẰNG KHEN" in text and "Nguyễn Thị Ánh" in text
        assert Certificate.objects.get(award=award).code in text


def test_certificate_of_another_units_award_is_404(client_b, award):
    assert client_b.get(f"/van-ban/khen-thuong/{award.pk}/bang-khen.pdf").status_code == 404
    assert not Certificate.objects.exists()


def test_revoked_award_gets_no_certificate(client_a, award, staff):
    award_services.revoke(award, "Kê khai không trung thực", "30/QĐ-UBND", user=staff)
    response = client_a.get(f"/van-ban/khen-thuong/{award.pk}/bang-khen.pdf")
    assert response.status_code == 302
    assert not Certificate.objects.exists()


def test_verification_page_shows_public_facts_only(client, award, staff):
    code = services.issue_certificates([award], user=staff)[award.pk].code
    response = client.get(f"/xac-minh/{code}")
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Nguyễn Thị Ánh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "2024", "12/QĐ-UBND", "05/02/2025",
                  "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên", "đang có hiệu lực"):
        assert shown in html
    for hidden in ("034180001234", "07/03/1980", "1980", "Giáo viên", award.unit.name):
        assert hidden not in html
    assert "Đã bị thu hồi" not in html


def test_verification_page_shows_revocation(client, award, staff):
    code = services.issue_certificates([award], user=staff)[award.pk].code
    award_services.revoke(award, "Kê khai không trung thực", "30/QĐ-UBND", user=staff, on=dt.date(2025, 6, 2))
    html = client.get(f"/xac-minh/{code.lower()}").content.decode()
    assert "Đã bị thu hồi" in html and "02/06/2025" in html and "Kê khai không trung thực" in html
    assert "30/QĐ-UBND" in html


def test_unknown_code_is_a_vietnamese_404(client, db):
    response = client.get("/xac-minh/KHONGCOMA0000000")
    assert response.status_code == 404
    assert "Không tìm thấy mã xác minh" in response.content.decode()


def test_verification_form_redirects_to_the_code(client, db):
    response = client.get("/xac-minh/", {"ma": "k7qx-2m9p"})
    assert response.status_code == 302 and response["Location"] == "/xac-minh/K7QX2M9P"
    assert client.get("/xac-minh/").status_code == 200
