"""Award statistics: hand-counted numbers, scoping (a unit sees only its subtree), revoked awards apart, XLSX,
query counts that do not grow with the number of awards, and the API."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.reports.conftest import YEAR, give
from thidua.reports import selectors as sel
from thidua.reports.exports import AWARD_COLUMNS

pytestmark = pytest.mark.django_db


def test_province_numbers_hand_counted(staff, awards, unit_a, unit_b):
    stats = sel.award_stats(staff, year_from=YEAR, year_to=YEAR)
    t = stats.total
    assert (t.total, t.individual, t.women, t.direct, t.collective, t.small, t.revoked) == (8, 5, 3, 3, 3, 2, 1)
    assert t.women_share == pytest.approx(3 / 5)
    assert t.direct_share == pytest.approx(3 / 5)
    assert t.small_share == pytest.approx(2 / 3)
    by_unit = {name: c.total for _uid, name, c in stats.by_unit}
    assert by_unit == {unit_a.name: 6, unit_b.name: 2}  # A's sub-unit rolls up into A
    by_type = {code: c.total for code, _n, _cat, c in stats.by_type}
    assert by_type == {"LDTT": 4, "CSTD_CO_SO": 1, "TTLDXS": 3, "BK_TINH": 0}
    assert {code: c.revoked for code, _n, _cat, c in stats.by_type}["BK_TINH"] == 1


def test_year_range(staff, awards):
    stats = sel.award_stats(staff, year_from=YEAR - 1, year_to=YEAR)
    assert {y: c.total for y, c in stats.by_year.items()} == {YEAR - 1: 1, YEAR: 8}
    assert stats.total.total == 9


def test_unit_officer_sees_only_its_subtree(officer_a, awards, unit_a, unit_a1):
    stats = sel.award_stats(officer_a, year_from=YEAR, year_to=YEAR)
    t = stats.total
    assert (t.total, t.individual, t.women, t.direct, t.collective, t.small, t.revoked) == (6, 4, 3, 2, 2, 1, 1)
    assert {name: c.total for _u, name, c in stats.by_unit} == {unit_a.name: 4, unit_a1.name: 2}


def test_filter_by_sub_unit_and_category(staff, awards, unit_a1):
    stats = sel.award_stats(staff, year_from=YEAR, year_to=YEAR, unit=unit_a1)
    assert stats.total.total == 2
    titles = sel.award_stats(staff, year_from=YEAR, year_to=YEAR, category="title")
    assert titles.total.revoked == 0  # the revoked Bằng khen is a form, not a title
    assert titles.total.total == 8


def test_page_scoped_and_other_unit_is_404(client_a, awards, unit_b):
    url = reverse("reports:awards")
    r = client_a.get(url, {"tu_nam": YEAR, "den_nam": YEAR})
    assert r.status_code == 200
    assert r.context["stats"].total.total == 6
    assert unit_b.name not in r.content.decode()
    assert client_a.get(url, {"don_vi": unit_b.pk}).status_code == 404


def test_page_bad_input_is_not_an_error(staff_client, awards):
    r = staff_client.get(reverse("reports:awards"), {"tu_nam": "abc", "den_nam": YEAR, "loai": "zzz"})
    assert r.status_code == 200
    r = staff_client.get(reverse("reports:awards"), {"tu_nam": YEAR, "den_nam": YEAR - 3})
    assert r.status_code == 200
    assert (r.context["year_from"], r.context["year_to"]) == (YEAR - 3, YEAR)


def test_xlsx_columns_and_totals(staff_client, awards):
    r = staff_client.get(reverse("reports:awards"), {"tu_nam": YEAR, "den_nam": YEAR, "xuat": "xlsx"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames == ["Chi tiết", "Theo năm", "Theo danh hiệu", "Theo đơn vị"]
    rows = list(wb["Chi tiết"].iter_rows(values_only=True))
    assert list(rows[1]) == AWARD_COLUMNS
    total_row = rows[-1]
    assert total_row[2] == "Tổng cộng"
    assert total_row[6:8] == (8, 5)  # total, individual
    assert total_row[-1] == 1  # revoked, apart


def test_xlsx_of_unit_officer_has_no_other_unit(client_a, awards, unit_b):
    r = client_a.get(reverse("reports:awards"), {"tu_nam": YEAR, "den_nam": YEAR, "xuat": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    names = {row[0] for row in wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert unit_b.name not in names


def _queries(client, url, params):
    client.get(url, params)  # warm-up: the session's once-a-minute activity write is not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(staff_client, awards, unit_a1):
    url = reverse("reports:awards")
    params = {"tu_nam": YEAR - 1, "den_nam": YEAR}
    before = _queries(staff_client, url, params)
    for i in range(30):
        give("LDTT", person=awards["w2"], year=YEAR - (i % 2))
        give("TTLDTT", unit=unit_a1, year=YEAR)
    assert _queries(staff_client, url, params) == before
    assert before <= 15


def test_api_awards_scoped(client_a, staff, awards, unit_b):
    r = client_a.get(f"/api/v1/reports/awards?year={YEAR}")
    assert r.status_code == 200
    data = r.json()
    assert data["totals"]["total"] == 6
    assert data["totals"]["revoked"] == 1
    assert data["totals"]["women_share"] == pytest.approx(3 / 4)
    assert all(u["unit"] != unit_b.name for u in data["by_unit"])
    assert client_a.get(f"/api/v1/reports/awards?year={YEAR}&unit={unit_b.pk}").status_code == 404
    other = Client()
    other.force_login(staff)
    assert other.get(f"/api/v1/reports/awards?year={YEAR}").json()["totals"]["total"] == 8


def test_api_bad_input_is_400(staff_client):
    for query in ("year=12", "year_from=2025&year_to=2020", "category=xyz", "year=abc"):
        r = staff_client.get(f"/api/v1/reports/awards?{query}")
        assert 400 <= r.status_code < 500, query
        assert "detail" in r.json()


def test_login_required(client):
    for name in ("reports:dashboard", "reports:awards", "reports:periodic"):
        assert client.get(reverse(name)).status_code == 302
    assert client.get("/api/v1/reports/awards").status_code == 401


def test_detail_table_is_capped_but_xlsx_is_complete(staff_client, awards, monkeypatch):
    from thidua.reports import views

    monkeypatch.setattr(views, "DETAIL_ROWS_SHOWN", 2)
    r = staff_client.get(reverse("reports:awards"), {"tu_nam": YEAR - 1, "den_nam": YEAR})
    assert len(r.context["detail_rows"]) == 2
    assert r.context["detail_hidden"] == len(r.context["stats"].rows) - 2 > 0


def test_background_export_is_a_job_scoped_to_its_owner(client_a, officer_a, awards, unit_b, settings, tmp_path):
    from thidua.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    r = client_a.post(reverse("reports:award_statistics_export"), {"tu_nam": YEAR, "den_nam": YEAR})
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.owner == officer_a and job.kind == "reports.export"
    download = client_a.get(reverse("job_download", args=[job.pk]))
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    names = {row[0] for row in wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert unit_b.name not in names  # the job sees what its owner sees
    assert client_a.post(reverse("reports:award_statistics_export"), {"don_vi": unit_b.pk}).status_code == 404
