"""Statistics by commendation type, by Cụm/Khối, across a unit merger (lineage) and year on year — hand-counted,
and the same numbers in the page, the XLSX and the API.

Units: province → A (Sở Giáo dục) → A1 (a sub-unit); province → B (Sở Y tế); province → C (Sở cũ), merged into B
on 01/07/2025 (its awards count under B today). Khối "Khối các sở" = A and B; Cụm "Cụm trường học" = A1.

Awards of 2025 (nothing revoked):
  A : LĐTT to W1 (woman, công trạng), CSTĐ cơ sở to W1 (công trạng), Bằng khen tỉnh to M1 (man, chuyên đề),
      TTLĐXS to A (collective, công trạng; not small: A has A1)
  A1: Giấy khen to W2 (woman, đột xuất)
  B : LĐTT to B1 (man, direct worker, công trạng)
  C : LĐTT to C1 (woman, công trạng), Bằng khen tỉnh to C (collective, đột xuất; small: no sub-unit)
Awards of 2024: LĐTT to W1 and to M1 (A), LĐTT to C1 (C), all công trạng.

Hand counts, 2025: 8 awards (6 individual, 4 women, 1 direct worker; 2 collective, 1 small); by reporting unit
A 5, B 3 (B's own 1 + C's 2; no line for C); công trạng 5, chuyên đề 1, đột xuất 2; Khối các sở 8 (A's subtree 5,
B 1, C 2), Cụm trường học 1. 2024: 3 awards; A 2, B 1 (C's); công trạng 3; Khối các sở 3.
"""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from tests.reports.conftest import give
from thidua.orgs.models import EmulationGroup, GroupMembership, UnitLineage
from thidua.reports import selectors as sel

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def world(province, unit_a, unit_b):
    a1 = UnitFactory(name="Trường THPT Chuyên", code="so-a-truong", parent=unit_a)
    c = UnitFactory(name="Sở cũ", code="so-cu", parent=province)
    UnitLineage.objects.create(
        kind=UnitLineage.Kind.MERGE, predecessor=c, successor=unit_b, effective_on=dt.date(2025, 7, 1)
    )
    khoi = EmulationGroup.objects.create(name="Khối các sở", kind=EmulationGroup.Kind.BLOCK)
    cum = EmulationGroup.objects.create(name="Cụm trường học", kind=EmulationGroup.Kind.CLUSTER)
    GroupMembership.objects.create(group=khoi, unit=unit_a)
    GroupMembership.objects.create(group=khoi, unit=unit_b)
    GroupMembership.objects.create(group=cum, unit=a1)
    w1 = PersonFactory(full_name="Trần Thị Hoa", unit=unit_a, gender="female")
    m1 = PersonFactory(full_name="Lê Văn Nam", unit=unit_a, gender="male")
    w2 = PersonFactory(full_name="Phạm Thị Lan", unit=a1, gender="female")
    b1 = PersonFactory(full_name="Đỗ Văn Bình", unit=unit_b, gender="male", direct_worker=True)
    c1 = PersonFactory(full_name="Vũ Thị Mai", unit=c, gender="female")
    give("LDTT", person=w1)
    give("CSTD_CO_SO", person=w1)
    give("BK_TINH", person=m1, commendation_type="chuyen_de")
    give("TTLDXS", unit=unit_a)
    give("GIAY_KHEN", person=w2, commendation_type="dot_xuat")
    give("LDTT", person=b1)
    give("LDTT", person=c1)
    give("BK_TINH", unit=c, commendation_type="dot_xuat")
    give("LDTT", person=w1, year=YEAR - 1)
    give("LDTT", person=m1, year=YEAR - 1)
    give("LDTT", person=c1, year=YEAR - 1)
    return {"a1": a1, "c": c, "khoi": khoi, "cum": cum}


def _totals(stats):
    t = stats.total
    return t.total, t.individual, t.women, t.direct, t.collective, t.small


def test_hand_counted_breakdowns_with_a_merged_unit(staff, world, unit_a, unit_b):
    stats = sel.award_stats(staff, year_from=YEAR, year_to=YEAR, compare=True)
    assert _totals(stats) == (8, 6, 4, 1, 2, 1)
    assert {name: c.total for _u, name, c in stats.by_unit} == {unit_a.name: 5, unit_b.name: 3}
    assert {code: c.total for code, _l, c in stats.by_commendation} == {
        "cong_trang": 5,
        "chuyen_de": 1,
        "dot_xuat": 2,
    }
    assert [label for _c, label, _n in stats.by_commendation] == [
        "Công trạng (thường xuyên)",
        "Đột xuất",
        "Chuyên đề",
    ]  # the law's order
    assert {name: c.total for _g, name, _k, _l, c in stats.by_group} == {
        "Khối các sở": 8,
        "Cụm trường học": 1,
    }
    khoi = next(c for gid, _n, _k, _l, c in stats.by_group if gid == world["khoi"].pk)
    assert (khoi.women, khoi.collective, khoi.small) == (4, 2, 1)

    before = sel.award_stats(staff, year_from=YEAR - 1, year_to=YEAR - 1)
    assert _totals(before) == (3, 3, 2, 0, 0, 0)
    assert {name: c.total for _u, name, c in before.by_unit} == {unit_a.name: 2, unit_b.name: 1}

    cmp = stats.comparison
    assert (cmp.year_from, cmp.year_to) == (YEAR - 1, YEAR - 1)
    total = cmp.totals[0]
    assert (total.current, total.previous, total.difference, total.change_pct) == (8, 3, 5, 166.7)
    assert {c.label: (c.current, c.previous, c.difference, c.change_pct) for c in cmp.by_unit} == {
        unit_a.name: (5, 2, 3, 150.0),
        unit_b.name: (3, 1, 2, 200.0),
    }
    assert {c.key: (c.current, c.previous, c.change_pct) for c in cmp.by_commendation} == {
        "cong_trang": (5, 3, 66.7),
        "chuyen_de": (1, 0, None),
        "dot_xuat": (2, 0, None),
    }
    assert {c.label: (c.current, c.previous) for c in cmp.by_group} == {
        "Khối các sở": (8, 3),
        "Cụm trường học": (1, 0),
    }


