"""Councils and their members through the API (issue #15): Thường trực Hội đồng records a council, adds members with
the checks of the members page (the name from the login, a login used once, one active chair, a login that may
vote), edits them, lets a member leave and deactivates a council. Council members read but do not change; anyone
outside the council's circle gets a 404, as for the sessions."""

from tests.api.test_journey import Caller, ok
from tests.factories import UserFactory
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.dossiers.models import Council, CouncilMember


def test_secretary_records_a_council_and_its_members(client, council, secretary, officer_a, unit_b):
    sec = Caller(client, secretary)
    listed = ok(sec.get("/council/councils"))
    assert [c["id"] for c in listed["items"]] == [council.pk] and listed["next_cursor"] is None

    created = ok(sec.post("/council/councils", {"name": " Hội đồng TĐKT  Sở Y tế ", "unit_id": unit_b.pk,
                                                "established_by": "Quyết định 12/QĐ-SYT"}), 201)
    assert created["name"] == "Hội đồng TĐKT Sở Y tế" and created["members"] == [] and created["active"] is True
    first = ok(sec.get("/council/councils", limit=1))
    second = ok(sec.get("/council/councils", limit=1, cursor=first["next_cursor"]))
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [council.pk, created["id"]]
    assert second["next_cursor"] is None
    assert sec.post("/council/councils", {"name": " ", "unit_id": unit_b.pk}).status_code == 400
    assert sec.post("/council/councils", {"name": "Hội đồng", "unit_id": 999999}).status_code == 400

    members_url = f"/council/councils/{created['id']}/members"
    login = UserFactory(username="uyvien_syt", role=Role.COUNCIL_MEMBER, unit=unit_b, first_name="Hoa",
                        last_name="Phạm Thị")
    chair = ok(sec.post(members_url, {"unit_id": unit_b.pk, "role": "chair", "user_id": login.pk,
                                      "position": "Giám đốc Sở"}), 201)
    assert chair["full_name"] == "Phạm Thị Hoa" and chair["has_login"] and chair["role"] == "chair"
    assert AuditEntry.objects.filter(model="dossiers.CouncilMember", object_id=str(chair["id"])).exists()
    for bad, words in (
        ({"full_name": "Lê Văn Chủ", "unit_id": unit_b.pk, "role": "chair"}, "đã có Chủ tịch"),
        ({"full_name": "Trùng", "unit_id": unit_b.pk, "user_id": login.pk}, "đã là thành viên"),
        ({"unit_id": unit_b.pk}, "Nhập họ và tên"),
        ({"full_name": "Cán bộ đơn vị", "unit_id": unit_b.pk, "user_id": officer_a.pk}, "không dùng được"),
        ({"full_name": "Không đơn vị", "unit_id": 999999}, "đơn vị"),
    ):
        response = sec.post(members_url, bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    assert sec.post(members_url, {"full_name": "X", "unit_id": unit_b.pk, "role": "boss"}).status_code == 422
    member = ok(sec.post(members_url, {"full_name": "Trần Văn Bảo", "unit_id": unit_b.pk}), 201)
    assert member["role"] == "member" and member["has_login"] is False

    url = f"/council/members/{chair['id']}"
    assert ok(sec.patch(url, {"position": "Phó Giám đốc Sở"}))["position"] == "Phó Giám đốc Sở"
    assert ok(sec.patch(url, {"active": False}))["active"] is False  # kept for the minutes of past sessions
    new_chair = ok(sec.patch(f"/council/members/{member['id']}", {"role": "chair"}))
    assert new_chair["role"] == "chair"
    back = sec.patch(url, {"active": True})  # two active chairs: no
    assert back.status_code == 400 and "Chủ tịch" in back.json()["detail"]
    assert sec.patch("/council/members/999999", {"position": "x"}).status_code == 404

    closed = ok(sec.patch(f"/council/councils/{created['id']}", {"active": False}))
    assert closed["active"] is False and len(closed["members"]) == 2
    assert [c["id"] for c in ok(sec.get("/council/councils", active="true"))["items"]] == [council.pk]
    assert ok(sec.get(f"/council/councils/{created['id']}"))["established_by"] == "Quyết định 12/QĐ-SYT"
    assert sec.get("/council/councils/999999").status_code == 404


def test_council_writes_need_the_standing_body(client, council, officer_a, unit_b):
    voter = council.members.filter(role=CouncilMember.Role.MEMBER).select_related("user").first()
    member = Caller(client, voter.user)
    assert len(ok(member.get("/council/councils"))["items"]) == 1  # the council reads its list…
    body = {"name": "Hội đồng mới", "unit_id": unit_b.pk}
    refused = member.post("/council/councils", body)  # …and changes nothing
    assert refused.status_code == 403 and refused.json()["detail"]
    assert member.patch(f"/council/members/{voter.pk}", {"position": "Chủ tịch"}).status_code == 403
    assert member.post(f"/council/councils/{council.pk}/members", {"full_name": "X", "unit_id": unit_b.pk}
                       ).status_code == 403
    unit = Caller(client, officer_a)
    for response in (unit.get("/council/councils"), unit.post("/council/councils", body),
                     unit.patch(f"/council/councils/{council.pk}", {"name": "x"}),
                     unit.patch(f"/council/members/{voter.pk}", {"position": "x"})):
        assert response.status_code == 404
    assert Council.objects.count() == 1
    voter.refresh_from_db()
    assert voter.position == ""


def test_declared_relatives(client, council, secretary, unit_b):
    from tests.factories import PersonFactory
    from thidua.dossiers.models import DeclaredRelative

    sec = Caller(client, secretary)
    voter = council.members.filter(role=CouncilMember.Role.MEMBER).select_related("user").first()
    person = PersonFactory(full_name="Ngô Thị Hạnh", unit=unit_b)
    url = f"/council/members/{voter.pk}/relatives"
    declared = ok(sec.post(url, {"person_id": person.pk, "relation": "spouse"}), 201)
    assert declared["full_name"] == "Ngô Thị Hạnh" and declared["relation"] == "spouse"
    assert ok(sec.post(url, {"person_id": person.pk, "relation": "sibling"}), 201)["id"] == declared["id"]
    assert [r["relation"] for r in ok(sec.get(url))["items"]] == ["sibling"]
    assert sec.post(url, {"person_id": person.pk, "relation": "neighbour"}).status_code == 422
    assert sec.post(url, {"person_id": 999999, "relation": "child"}).status_code == 400
    member = Caller(client, voter.user)  # a member does not read or change the declarations
    assert member.get(url).status_code == 403
    assert member.post(url, {"person_id": person.pk, "relation": "child"}).status_code == 403
    assert member.delete(f"{url}/{declared['id']}").status_code == 403
    assert sec.delete(f"/council/members/{council.members.exclude(pk=voter.pk).first().pk}/relatives/"
                      f"{declared['id']}").status_code == 404  # another member's declaration
    assert ok(sec.delete(f"{url}/{declared['id']}"))["detail"]
    assert not DeclaredRelative.objects.exists()
    assert sec.get("/council/members/999999/relatives").status_code == 404
