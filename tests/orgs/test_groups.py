"""Emulation groups: personas, members, head/deputy per period (school year for the universities block)."""

import datetime as dt

import pytest

from tests.factories import UnitFactory
from thidua.orgs.models import EmulationGroup, GroupLeadership, GroupMembership, Period


@pytest.fixture
def block(unit_a):
    group = EmulationGroup.objects.create(name="Khối thi đua các trường Đại học, Cao đẳng", kind="block",
                                          cycle="school_year")
    GroupMembership.objects.create(group=group, unit=unit_a)
    return group


def test_group_detail_three_personas(block, staff, officer_a, officer_b, client):
    url = f"/to-chuc/cum-khoi/{block.pk}/"
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(officer_a)
    assert client.get(url).status_code == 200
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_group_list_scoped(block, client_a):
    assert "Khối thi đua các trường" in client_a.get("/to-chuc/cum-khoi/").content.decode()


def test_group_list_hidden_from_non_member(block, client_b):
    assert "Khối thi đua các trường" not in client_b.get("/to-chuc/cum-khoi/").content.decode()


def test_set_head_for_school_year_with_decision(block, unit_a, unit_b, staff_client):
    GroupMembership.objects.create(group=block, unit=unit_b)
    school_year = Period.school_year(2025)
    year = Period.year(2025)
    decision = "Quyết định phê duyệt Trưởng, Phó Khối thi đua các trường Đại học, cao đẳng năm học 2025-2026"
    url = f"/to-chuc/cum-khoi/{block.pk}/truong-pho/"
    r = staff_client.post(url, {"period": year.pk, "role": "head", "unit": unit_a.pk, "decision": decision})
    assert r.status_code == 400  # a calendar year is not offered for a school-year block
    r = staff_client.post(url, {"period": school_year.pk, "role": "head", "unit": unit_a.pk, "decision": decision})
    assert r.status_code == 302
    staff_client.post(url, {"period": school_year.pk, "role": "deputy", "unit": unit_b.pk})
    html = staff_client.get(f"/to-chuc/cum-khoi/{block.pk}/").content.decode()
    assert "2025-2026" in html and decision in html
    # a new head replaces the old one for that period
    staff_client.post(url, {"period": school_year.pk, "role": "head", "unit": unit_b.pk})
    heads = GroupLeadership.objects.filter(group=block, period=school_year, role="head")
    assert [h.unit for h in heads] == [unit_b]
    assert not GroupLeadership.objects.filter(group=block, period=school_year, role="deputy").exists()


def test_unit_officer_cannot_manage_group(block, unit_a, client_a):
    r = client_a.post(f"/to-chuc/cum-khoi/{block.pk}/truong-pho/",
                      {"period": Period.school_year(2025).pk, "role": "head", "unit": unit_a.pk})
    assert r.status_code == 403
    assert not GroupLeadership.objects.exists()


def test_add_and_remove_member(block, unit_b, staff_client):
    r = staff_client.post(f"/to-chuc/cum-khoi/{block.pk}/thanh-vien/", {"unit": unit_b.pk, "joined_on": "2025-01-01"})
    assert r.status_code == 302
    m = GroupMembership.objects.get(group=block, unit=unit_b)
    r = staff_client.post(f"/to-chuc/cum-khoi/{block.pk}/thanh-vien/roi/", {"membership": m.pk, "left_on": "2025-06-30"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.left_on == dt.date(2025, 6, 30)
    html = staff_client.get(f"/to-chuc/cum-khoi/{block.pk}/").content.decode()
    assert "Đã rời" in html


def test_create_group_and_periods(staff, officer_a, client):
    client.force_login(staff)
    staff_client = client
    r = staff_client.post("/to-chuc/cum-khoi/them/", {"name": "Cụm thi đua số III", "kind": "cluster", "cycle": "year"})
    assert r.status_code == 302
    assert EmulationGroup.objects.filter(name="Cụm thi đua số III").exists()
    assert staff_client.post("/to-chuc/ky/", {"kind": "school_year", "first_year": 2026}).status_code == 302
    p = Period.objects.get(label="2026-2027")
    assert (p.start, p.end) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    r = staff_client.post("/to-chuc/ky/", {"kind": "stage", "first_year": 2026, "last_year": 2025})
    assert "phải sau năm bắt đầu" in r.content.decode()
    client.force_login(officer_a)
    assert client.post("/to-chuc/ky/", {"kind": "year", "first_year": 2030}).status_code == 403


def test_group_head_unit_must_be_member(block, staff_client):
    outsider = UnitFactory(name="Đơn vị ngoài Khối")
    r = staff_client.post(f"/to-chuc/cum-khoi/{block.pk}/truong-pho/",
                          {"period": Period.school_year(2025).pk, "role": "head", "unit": outsider.pk})
    assert r.status_code == 400
