"""/api/v1/orgs writes (issue #15 item 3): what the pages let a role do to units, Cụm/Khối, periods and people, the
API lets it do too, through the same forms and services — and refuses the same way (403 for a role without the
right, 404 outside the caller's scope, 400 with the page's Vietnamese message for bad input)."""

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.orgs.models import (
    EmulationGroup,
    GroupLeadership,
    GroupMembership,
    Period,
    Person,
    Unit,
    UnitLineage,
)

pytestmark = pytest.mark.django_db


def as_user(user):
    c = Client()
    c.force_login(user)
    return c


def post(c, url, data):
    return c.post(url, json.dumps(data), content_type="application/json")


def patch(c, url, data):
    return c.patch(url, json.dumps(data), content_type="application/json")


def xlsx(header, rows, name="danh-sach.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def staff_api(staff):
    return as_user(staff)


@pytest.fixture
def officer_api(officer_a):
    return as_user(officer_a)


@pytest.fixture
def leader_api(province):
    """A province leader reads the whole province and changes nothing."""
    return as_user(UserFactory(username="lanhdao", role=Role.LEADER, unit=province))


# --- units -------------------------------------------------------------------------------------------------------


def test_create_and_edit_unit_in_scope(unit_a, unit_b, officer_api):
    r = post(officer_api, "/api/v1/orgs/units", {"name": "Trường THPT Chu Văn An", "code": "thpt-cva",
                                                 "kind": "school", "parent_id": unit_a.pk})
    assert r.status_code == 201, r.content
    school = Unit.objects.get(code="thpt-cva")
    assert r.json()["parent_id"] == unit_a.pk
    r = patch(officer_api, f"/api/v1/orgs/units/{school.pk}", {"short_name": "THPT CVA", "address": "Thái Bình"})
    assert r.status_code == 200 and r.json()["short_name"] == "THPT CVA"
    school.refresh_from_db()
    assert (school.address, school.name, school.parent_id) == ("Thái Bình", "Trường THPT Chu Văn An", unit_a.pk)
    # the form's rules: a unit officer places units under its own unit only, the code is a slug
    r = post(officer_api, "/api/v1/orgs/units", {"name": "X", "code": "x-1", "kind": "school", "parent_id": unit_b.pk})
    assert r.status_code == 400 and "không thuộc phạm vi" in r.json()["detail"]
    r = post(officer_api, "/api/v1/orgs/units", {"name": "X", "code": "Mã Sai", "kind": "school",
                                                 "parent_id": unit_a.pk})
    assert r.status_code == 400 and r.json()["detail"]
    r = post(officer_api, "/api/v1/orgs/units", {"name": "X", "code": "x-2", "kind": "không-có"})
    assert r.status_code == 422
    # its own unit is the province's business (as on the page); another unit is outside its scope
    assert patch(officer_api, f"/api/v1/orgs/units/{unit_a.pk}", {"address": "X"}).status_code == 403
    assert patch(officer_api, f"/api/v1/orgs/units/{unit_b.pk}", {"address": "X"}).status_code == 404


def test_read_only_role_cannot_create_units(leader_api, province):
    r = post(leader_api, "/api/v1/orgs/units", {"name": "X", "code": "x-3", "kind": "agency", "parent_id": province.pk})
    assert r.status_code == 403 and r.json()["detail"]
    assert not Unit.objects.filter(code="x-3").exists()


def test_merge_rename_and_dissolve_units(unit_a, unit_b, staff_api):
    person = PersonFactory(unit=unit_b)
    r = post(staff_api, f"/api/v1/orgs/units/{unit_b.pk}/merge", {
        "successor_id": unit_a.pk, "effective_on": "2025-07-01", "decision": "NQ 202/2025/QH15"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["kind"] == "merge" and body["result"]["id"] == unit_a.pk and body["unit"]["active_to"] == "2025-06-30"
    assert UnitLineage.objects.get(predecessor=unit_b).successor == unit_a
    person.refresh_from_db()
    assert person.unit == unit_a
    r = post(staff_api, f"/api/v1/orgs/units/{unit_a.pk}/rename", {
        "new_name": "Sở Giáo dục, Khoa học và Công nghệ", "new_code": "so-gd-kh", "effective_on": "2025-08-01"})
    assert r.status_code == 200 and r.json()["result"]["code"] == "so-gd-kh"
    new = Unit.objects.get(code="so-gd-kh")
    assert set(new.predecessor_ids()) >= {unit_a.pk, unit_b.pk}
    child = UnitFactory(parent=new, code="con-1")
    r = post(staff_api, f"/api/v1/orgs/units/{new.pk}/dissolve", {"effective_on": "2025-09-01"})
    assert r.status_code == 400 and "đơn vị trực thuộc" in r.json()["detail"]
    r = post(staff_api, f"/api/v1/orgs/units/{child.pk}/dissolve", {"effective_on": "2025-09-01"})
    assert r.status_code == 200 and r.json()["unit"]["active"] is False


def test_split_unit_and_bad_input(unit_a, province, staff_api):
    east, west = UnitFactory(parent=province, code="dong"), UnitFactory(parent=province, code="tay")
    r = post(staff_api, f"/api/v1/orgs/units/{unit_a.pk}/split", {"successor_ids": [], "effective_on": "2025-07-01"})
    assert r.status_code == 400 and r.json()["detail"]
    r = post(staff_api, f"/api/v1/orgs/units/{unit_a.pk}/split", {"successor_ids": [999999],
                                                                  "effective_on": "2025-07-01"})
    assert r.status_code == 400 and "không hợp lệ" in r.json()["detail"]
    r = post(staff_api, f"/api/v1/orgs/units/{unit_a.pk}/split", {"successor_ids": [east.pk, west.pk],
                                                                  "effective_on": "2025-07-01"})
    assert r.status_code == 200
    assert set(UnitLineage.objects.filter(predecessor=unit_a).values_list("successor", flat=True)) == {east.pk, west.pk}


def test_reorganisation_refused_outside_scope_and_for_own_unit(unit_a, unit_b, officer_api):
    sub = UnitFactory(parent=unit_a, code="con-a")
    assert post(officer_api, f"/api/v1/orgs/units/{unit_b.pk}/dissolve", {"effective_on": "2025-07-01"}).status_code == 404
    assert post(officer_api, f"/api/v1/orgs/units/{unit_a.pk}/dissolve", {"effective_on": "2025-07-01"}).status_code == 403
    assert post(officer_api, f"/api/v1/orgs/units/{sub.pk}/dissolve", {"effective_on": "2025-07-01"}).status_code == 200


UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Hoạt động từ",
               "Hoạt động đến"]
PEOPLE_HEADER = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã đơn vị", "Chức vụ", "Lao động trực tiếp"]


def test_import_units_all_or_nothing(unit_a, officer_api, leader_api):
    good = xlsx(UNIT_HEADER, [["truong-a", "Trường A", "", "Trường học", "so-a", "", ""]])
    r = officer_api.post("/api/v1/orgs/units/import", {"file": good})
    assert r.status_code == 201, r.content
    assert r.json() == {"created": 1, "updated": 0}
    bad = xlsx(UNIT_HEADER, [["truong-b", "Trường B", "", "Trường học", "so-a", "", ""],
                             ["truong-c", "", "", "Trường học", "so-a", "", ""]])
    r = officer_api.post("/api/v1/orgs/units/import", {"file": bad})
    assert r.status_code == 400
    body = r.json()
    assert body["detail"] and body["errors"][0]["row"] == 3 and body["errors"][0]["column"] == "Tên đơn vị"
    assert not Unit.objects.filter(code="truong-b").exists()
    r = officer_api.post("/api/v1/orgs/units/import", {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    assert r.status_code == 400 and "Không đọc được" in r.json()["detail"]
    r = officer_api.post("/api/v1/orgs/units/import", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert r.status_code == 400 and ".xlsx" in r.json()["detail"]
    assert officer_api.post("/api/v1/orgs/units/import", {}).status_code == 422
    assert leader_api.post("/api/v1/orgs/units/import", {"file": good}).status_code == 403


def test_import_over_the_size_limit_is_413(unit_a, officer_api, monkeypatch):
    from thidua.orgs.forms import ImportForm

    monkeypatch.setattr(ImportForm, "MAX_SIZE", 100)
    r = officer_api.post("/api/v1/orgs/people/import", {"file": xlsx(PEOPLE_HEADER, [["A", "Nam", "", "", "so-a"]])})
    assert r.status_code == 413 and "10 MB" in r.json()["detail"]


def test_import_people_row_errors_in_vietnamese(unit_a, unit_b, officer_api):
    r = officer_api.post("/api/v1/orgs/people/import", {"file": xlsx(PEOPLE_HEADER, [
        ["Nguyễn Văn Đức", "Nam", "01/05/1980", "", "so-a", "Chuyên viên", "Không"],
        ["Người Sở B", "Nữ", "", "", "so-b", "", ""],
    ])})
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert [e["row"] for e in errors] == [3] and errors[0]["column"] == "Mã đơn vị" and errors[0]["message"]
    assert not Person.objects.exists()
    r = officer_api.post("/api/v1/orgs/people/import", {"file": xlsx(PEOPLE_HEADER, [
        ["Nguyễn Văn Đức", "Nam", "01/05/1980", "", "so-a", "Chuyên viên", "Không"]])})
    assert r.status_code == 201 and r.json()["created"] == 1
    assert Person.objects.get().unit == unit_a


# --- people: merge duplicates ------------------------------------------------------------------------------------


@pytest.fixture
def pair(unit_a, unit_b):
    keep = PersonFactory(full_name="Nguyễn Thị Lan", unit=unit_b, birth_date=dt.date(1985, 3, 2), citizen_id="")
    drop = PersonFactory(full_name="Nguyễn Thị Lan", unit=unit_a, birth_date=dt.date(1985, 3, 2),
                         citizen_id="034185001234")
    return keep, drop


def test_merge_people_preview_then_merge(pair, staff_api):
    keep, drop = pair
    r = staff_api.get("/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": drop.pk})
    assert r.status_code == 200 and r.json()["possible"] is True and "citizen_id" in r.json()["filled"]
    assert Person.objects.filter(pk=drop.pk).exists()  # a preview changes nothing
    r = post(staff_api, "/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": drop.pk})
    assert r.status_code == 200, r.content
    assert r.json()["keep"]["citizen_id"] == "034185001234"
    assert not Person.objects.filter(pk=drop.pk).exists()
    r = post(staff_api, "/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": drop.pk})
    assert r.status_code == 404
    r = post(staff_api, "/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": keep.pk})
    assert r.status_code == 409 and r.json()["detail"]


def test_merge_people_refused_to_unit_roles_and_read_only_roles(pair, officer_api, leader_api):
    """As on the page: only province TĐKT staff merge records (orgs.merge_people); a unit officer does not see the
    whole province, and the province leader sees it read-only."""
    keep, drop = pair
    for api in (officer_api, leader_api):
        assert post(api, "/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": drop.pk}).status_code == 403
        assert api.get("/api/v1/orgs/people/merge", {"keep_id": keep.pk, "drop_id": drop.pk}).status_code == 403
    assert Person.objects.filter(pk=drop.pk).exists()


