"""/api/v1/scoring: rubrics and scorecards through the API — the province opens scoring, each unit scores and submits
its own card (never another unit's), the group's head reviews, the province finalises; scoped like the pages."""

from tests.api.test_journey import Caller, ok
from thidua.movements.models import Scorecard

FULL = {"I.1": 30, "I.2": 20, "II.1": 25, "II.2": 20, "III.1": 0, "IV.1": 0}


def _values(rubric_body, points):
    ids = {c["code"]: c["id"] for c in rubric_body["criteria"]}
    return {str(ids[code]): value for code, value in points.items()}


def test_scoring_through_the_api(client, rubric, staff, officer_a, officer_b, officer_c, head_a):
    province, a, b = Caller(client, staff), Caller(client, officer_a), Caller(client, officer_b)
    body = ok(province.get(f"/scoring/rubrics/{rubric.pk}"))
    assert body["status"] == "draft" and [c["code"] for c in body["criteria"]][:2] == ["I", "I.1"]
    assert a.post(f"/scoring/rubrics/{rubric.pk}/open").status_code == 403
    body = ok(province.post(f"/scoring/rubrics/{rubric.pk}/open"))
    assert body["status"] == "open"

    cards = ok(a.get("/scoring/scorecards", rubric=rubric.pk))["items"]
    assert [c["unit_id"] for c in cards] == [officer_a.unit_id]  # a unit sees its own card only
    card_a = cards[0]["id"]
    card_b = Scorecard.objects.get(rubric=rubric, unit=officer_b.unit).pk
    assert a.get(f"/scoring/scorecards/{card_b}").status_code == 404
    too_much = a.put(
        f"/scoring/scorecards/{card_a}/scores", {"layer": "self", "values": _values(body, {"I.1": 31})}
    )
    assert too_much.status_code == 400 and "tối đa" in too_much.json()["detail"]
    assert a.put(f"/scoring/scorecards/{card_a}/scores", {"layer": "final", "values": {}}).status_code == 403
    incomplete = a.post(f"/scoring/scorecards/{card_a}/submit")
    assert incomplete.status_code == 400 and "Chưa chấm" in incomplete.json()["detail"]

    for caller, user, points in (
        (a, officer_a, FULL),
        (b, officer_b, FULL),
        (Caller(client, officer_c), officer_c, {**FULL, "II.1": 10}),
    ):
        card = Scorecard.objects.get(rubric=rubric, unit=user.unit).pk
        scored = ok(
            caller.put(
                f"/scoring/scorecards/{card}/scores", {"layer": "self", "values": _values(body, points)}
            )
        )
        assert scored["self_total"] == (95.0 if points is FULL else 80.0)
        assert ok(caller.post(f"/scoring/scorecards/{card}/submit"))["status"] == "submitted"

    head = Caller(client, head_a)  # the group's head unit reviews every card of the group
    assert len(ok(head.get("/scoring/scorecards", rubric=rubric.pk))["items"]) == 3
    assert head.post(f"/scoring/scorecards/{card_b}/return", {"note": " "}).status_code == 400
    ok(
        head.put(
            f"/scoring/scorecards/{card_b}/scores", {"layer": "cross", "values": _values(body, {"II.1": 20})}
        )
    )
    assert ok(head.post(f"/scoring/scorecards/{card_b}/review"))["status"] == "reviewed"

    final = ok(province.post(f"/scoring/rubrics/{rubric.pk}/finalise"))
    assert final["status"] == "finalised"
    ranked = {
        c["unit_id"]: c["rank"] for c in ok(province.get("/scoring/scorecards", rubric=rubric.pk))["items"]
    }
    # A keeps 95; B's 95 became 90 at the group's review; C scored 80
    assert [ranked[u.unit_id] for u in (officer_a, officer_b, officer_c)] == [1, 2, 3]
    assert province.post(f"/scoring/rubrics/{rubric.pk}/reopen", {"note": ""}).status_code == 400
    assert (
        ok(province.post(f"/scoring/rubrics/{rubric.pk}/reopen", {"note": "Điều chỉnh điểm"}))["status"]
        == "open"
    )
