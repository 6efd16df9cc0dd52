"""Public pages (no login): only published exemplars and public library texts, never personal data; search
without diacritics; filters; photos and downloads only of what is public."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.outreach.conftest import PDF, png_bytes
from tests.outreach.factories import make_exemplar, make_legal
from thidua.outreach import services
from thidua.outreach.models import Exemplar, LegalDocument


@pytest.fixture
def exemplars(officer_a, staff, person_a, unit_a):
    published = make_exemplar(officer_a, unit_a, person_a, title="Cô giáo vùng khó giữ lửa nghề",
                              summary="Hai mươi năm bám trường.")
    services.save_exemplar(officer_a, published, photo=SimpleUploadedFile("anh.png", png_bytes()))
    services.submit_exemplar(officer_a, published)
    services.publish_exemplar(staff, published)
    draft = make_exemplar(officer_a, unit_a, None, title="Mô hình bí mật chưa duyệt", sector="health", year=2024)
    submitted = make_exemplar(officer_a, unit_a, None, title="Mô hình đã gửi chờ duyệt", photo="")
    services.submit_exemplar(officer_a, submitted)
    return published, draft, submitted


def test_public_list_shows_only_published_and_no_personal_data(client, exemplars, person_a):
    published, draft, submitted = exemplars
    html = client.get("/dien-hinh-tien-tien/").content.decode()
    assert published.title in html and "Nguyễn Thị Hoa" in html
    assert draft.title not in html and submitted.title not in html
    detail = client.get(f"/dien-hinh-tien-tien/{published.pk}/").content.decode()
    assert "Nguyễn Thị Hoa" in detail and "Mô hình «Lớp học cầu vồng»" in detail
    for secret in (person_a.citizen_id, "14/03/1980", "1980-03-14", "033180"):
        assert secret not in html and secret not in detail
    assert client.get(f"/dien-hinh-tien-tien/{draft.pk}/").status_code == 404
    assert client.get(f"/dien-hinh-tien-tien/{submitted.pk}/").status_code == 404
    assert client.get("/dien-hinh-tien-tien/999999/").status_code == 404


def test_public_search_without_diacritics_and_filters(client, exemplars):
    published = exemplars[0]
    assert published.title in client.get("/dien-hinh-tien-tien/", {"q": "co giao vung kho"}).content.decode()
    assert published.title in client.get("/dien-hinh-tien-tien/", {"q": "nguyen thi hoa"}).content.decode()
    assert published.title not in client.get("/dien-hinh-tien-tien/", {"q": "khong co ai"}).content.decode()
    assert published.title in client.get("/dien-hinh-tien-tien/", {"sector": "education", "year": "2025"}).content.decode()
    assert published.title not in client.get("/dien-hinh-tien-tien/", {"sector": "health"}).content.decode()
    assert published.title not in client.get("/dien-hinh-tien-tien/", {"year": "2019"}).content.decode()
    # Junk filter values are ignored, not a 500.
    assert client.get("/dien-hinh-tien-tien/", {"year": "abc", "sector": "x" * 500, "sau": "forged"}).status_code == 200


def test_public_photo_only_for_published(client, exemplars, officer_a):
    published, draft, _ = exemplars
    r = client.get(f"/dien-hinh-tien-tien/{published.pk}/anh")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    services.save_exemplar(officer_a, draft, photo=SimpleUploadedFile("anh.png", png_bytes()))
    assert client.get(f"/dien-hinh-tien-tien/{draft.pk}/anh").status_code == 404


def test_unpublished_exemplar_disappears(client, exemplars, staff):
    published = exemplars[0]
    services.unpublish_exemplar(staff, published, reason="Sai thông tin")
    assert client.get(f"/dien-hinh-tien-tien/{published.pk}/").status_code == 404
    assert published.title not in client.get("/dien-hinh-tien-tien/").content.decode()


def test_public_library_search_detail_download(client, staff):
    law = make_legal(staff, kind="law", number="06/2022/QH15", issuer="Quốc hội", issued_on=dt.date(2022, 6, 15),
                     effective_on=dt.date(2024, 1, 1), title="Luật Thi đua, khen thưởng")
    nd152 = make_legal(staff, number="152/2025/NĐ-CP", issued_on=dt.date(2025, 6, 14), effective_on=dt.date(2025, 7, 1),
                       title="Quy định về phân cấp, phân quyền")
    nd98 = make_legal(staff, status=LegalDocument.Status.REPLACED, replaced_by=nd152, expired_on=dt.date(2025, 7, 1))
    internal = make_legal(staff, kind="guidance", number="12/HD-SNV", issuer="Sở Nội vụ", issued_on=dt.date(2025, 2, 1),
                          title="Hướng dẫn nội bộ chưa công bố", is_public=False,
                          effective_on=None)
    services.save_legal_document(staff, nd98, upload=SimpleUploadedFile("nd98.pdf", PDF))
    html = client.get("/thu-vien-van-ban/").content.decode()
    assert "06/2022/QH15" in html and "98/2023/NĐ-CP" in html and "12/HD-SNV" not in html
    html = client.get("/thu-vien-van-ban/", {"q": "luat thi dua khen thuong"}).content.decode()
    assert "06/2022/QH15" in html and "152/2025" not in html
    html = client.get("/thu-vien-van-ban/", {"q": "nd-cp"}).content.decode()
    assert "98/2023/NĐ-CP" in html and "06/2022/QH15" not in html
    html = client.get("/thu-vien-van-ban/", {"status": "replaced"}).content.decode()
    assert "98/2023/NĐ-CP" in html and "152/2025/NĐ-CP" not in html.split("<tbody>")[1]
    detail = client.get(f"/thu-vien-van-ban/{nd98.pk}/").content.decode()
    assert "Đã được thay thế" in detail and f"/thu-vien-van-ban/{nd152.pk}/" in detail and "nd98.pdf" in detail
    r = client.get(f"/thu-vien-van-ban/{nd98.pk}/tai-ve")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content) == PDF
    assert "attachment" in r["Content-Disposition"]
    assert client.get(f"/thu-vien-van-ban/{law.pk}/tai-ve").status_code == 404  # no file
    assert client.get(f"/thu-vien-van-ban/{internal.pk}/").status_code == 404
    assert client.get(f"/thu-vien-van-ban/{internal.pk}/tai-ve").status_code == 404


def test_public_nav_links_everywhere(client, db):
    for url in ("/dien-hinh-tien-tien/", "/thu-vien-van-ban/", "/cong-khai/", "/xac-minh/"):
        html = client.get(url).content.decode()
        assert 'href="/dien-hinh-tien-tien/"' in html and 'href="/thu-vien-van-ban/"' in html, url


def test_exemplar_kind_is_cleaned(officer_a, unit_a, person_a):
    ex = make_exemplar(officer_a, unit_a, person_a, kind=Exemplar.Kind.MODEL)
    assert ex.person is None and ex.display_name == ex.title
