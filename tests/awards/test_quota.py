"""Title counts and shares per unit, women and direct workers among awardees, small collectives, caps."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import Award, AwardType, QuotaCap
from thidua.awards.quota import quota_report
from thidua.orgs.models import Unit

pytestmark = pytest.mark.django_db
YEAR = 2025


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def give(code, year=YEAR, person=None, unit=None, **kw):
    return Award.objects.create(award_type=AwardType.objects.get(code=code), person=person,
                                unit=unit or person.unit, recipient_kind="individual" if person else "collective",
                                year=year, **kw)


@pytest.fixture
def school(unit_a):
    """Unit A with a sub-unit: 10 people, 8 LĐTT, 2 CSTĐ cơ sở (one a woman direct worker)."""
    office = UnitFactory(name="Phòng Giáo dục Trung học", parent=unit_a)
    people = [PersonFactory(unit=unit_a if i < 6 else office, gender="female" if i % 2 else "male",
                            direct_worker=i < 3) for i in range(10)]
    for p in people[:8]:
        give("LDTT", person=p)
    give("CSTD_CO_SO", person=people[1])
    give("CSTD_CO_SO", person=people[6])
    give("CSTD_CO_SO", person=people[7], revoked=True)  # revoked: not counted
    give("LDTT", year=YEAR - 1, person=people[9])  # another year
    give("TTLDTT", unit=office)
    give("TTLDXS", unit=unit_a)
    return unit_a, office, people


def test_counts_shares_and_roll_up(school, province):
    unit_a, office, _people = school
    report = quota_report(Unit.objects.filter(path__startswith=unit_a.path), YEAR, unit_a)
    top = {r.unit_id: r for r in report.rows}
    row = top[unit_a.pk]
    assert row.people == 10 and row.titles["LDTT"] == 8 and row.titles["CSTD_CO_SO"] == 2
    assert row.title_share("LDTT") == 0.8
    assert row.awardees == 8 and row.awardees_women == 4 and row.awardees_direct == 3
    assert row.collective_awards == 2 and row.small_collective_awards == 1  # the office has no sub-units
    sub = top[office.pk]
    assert sub.people == 4 and sub.titles["LDTT"] == 2 and sub.titles["CSTD_CO_SO"] == 1 and sub.depth == 1
    assert report.total.people == 10 and report.total.titles["CSTD_CO_SO"] == 2


def test_cap_in_force_is_flagged(school):
    unit_a, office, _people = school
    QuotaCap.objects.create(award_code="CSTD_CO_SO", base="LDTT", max_ratio=Decimal("0.15"),
                            effective_from=dt.date(2024, 1, 1), note="Tỉnh tự quy định")
    QuotaCap.objects.create(award_code="CSTD_CO_SO", base="LDTT", max_ratio=Decimal("0.30"),
                            effective_from=dt.date(2026, 1, 1))  # not yet in force in 2025
    report = quota_report(Unit.objects.filter(path__startswith=unit_a.path), YEAR, unit_a)
    row = {r.unit_id: r for r in report.rows}[unit_a.pk]
    [check] = row.caps
    assert check.max_ratio == Decimal("0.15") and check.base_count == 8 and check.allowed == 1 and check.count == 2
    assert row.exceeded == [check]
    office_row = {r.unit_id: r for r in report.rows}[office.pk]
    # 15% of 2 LĐTT allows no CSTĐ cơ sở (the cap is a maximum: rounded down).
    assert office_row.caps[0].allowed == 0 and office_row.caps[0].count == 1 and office_row.exceeded


def test_quota_page_and_export(officer_a, unit_a, school):
    QuotaCap.objects.create(award_code="CSTD_CO_SO", base="LDTT", max_ratio=Decimal("0.15"),
                            effective_from=dt.date(2024, 1, 1))
    client = as_user(officer_a)
    page = client.get(reverse("awards:quota"), {"nam": YEAR}).content.decode()
    assert "Phòng Giáo dục Trung học" in page and "table-danger" in page and "15,0%" in page
    assert "Đặt tỷ lệ tối đa" not in page  # only province staff set caps
    response = client.get(reverse("awards:quota"), {"nam": YEAR, "xuat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Đơn vị" and "LĐTT" in rows[1]
    assert rows[2][0].startswith("Tổng cộng") and rows[2][1] == 10
    assert any("CSTD_CO_SO: 2 > 1" in (r[-1] or "") for r in rows[3:])


def test_quota_scope(officer_b, unit_a, school):
    assert as_user(officer_b).get(reverse("awards:quota"), {"don-vi": unit_a.pk}).status_code == 404


def test_only_province_staff_set_caps(officer_a, staff, school):
    data = {"award_code": "CSTD_CO_SO", "base": "LDTT", "percent": "15", "effective_from": "2025-01-01",
            "note": "Quyết định của UBND tỉnh"}
    assert as_user(officer_a).post(reverse("awards:quota"), data).status_code == 403
    assert as_user(staff).post(reverse("awards:quota"), data).status_code == 302
    cap = QuotaCap.objects.get()
    assert cap.max_ratio == Decimal("0.15") and cap.effective_from == dt.date(2025, 1, 1)
    bad = dict(data, percent="150")
    response = as_user(staff).post(reverse("awards:quota"), bad)
    assert response.status_code == 200 and QuotaCap.objects.count() == 1
