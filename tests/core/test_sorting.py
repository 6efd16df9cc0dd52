"""Sortable columns on keyset lists (core.pagination.Sorting): the order chosen in the URL holds on every page the
pager walks to (its links carry it), a cursor of one order is no position in another, the export is the list as
shown (filters and order), and a filtered list says what it is filtered by, with a link back to all rows."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import login
from tests.factories import PersonFactory, UnitFactory
from thidua.core.pagination import keyset_page
from thidua.dossiers import services as dossier_services
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def _names(html):
    return re.findall(r'<a href="/to-chuc/ca-nhan/\d+/">([^<]+)</a>', html)


@pytest.fixture
def people(unit_a):
    return [
        PersonFactory(unit=unit_a, full_name=f"Nguyễn Văn {chr(65 + i // 26)}{chr(65 + i % 26)}")
        for i in range(60)
    ]


def _walk(client, url):
    names, pages = [], 0
    while url:
        html = client.get(url).content.decode()
        names += _names(html)
        pages += 1
        m = re.search(r'href="(\?[^"]*)" rel="next"', html)
        url = "/to-chuc/ca-nhan/" + m.group(1).replace("&amp;", "&") if m else None
    return names, pages


def test_descending_order_holds_across_pages(client, officer_a, people):
    c = login(client, officer_a)
    ascending, pages = _walk(c, "/to-chuc/ca-nhan/")
    assert pages == 2 and len(ascending) == 60 and ascending == sorted(ascending)
    descending, pages = _walk(c, "/to-chuc/ca-nhan/?sap_xep=-ten")
    assert pages == 2 and descending == ascending[::-1]


def test_header_toggles_and_marks_the_sorted_column(client, officer_a, people):
    c = login(client, officer_a)
    html = c.get("/to-chuc/ca-nhan/?gender=male").content.decode()
    assert 'aria-sort="ascending"><a class="sort-link" href="?gender=male&amp;sap_xep=-ten"' in html
    html = c.get("/to-chuc/ca-nhan/?gender=male&sap_xep=-ten").content.decode()
    assert (
        'aria-sort="descending"' in html and 'name="sap_xep" value="-ten"' in html
    )  # the filter form keeps it
    assert "sap_xep=-ten" in re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert c.get("/to-chuc/ca-nhan/?sap_xep=khong-co").status_code == 200  # unknown: the default order


def test_cursor_of_another_order_starts_over(unit_a, people):
    qs = Person.objects.all()
    first = keyset_page(qs, ["sort_key", "id"], None, size=10)
    other = keyset_page(qs, ["-sort_key", "-id"], first.next_cursor, size=10)
    assert other.start == 1 and [p.pk for p in other.rows] == [
        p.pk for p in qs.order_by("-sort_key", "-id")[:10]
    ]


def test_filtered_notice_names_the_filters_and_clears_them(client, officer_a, unit_a, people):
    c = login(client, officer_a)
    assert "data-filtered" not in c.get("/to-chuc/ca-nhan/").content.decode()
    html = c.get(f"/to-chuc/ca-nhan/?unit={unit_a.pk}&gender=female&sap_xep=-ten").content.decode()
    assert "Đang lọc: Đơn vị: Sở Giáo dục và Đào tạo · Giới tính: Nữ" in html
    assert 'href="?sap_xep=-ten" class="alert-link">Bỏ lọc</a>' in html


def test_people_export_follows_the_order_shown(client, officer_a, people):
    c = login(client, officer_a)
    html = c.get("/to-chuc/ca-nhan/?sap_xep=-ten").content.decode()
    assert "/to-chuc/ca-nhan/xuat.xlsx?" in html and "sap_xep=-ten" in html
    response = c.get("/to-chuc/ca-nhan/xuat.xlsx?active=1&sap_xep=-ten")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    names = [c for c in cells if c.startswith("Nguyễn Văn ")]
    assert names == sorted((p.full_name for p in people), reverse=True)


def test_dossier_export_is_the_filtered_list(client, officer_a, unit_a, province, staff):
    for year in (2024, 2025, 2025):
        dossier_services.create_dossier(
            officer_a, unit=unit_a, title=f"Đề nghị năm {year}", kind="merit", year=year
        )
    c = login(client, staff)
    html = c.get("/ho-so/?nam=2025").content.decode()
    assert "Đang lọc: Năm: 2025" in html and 'href="/ho-so/xuat.xlsx?nam=2025"' in html
    response = c.get("/ho-so/xuat.xlsx?nam=2025&sap_xep=ma")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[2] for r in rows] == ["Đề nghị năm 2025", "Đề nghị năm 2025"]
    assert rows[0][1] < rows[1][1]  # ascending code, as asked
    officer_b = UnitFactory(name="Sở khác", code="so-khac", parent=province)
    from tests.factories import UserFactory

    outsider = UserFactory(username="khac", role=officer_a.role, unit=officer_b)
    ws = load_workbook(io.BytesIO(login(client, outsider).get("/ho-so/xuat.xlsx").content)).active
    assert ws.max_row == 1  # scoped like the list: another unit's officer gets the header only


def test_award_register_sorted_by_year_both_ways_and_exported_so(client, staff, unit_a):
    from django.urls import reverse

    from thidua.awards import services as award_services

    for i, year in enumerate([2022, 2024, 2023, 2024, 2022]):
        award_services.confer(
            award_type="LDTT", person=PersonFactory(unit=unit_a, full_name=f"Lê Văn Người{i}"), year=year
        )
    c = login(client, staff)
    newest = c.get(reverse("awards:register")).context["page"].rows
    assert [a.year for a in newest] == [2024, 2024, 2023, 2022, 2022]
    oldest = c.get(reverse("awards:register"), {"sap_xep": "nam"}).context["page"].rows
    assert [a.year for a in oldest] == [2022, 2022, 2023, 2024, 2024]
    by_name = c.get(reverse("awards:register"), {"sap_xep": "-ten", "nam": "2024"})
    assert [a.recipient_name for a in by_name.context["page"].rows] == ["Lê Văn Người3", "Lê Văn Người1"]
    assert "Đang lọc: Năm: 2024" in by_name.content.decode()
    ws = load_workbook(
        io.BytesIO(c.get(reverse("awards:register_export"), {"sap_xep": "nam"}).content)
    ).active
    assert [row[5] for row in ws.iter_rows(min_row=2, values_only=True)] == [2022, 2022, 2023, 2024, 2024]


def test_petition_list_says_it_is_filtered(client, staff):
    c = login(client, staff)
    assert "data-filtered" not in c.get("/kiem-tra/don-thu/").content.decode()
    html = c.get("/kiem-tra/don-thu/?loai=complaint&sap_xep=cu-nhat").content.decode()
    assert "Đang lọc: Loại đơn: Khiếu nại" in html
    assert 'href="?sap_xep=cu-nhat" class="alert-link">Bỏ lọc</a>' in html
