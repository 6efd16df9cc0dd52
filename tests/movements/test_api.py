"""/api/v1/movements/…: movements list, registrations, a group's ranking — scoped like the pages; errors are
Vietnamese JSON with a 4xx status."""

import pytest

from tests.factories import UserFactory
from tests.movements.conftest import score_unit
from thidua.core.models import ApiToken
from thidua.movements import services
from thidua.movements.models import Movement, Registration, Scorecard
from thidua.movements.services import TitleRow


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}


@pytest.fixture
def movements(year2025, province):
    out = []
    for name, kind in (("Phong trào thi đua yêu nước năm 2025", "regular"), ("Thi đua chuyên đề chuyển đổi số", "thematic")):
        out.append(Movement.objects.create(name=name, kind=kind, period=year2025, lead_unit=province,
                                           start=year2025.start, end=year2025.end, status="launched"))
    return out


def test_list_movements_with_filters(client, officer_a, movements):
    data = client.get("/api/v1/movements?kind=thematic", **auth(officer_a)).json()["items"]
    assert [m["name"] for m in data] == ["Thi đua chuyên đề chuyển đổi số"]
    data = client.get("/api/v1/movements?q=yeu nuoc&year=2025", **auth(officer_a)).json()["items"]
    assert [m["kind"] for m in data] == ["regular"]
    assert client.get("/api/v1/movements?year=2019", **auth(officer_a)).json() == {"items": [], "next_cursor": None}


def test_bad_filter_is_a_vietnamese_400(client, officer_a, movements):
    response = client.get("/api/v1/movements?kind=khac", **auth(officer_a))
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["detail"]
    response = client.get("/api/v1/movements?year=abc", **auth(officer_a))
    assert response.status_code == 422 and "detail" in response.json()


def test_movement_detail_and_404(client, officer_a, movements):
    assert client.get(f"/api/v1/movements/{movements[0].pk}", **auth(officer_a)).json()["reviews"] == []
    response = client.get("/api/v1/movements/999999", **auth(officer_a))
    assert response.status_code == 404 and response.json()["detail"]


def test_requires_authentication(client, movements):
    assert client.get("/api/v1/movements").status_code == 401


def test_registrations_are_scoped(client, unit_a, unit_b, officer_a, officer_b, year2025, staff):
    services.save_registration(Registration(unit=unit_a, period=year2025, targets="A"), [TitleRow("TTLDXS")],
                               user=officer_a)
    services.save_registration(Registration(unit=unit_b, period=year2025, targets="B"), [TitleRow("TTLDTT")],
                               user=officer_b)
    mine = client.get("/api/v1/movements/registrations", **auth(officer_a)).json()["items"]
    assert [r["targets"] for r in mine] == ["A"]
    assert len(client.get("/api/v1/movements/registrations?period=2025", **auth(staff)).json()["items"]) == 2


def test_registration_actions_follow_the_workflow(client, unit_a, officer_a, officer_b, year2025, staff):
    reg = services.save_registration(Registration(unit=unit_a, period=year2025, targets="A"), [TitleRow("TTLDXS")],
                                     user=officer_a)
    url = f"/api/v1/movements/registrations/{reg.pk}"
    assert client.post(f"{url}/submit", **auth(officer_b)).status_code == 404
    assert client.post(f"{url}/submit", **auth(officer_a)).json()["status"] == "submitted"
    response = client.post(f"{url}/accept", **auth(officer_a))
    assert response.status_code == 403 and "cấp tỉnh" in response.json()["detail"]
    response = client.post(f"{url}/return", **auth(staff))
    assert response.status_code == 400 and "lý do" in response.json()["detail"]
    assert client.post(f"{url}/accept", **auth(staff)).json()["status"] == "accepted"
    assert client.post(f"{url}/dance", **auth(staff)).status_code == 400


def test_group_ranking(client, open_rubric, group, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c, staff,
                       other_group):
    full = {"I.1": 30, "I.2": 20, "II.1": 30, "II.2": 20}
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_a), full, officer_a)
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_b), {**full, "I.1": 25}, officer_b)
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_c), {**full, "II.1": 20}, officer_c)
    services.finalise_rubric(open_rubric, user=staff)
    data = client.get(f"/api/v1/movements/groups/{group.pk}/ranking?period=2025", **auth(officer_a)).json()
    assert data["final"] is True and data["counts_in_year"] == 2025
    assert [(r["rank"], r["unit_id"], r["leads_group"]) for r in data["rows"]] == [
        (1, unit_a.pk, True), (2, unit_b.pk, False), (3, unit_c.pk, False)]
    assert data["rows"][0]["final_total"] == 100.0
    outsider = UserFactory(role="unit_officer", unit=other_group.members.first())
    assert client.get(f"/api/v1/movements/groups/{group.pk}/ranking?period=2025", **auth(outsider)).status_code == 404
    response = client.get(f"/api/v1/movements/groups/{group.pk}/ranking?period=1990", **auth(staff))
    assert response.status_code == 400 and "1990" in response.json()["detail"]
    response = client.get(f"/api/v1/movements/groups/{other_group.pk}/ranking?period=2025", **auth(staff))
    assert response.status_code == 404
