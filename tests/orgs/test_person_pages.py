"""People pages: three personas (province staff / own unit officer / other unit officer), masking, search, order."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from thidua.core.models import AuditEntry
from thidua.orgs.models import Person


@pytest.fixture
def duc(unit_a):
    return PersonFactory(full_name="Nguyễn Văn Đức", unit=unit_a, citizen_id="033085001234", birth_date=dt.date(1985, 3, 2))


def test_person_detail_three_personas(duc, staff, officer_a, officer_b, client):
    url = f"/to-chuc/ca-nhan/{duc.pk}/"
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(officer_a)
    assert client.get(url).status_code == 200
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_person_edit_other_unit_is_404_and_nothing_changes(duc, client_b):
    response = client_b.post(f"/to-chuc/ca-nhan/{duc.pk}/sua/", {"full_name": "Đổi Tên", "gender": "male",
                                                                "unit": duc.unit_id})
    assert response.status_code == 404
    duc.refresh_from_db()
    assert duc.full_name == "Nguyễn Văn Đức"


def test_citizen_id_masked_except_for_province_staff(duc, staff, officer_a, client):
    client.force_login(officer_a)
    for url in ("/to-chuc/ca-nhan/", f"/to-chuc/ca-nhan/{duc.pk}/", f"/to-chuc/ca-nhan/{duc.pk}/sua/"):
        html = client.get(url).content.decode()
        assert "033085001234" not in html, url
    assert "•••••••••234" in client.get(f"/to-chuc/ca-nhan/{duc.pk}/").content.decode()
    client.force_login(staff)
    assert "033085001234" in client.get(f"/to-chuc/ca-nhan/{duc.pk}/").content.decode()
    assert "033085001234" in client.get("/to-chuc/ca-nhan/").content.decode()


def test_unit_officer_edit_keeps_masked_citizen_id(duc, client_a):
    response = client_a.post(f"/to-chuc/ca-nhan/{duc.pk}/sua/", {
        "full_name": "Nguyễn Văn Đức", "gender": "male", "birth_date": "1985-03-02", "citizen_id": "•••••••••234",
        "unit": duc.unit_id, "position": "Trưởng phòng", "active": "on"})
    assert response.status_code == 302
    duc.refresh_from_db()
    assert duc.citizen_id == "033085001234"
    assert duc.position == "Trưởng phòng"


def test_search_without_diacritics(duc, unit_a, client_a):
    PersonFactory(full_name="Trần Thị Mai", unit=unit_a)
    html = client_a.get("/to-chuc/ca-nhan/", {"q": "nguyen van duc"}).content.decode()
    assert "Nguyễn Văn Đức" in html
    assert "Trần Thị Mai" not in html


def test_unit_officer_cannot_search_by_citizen_id(duc, client_a, staff, client):
    assert "Nguyễn Văn Đức" not in client_a.get("/to-chuc/ca-nhan/", {"q": "033085001234"}).content.decode()
    client.force_login(staff)
    assert "Nguyễn Văn Đức" in client.get("/to-chuc/ca-nhan/", {"q": "001234"}).content.decode()


def test_people_in_vietnamese_name_order(unit_a, client_a):
    for name in ["Lê Văn Ước", "Trần Thị Ánh", "Nguyễn Văn Anh", "Phạm Thị Ăn", "Vũ Đức Bình", "Đỗ Thị An"]:
        PersonFactory(full_name=name, unit=unit_a)
    html = client_a.get("/to-chuc/ca-nhan/").content.decode()
    order = ["Đỗ Thị An", "Nguyễn Văn Anh", "Trần Thị Ánh", "Phạm Thị Ăn", "Vũ Đức Bình", "Lê Văn Ước"]
    positions = [html.index(n) for n in order]
    assert positions == sorted(positions)


def test_people_list_is_scoped_and_includes_sub_units(unit_a, unit_b, client_a):
    school = UnitFactory(name="Trường THPT A", parent=unit_a)
    PersonFactory(full_name="Người Ở Trường", unit=school)
    PersonFactory(full_name="Người Ở Sở B", unit=unit_b)
    html = client_a.get("/to-chuc/ca-nhan/", {"unit": unit_a.pk}).content.decode()
    assert "Người Ở Trường" in html
    assert "Người Ở Sở B" not in html
    # asking for another unit's tree gives nothing, not that unit's people
    assert "Người Ở Sở B" not in client_a.get("/to-chuc/ca-nhan/", {"unit": unit_b.pk}).content.decode()


def test_filters_gender_direct_worker_active(unit_a, client_a):
    PersonFactory(full_name="Chị Công Nhân", unit=unit_a, gender="female", direct_worker=True)
    PersonFactory(full_name="Anh Chuyên Viên", unit=unit_a, gender="male")
    PersonFactory(full_name="Bác Đã Nghỉ", unit=unit_a, gender="male", active=False)
    html = client_a.get("/to-chuc/ca-nhan/", {"gender": "female", "direct": "1"}).content.decode()
    assert "Chị Công Nhân" in html and "Anh Chuyên Viên" not in html
    html = client_a.get("/to-chuc/ca-nhan/", {"active": "0"}).content.decode()
    assert "Bác Đã Nghỉ" in html and "Anh Chuyên Viên" not in html


def test_people_list_keyset_pages(unit_a, client_a):
    Person.objects.bulk_create([Person(full_name=f"Nguyễn Văn Số{i:03d}", gender="male", unit=unit_a,
                                       search_text=f"nguyen van so{i:03d}", sort_key=f"{i:03d}") for i in range(60)])
    first = client_a.get("/to-chuc/ca-nhan/").content.decode()
    assert "Số000" in first and "Số059" not in first
    cursor = first.split("sau=")[1].split('"')[0].replace("&amp;", "&")
    second = client_a.get("/to-chuc/ca-nhan/", {"sau": cursor}).content.decode()
    assert "Số059" in second and "Số000" not in second


def test_people_list_query_count_does_not_grow_with_rows(unit_a, client_a, django_assert_max_num_queries):
    other = UnitFactory(parent=unit_a)
    for i in range(40):
        PersonFactory(unit=unit_a if i % 2 else other)
    with django_assert_max_num_queries(8):
        assert client_a.get("/to-chuc/ca-nhan/").status_code == 200


def test_create_person_validates_citizen_id_birth_date_and_unit(unit_a, unit_b, client_a):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client_a.post("/to-chuc/ca-nhan/them/", {"full_name": "Lê Thị Hoa", "gender": "female",
                                                        "birth_date": future, "citizen_id": "12345",
                                                        "unit": unit_b.pk, "active": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "12 chữ số" in html
    assert "tương lai" in html
    assert "không thuộc phạm vi của bạn" in html  # unit_b is not offered to officer A
    assert not Person.objects.filter(full_name="Lê Thị Hoa").exists()


def test_create_person_ok_and_audited(unit_a, client_a, officer_a):
    response = client_a.post("/to-chuc/ca-nhan/them/", {"full_name": "  Lê  Thị Hoa ", "gender": "female",
                                                        "birth_date": "1990-01-15", "citizen_id": "001190000001",
                                                        "unit": unit_a.pk, "active": "on", "direct_worker": "on"})
    assert response.status_code == 302
    person = Person.objects.get(full_name="Lê Thị Hoa")
    assert person.direct_worker and person.unit == unit_a
    assert AuditEntry.objects.filter(model="orgs.Person", object_id=str(person.pk), action="create",
                                     actor=officer_a).exists()


def test_duplicate_warning_then_confirm(duc, unit_a, unit_b, client_a, staff, client):
    PersonFactory(full_name="Hòang Minh Tâm", unit=unit_b, birth_date=dt.date(1990, 1, 1))
    data = {"full_name": "Hoang Minh Tam".replace("Hoang", "Hòang").replace("Tam", "Tâm"), "gender": "male",
            "birth_date": "1990-01-01", "unit": unit_a.pk, "active": "on"}
    html = client_a.post("/to-chuc/ca-nhan/them/", data).content.decode()
    assert "Có thể cá nhân này đã có" in html
    assert "Sở Y tế" not in html  # officer A is not told which unit
    assert Person.objects.filter(full_name="Hòang Minh Tâm").count() == 1
    assert client_a.post("/to-chuc/ca-nhan/them/", {**data, "confirm_duplicate": "1"}).status_code == 302
    assert Person.objects.filter(full_name="Hòang Minh Tâm").count() == 2
    client.force_login(staff)
    html = client.post("/to-chuc/ca-nhan/them/", {**data, "citizen_id": "033085001234"}).content.decode()
    assert "trùng số CCCD" in html and "Sở Giáo dục và Đào tạo" in html


def test_export_is_scoped_filtered_and_masked(duc, unit_b, client_a):
    PersonFactory(full_name="Người Ở Sở B", unit=unit_b)
    response = client_a.get("/to-chuc/ca-nhan/xuat.xlsx", {"q": "duc"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên"
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn Đức"]
    assert rows[1][4] == "•••••••••234"
    assert AuditEntry.objects.filter(action="export").exists()


def test_awards_panel_include_point_tolerates_absence(duc, client_a):
    response = client_a.get(f"/to-chuc/ca-nhan/{duc.pk}/")
    assert response.status_code == 200
    assert "Nguyễn Văn Đức" in response.content.decode()


def test_cannot_assign_person_to_unit_that_has_ended(province, staff_client):
    ended = UnitFactory(name="Sở Đã Sáp Nhập", parent=province, active_to=dt.date(2025, 6, 30))
    r = staff_client.post("/to-chuc/ca-nhan/them/", {"full_name": "Lê Văn Tâm", "gender": "male",
                                                     "unit": ended.pk, "active": "on"})
    assert r.status_code == 200
    assert "đã ngừng hoạt động từ 01/07/2025" in r.content.decode()
    assert not Person.objects.filter(full_name="Lê Văn Tâm").exists()
