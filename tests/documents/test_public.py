"""Publishing a decision and the public results page /cong-khai/: no login, search without diacritics, only the
public fields (name, award, unit, decision)."""

import pytest
from django.test import Client

from thidua.awards import services as award_services
from thidua.documents import services
from thidua.documents.models import Certificate, Publication

pytestmark = pytest.mark.django_db


def publish_url(decision):
    return f"/van-ban/ho-so/{decision.dossier_id}/cong-khai/"


def test_province_staff_publishes_and_certificates_are_issued(staff_client, decided_a):
    response = staff_client.post(publish_url(decided_a), {"action": "publish"})
    assert response.status_code == 302
    publication = Publication.objects.get(decision=decided_a)
    assert publication.awardee_count == 4 and publication.awardees.count() == 4
    assert Certificate.objects.count() == 4
    staff_client.post(publish_url(decided_a), {"action": "publish"})  # again: refreshed, not duplicated
    assert Publication.objects.get().awardees.count() == 4 and Certificate.objects.count() == 4
    staff_client.post(publish_url(decided_a), {"action": "unpublish"})
    assert not Publication.objects.exists()
    assert Client().get("/cong-khai/").content.decode().count("05/QĐ-UBND") == 0


def test_unit_officer_cannot_publish(client_a, decided_a):
    assert client_a.post(publish_url(decided_a), {"action": "publish"}).status_code == 403
    assert not Publication.objects.exists()


def test_public_page_needs_no_login_and_shows_public_fields_only(decided_a, staff):
    publication = services.publish(decided_a, user=staff)
    public = Client()
    listing = public.get("/cong-khai/").content.decode()
    assert "05/QĐ-UBND" in listing and "04/03/2025" in listing
    html = public.get(f"/cong-khai/{publication.pk}/").content.decode()
    assert "Nguyễn Văn An" in html and "Trường THPT Chuyên Hưng Yên" in html
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in html
    assert html.index("Nguyễn Văn An") < html.index("Lê Thị Ánh") < html.index("Trần Thị Bình")
    for private in ("034180009999", "02/04/1979", "1979", "Phó Giám đốc", "Giáo viên", "Tổ trưởng chuyên môn",
                    "Hòan thành xuất sắc nhiệm vụ"):
        assert private not in html, private


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "an nguyen", "chuyen hung yen"])
def test_search_without_diacritics(decided_a, staff, query):
    services.publish(decided_a, user=staff)
    html = Client().get("/cong-khai/", {"q": query}).content.decode()
    assert "Nguyễn Văn An" in html
    if query != "chuyen hung yen":
        assert "Trần Thị Bình" not in html


def test_search_by_decision_number_and_no_match(decided_a, staff):
    services.publish(decided_a, user=staff)
    public = Client()
    assert "Trần Thị Bình" in public.get("/cong-khai/", {"q": "05/qd-ubnd"}).content.decode()
    assert "Không tìm thấy kết quả phù hợp" in public.get("/cong-khai/", {"q": "khong co ai"}).content.decode()


def test_revoked_award_is_marked_on_the_public_list(decided_a, staff):
    publication = services.publish(decided_a, user=staff)
    award = decided_a.nominations.get(person__full_name="Lê Thị Ánh").award
    award_services.revoke(award, "Kê khai không trung thực", "40/QĐ-UBND", user=staff)
    html = Client().get(f"/cong-khai/{publication.pk}/").content.decode()
    row = html[html.index("Lê Thị Ánh"):]
    assert "Đã bị thu hồi" in row[:300]
    code = Certificate.objects.get(award=award).code
    assert "Đã bị thu hồi" in Client().get(f"/xac-minh/{code}").content.decode()


def test_unpublished_or_unknown_decision_is_404(db):
    response = Client().get("/cong-khai/999/")
    assert response.status_code == 404 and "chưa được công khai" in response.content.decode()


def test_public_list_query_count_does_not_grow_with_rows(decided_a, staff, django_assert_max_num_queries):
    publication = services.publish(decided_a, user=staff)
    with django_assert_max_num_queries(6):
        assert Client().get(f"/cong-khai/{publication.pk}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert Client().get("/cong-khai/", {"q": "nguyen"}).status_code == 200


def test_demo_publishes_signed_decisions_once(dossier_a, unit_a, staff, bk):
    from tests.documents.conftest import nominate, sign
    from thidua.documents import demo
    from thidua.dossiers.models import Dossier

    older = sign(dossier_a, list(dossier_a.nominations.all()), number="05/QĐ-UBND")
    later_dossier = Dossier.objects.create(unit=unit_a, title="Đợt 2", year=2024)
    later = sign(later_dossier, [nominate(later_dossier, bk, unit=unit_a)], number="09/QĐ-UBND",
                 signed_on=older.signed_on.replace(month=6))
    demo.load_after_users({"users": {"sonoivu": staff}})
    demo.load_after_users({"users": {"sonoivu": staff}})
    assert sorted(Publication.objects.values_list("decision_id", flat=True)) == sorted([older.pk, later.pk])
    assert Publication.objects.get(decision=later).awardees.count() == 1
