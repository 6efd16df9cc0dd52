"""Decree 13/2023: citizen ids and birth dates are masked for readers who do not need them — on the audit log
page and in exports too — and every unmasked view by a province officer is itself recorded."""

import datetime as dt
import io

import openpyxl

from tests.factories import PersonFactory
from thidua.core.models import AuditEntry
from thidua.orgs import services


def _person(user, unit):
    return services.create_person(user, unit=unit, full_name="Nguyễn Thị Lan", gender="female",
                                  birth_date=dt.date(1980, 5, 17), citizen_id="001180012345")


def test_audit_log_masks_personal_data_for_unit_officers(client, officer_a, unit_a):
    _person(officer_a, unit_a)
    client.force_login(officer_a)
    html = client.get("/nhat-ky/").content.decode()
    assert "Nguyễn Thị Lan" in html
    assert "001180012345" not in html and "•••••••••345" in html
    assert "1980-05-17" not in html and "17/05/1980" not in html and "••/••/1980" in html
    assert client.get("/nhat-ky/?hien_du_lieu=1").content.decode().count("001180012345") == 0


def test_province_officer_reveals_and_the_view_is_recorded(client, staff, officer_a, unit_a):
    _person(officer_a, unit_a)
    client.force_login(staff)
    assert "001180012345" not in client.get("/nhat-ky/").content.decode()
    assert not AuditEntry.objects.filter(action="view_personal").exists()
    assert "001180012345" in client.get("/nhat-ky/?hien_du_lieu=1").content.decode()
    entry = AuditEntry.objects.get(action="view_personal")
    assert entry.actor == staff and entry.changes == {"records": 1}


def test_person_export_masks_for_unit_officers_and_records_for_staff(client, staff, officer_a, unit_a):
    _person(officer_a, unit_a)
    client.force_login(officer_a)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/to-chuc/ca-nhan/xuat.xlsx").content)).active
    row = [c.value for c in list(sheet.iter_rows())[1]]
    assert "001180012345" not in row and "••/••/1980" in row
    assert not AuditEntry.objects.filter(action="view_personal").exists()
    client.force_login(staff)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/to-chuc/ca-nhan/xuat.xlsx").content)).active
    row = [c.value for c in list(sheet.iter_rows())[1]]
    assert "001180012345" in row
    assert AuditEntry.objects.filter(action="view_personal", actor=staff).exists()


def test_person_page_masks_birth_date_for_unit_officers(client, staff, officer_a, unit_a):
    person = PersonFactory(unit=unit_a, birth_date=dt.date(1975, 3, 9), citizen_id="001175000111")
    client.force_login(officer_a)
    html = client.get(f"/to-chuc/ca-nhan/{person.pk}/").content.decode()
    assert "09/03/1975" not in html and "••/••/1975" in html and "001175000111" not in html
    client.force_login(staff)
    html = client.get(f"/to-chuc/ca-nhan/{person.pk}/").content.decode()
    assert "09/03/1975" in html and "001175000111" in html
    assert AuditEntry.objects.filter(action="view_personal", object_id=str(person.pk)).exists()


# --- everywhere else: the API, award pages and exports, pickers (issue #11 item 4) ------------------------------


def _leader(province):
    from tests.factories import UserFactory
    from thidua.core.roles import Role

    return UserFactory(username="lanh_dao", role=Role.LEADER, unit=province)


def _views(user):
    return AuditEntry.objects.filter(action="view_personal", actor=user).count()


def test_api_gives_birth_year_and_masked_id_to_unit_officers(client, officer_a, unit_a):
    person = PersonFactory(unit=unit_a, birth_date=dt.date(1975, 3, 9), citizen_id="001175000111")
    client.force_login(officer_a)
    for item in (client.get("/api/v1/orgs/people").json()["items"][0],
                 client.get(f"/api/v1/orgs/people/{person.pk}").json()):
        assert item["birth_date"] is None and item["birth_year"] == 1975
        assert item["citizen_id"] == "•••••••••111"
    assert _views(officer_a) == 0


def test_api_gives_province_staff_everything_and_records_each_view(client, staff, unit_a):
    person = PersonFactory(unit=unit_a, birth_date=dt.date(1975, 3, 9), citizen_id="001175000111")
    client.force_login(staff)
    item = client.get(f"/api/v1/orgs/people/{person.pk}").json()
    assert item["birth_date"] == "1975-03-09" and item["citizen_id"] == "001175000111"
    assert AuditEntry.objects.filter(action="view_personal", actor=staff, object_id=str(person.pk)).exists()
    client.get("/api/v1/orgs/people")
    assert _views(staff) == 2


