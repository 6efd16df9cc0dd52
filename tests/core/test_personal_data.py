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