def test_subtree_filter_follows_the_lineage(staff, world, unit_b):
    merged_in = sel.award_stats(staff, year_from=YEAR - 1, year_to=YEAR, unit=unit_b)
    assert merged_in.total.total == 4  # B's own 2025 award, C's two of 2025 and one of 2024
    assert [name for _u, name, _c in merged_in.by_unit] == [unit_b.name]
    gone = sel.award_stats(staff, year_from=YEAR - 1, year_to=YEAR, unit=world["c"])
    assert gone.total.total == 0  # counted under its successor, not twice


def test_period_of_several_years_compares_with_the_years_before(staff, world):
    stats = sel.award_stats(staff, year_from=YEAR - 1, year_to=YEAR, compare=True)
    assert stats.total.total == 11
    assert (stats.comparison.year_from, stats.comparison.year_to) == (YEAR - 3, YEAR - 2)
    assert stats.comparison.totals[0].previous == 0 and stats.comparison.totals[0].change_pct is None


def test_cells_and_award_book_agree(staff, officer_a, world, unit_b):
    for user in (staff, officer_a):
        for unit in (None, unit_b):
            if unit is not None and user is officer_a:
                continue
            summary = sel.award_stats(user, year_from=YEAR - 1, year_to=YEAR, unit=unit)
            raw = sel.award_stats(user, year_from=YEAR - 1, year_to=YEAR, unit=unit, source="awards")
            for name in ("by_unit", "by_commendation", "by_group", "by_level", "by_type"):
                assert [(x[0], x[-1].as_dict()) for x in getattr(summary, name)] == [
                    (x[0], x[-1].as_dict()) for x in getattr(raw, name)
                ], name


def test_page_xlsx_and_api_show_the_same_numbers(staff_client, world, unit_a, unit_b):
    params = {"tu_nam": YEAR, "den_nam": YEAR}
    page = staff_client.get(reverse("reports:awards"), params)
    assert page.status_code == 200
    stats = page.context["stats"]
    html = page.content.decode()
    assert "Khối các sở" in html and "Đột xuất" in html and "cùng kỳ trước" in html
    page_ctypes = {label: c.total for _code, label, c in stats.by_commendation}
    page_groups = {name: c.total for _g, name, _k, _l, c in stats.by_group}
    page_cmp = {
        (line.label, line.current, line.previous, line.difference) for line in stats.comparison.by_unit
    }

    r = staff_client.get(reverse("reports:awards"), {**params, "xuat": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames[-3:] == ["Theo loại hình", "Theo Cụm, Khối", "So sánh cùng kỳ"]
    xlsx_ctypes = {row[0]: row[1] for row in wb["Theo loại hình"].iter_rows(min_row=2, values_only=True)}
    xlsx_groups = {row[0]: row[2] for row in wb["Theo Cụm, Khối"].iter_rows(min_row=2, values_only=True)}
    comparison = list(wb["So sánh cùng kỳ"].iter_rows(min_row=3, values_only=True))
    xlsx_cmp = {(row[1], row[2], row[3], row[4]) for row in comparison if row[0] == "Theo đơn vị"}
    assert comparison[0][1:6] == ("Tổng số (không kể bị hủy)", 8, 3, 5, 166.7)

    data = staff_client.get(f"/api/v1/reports/awards?year={YEAR}").json()
    api_ctypes = {x["label"]: x["total"] for x in data["by_commendation"]}
    api_groups = {x["group"]: x["total"] for x in data["by_group"]}
    api_cmp = {
        (x["label"], x["current"], x["previous"], x["difference"]) for x in data["comparison"]["by_unit"]
    }

    expected_ctypes = {"Công trạng (thường xuyên)": 5, "Chuyên đề": 1, "Đột xuất": 2}
    expected_groups = {"Khối các sở": 8, "Cụm trường học": 1}
    expected_cmp = {(unit_a.name, 5, 2, 3), (unit_b.name, 3, 1, 2)}
    assert page_ctypes == xlsx_ctypes == api_ctypes == expected_ctypes
    assert page_groups == xlsx_groups == api_groups == expected_groups
    assert page_cmp == xlsx_cmp == api_cmp == expected_cmp
    assert data["comparison"]["totals"][0] == {
        "key": "total",
        "label": "Tổng số (không kể bị hủy)",
        "current": 8,
        "previous": 3,
        "difference": 5,
        "change_pct": 166.7,
    }
    assert staff_client.get(f"/api/v1/reports/awards?year={YEAR}&compare=false").json()["comparison"] is None


def test_unit_officer_of_the_successor_sees_the_merged_unit_there(client, world, unit_b):
    from tests.conftest import login
    from tests.factories import UserFactory
    from thidua.core.roles import Role

    officer = UserFactory(username="canbo_b2", role=Role.UNIT_OFFICER, unit=unit_b)
    data = login(client, officer).get(f"/api/v1/reports/awards?year={YEAR}").json()
    assert data["totals"]["total"] == 3
    assert [(u["unit"], u["total"]) for u in data["by_unit"]] == [(unit_b.name, 3)]