# --- Cụm, Khối and periods -----------------------------------------------------------------------------------------


def test_group_create_members_and_leadership(unit_a, unit_b, staff_api):
    r = post(staff_api, "/api/v1/orgs/groups", {"name": "Khối văn hóa - xã hội", "kind": "block"})
    assert r.status_code == 201, r.content
    gid = r.json()["id"]
    assert post(staff_api, "/api/v1/orgs/groups", {"name": "Khối văn hóa - xã hội", "kind": "block"}).status_code == 400
    assert post(staff_api, "/api/v1/orgs/groups", {"name": "Khác", "kind": "nhóm"}).status_code == 422
    r = patch(staff_api, f"/api/v1/orgs/groups/{gid}", {"description": "Các sở khối văn hóa"})
    assert r.status_code == 200 and r.json()["description"] == "Các sở khối văn hóa" and r.json()["kind"] == "block"
    for unit in (unit_a, unit_b):
        r = post(staff_api, f"/api/v1/orgs/groups/{gid}/members", {"unit_id": unit.pk, "joined_on": "2024-01-01"})
        assert r.status_code == 201
    r = post(staff_api, f"/api/v1/orgs/groups/{gid}/members", {"unit_id": unit_a.pk})
    assert r.status_code == 400
    page = staff_api.get(f"/api/v1/orgs/groups/{gid}/members", {"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = staff_api.get(f"/api/v1/orgs/groups/{gid}/members", {"limit": 1, "cursor": page["next_cursor"]}).json()
    assert rest["next_cursor"] is None and rest["items"][0]["id"] != page["items"][0]["id"]
    year = Period.year(2025)
    r = post(staff_api, f"/api/v1/orgs/groups/{gid}/leadership", {"period_id": year.pk, "unit_id": unit_a.pk,
                                                                  "role": "head", "decision": "QĐ 123/QĐ-UBND"})
    assert r.status_code == 200, r.content
    lead = r.json()
    assert lead["role"] == "head" and lead["unit"]["id"] == unit_a.pk
    r = post(staff_api, f"/api/v1/orgs/groups/{gid}/leadership", {"period_id": year.pk, "unit_id": unit_b.pk,
                                                                  "role": "head"})
    assert r.status_code == 200
    assert list(GroupLeadership.objects.filter(group_id=gid).values_list("unit", flat=True)) == [unit_b.pk]
    member_b = GroupMembership.objects.get(group_id=gid, unit=unit_b)
    r = post(staff_api, f"/api/v1/orgs/groups/{gid}/members/{member_b.pk}/leave", {"left_on": "2023-01-01"})
    assert r.status_code == 400 and "sau ngày tham gia" in r.json()["detail"]
    r = post(staff_api, f"/api/v1/orgs/groups/{gid}/members/{member_b.pk}/leave", {"left_on": "2025-12-31"})
    assert r.status_code == 200 and r.json()["left_on"] == "2025-12-31"
    lid = GroupLeadership.objects.get(group_id=gid).pk
    assert staff_api.delete(f"/api/v1/orgs/groups/{gid}/leadership/{lid}").status_code == 204
    assert staff_api.delete(f"/api/v1/orgs/groups/{gid}/leadership/{lid}").status_code == 404
    detail = staff_api.get(f"/api/v1/orgs/groups/{gid}").json()
    assert detail["leadership"] == [] and len(detail["members"]) == 2


def test_group_writes_refused_for_unit_officers_and_hidden_outside_scope(unit_a, unit_b, officer_api):
    mine = EmulationGroup.objects.create(name="Khối A", kind="block")
    GroupMembership.objects.create(group=mine, unit=unit_a)
    other = EmulationGroup.objects.create(name="Khối B", kind="block")
    GroupMembership.objects.create(group=other, unit=unit_b)
    assert post(officer_api, "/api/v1/orgs/groups", {"name": "Khối C", "kind": "block"}).status_code == 403
    assert patch(officer_api, f"/api/v1/orgs/groups/{mine.pk}", {"name": "Đổi"}).status_code == 403
    assert post(officer_api, f"/api/v1/orgs/groups/{mine.pk}/members", {"unit_id": unit_b.pk}).status_code == 403
    assert officer_api.get(f"/api/v1/orgs/groups/{mine.pk}").status_code == 200
    assert officer_api.get(f"/api/v1/orgs/groups/{other.pk}").status_code == 404
    assert officer_api.get(f"/api/v1/orgs/groups/{other.pk}/members").status_code == 404
    assert patch(officer_api, f"/api/v1/orgs/groups/{other.pk}", {"name": "Đổi"}).status_code == 404
    assert EmulationGroup.objects.filter(name="Khối C").count() == 0


def test_leadership_needs_a_member_and_the_groups_cycle(unit_a, unit_b, staff_api):
    g = EmulationGroup.objects.create(name="Khối các trường", kind="block", cycle="school_year")
    GroupMembership.objects.create(group=g, unit=unit_a)
    school_year = Period.school_year(2025)
    r = post(staff_api, f"/api/v1/orgs/groups/{g.pk}/leadership", {"period_id": Period.year(2025).pk,
                                                                   "unit_id": unit_a.pk, "role": "head"})
    assert r.status_code == 400 and r.json()["detail"]
    r = post(staff_api, f"/api/v1/orgs/groups/{g.pk}/leadership", {"period_id": school_year.pk,
                                                                   "unit_id": unit_b.pk, "role": "deputy"})
    assert r.status_code == 400
    r = post(staff_api, f"/api/v1/orgs/groups/{g.pk}/leadership", {"period_id": school_year.pk,
                                                                   "unit_id": unit_a.pk, "role": "chief"})
    assert r.status_code == 422


def test_periods_list_and_create(staff_api, officer_api):
    for year in (2023, 2024, 2025):
        Period.year(year)
    r = post(staff_api, "/api/v1/orgs/periods", {"kind": "stage", "first_year": 2021, "last_year": 2025})
    assert r.status_code == 201 and r.json()["label"] == "Giai đoạn 2021-2025"
    r = post(staff_api, "/api/v1/orgs/periods", {"kind": "year", "first_year": 2025})
    assert r.status_code == 400 and "đã có" in r.json()["detail"]
    r = post(staff_api, "/api/v1/orgs/periods", {"kind": "stage", "first_year": 2025, "last_year": 2024})
    assert r.status_code == 400
    assert post(officer_api, "/api/v1/orgs/periods", {"kind": "year", "first_year": 2026}).status_code == 403
    first = officer_api.get("/api/v1/orgs/periods", {"limit": 2}).json()
    assert [p["label"] for p in first["items"]] == ["2025", "2024"] and first["next_cursor"]
    rest = officer_api.get("/api/v1/orgs/periods", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [p["label"] for p in rest["items"]] == ["2023", "Giai đoạn 2021-2025"]
    assert [p["kind"] for p in officer_api.get("/api/v1/orgs/periods?kind=stage").json()["items"]] == ["stage"]
