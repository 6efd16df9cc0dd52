"""Merge, split, rename, dissolve: dates, people, history following the lineage, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.models import AuditEntry
from thidua.orgs import services
from thidua.orgs.models import EmulationGroup, GroupMembership, Person, Unit, UnitLineage

MERGED_ON = dt.date(2025, 7, 1)


@pytest.fixture
def thai_binh(db):
    return UnitFactory(name="Sở Nội vụ tỉnh Thái Bình", code="snv-tb")


@pytest.fixture
def snv(province):
    return UnitFactory(name="Sở Nội vụ", code="snv", parent=province)


def test_merge_ends_predecessor_moves_people_and_keeps_history(staff, thai_binh, snv):
    person = PersonFactory(unit=thai_binh, full_name="Vũ Thị Lan")
    officer = UserFactory(role="unit_officer", unit=thai_binh)
    school = UnitFactory(parent=thai_binh, name="Trung tâm Thái Bình")
    group = EmulationGroup.objects.create(name="Khối tổng hợp", kind="block")
    GroupMembership.objects.create(group=group, unit=thai_binh)
    services.merge_units(staff, [thai_binh], snv, MERGED_ON, decision="Nghị quyết số 202/2025/QH15")
    thai_binh.refresh_from_db()
    assert thai_binh.active_to == dt.date(2025, 6, 30)
    assert Person.objects.get(pk=person.pk).unit == snv
    officer.refresh_from_db()
    assert officer.unit == snv
    assert Unit.objects.get(pk=school.pk).parent == snv
    assert GroupMembership.objects.get(unit=thai_binh).left_on == dt.date(2025, 6, 30)
    assert snv.predecessor_ids() == {snv.pk, thai_binh.pk}
    event = UnitLineage.objects.get(predecessor=thai_binh)
    assert (event.kind, event.successor, event.effective_on) == ("merge", snv, MERGED_ON)
    assert AuditEntry.objects.filter(action="transition", model="orgs.Unit", object_id=str(snv.pk)).exists()
    assert AuditEntry.objects.filter(action="create", model="orgs.UnitLineage").exists()


def test_history_follows_chain_of_lineage(staff, province):
    a = UnitFactory(parent=province, name="Phòng A")
    b = UnitFactory(parent=province, name="Phòng B")
    c = UnitFactory(parent=province, name="Phòng C")
    services.merge_units(staff, [a], b, dt.date(2020, 1, 1), move_people=False)
    new_c = services.rename_unit(staff, c, dt.date(2021, 1, 1), new_name="Phòng C mới", new_code="phong-c-moi")
    services.merge_units(staff, [b], new_c, dt.date(2024, 1, 1))
    assert new_c.predecessor_ids() == {a.pk, b.pk, c.pk, new_c.pk}


def test_merge_date_errors(staff, thai_binh, snv):
    thai_binh.active_to = dt.date(2024, 1, 1)
    thai_binh.save()
    with pytest.raises(ValidationError) as exc:
        services.merge_units(staff, [thai_binh], snv, MERGED_ON)
    assert "đã ngừng hoạt động" in str(exc.value)
    snv.active_from = dt.date(2026, 1, 1)
    snv.save()
    other = UnitFactory(name="Sở Khác")
    with pytest.raises(ValidationError) as exc:
        services.merge_units(staff, [other], snv, MERGED_ON)
    assert "không hoạt động vào ngày" in str(exc.value)
    assert not UnitLineage.objects.exists()


def test_unit_officer_cannot_merge_units_outside_scope(officer_a, unit_a, unit_b):
    school = UnitFactory(parent=unit_a)
    with pytest.raises(PermissionDenied):
        services.merge_units(officer_a, [school], unit_b, MERGED_ON)
    with pytest.raises(PermissionDenied):
        services.merge_units(officer_a, [unit_a], school, MERGED_ON)  # its own unit is the province's business
    school2 = UnitFactory(parent=unit_a)
    services.merge_units(officer_a, [school], school2, MERGED_ON)


def test_merge_page(staff_client, thai_binh, snv):
    PersonFactory(unit=thai_binh)
    r = staff_client.post(f"/to-chuc/don-vi/{thai_binh.pk}/sap-xep/merge/", {
        "successor": snv.pk, "effective_on": "2025-07-01", "decision": "NQ 202/2025/QH15", "move_people": "on"})
    assert r.status_code == 302
    html = staff_client.get(f"/to-chuc/don-vi/{snv.pk}/").content.decode()
    assert "Sở Nội vụ tỉnh Thái Bình" in html and "01/07/2025" in html and "NQ 202/2025/QH15" in html
    html = staff_client.get(f"/to-chuc/don-vi/{thai_binh.pk}/").content.decode()
    assert "đã ngừng hoạt động" in html


def test_lineage_page_bad_date_is_vietnamese_and_saves_nothing(staff_client, thai_binh, snv):
    r = staff_client.post(f"/to-chuc/don-vi/{thai_binh.pk}/sap-xep/merge/", {"successor": snv.pk,
                                                                             "effective_on": "31/02/2025"})
    assert r.status_code == 200
    assert "hợp lệ" in r.content.decode()
    assert not UnitLineage.objects.exists()


def test_lineage_page_other_unit_is_404(client_b, unit_a):
    school = UnitFactory(parent=unit_a)
    assert client_b.get(f"/to-chuc/don-vi/{school.pk}/sap-xep/merge/").status_code == 404


def test_split_and_dissolve(staff, province):
    old = UnitFactory(parent=province, name="Sở Cũ")
    x = UnitFactory(parent=province, name="Sở X")
    y = UnitFactory(parent=province, name="Sở Y")
    services.split_unit(staff, old, [x, y], dt.date(2025, 3, 1))
    old.refresh_from_db()
    assert old.active_to == dt.date(2025, 2, 28)
    assert x.predecessor_ids() == {x.pk, old.pk}
    gone = UnitFactory(parent=province, name="Ban Giải Thể")
    PersonFactory(unit=gone)
    child = UnitFactory(parent=gone)
    with pytest.raises(ValidationError):
        services.dissolve_unit(staff, gone, dt.date(2025, 3, 1))
    services.dissolve_unit(staff, child, dt.date(2025, 2, 1))
    services.dissolve_unit(staff, gone, dt.date(2025, 3, 1))
    assert not Person.objects.filter(unit=gone, active=True).exists()
    assert UnitLineage.objects.filter(predecessor=gone, kind="dissolve", successor=None).exists()


def test_rename_moves_everything_to_new_record(staff, province):
    old = UnitFactory(parent=province, name="Sở Lao động", code="so-ld")
    p = PersonFactory(unit=old)
    group = EmulationGroup.objects.create(name="Khối X", kind="block")
    GroupMembership.objects.create(group=group, unit=old)
    new = services.rename_unit(staff, old, dt.date(2025, 3, 1), new_name="Sở Nội vụ mới", new_code="so-nv-moi")
    assert Person.objects.get(pk=p.pk).unit == new
    assert new.active_from == dt.date(2025, 3, 1)
    assert GroupMembership.objects.filter(group=group, unit=new, left_on=None).exists()
    with pytest.raises(ValidationError):
        services.rename_unit(staff, new, dt.date(2025, 4, 1), new_name="Tên", new_code="so-ld")  # code taken
