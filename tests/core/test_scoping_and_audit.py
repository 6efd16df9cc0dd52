from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.orgs.models import Person, Unit


def test_unit_officer_sees_own_unit_and_sub_units_only(officer_a, unit_a, unit_b, staff):
    school = UnitFactory(name="Trường THPT A", parent=unit_a)
    mine = PersonFactory(unit=unit_a)
    below = PersonFactory(unit=school)
    other = PersonFactory(unit=unit_b)
    visible = set(Person.objects.visible_to(officer_a))
    assert visible == {mine, below}
    assert other in Person.objects.visible_to(staff)
    assert set(Unit.objects.visible_to(officer_a)) == {unit_a, school}


def test_anonymous_and_unit_less_users_see_nothing(db, unit_a):
    from django.contrib.auth.models import AnonymousUser

    PersonFactory(unit=unit_a)
    assert not Person.objects.visible_to(AnonymousUser()).exists()
    nobody = UserFactory(role=Role.UNIT_OFFICER, unit=None)
    assert not Person.objects.visible_to(nobody).exists()


def test_leaders_and_council_see_whole_province_but_cannot_edit(db, unit_a):
    PersonFactory(unit=unit_a)
    leader = UserFactory(role=Role.LEADER, unit=None)
    assert Person.objects.visible_to(leader).count() == 1
    assert not Person.objects.editable_by(leader).exists()


def test_moving_a_unit_moves_its_subtree(unit_a, unit_b, officer_b):
    school = UnitFactory(parent=unit_a)
    unit_a.parent = unit_b
    unit_a.save()
    school.refresh_from_db()
    assert school.path.startswith(unit_b.path)
    assert school in Unit.objects.visible_to(officer_b)


def test_every_change_is_audited_with_who_and_what(officer_a, unit_a):
    from thidua.core.middleware import acting_as

    with acting_as(officer_a):
        p = PersonFactory(unit=unit_a, full_name="Trần Thị Mai")
        p.position = "Trưởng phòng"
        p.save()
        p.delete()
    entries = list(AuditEntry.objects.filter(model="orgs.Person").order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == officer_a and e.unit == unit_a for e in entries)
    assert entries[1].changes == {"position": ["", "Trưởng phòng"]}


def test_audit_entries_are_scoped(officer_a, officer_b, unit_a, unit_b, staff):
    PersonFactory(unit=unit_a)
    PersonFactory(unit=unit_b)
    a_entries = AuditEntry.objects.visible_to(officer_a).filter(model="orgs.Person")
    assert {e.unit_id for e in a_entries} == {unit_a.id}
    assert AuditEntry.objects.visible_to(staff).filter(model="orgs.Person").count() == 2


def test_audit_page_shows_only_own_unit_entries(client_a, unit_a, unit_b):
    PersonFactory(unit=unit_a, full_name="Người Của A")
    PersonFactory(unit=unit_b, full_name="Người Của B")
    html = client_a.get("/nhat-ky/").content.decode()
    assert "Người Của A" in html
    assert "Người Của B" not in html
