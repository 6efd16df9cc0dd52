"""Outreach writes through the API (issue #15): a unit proposes an exemplar and submits it, the province returns
then publishes it (the public list shows it); a unit registers its own people for a training. Same services and
rights as the pages; another unit gets a 404."""

import datetime as dt

from tests.api.test_journey import Caller, ok
from tests.outreach.test_api import make_training
from thidua.outreach import services

STORY = {"title": "Cô giáo vùng khó", "story": "Hai mươi năm bám lớp ở xã vùng khó, vận động học sinh trở lại trường.", "sector": "education", "year": 2025}


def test_exemplar_proposed_submitted_returned_published(client, staff, officer_a, officer_b, person_a):
    unit, province = Caller(client, officer_a), Caller(client, staff)
    created = ok(unit.post("/outreach/exemplars", {**STORY, "kind": "person", "person_id": person_a.pk}), 201)
    assert created["status"] == "draft" and created["name"] == person_a.full_name
    assert (
        Caller(client, officer_b)
        .post(f"/outreach/exemplars/{created['id']}/steps", {"action": "submit"})
        .status_code
        == 404
    )
    url = f"/outreach/exemplars/{created['id']}/steps"
    assert ok(unit.post(url, {"action": "submit"}))["status"] == "submitted"
    assert unit.post(url, {"action": "publish"}).status_code == 403
    no_reason = province.post(url, {"action": "reject"})
    assert no_reason.status_code == 400 and "lý do" in no_reason.json()["detail"]
    assert ok(province.post(url, {"action": "reject", "reason": "Bổ sung ảnh"}))["status"] == "rejected"
    ok(unit.post(url, {"action": "submit"}))
    assert ok(province.post(url, {"action": "publish"}))["status"] == "published"
    public = client.get("/api/v1/outreach/public/exemplars").json()["items"]
    assert [e["id"] for e in public] == [created["id"]]
    bad = unit.post("/outreach/exemplars", {**STORY, "sector": "space"})
    assert bad.status_code == 422 and "sector" in bad.json()["detail"]


def test_registering_attendees(
    client, staff, officer_a, officer_b, province, unit_a, person_a, person_b, time_machine
):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))
    training = make_training(staff, province)
    services.invite_unit(staff, training, unit_a, 1)
    services.set_training_status(staff, training, "open")
    unit = Caller(client, officer_a)
    assert (
        unit.post(f"/outreach/trainings/{training.pk}/attendees", {"person_id": person_b.pk}).status_code
        == 400
    )
    body = ok(unit.post(f"/outreach/trainings/{training.pk}/attendees", {"person_id": person_a.pk}))
    assert [a["person"] for a in body["attendees"]] == [person_a.full_name]
    again = unit.post(f"/outreach/trainings/{training.pk}/attendees", {"person_id": person_a.pk})
    assert again.status_code == 400 and again.json()["detail"]
