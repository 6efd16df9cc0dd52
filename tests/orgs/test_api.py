"""/api/v1/orgs: scoping, masking, search, create and patch through the same validation as the pages."""

import datetime as dt
import json

import pytest

from tests.factories import PersonFactory, UnitFactory
from thidua.orgs.models import EmulationGroup, GroupMembership, Person, UnitLineage


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def duc(unit_a):
    return PersonFactory(full_name="Nguyễn Văn Đức", unit=unit_a, citizen_id="033085001234")


def test_people_scoped_and_masked(duc, unit_b, client_a):
    PersonFactory(unit=unit_b, full_name="Người Ở Sở B")
    body = client_a.get("/api/v1/orgs/people").json()
    assert [p["full_name"] for p in body["items"]] == ["Nguyễn Văn Đức"]
    assert body["items"][0]["citizen_id"] == "•••••••••234"


def test_people_full_id_for_province_staff(duc, staff_client):
    assert staff_client.get("/api/v1/orgs/people?q=nguyen van duc").json()["items"][0]["citizen_id"] == "033085001234"


def test_person_of_other_unit_is_404(duc, client_b):
    r = client_b.get(f"/api/v1/orgs/people/{duc.pk}")
    assert r.status_code == 404 and r.json()["detail"]
    assert patch(client_b, f"/api/v1/orgs/people/{duc.pk}", {"position": "X"}).status_code == 404


def test_people_cursor_pages(unit_a, client_a):
    for _i in range(5):
        PersonFactory(unit=unit_a)
    first = client_a.get("/api/v1/orgs/people?limit=3").json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client_a.get("/api/v1/orgs/people", {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_create_person_validation_and_scope(unit_a, unit_b, client_a):
    r = post(client_a, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_b.pk})
    assert r.status_code == 400 and "đơn vị của mình" in r.json()["detail"]
    r = post(client_a, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_a.pk,
                                               "citizen_id": "12ab"})
    assert r.status_code == 400 and "12 chữ số" in r.json()["detail"]
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    r = post(client_a, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_a.pk,
                                               "birth_date": future})
    assert r.status_code == 400 and "tương lai" in r.json()["detail"]
    r = post(client_a, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_a.pk,
                                               "birth_date": "31/02/1990"})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)
    assert not Person.objects.exists()
    r = post(client_a, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_a.pk,
                                               "birth_date": "1990-02-01", "citizen_id": "001190000001"})
    assert r.status_code == 201
    assert r.json()["citizen_id"] == "•••••••••001"


def test_create_duplicate_needs_confirmation(duc, unit_a, client_a):
    data = {"full_name": "Trần Văn Khác", "gender": "male", "unit_id": unit_a.pk, "citizen_id": "033085001234"}
    r = post(client_a, "/api/v1/orgs/people", data)
    assert r.status_code == 409 and "CCCD" in r.json()["detail"]
    assert post(client_a, "/api/v1/orgs/people", {**data, "confirm_duplicate": True}).status_code == 201


def test_patch_person(duc, unit_a, unit_b, client_a):
    school = UnitFactory(parent=unit_a)
    r = patch(client_a, f"/api/v1/orgs/people/{duc.pk}", {"position": "Phó Giám đốc", "unit_id": school.pk})
    assert r.status_code == 200 and r.json()["unit_id"] == school.pk
    r = patch(client_a, f"/api/v1/orgs/people/{duc.pk}", {"unit_id": unit_b.pk})
    assert r.status_code == 400
    duc.refresh_from_db()
    assert duc.unit == school and duc.citizen_id == "033085001234"


def test_units_scoped_and_searchable(unit_a, unit_b, officer_a, staff, client):
    client.force_login(officer_a)
    client_a = staff_client = client
    names = [u["name"] for u in client_a.get("/api/v1/orgs/units").json()["items"]]
    assert names == ["Sở Giáo dục và Đào tạo"]
    assert client_a.get(f"/api/v1/orgs/units/{unit_b.pk}").status_code == 404
    client.force_login(staff)
    found = staff_client.get("/api/v1/orgs/units?q=so y te").json()["items"]
    assert [u["name"] for u in found] == ["Sở Y tế"]


def test_unit_detail_has_lineage(unit_a, province, staff_client):
    old = UnitFactory(name="Sở GD&ĐT Thái Bình", code="gd-tb")
    UnitLineage.objects.create(kind="merge", predecessor=old, successor=unit_a, effective_on=dt.date(2025, 7, 1),
                               decision="NQ 202/2025/QH15")
    body = staff_client.get(f"/api/v1/orgs/units/{unit_a.pk}").json()
    assert body["predecessors"][0]["unit"]["code"] == "gd-tb"
    assert body["predecessors"][0]["decision"] == "NQ 202/2025/QH15"
    assert set(body["history_unit_ids"]) == {unit_a.pk, old.pk}


def test_groups_scoped(unit_a, unit_b, client_a):
    g = EmulationGroup.objects.create(name="Khối văn hóa - xã hội", kind="block")
    GroupMembership.objects.create(group=g, unit=unit_a)
    h = EmulationGroup.objects.create(name="Khối kinh tế", kind="block")
    GroupMembership.objects.create(group=h, unit=unit_b)
    body = client_a.get("/api/v1/orgs/groups").json()["items"]
    assert [x["name"] for x in body] == ["Khối văn hóa - xã hội"]
    assert body[0]["members"][0]["code"] == "so-a"


def test_bearer_token_scoping(duc, officer_b, client):
    token = post(client, "/api/v1/auth/token", {"username": "canbo_b", "password": "mat-khau-thu"}).json()["token"]
    client.logout()
    r = client.get("/api/v1/orgs/people", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and r.json()["items"] == []


def test_read_only_roles_cannot_create_through_api(db, unit_a, client):
    from tests.factories import UserFactory
    from thidua.core.roles import Role

    client.force_login(UserFactory(role=Role.LEADER, unit=None))
    r = post(client, "/api/v1/orgs/people", {"full_name": "Lê Thị Hoa", "gender": "female", "unit_id": unit_a.pk})
    assert r.status_code == 403 and r.json()["detail"]
    assert client.get("/api/v1/orgs/people").status_code == 200
    assert not Person.objects.exists()
