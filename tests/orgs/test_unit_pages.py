"""Unit pages: three personas, tree and flat search, who may create and edit which units."""

import pytest

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.orgs.models import Unit


def test_unit_detail_three_personas(unit_a, staff, officer_a, officer_b, client):
    url = f"/to-chuc/don-vi/{unit_a.pk}/"
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(officer_a)
    assert client.get(url).status_code == 200
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_unit_list_tree_is_scoped(unit_a, unit_b, client_a):
    UnitFactory(name="Trường THPT Chuyên", parent=unit_a)
    html = client_a.get("/to-chuc/don-vi/").content.decode()
    assert "Trường THPT Chuyên" in html and "Sở Giáo dục và Đào tạo" in html
    assert "Sở Y tế" not in html


def test_unit_flat_search_without_diacritics_and_filters(province, unit_a, unit_b, staff_client):
    html = staff_client.get("/to-chuc/don-vi/", {"q": "giao duc", "view": "flat"}).content.decode()
    assert "Sở Giáo dục và Đào tạo" in html and "Sở Y tế" not in html
    UnitFactory(name="Trường Đã Giải Thể", parent=province, active_to="2020-01-01")
    html = staff_client.get("/to-chuc/don-vi/", {"view": "flat", "active": "0"}).content.decode()
    assert "Trường Đã Giải Thể" in html and "Sở Y tế" not in html
    html = staff_client.get("/to-chuc/don-vi/", {"view": "flat", "kind": "province", "active": ""}).content.decode()
    assert "Ủy ban nhân dân tỉnh" in html and "Sở Y tế" not in html


def test_units_in_vietnamese_order(province, staff_client):
    for name in ["Ủy ban xã Yên", "Ban Quản lý", "Đài Truyền thanh", "Chi cục Dân số"]:
        UnitFactory(name=name, parent=province)
    html = staff_client.get("/to-chuc/don-vi/", {"view": "flat", "active": ""}).content.decode()
    order = ["Ban Quản lý", "Chi cục Dân số", "Đài Truyền thanh", "Ủy ban xã Yên"]
    pos = [html.index(n) for n in order]
    assert pos == sorted(pos)


def test_unit_detail_shows_people_count_groups_and_sub_units(unit_a, client_a):
    school = UnitFactory(name="Trường THPT Văn Lâm", parent=unit_a)
    PersonFactory(unit=unit_a)
    PersonFactory(unit=school)
    html = client_a.get(f"/to-chuc/don-vi/{unit_a.pk}/").content.decode()
    assert "Trường THPT Văn Lâm" in html
    assert "Tiền thân" in html and "Đơn vị kế thừa" in html


def test_unit_officer_creates_sub_unit_but_not_elsewhere(unit_a, unit_b, client_a):
    r = client_a.post("/to-chuc/don-vi/them/", {"name": "Trường THCS Mới", "code": "thcs-moi", "kind": "school",
                                                "parent": unit_a.pk})
    assert r.status_code == 302
    assert Unit.objects.get(code="thcs-moi").parent == unit_a
    r = client_a.post("/to-chuc/don-vi/them/", {"name": "Lạc Chỗ", "code": "lac-cho", "kind": "school",
                                                "parent": unit_b.pk})
    assert r.status_code == 200
    assert "không thuộc phạm vi của bạn" in r.content.decode()
    r = client_a.post("/to-chuc/don-vi/them/", {"name": "Không Cấp Trên", "code": "khong-cap-tren", "kind": "agency"})
    assert r.status_code == 200
    assert not Unit.objects.filter(code__in=["lac-cho", "khong-cap-tren"]).exists()


def test_unit_officer_edits_units_below_but_not_own_or_others(unit_a, unit_b, client_a):
    school = UnitFactory(name="Trường A", code="truong-a", parent=unit_a)
    data = {"name": "Trường A (mới)", "code": "truong-a", "kind": "school", "parent": unit_a.pk}
    assert client_a.post(f"/to-chuc/don-vi/{school.pk}/sua/", data).status_code == 302
    school.refresh_from_db()
    assert school.name == "Trường A (mới)"
    assert client_a.get(f"/to-chuc/don-vi/{unit_a.pk}/sua/").status_code == 403
    assert client_a.get(f"/to-chuc/don-vi/{unit_b.pk}/sua/").status_code == 404


def test_unit_dates_validated_in_vietnamese(province, staff_client):
    r = staff_client.post("/to-chuc/don-vi/them/", {"name": "Sở Thử", "code": "so-thu", "kind": "agency",
                                                    "parent": province.pk, "active_from": "2025-07-01",
                                                    "active_to": "2025-01-01"})
    assert r.status_code == 200
    assert "Ngày kết thúc hoạt động phải sau ngày bắt đầu" in r.content.decode()
    assert not Unit.objects.filter(code="so-thu").exists()


def test_leader_can_read_but_not_create(db, unit_a, client):
    client.force_login(UserFactory(role=Role.LEADER, unit=None))
    assert client.get(f"/to-chuc/don-vi/{unit_a.pk}/").status_code == 200
    assert client.get("/to-chuc/don-vi/them/").status_code == 403


@pytest.mark.parametrize("path", ["/to-chuc/don-vi/", "/to-chuc/ca-nhan/", "/to-chuc/cum-khoi/", "/to-chuc/ky/",
                                  "/to-chuc/don-vi/nhap/", "/to-chuc/ca-nhan/nhap/", "/to-chuc/ca-nhan/them/"])
def test_pages_render_for_unit_officer(path, client_a):
    assert client_a.get(path).status_code == 200


def test_pages_need_login(client, db):
    assert client.get("/to-chuc/ca-nhan/").status_code == 302
