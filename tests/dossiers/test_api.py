"""API /api/v1/dossiers: scoped list/detail, create, nominations, transitions; Vietnamese 4xx errors."""

import json

import pytest

from tests.dossiers.conftest import ready_dossier
from thidua.core.models import ApiToken


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}


def _post(client, url, user, data):
    return client.post(url, json.dumps(data), content_type="application/json", **_auth(user))


@pytest.fixture
def dossier(officer_a, person_a, ldtt):
    return ready_dossier(officer_a, person_a, ldtt)


def test_list_and_detail_are_scoped(client, dossier, officer_a, officer_b, staff):
    items = client.get("/api/v1/dossiers", **_auth(officer_a)).json()["items"]
    assert [d["id"] for d in items] == [dossier.pk]
    assert client.get("/api/v1/dossiers", **_auth(officer_b)).json()["items"] == []
    assert client.get(f"/api/v1/dossiers/{dossier.pk}", **_auth(officer_b)).status_code == 404
    body = client.get(f"/api/v1/dossiers/{dossier.pk}", **_auth(staff)).json()
    assert body["state"] == "draft" and body["nominations"][0]["verdict"]["eligible"] is True
    assert body["allowed_actions"] == []  # staff cannot act on a unit's draft


def test_create_add_nomination_and_transition(client, officer_a, staff, person_a):
    response = _post(client, "/api/v1/dossiers", officer_a, {"title": "Hồ sơ qua API", "year": 2025})
    assert response.status_code == 201
    pk = response.json()["id"]
    response = _post(client, f"/api/v1/dossiers/{pk}/nominations", officer_a,
                     {"person_id": person_a.pk, "award": "LDTT", "achievement_summary": "Hòan thành tốt"})
    assert response.status_code == 201 and len(response.json()["nominations"]) == 1
    response = _post(client, f"/api/v1/dossiers/{pk}/transition", officer_a, {"action": "submit"})
    assert response.status_code == 400 and "tờ trình" in response.json()["detail"]


def test_transition_errors(client, dossier, officer_a, staff):
    # an action outside the documented enum is refused by the schema (422, with a Vietnamese detail)
    assert _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", officer_a, {"action": "fly"}).status_code == 422
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", staff, {"action": "receive"})
    assert response.status_code == 400 and "Không thể" in response.json()["detail"]
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", officer_a, {"action": "submit"})
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", officer_a, {"action": "receive"})
    assert response.status_code == 403
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", staff,
                     {"action": "return", "reason": "Thiếu", "version": 0})
    assert response.status_code == 409
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/transition", staff, {"action": "return", "reason": ""})
    assert response.status_code == 400 and "lý do" in response.json()["detail"]


def test_bad_input_is_a_vietnamese_4xx(client, officer_a, staff, dossier):
    assert _post(client, "/api/v1/dossiers", officer_a, {"title": "x", "year": 1800}).status_code == 400
    assert _post(client, "/api/v1/dossiers", officer_a, {"title": "x", "year": 2025, "kind": "?"}).status_code == 422
    assert _post(client, "/api/v1/dossiers", staff, {"title": "x", "year": 2025}).status_code == 403
    response = _post(client, "/api/v1/dossiers", officer_a, {"year": "abc"})
    assert response.status_code == 422 and "detail" in response.json()
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/nominations", officer_a,
                     {"person_id": 999999, "award": "LDTT", "achievement_summary": "x"})
    assert response.status_code == 400
    response = _post(client, f"/api/v1/dossiers/{dossier.pk}/nominations", officer_a,
                     {"person_id": 1, "award": "KHONG_CO", "achievement_summary": "x"})
    assert response.status_code == 400