def test_province_wide_readers_do_not_see_citizen_ids_on_the_duplicates_page(client, staff, province, unit_a):
    for _ in range(2):
        PersonFactory(unit=unit_a, full_name="Lê Văn Trùng", birth_date=dt.date(1970, 2, 3), citizen_id="001170000222")
    leader = _leader(province)
    client.force_login(leader)
    html = client.get("/khen-thuong/trung-lap/").content.decode()
    assert "Lê Văn Trùng" in html
    assert "001170000222" not in html and "03/02/1970" not in html and "••/••/1970" in html
    assert _views(leader) == 0
    client.force_login(staff)
    html = client.get("/khen-thuong/trung-lap/").content.decode()
    assert "001170000222" in html and "03/02/1970" in html
    assert _views(staff) == 1


def test_award_history_page_masks_the_birth_date_unless_recorded(client, staff, officer_a, unit_a):
    person = PersonFactory(unit=unit_a, birth_date=dt.date(1988, 12, 24))
    client.force_login(officer_a)
    html = client.get(f"/khen-thuong/ca-nhan/{person.pk}/").content.decode()
    assert "24/12/1988" not in html and "••/••/1988" in html
    client.force_login(staff)
    assert "24/12/1988" in client.get(f"/khen-thuong/ca-nhan/{person.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="view_personal", actor=staff, object_id=str(person.pk)).exists()


def test_award_register_export_masks_birth_dates_for_unit_officers(client, staff, officer_a, unit_a):
    from thidua.awards import services as award_services

    person = PersonFactory(unit=unit_a, full_name="Phạm Thu Hà", birth_date=dt.date(1990, 7, 1))
    award_services.confer(award_type="LDTT", person=person, year=2024)
    client.force_login(officer_a)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/khen-thuong/so-khen-thuong/xuat.xlsx").content)).active
    row = [c.value for c in list(sheet.iter_rows())[1]]
    assert "Phạm Thu Hà" in row and "••/••/1990" in row and dt.datetime(1990, 7, 1) not in row
    assert _views(officer_a) == 0
    client.force_login(staff)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/khen-thuong/so-khen-thuong/xuat.xlsx").content)).active
    assert dt.datetime(1990, 7, 1) in [c.value for c in list(sheet.iter_rows())[1]]
    assert _views(staff) == 1


def test_the_person_picker_shows_only_the_year_of_birth(client, staff, unit_a):
    PersonFactory(unit=unit_a, full_name="Đỗ Minh Chọn", birth_date=dt.date(1982, 4, 5))
    client.force_login(staff)
    hint = client.get("/to-chuc/ca-nhan/chon/?q=chon").json()["results"][0]["hint"]
    assert "1982" in hint and "05/04/1982" not in hint
    assert _views(staff) == 0


def test_a_list_read_page_after_page_is_recorded_once_per_window(client, staff, unit_a, settings):
    """Decree 13 access log without an audited write on every page of a busy list: the people list opened by the
    same officer within THIDUA_PERSONAL_VIEW_WINDOW is one entry; another officer, or the window set to 0, records
    again; a single person's record is recorded every time."""
    from tests.factories import UserFactory
    from thidua.core.roles import Role

    person = PersonFactory(unit=unit_a, birth_date=dt.date(1975, 3, 9), citizen_id="001175000111")
    client.force_login(staff)
    for _ in range(3):
        assert "001175000111" in client.get("/to-chuc/ca-nhan/").content.decode()
    assert _views(staff) == 1
    client.get(f"/to-chuc/ca-nhan/{person.pk}/")
    client.get(f"/to-chuc/ca-nhan/{person.pk}/")
    assert _views(staff) == 3
    other = UserFactory(username="tdkt_2", role=Role.PROVINCE_STAFF, unit=staff.unit)
    client.force_login(other)
    client.get("/to-chuc/ca-nhan/")
    assert _views(other) == 1
    settings.THIDUA_PERSONAL_VIEW_WINDOW = 0
    client.get("/to-chuc/ca-nhan/")
    client.get("/to-chuc/ca-nhan/")
    assert _views(other) == 3
