"""Outreach API: public endpoints without auth (only published/public data, no personal fields), scoped endpoints
behind a token, errors as {"detail": …}."""

import datetime as dt

import pytest

from tests.outreach.factories import make_congress, make_delegation, make_exemplar, make_legal, make_training
from thidua.core.models import ApiToken
from thidua.outreach import services


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}


@pytest.fixture
def published(officer_a, staff, unit_a, person_a):
    ex = make_exemplar(officer_a, unit_a, person_a, summary="Hai mươi năm bám trường")
    services.publish_exemplar(staff, ex)
    return ex


def test_public_exemplars_without_auth(client, published, officer_a, unit_a, person_a):
    draft = make_exemplar(officer_a, unit_a, None, title="Bản nháp nội bộ")
    r = client.get("/api/v1/outreach/public/exemplars")
    assert r.status_code == 200
    body = r.json()["items"]
    assert r.json()["next_cursor"] is None and [e["id"] for e in body] == [published.pk]
    e = body[0]
    assert e["name"] == "Nguyễn Thị Hoa" and e["sector"] == "education" and e["url"] == f"/dien-hinh-tien-tien/{published.pk}/"
    flat = r.content.decode()
    assert person_a.citizen_id not in flat and "1980" not in flat and "birth" not in flat
    assert client.get("/api/v1/outreach/public/exemplars", {"q": "co giao vung kho"}).json()["items"][0]["id"] == published.pk
    assert client.get("/api/v1/outreach/public/exemplars", {"year": 2019}).json()["items"] == []
    detail = client.get(f"/api/v1/outreach/public/exemplars/{published.pk}").json()
    assert len(detail["story"]) == 2 and detail["coverage"] == []
    r = client.get(f"/api/v1/outreach/public/exemplars/{draft.pk}")
    assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy điển hình."
    r = client.get("/api/v1/outreach/public/exemplars", {"sector": "nope"})
    assert r.status_code == 400 and "Lĩnh vực không hợp lệ" in r.json()["detail"]
    r = client.get("/api/v1/outreach/public/exemplars", {"year": "abc"})
    assert r.status_code == 422 and "detail" in r.json()
    r = client.get("/api/v1/outreach/public/exemplars", {"year": "99999999999999999999"})
    assert r.status_code == 400 and "số quá lớn" in r.json()["detail"]  # refused before any view (core middleware)


def test_public_legal_documents(client, staff):
    nd152 = make_legal(staff, number="152/2025/NĐ-CP", issued_on=dt.date(2025, 6, 14), effective_on=dt.date(2025, 7, 1))
    make_legal(staff, status="replaced", replaced_by=nd152, expired_on=dt.date(2025, 7, 1))
    make_legal(staff, number="1/HD-SNV", kind="guidance", issued_on=dt.date(2025, 1, 2), effective_on=None,
               is_public=False)
    body = client.get("/api/v1/outreach/public/legal-documents").json()["items"]
    assert [d["number"] for d in body] == ["152/2025/NĐ-CP", "98/2023/NĐ-CP"]
    assert body[1]["replaced_by"] == "152/2025/NĐ-CP" and body[1]["status"] == "replaced"
    assert client.get("/api/v1/outreach/public/legal-documents", {"q": "98/2023"}).json()["items"][0]["number"] == "98/2023/NĐ-CP"
    one = client.get("/api/v1/outreach/public/legal-documents", {"limit": 1}).json()
    rest = client.get("/api/v1/outreach/public/legal-documents", {"limit": 1, "cursor": one["next_cursor"]}).json()
    assert [d["number"] for d in one["items"] + rest["items"]] == ["152/2025/NĐ-CP", "98/2023/NĐ-CP"]
    assert client.get("/api/v1/outreach/public/legal-documents", {"kind": "x"}).status_code == 400
    assert client.get(f"/api/v1/outreach/public/legal-documents/{nd152.pk}").json()["kind_name"] == "Nghị định"


def test_scoped_endpoints_need_auth_and_scope(client, published, officer_b, officer_a, staff):
    r = client.get("/api/v1/outreach/exemplars")
    assert r.status_code == 401 and "detail" in r.json()
    assert client.get("/api/v1/outreach/exemplars", **bearer(officer_b)).json() == {"items": [], "next_cursor": None}
    assert [e["id"] for e in client.get("/api/v1/outreach/exemplars", **bearer(officer_a)).json()["items"]] == [
        published.pk]
    assert client.get("/api/v1/outreach/exemplars", {"status": "bad"}, **bearer(staff)).status_code == 400


def test_training_and_delegation_api(client, staff, officer_a, officer_b, province, unit_a, unit_b, person_a, person_b,
                                     time_machine):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))
    t = make_training(staff, province)
    services.invite_unit(staff, t, unit_a, 2)
    services.invite_unit(staff, t, unit_b, 2)
    services.set_training_status(staff, t, "open")
    services.register_attendee(officer_a, t, person_a)
    services.register_attendee(officer_b, t, person_b)
    body = client.get(f"/api/v1/outreach/trainings/{t.pk}", **bearer(officer_a)).json()
    assert [a["person"] for a in body["attendees"]] == [person_a.full_name]
    assert [u["unit"] for u in body["by_unit"]] == [unit_a.name]
    body = client.get(f"/api/v1/outreach/trainings/{t.pk}", **bearer(staff)).json()
    assert len(body["attendees"]) == 2 and len(body["by_unit"]) == 2
    assert client.get("/api/v1/outreach/trainings/999999", **bearer(staff)).status_code == 404
    assert client.get("/api/v1/outreach/trainings", {"year": 1}, **bearer(staff)).status_code == 422
    assert [x["id"] for x in client.get("/api/v1/outreach/trainings", {"year": 2025}, **bearer(staff)).json()[
        "items"]] == [t.pk]
    d = make_delegation(staff, make_congress(staff), province)
    x = services.nominate_delegate(officer_a, d, person_a, category="exemplar")
    services.decide_delegate(staff, x, status="confirmed", role="head")
    services.nominate_delegate(officer_b, d, person_b, category="leader")
    body = client.get(f"/api/v1/outreach/delegations/{d.pk}", **bearer(staff)).json()
    assert body["composition"] == {"confirmed": 1, "women": 1, "women_share": 100.0, "direct_workers": 1,
                                   "direct_share": 100.0}
    assert [x["role"] for x in body["delegates"]] == ["head", "member"]
    body = client.get(f"/api/v1/outreach/delegations/{d.pk}", **bearer(officer_b)).json()
    assert [x["person"] for x in body["delegates"]] == [person_b.full_name]
    assert client.get("/api/v1/outreach/congresses", **bearer(officer_b)).json()["items"][0]["delegations"] == [d.pk]
    r = client.get("/api/v1/outreach/report", {"start": "2025-12-31", "end": "2021-01-01"}, **bearer(staff))
    assert r.status_code == 400 and "Ngày kết thúc" in r.json()["detail"]
    body = client.get("/api/v1/outreach/report", **bearer(staff)).json()
    assert body["trainings"][0]["registered"] == 2


def test_openapi_lists_outreach(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/outreach/public/exemplars" in paths and "/api/v1/outreach/delegations/{delegation_id}" in paths
