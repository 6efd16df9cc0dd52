"""Emulation pacts (giao ước thi đua) through the API (issue #15): the group's head unit for the period (or the
province's staff) makes and edits its Cụm/Khối's pact; signatures are recorded for member units — by the head unit
for every member, by a member's officer for its own unit. The same forms, services and rights as the pages
(movements/views.py pact_edit, pact_detail): 403 without the right, 404 outside scope, a Vietnamese 400 for bad
input. The list is keyset-paginated ({items, next_cursor})."""

import datetime as dt

import time_machine

from tests.api.test_journey import Caller, ok
from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.movements.models import Pact, PactSignature
from thidua.orgs.models import Period

PACT = {"period": "2025", "title": "  Giao ước thi đua   Khối thử nghiệm 2025 ", "content": "Các đơn vị cam kết…",
        "signing_place": "Sở Nội vụ", "signing_date": "2025-02-20"}


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False)
def test_group_head_makes_and_edits_its_pact(client, group, other_group, year2025, head_a, officer_b, staff):
    head, b = Caller(client, head_a), Caller(client, officer_b)
    body = {**PACT, "group_id": group.pk}
    refused = b.post("/movements/pacts", body)  # a member's officer does not make the pact
    assert refused.status_code == 403 and "giao ước" in refused.json()["detail"]
    created = ok(head.post("/movements/pacts", body), 201)
    assert created["title"] == "Giao ước thi đua Khối thử nghiệm 2025" and created["period"] == "2025"
    assert created["member_count"] == 3 and created["signature_count"] == 0 and created["can_manage"]
    assert {m["unit_id"] for m in created["members"] if m["can_sign"]} == set(group.members.values_list("pk", flat=True))

    again = head.post("/movements/pacts", body)  # one pact per group and period
    assert again.status_code == 400 and "đã có giao ước" in again.json()["detail"]
    for bad, words in (
        ({**body, "group_id": other_group.pk}, "Cụm/Khối"),  # a group A does not head
        ({**body, "period": "1990"}, "1990"),
        ({**body, "title": " "}, "Tiêu đề"),
        ({**body, "title": "x" * 301}, "Tiêu đề"),
    ):
        response = head.post("/movements/pacts", bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    Period.year(2024)
    not_head = head.post("/movements/pacts", {**body, "period": "2024"})  # head unit for 2025 only
    assert not_head.status_code == 400 and "kỳ này" in not_head.json()["detail"]
    assert head.post("/movements/pacts", {**body, "signing_date": "20/02/2025"}).status_code == 422
    assert Pact.objects.count() == 1

    url = f"/movements/pacts/{created['id']}"
    edited = ok(head.put(url, {**body, "title": "Giao ước (sửa)", "signing_place": "Hội trường tỉnh"}))
    assert edited["title"] == "Giao ước (sửa)" and edited["signing_place"] == "Hội trường tỉnh"
    assert b.put(url, body).status_code == 403  # B sees its group's pact, does not edit it
    outsider = UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first())
    assert Caller(client, outsider).put(url, body).status_code == 404
    assert head.put("/movements/pacts/999999", body).status_code == 404
    moved = ok(Caller(client, staff).put(url, {**body, "group_id": other_group.pk}))  # the province may move it
    assert moved["group_id"] == other_group.pk


def test_pacts_are_listed_and_read_within_scope(client, group, other_group, year2025, officer_b, staff):
    pact = Pact.objects.create(group=group, period=year2025, title="Giao ước Khối 2025", content="Nội dung")
    Pact.objects.create(group=other_group, period=year2025, title="Giao ước Cụm 2025", content="Nội dung")
    listed = ok(Caller(client, officer_b).get("/movements/pacts"))
    assert [p["id"] for p in listed["items"]] == [pact.pk] and listed["next_cursor"] is None
    everything = ok(Caller(client, staff).get("/movements/pacts", limit=1))
    assert len(everything["items"]) == 1 and everything["next_cursor"]
    rest = ok(Caller(client, staff).get("/movements/pacts", limit=1, cursor=everything["next_cursor"]))
    assert {everything["items"][0]["id"], rest["items"][0]["id"]} == set(Pact.objects.values_list("pk", flat=True))
    assert ok(Caller(client, staff).get("/movements/pacts", group=other_group.pk))["items"][0]["group_id"] == \
        other_group.pk
    assert Caller(client, staff).get("/movements/pacts", period="1990").status_code == 400
    outsider = UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first())
    assert Caller(client, outsider).get(f"/movements/pacts/{pact.pk}").status_code == 404
    detail = ok(Caller(client, officer_b).get(f"/movements/pacts/{pact.pk}"))
    assert detail["content"] == "Nội dung" and not detail["can_manage"]
    assert [m["unit_id"] for m in detail["members"] if m["can_sign"]] == [officer_b.unit_id]


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False)
def test_signatures(client, group, other_group, year2025, unit_a, unit_b, unit_c, head_a, officer_b, staff):
    pact = Pact.objects.create(group=group, period=year2025, title="Giao ước Khối 2025", content="Nội dung")
    url = f"/movements/pacts/{pact.pk}/signatures"
    b, head = Caller(client, officer_b), Caller(client, head_a)
    sign = {"unit_id": unit_b.pk, "signer_name": "  Lê   Văn Bình ", "signer_title": "Giám đốc",
            "signed_on": "2025-02-20"}
    signed = ok(b.post(url, sign), 201)
    row = {m["unit_id"]: m for m in signed["members"]}[unit_b.pk]
    assert row["signed"] and row["signer_name"] == "Lê Văn Bình" and not row["can_sign"]
    assert signed["signature_count"] == 1

    other = b.post(url, {**sign, "unit_id": unit_c.pk})  # B signs for itself only
    assert other.status_code == 403 and other.json()["detail"]
    for bad, words in (
        (sign, "đã ký"),
        ({**sign, "unit_id": unit_c.pk, "signed_on": "2025-12-31"}, "tương lai"),
        ({**sign, "unit_id": unit_c.pk, "signer_name": "  "}, "người ký"),
        ({**sign, "unit_id": unit_c.pk, "signer_name": "x" * 151}, "người ký"),
        ({**sign, "unit_id": other_group.members.first().pk}, "không phải thành viên"),
        ({**sign, "unit_id": 999999}, "Không có đơn vị"),
    ):
        response = head.post(url, bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    assert head.post(url, {**sign, "signed_on": None}).status_code == 422
    ok(head.post(url, {**sign, "unit_id": unit_c.pk}), 201)  # the head unit records a member's signature
    outsider = UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first())
    assert Caller(client, outsider).post(url, sign).status_code == 404
    assert PactSignature.objects.filter(pact=pact).count() == 2


def test_group_head_makes_a_pact_on_the_page(client, group, year2025, head_a):
    """The page's form asks the same rule (it failed for a group head before the rule had one signature)."""
    client.force_login(head_a)
    response = client.post("/thi-dua/giao-uoc/them/", {
        "group": group.pk, "period": year2025.pk, "title": "Giao ước Khối 2025", "content": "Nội dung",
        "signing_place": "", "signing_date": ""})
    pact = Pact.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/giao-uoc/{pact.pk}/")
