"""Rubrics made through the API (issue #15): the group's head unit builds its rubric for a period (criteria sent with
it or copied from another), edits its title and tie-break rule; once scoring is open the province gives a unit that
joined the group later its scorecard. Same services and rights as the pages (movements.services.save_rubric,
add_scorecard): a unit officer gets 403, a group the caller cannot see 400, a rubric outside its scope 404."""

from tests.api.test_journey import Caller, ok
from tests.factories import UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.movements.models import Score, Scorecard, ScoringRubric
from thidua.orgs.models import GroupLeadership, GroupMembership, Period

CRITERIA = [
    {"code": "I", "name": "Thực hiện nhiệm vụ chính trị"},
    {"code": "I.1", "name": "Hòan thành chỉ tiêu kế hoạch", "max_points": 60},
    {"code": "I.2", "name": "Cải cách hành chính", "max_points": 40},
    {"code": "II", "name": "Điểm trừ", "kind": "penalty"},
    {"code": "II.1", "name": "Vi phạm kỷ luật", "max_points": 10},
]


def test_group_head_builds_and_edits_its_rubric(client, group, year2025, head_a, officer_b, other_group):
    head, b = Caller(client, head_a), Caller(client, officer_b)
    body = {"group_id": group.pk, "period": "2025", "title": "  Bộ tiêu chí   Khối 2025 ", "criteria": CRITERIA}

    refused = b.post("/scoring/rubrics", body)  # a member unit's officer does not build the rubric
    assert refused.status_code == 403 and refused.json()["detail"]
    created = ok(head.post("/scoring/rubrics", body), 201)
    assert created["title"] == "Bộ tiêu chí Khối 2025" and created["status"] == "draft"
    assert [c["code"] for c in created["criteria"]] == ["I", "I.1", "I.2", "II", "II.1"]
    assert created["criteria"][4]["kind"] == "penalty"  # a row takes its section's kind
    assert "Chủ tịch" in created["tie_break_rule"]  # the province's default rule

    again = head.post("/scoring/rubrics", body)  # one rubric per group and period
    assert again.status_code == 400 and "đã có bộ tiêu chí" in again.json()["detail"]
    Period.year(2024)
    GroupLeadership.objects.create(group=group, period=Period.year(2026), unit=head_a.unit,
                                   role=GroupLeadership.Role.HEAD)
    not_head = head.post("/scoring/rubrics", {**body, "period": "2024"})  # head unit for 2025 only
    assert not_head.status_code == 403 and "kỳ này" in not_head.json()["detail"]
    for bad, words in (
        ({**body, "period": "1990"}, "1990"),
        ({**body, "group_id": other_group.pk}, "Cụm/Khối"),  # a group A does not belong to
        ({**body, "period": "2026", "criteria": [{"code": "I.1", "name": "Mồ côi", "max_points": 5}]}, "mục cha"),
        ({**body, "copy_from": 999999}, "sao chép"),
    ):
        response = head.post("/scoring/rubrics", bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    assert head.post("/scoring/rubrics", {**body, "title": None}).status_code == 422
    assert ScoringRubric.objects.count() == 1  # nothing half-made

    url = f"/scoring/rubrics/{created['id']}"
    edited = ok(head.patch(url, {"tie_break_rule": "Bằng điểm: Khối bỏ phiếu."}))
    assert edited["tie_break_rule"] == "Bằng điểm: Khối bỏ phiếu." and edited["title"] == created["title"]
    assert b.patch(url, {"title": "Đổi tên"}).status_code == 403  # B sees its group's rubric, does not manage it
    outsider = Caller(client, UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first()))
    assert outsider.patch(url, {"title": "Đổi tên"}).status_code == 404
    assert head.patch("/scoring/rubrics/999999", {"title": "x"}).status_code == 404


def test_copying_another_rubric(client, rubric, other_group, staff, year2025):
    province = Caller(client, staff)
    body = {"group_id": other_group.pk, "period": "2025", "title": "Bộ tiêu chí Cụm 2025", "copy_from": rubric.pk}
    created = ok(province.post("/scoring/rubrics", body), 201)
    assert [c["code"] for c in created["criteria"]] == [c.code for c in rubric.criteria.order_by("position")]
    both = province.post("/scoring/rubrics", {**body, "period": "2026", "criteria": CRITERIA})
    assert both.status_code == 400 and "copy_from" in both.json()["detail"]


def test_province_gives_a_late_member_its_scorecard(client, open_rubric, group, staff, officer_a, province):
    late = UnitFactory(name="Sở Xây dựng", code="so-d", parent=province)
    outside = UnitFactory(name="Sở Công Thương", code="so-e", parent=province)
    GroupMembership.objects.create(group=group, unit=late)
    api, a = Caller(client, staff), Caller(client, officer_a)
    url = f"/scoring/rubrics/{open_rubric.pk}/scorecards"

    assert a.post(url, {"unit_id": late.pk}).status_code == 403
    card = ok(api.post(url, {"unit_id": late.pk}), 201)
    assert card["unit_id"] == late.pk and card["status"] == "draft"
    leaves = open_rubric.criteria.filter(is_leaf=True).count()
    assert len(card["scores"]) == leaves == Score.objects.filter(scorecard_id=card["id"]).count()
    twice = api.post(url, {"unit_id": late.pk})
    assert twice.status_code == 400 and "đã có phiếu chấm" in twice.json()["detail"]
    stranger = api.post(url, {"unit_id": outside.pk})
    assert stranger.status_code == 400 and "không phải thành viên" in stranger.json()["detail"]
    assert api.post(url, {"unit_id": 999999}).status_code == 400
    assert api.post("/scoring/rubrics/999999/scorecards", {"unit_id": late.pk}).status_code == 404
    assert Scorecard.objects.filter(rubric=open_rubric).count() == 4
