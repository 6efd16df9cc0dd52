"""Pages: verdicts of a person / unit, candidate suggestions and their XLSX export, scoped per persona."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import Award, AwardType, Initiative, Rating
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.django_db
YEAR = 2025


def give(code, person, year):
    return Award.objects.create(award_type=AwardType.objects.get(code=code), person=person, unit=person.unit,
                                recipient_kind="individual", year=year)


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people_a(unit_a):
    """Three people of unit A: one CSTĐ cơ sở candidate, one missing only excellence, one missing two things."""
    star = PersonFactory(unit=unit_a, full_name="Trần Thị Bình", gender="female", joined_on=dt.date(2015, 1, 1))
    Rating.objects.create(person=star, year=YEAR, rating="HTXSNV")
    good = PersonFactory(unit=unit_a, full_name="Nguyễn Văn An", joined_on=dt.date(2015, 1, 1))
    Rating.objects.create(person=good, year=YEAR, rating="HTTNV")
    weak = PersonFactory(unit=unit_a, full_name="Lê Văn Cường", joined_on=dt.date(YEAR, 6, 1))
    Rating.objects.create(person=weak, year=YEAR, rating="HTNV")
    return star, good, weak


def test_person_page_shows_each_criterion_with_its_article(client_a, people_a):
    star, good, _weak = people_a
    url = reverse("awards:person_eligibility", args=[good.pk])
    page = client_a.get(url, {"nam": YEAR}).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page and "Lao động tiên tiến" in page
    assert "khoản 2 Điều 23 Luật Thi đua, khen thưởng" in page  # the article of the unmet criterion, in Vietnamese form
    assert "Art " not in page
    # 2025, received 01/12/2025 by default: rule set v2, and its carried-over articles say so
    assert "Bộ quy tắc v2: Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP" in page
    assert "khoản 9 Điều 30 Nghị định 98/2023/NĐ-CP (tiếp tục áp dụng, chưa xác nhận)" in page
    # HCLD_3 route g is a declared basis: listed, judged only when a unit declares it
    assert "Quá trình cống hiến" in page or "quá trình cống hiến" in page
    assert "Hòan thành xuất sắc nhiệm vụ hoặc có sáng kiến" in page
    assert "bi-x-lg" in page and "bi-check-lg" in page
    assert 'value="2025" selected' in page


def test_person_page_is_scoped(officer_b, staff, people_a):
    url = reverse("awards:person_eligibility", args=[people_a[0].pk])
    assert as_user(officer_b).get(url).status_code == 404
    assert as_user(staff).get(url).status_code == 200


def test_unit_page_shows_collective_verdicts(client_a, unit_a, people_a):
    Rating.objects.create(unit=unit_a, year=YEAR, rating="HTXSNV")
    page = client_a.get(reverse("awards:unit_eligibility", args=[unit_a.pk]), {"nam": YEAR}).content.decode()
    assert "Tập thể lao động xuất sắc" in page and "Cờ thi đua của UBND tỉnh" in page
    assert "điểm c khoản 1 Điều 27 Luật Thi đua, khen thưởng" in page
    assert "Art " not in page


def test_candidate_list_for_a_unit(client_a, people_a):
    star, good, weak = people_a
    url = reverse("awards:candidates")
    page = client_a.get(url, {"nam": YEAR, "danh-hieu": "CSTD_CO_SO"}).content.decode()
    assert star.full_name in page and good.full_name not in page
    near = client_a.get(url, {"nam": YEAR, "danh-hieu": "CSTD_CO_SO", "ket-qua": "thieu-mot"}).content.decode()
    assert good.full_name in near and weak.full_name not in near  # weak misses two criteria
    assert "Hòan thành xuất sắc nhiệm vụ hoặc có sáng kiến" in near and "khoản 2 Điều 23 Luật Thi đua, khen thưởng" in near
    ldtt = client_a.get(url, {"nam": YEAR, "danh-hieu": "LDTT"}).content.decode()
    # Vietnamese name order: An, Bình (given name first).
    assert ldtt.index(good.full_name) < ldtt.index(star.full_name)
    assert weak.full_name not in ldtt


def test_candidate_list_scope(officer_b, staff, unit_a, unit_b, people_a):
    url = reverse("awards:candidates")
    client_b, staff_client = as_user(officer_b), as_user(staff)
    assert client_b.get(url, {"don-vi": unit_a.pk}).status_code == 404
    page = client_b.get(url, {"nam": YEAR, "danh-hieu": "LDTT"}).content.decode()
    assert people_a[0].full_name not in page
    staff_page = staff_client.get(url, {"nam": YEAR, "danh-hieu": "LDTT"}).content.decode()
    assert people_a[0].full_name in staff_page  # whole province by default
    assert staff_client.get(url, {"don-vi": unit_b.pk}).status_code == 200


def test_candidate_list_collectives(client_a, unit_a, people_a):
    team = UnitFactory(name="Phòng Giáo dục Trung học", parent=unit_a)
    Rating.objects.create(unit=team, year=YEAR, rating="HTTNV")
    page = client_a.get(reverse("awards:candidates"),
                        {"nam": YEAR, "loai": "tap-the", "danh-hieu": "TTLDTT", "ket-qua": "thieu-mot"}).content.decode()
    assert team.name in page  # rated good, but no member is LĐTT (ratio)


def test_candidate_export_xlsx(client_a, people_a, unit_a):
    star, good, _weak = people_a
    Initiative.objects.create(person=star, title="Sổ điểm điện tử", year=YEAR, scope="co_so")
    response = client_a.get(reverse("awards:candidates"), {"nam": YEAR, "xuat": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content))["Cá nhân"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:4] == ("STT", "Danh hiệu, hình thức", "Kết quả", "Họ và tên")
    cstd = [r for r in rows[2:] if r[1] == "Chiến sĩ thi đua cơ sở"]
    assert ("Đủ điều kiện", star.full_name) in [(r[2], r[3]) for r in cstd]
    near = [r for r in cstd if r[3] == good.full_name][0]
    assert near[2] == "Thiếu một tiêu chí" and near[9] == "khoản 2 Điều 23 Luật Thi đua, khen thưởng"
    assert AuditEntry.objects.filter(action="export", unit=unit_a).exists()


def test_candidate_page_queries_do_not_grow(client_a, unit_a):
    def count(n):
        for _ in range(n):
            p = PersonFactory(unit=unit_a)
            Rating.objects.create(person=p, year=YEAR, rating="HTTNV")
            give("LDTT", p, YEAR - 1)
        with CaptureQueriesContext(connection) as ctx:
            assert client_a.get(reverse("awards:candidates"), {"nam": YEAR, "danh-hieu": "LDTT"}).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(20)


def test_bad_year_falls_back(client_a, people_a):
    response = client_a.get(reverse("awards:candidates"), {"nam": "abc"})
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(client, people_a):
    response = client.get(reverse("awards:candidates"))
    assert response.status_code == 302


def test_history_pages_link_to_the_verdicts(client_a, unit_a, people_a):
    person_page = client_a.get(reverse("awards:person_history", args=[people_a[0].pk])).content.decode()
    assert reverse("awards:person_eligibility", args=[people_a[0].pk]) in person_page
    unit_page = client_a.get(reverse("awards:unit_history", args=[unit_a.pk])).content.decode()
    assert reverse("awards:unit_eligibility", args=[unit_a.pk]) in unit_page


def test_citations_follow_the_page_language():
    from django.utils import translation

    from thidua.awards.law_display import cite

    with translation.override("vi"):
        assert cite("Luật Art 74.1.d") == "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng"
    with translation.override("en"):
        assert cite("Luật Art 74.1.d") == "Law Art 74.1.d"  # the English UI keeps the compact code, in English
        assert cite("NĐ 152/2025 Art 4.4") == "Decree 152/2025 Art 4.4"


def test_person_page_of_a_v3_year_lists_unconfirmed_bases(client_a, people_a):
    _star, good, _weak = people_a
    page = client_a.get(reverse("awards:person_eligibility", args=[good.pk]), {"nam": 2026}).content.decode()
    assert "Bộ quy tắc v3" in page
    assert "tiêu chí có căn cứ chưa xác nhận" in page
