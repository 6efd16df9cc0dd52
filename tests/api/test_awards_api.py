"""/api/v1/awards: the register (record, correct, revoke with a reason), catalogue, ratings, initiatives and
discipline — scoped like the pages, written through awards.services, errors as {"detail"} with a 4xx."""

import datetime as dt

import pytest

from tests.api.test_journey import Caller, ok
from tests.factories import PersonFactory
from thidua.awards.models import Award, Initiative, Rating
from thidua.core.models import AuditEntry


@pytest.fixture
def person(unit_a):
    return PersonFactory(full_name="Trần Văn Bình", gender="male", unit=unit_a, joined_on=dt.date(2012, 3, 1))


def test_catalogue_lists_types_with_their_enums(client, officer_a):
    rows = ok(Caller(client, officer_a).get("/awards/catalogue", category="title", limit=200))["items"]
    cstd = next(r for r in rows if r["code"] == "CSTD_CO_SO")
    assert cstd["category"] == "title" and "individual" in cstd["subject_kinds"] and cstd["needs_ballot"] is True
    assert {r["category"] for r in rows} == {"title"}


def test_record_correct_and_revoke_an_award(client, officer_a, officer_b, staff, person):
    a = Caller(client, officer_a)
    initiative = ok(a.post("/awards/initiatives", {"person_id": person.pk, "title": "Số hóa hồ sơ", "year": 2024}), 201)
    body = {"person_id": person.pk, "award": "CSTD_CO_SO", "year": 2024, "decision_number": "12/QĐ-SGDĐT",
            "decision_date": "2024-12-20", "decision_issuer": "Giám đốc Sở", "initiative_ids": [initiative["id"]]}
    award = ok(a.post("/awards", body), 201)
    assert award["recipient"] == "Trần Văn Bình" and award["recipient_kind"] == "individual"
    assert Initiative.objects.get(pk=initiative["id"]).used_by_award_id == award["id"]
    again = a.post("/awards", body)  # one initiative, one use
    assert again.status_code == 400 and again.json()["detail"]

    corrected = ok(a.client.patch(f"/api/v1/awards/{award['id']}", {"decision_number": "13/QĐ-SGDĐT"},
                                  content_type="application/json", headers=a.headers))
    assert corrected["decision_number"] == "13/QĐ-SGDĐT"
    assert AuditEntry.objects.filter(object_id=str(award["id"]), action="update").exists()

    b = Caller(client, officer_b)
    assert b.get(f"/awards/{award['id']}").status_code == 404
    assert b.post(f"/awards/{award['id']}/revoke", {"reason": "x", "decision": "y"}).status_code == 404
    assert ok(b.get("/awards"))["items"] == []
    assert b.post("/awards", body).status_code == 400  # another unit's person is outside B's scope

    no_reason = a.post(f"/awards/{award['id']}/revoke", {"reason": " ", "decision": "01/QĐ-SGDĐT"})
    assert no_reason.status_code == 400 and "lý do" in no_reason.json()["detail"]
    revoked = ok(a.post(f"/awards/{award['id']}/revoke", {"reason": "Khai man thành tích.", "decision": "01/QĐ-SGDĐT"}))
    assert revoked["revoked"] is True and revoked["revoked_reason"] == "Khai man thành tích."
    assert Award.objects.filter(pk=award["id"]).exists()  # kept in the register, marked revoked
    assert ok(a.get("/awards", revoked=True))["items"][0]["id"] == award["id"]
    assert a.post(f"/awards/{award['id']}/revoke", {"reason": "x", "decision": "y"}).status_code == 400


def test_a_unit_cannot_annul_a_provincial_award(client, officer_a, staff, person):
    award = ok(Caller(client, staff).post("/awards", {
        "person_id": person.pk, "award": "BK_TINH", "year": 2024, "decision_number": "5/QĐ-UBND",
        "decision_date": "2024-12-01"}), 201)
    response = Caller(client, officer_a).post(f"/awards/{award['id']}/revoke", {"reason": "x", "decision": "y"})
    assert response.status_code == 403 and response.json()["detail"]


def test_ratings_initiatives_discipline(client, officer_a, officer_b, person, unit_a):
    a = Caller(client, officer_a)
    first = ok(a.post("/awards/ratings", {"person_id": person.pk, "year": 2024, "rating": "HTTNV"}), 201)
    again = ok(a.post("/awards/ratings", {"person_id": person.pk, "year": 2024, "rating": "HTXSNV"}))
    assert again["id"] == first["id"] and Rating.objects.get(pk=first["id"]).rating == "HTXSNV"
    assert a.post("/awards/ratings", {"person_id": person.pk, "year": 2024, "rating": "TOT"}).status_code == 422
    ok(a.post("/awards/ratings", {"unit_id": unit_a.pk, "year": 2024, "rating": "HTXSNV"}), 201)
    both = a.post("/awards/ratings", {"person_id": person.pk, "unit_id": unit_a.pk, "year": 2023, "rating": "HTNV"})
    assert both.status_code == 400
    assert [r["year"] for r in ok(a.get("/awards/ratings", person=person.pk))["items"]] == [2024]

    bad = a.post("/awards/disciplines", {"person_id": person.pk, "year": 2024, "form": "canh_cao",
                                         "decided_on": "2024-05-01", "ends_on": "2024-01-01"})
    assert bad.status_code == 400 and bad.json()["detail"]
    ok(a.post("/awards/disciplines", {"person_id": person.pk, "year": 2024, "form": "khien_trach"}), 201)
    assert len(ok(a.get("/awards/disciplines", person=person.pk))["items"]) == 1
    assert ok(Caller(client, officer_b).get("/awards/disciplines", person=person.pk))["items"] == []
    assert ok(a.get("/awards/initiatives", person=person.pk, unused=True))["items"] == []
