"""Trainings, congresses and delegations managed through the API (issue #15): what the pages let the province (and a
training's organiser) do — create, edit, move a training's status, invite units, take attendance, record a
congress's honourees, form a delegation, take units' nominations, decide them and close the list. Same services and
rights as the pages (403), records outside scope 404, bad input a Vietnamese 4xx."""

import datetime as dt

import pytest

from tests.api.test_journey import API, ok
from tests.api.test_journey import Caller as JsonCaller
from tests.outreach.factories import make_congress, make_training
from thidua.outreach import services
from thidua.outreach.models import Delegate, Training

pytestmark = pytest.mark.django_db

TRAINING = {"title": "Tập huấn nghiệp vụ TĐKT năm 2025", "start": "2025-09-10", "end": "2025-09-11",
            "venue": "Hội trường Sở Nội vụ", "registration_deadline": "2025-09-05", "capacity": 80,
            "audience": "Công chức làm công tác TĐKT"}


class Caller(JsonCaller):
    def delete(self, path):
        return self.client.delete(API + path, headers=self.headers)


@pytest.fixture
def august(time_machine):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))


def test_training_created_opened_and_held(client, staff, officer_a, officer_b, province, unit_a, unit_b, person_a,
                                          august):
    province_api, unit = Caller(client, staff), Caller(client, officer_a)
    assert unit.post("/outreach/trainings", TRAINING).status_code == 403
    t = ok(province_api.post("/outreach/trainings", {**TRAINING, "organiser": province.code}), 201)
    assert t["status"] == "planned" and t["organiser"] == province.name
    bad = province_api.post("/outreach/trainings", {**TRAINING, "end": "2025-09-01"})
    assert bad.status_code == 400 and "Ngày kết thúc" in bad.json()["detail"]
    bad = province_api.post("/outreach/trainings", {**TRAINING, "registration_deadline": "2025-09-20"})
    assert bad.status_code == 400 and "Hạn đăng ký" in bad.json()["detail"]
    assert province_api.post("/outreach/trainings", {**TRAINING, "organiser": "khong-co"}).status_code == 400
    assert province_api.post("/outreach/trainings", {**TRAINING, "start": "10/09/2025"}).status_code == 422
    edited = ok(province_api.put(f"/outreach/trainings/{t['id']}", {**TRAINING, "venue": "Trung tâm Hội nghị tỉnh"}))
    assert edited["venue"] == "Trung tâm Hội nghị tỉnh"
    assert unit.put(f"/outreach/trainings/{t['id']}", TRAINING).status_code == 403
    # invitations, opening, registering, attendance once it has started
    invited = ok(province_api.post(f"/outreach/trainings/{t['id']}/invitations",
                                   {"units": [unit_a.code, unit_b.code], "seats": 2}))
    assert {row["unit"]: row["seats"] for row in invited["by_unit"]} == {unit_a.name: 2, unit_b.name: 2}
    assert unit.post(f"/outreach/trainings/{t['id']}/invitations", {"units": [unit_a.code], "seats": 5}) \
        .status_code == 403
    r = province_api.post(f"/outreach/trainings/{t['id']}/invitations", {"units": ["khong-co"], "seats": 2})
    assert r.status_code == 400 and "khong-co" in r.json()["detail"]
    assert province_api.post(f"/outreach/trainings/{t['id']}/invitations",
                             {"units": [unit_a.code], "seats": 0}).status_code == 422
    assert ok(province_api.post(f"/outreach/trainings/{t['id']}/status", {"status": "open"}))["status"] == "open"
    r = province_api.post(f"/outreach/trainings/{t['id']}/status", {"status": "held"})
    assert r.status_code == 400 and "chưa đến ngày khai giảng" in r.json()["detail"]
    assert province_api.post(f"/outreach/trainings/{t['id']}/status", {"status": "later"}).status_code == 422
    assert unit.post(f"/outreach/trainings/{t['id']}/status", {"status": "closed"}).status_code == 403
    body = ok(unit.post(f"/outreach/trainings/{t['id']}/attendees", {"person_id": person_a.pk}))
    [attendee] = body["attendees"]
    r = province_api.post(f"/outreach/trainings/{t['id']}/attendance", {"present": [attendee["id"]]})
    assert r.status_code == 400 and "đã khai giảng" in r.json()["detail"]
    # another unit's officer cannot remove A's attendee (not in their scope)
    assert Caller(client, officer_b).delete(f"/outreach/attendees/{attendee['id']}").status_code == 404
    training = Training.objects.get(pk=t["id"])
    training.start = dt.date(2025, 8, 19)
    training.end = dt.date(2025, 8, 20)
    training.registration_deadline = None
    training.save()
    body = ok(province_api.post(f"/outreach/trainings/{t['id']}/attendance", {"present": [attendee["id"]]}))
    assert body["attendees"][0]["attended"] is True
    ok(province_api.post(f"/outreach/trainings/{t['id']}/status", {"status": "closed"}))
    assert ok(province_api.post(f"/outreach/trainings/{t['id']}/status", {"status": "held"}))["status"] == "held"
    r = province_api.delete(f"/outreach/attendees/{attendee['id']}")
    assert r.status_code == 400 and "đã tổ chức" in r.json()["detail"]


def test_unit_removes_its_own_attendee_while_open(client, staff, officer_a, province, unit_a, person_a, august):
    training = make_training(staff, province, start=dt.date(2025, 9, 10), end=dt.date(2025, 9, 11))
    services.invite_unit(staff, training, unit_a, 2)
    services.set_training_status(staff, training, "open")
    unit = Caller(client, officer_a)
    [attendee] = ok(unit.post(f"/outreach/trainings/{training.pk}/attendees",
                              {"person_id": person_a.pk}))["attendees"]
    assert unit.delete(f"/outreach/attendees/{attendee['id']}").status_code == 204
    assert training.attendees.count() == 0


def test_congress_and_its_honourees(client, staff, officer_a, province):
    province_api, unit = Caller(client, staff), Caller(client, officer_a)
    body = {"level": "province", "name": "Đại hội Thi đua yêu nước tỉnh lần thứ VI", "term": "2025–2030",
            "start": "2025-10-20", "end": "2025-10-21", "venue": "Trung tâm Hội nghị tỉnh",
            "organiser": province.code, "delegate_count": 450}
    assert unit.post("/outreach/congresses", body).status_code == 403
    c = ok(province_api.post("/outreach/congresses", body), 201)
    assert c["organiser"] == province.name and c["delegate_count"] == 450 and c["honourees"] == []
    bad = province_api.post("/outreach/congresses", {**body, "end": "2025-10-01"})
    assert bad.status_code == 400 and bad.json()["detail"]
    assert province_api.post("/outreach/congresses", {**body, "level": "world"}).status_code == 422
    assert ok(province_api.put(f"/outreach/congresses/{c['id']}", {**body, "delegate_count": 460}))[
        "delegate_count"] == 460
    url = f"/outreach/congresses/{c['id']}/honourees"
    r = province_api.post(url, {"kind": "individual"})
    assert r.status_code == 400 and "Cần ghi tên" in r.json()["detail"]
    assert unit.post(url, {"kind": "individual", "name": "Nguyễn Văn A"}).status_code == 403
    c = ok(province_api.post(url, {"kind": "collective", "name": "Trường THPT Phù Cừ",
                                   "citation": "Dẫn đầu phong trào thi đua dạy tốt, học tốt"}), 201)
    assert [h["name"] for h in c["honourees"]] == ["Trường THPT Phù Cừ"]
    assert ok(unit.get(f"/outreach/congresses/{c['id']}"))["name"] == body["name"]
    assert unit.get("/outreach/congresses/999999").status_code == 404


def test_delegation_nominated_decided_closed(client, staff, officer_a, officer_b, province, unit_a, person_a,
                                             person_a2, person_b):
    congress = make_congress(staff)
    province_api, unit, other = Caller(client, staff), Caller(client, officer_a), Caller(client, officer_b)
    body = {"congress_id": congress.pk, "name": "Đoàn đại biểu tỉnh dự Đại hội Thi đua yêu nước toàn quốc",
            "lead_unit": province.code, "size": 2, "decision_number": "1234/QĐ-UBND", "decision_date": "2025-10-01"}
    assert unit.post("/outreach/delegations", body).status_code == 403
    assert province_api.post("/outreach/delegations", {**body, "congress_id": 999999}).status_code == 400
    d = ok(province_api.post("/outreach/delegations", body), 201)
    assert d["status"] == "nominating" and d["size"] == 2
    assert ok(province_api.put(f"/outreach/delegations/{d['id']}", {**body, "size": 3}))["size"] == 3
    url = f"/outreach/delegations/{d['id']}/delegates"
    r = unit.post(url, {"person_id": person_b.pk, "category": "leader"})
    assert r.status_code == 400 and "phạm vi" in r.json()["detail"]  # not a person of unit A
    assert unit.post(url, {"person_id": person_a.pk, "category": "astronaut"}).status_code == 422
    d = ok(unit.post(url, {"person_id": person_a.pk, "category": "direct_worker", "achievements": "CSTĐ cơ sở"}), 201)
    d = ok(unit.post(url, {"person_id": person_a2.pk, "category": "leader"}), 201)
    first, second = sorted(d["delegates"], key=lambda x: x["id"])
    # unit B sees neither of A's nominees, and cannot decide or withdraw them
    assert ok(other.get(f"/outreach/delegations/{d['id']}"))["delegates"] == []
    assert other.delete(f"/outreach/delegates/{first['id']}").status_code == 404
    assert unit.post(f"/outreach/delegates/{first['id']}/decision", {"status": "confirmed"}).status_code == 403
    r = province_api.post(f"/outreach/delegates/{second['id']}/decision", {"status": "declined"})
    assert r.status_code == 400 and "lý do" in r.json()["detail"]
    r = province_api.post(f"/outreach/delegations/{d['id']}/steps", {"action": "close"})
    assert r.status_code == 400 and "Trưởng đoàn" in r.json()["detail"]
    d = ok(province_api.post(f"/outreach/delegates/{first['id']}/decision", {"status": "confirmed", "role": "head"}))
    assert d["composition"]["confirmed"] == 1
    d = ok(province_api.post(f"/outreach/delegations/{d['id']}/steps", {"action": "close"}))
    assert d["status"] == "confirmed"
    assert Delegate.objects.get(pk=second["id"]).status == "declined"  # pending nominations are declined
    r = unit.post(url, {"person_id": person_a2.pk, "category": "leader"})
    assert r.status_code == 400 and "chốt danh sách" in r.json()["detail"]
    assert unit.post(f"/outreach/delegations/{d['id']}/steps", {"action": "reopen"}).status_code == 403
    assert ok(province_api.post(f"/outreach/delegations/{d['id']}/steps", {"action": "reopen"}))[
        "status"] == "nominating"
    assert unit.delete(f"/outreach/delegates/{first['id']}").status_code == 403  # decided: the unit cannot withdraw
    assert province_api.delete(f"/outreach/delegates/{first['id']}").status_code == 204


def test_exemplar_edited_and_deleted(client, staff, officer_a, officer_b, person_a):
    from tests.outreach.test_api_writes import STORY

    unit = Caller(client, officer_a)
    created = ok(unit.post("/outreach/exemplars", {**STORY, "kind": "person", "person_id": person_a.pk}), 201)
    url = f"/outreach/exemplars/{created['id']}"
    edited = ok(unit.put(url, {**STORY, "kind": "person", "person_id": person_a.pk, "title": "Người giữ lửa"}))
    assert edited["title"] == "Người giữ lửa" and edited["status"] == "draft"
    assert Caller(client, officer_b).put(url, {**STORY, "kind": "model"}).status_code == 404
    assert unit.put(url, {**STORY, "kind": "person", "year": "năm nay"}).status_code == 422
    ok(unit.post(f"{url}/steps", {"action": "submit"}))
    r = unit.put(url, {**STORY, "kind": "person", "person_id": person_a.pk})
    assert r.status_code == 403 and "đang soạn hoặc bị trả lại" in r.json()["detail"]
    assert unit.delete(url).status_code == 403  # submitted: withdraw it only once returned
    ok(Caller(client, staff).post(f"{url}/steps", {"action": "reject", "reason": "Bổ sung ảnh"}))
    assert Caller(client, officer_b).delete(url).status_code == 404
    assert unit.delete(url).status_code == 204
    assert unit.get("/outreach/exemplars").json() == {"items": [], "next_cursor": None}


def test_media_coverage(client, officer_a, officer_b, unit_a, unit_b):
    unit, other = Caller(client, officer_a), Caller(client, officer_b)
    body = {"outlet": "Báo Hưng Yên", "medium": "online", "published_on": "2025-09-02",
            "title": "Sở Giáo dục sơ kết phong trào thi đua", "url": "https://baohungyen.vn/bai-1"}
    c = ok(unit.post("/outreach/coverage", body), 201)
    assert c["unit_id"] == unit_a.pk and c["medium"] == "online"
    assert unit.post("/outreach/coverage", {**body, "unit": unit_b.code}).status_code == 400  # not its unit
    r = unit.post("/outreach/coverage", {**body, "url": "không phải đường dẫn"})
    assert r.status_code == 400 and r.json()["detail"]
    assert unit.post("/outreach/coverage", {**body, "medium": "poster"}).status_code == 422
    listed = ok(unit.get("/outreach/coverage", year=2025))
    assert [x["id"] for x in listed["items"]] == [c["id"]] and listed["next_cursor"] is None
    assert ok(other.get("/outreach/coverage"))["items"] == []
    assert other.put(f"/outreach/coverage/{c['id']}", body).status_code == 404
    assert other.delete(f"/outreach/coverage/{c['id']}").status_code == 404
    assert ok(unit.put(f"/outreach/coverage/{c['id']}", {**body, "title": "Tin sửa"}))["title"] == "Tin sửa"
    assert unit.delete(f"/outreach/coverage/{c['id']}").status_code == 204


def test_removing_an_honouree_and_an_invitation(client, staff, officer_a, province, unit_a, person_a, august):
    province_api, unit = Caller(client, staff), Caller(client, officer_a)
    congress = make_congress(staff)
    c = ok(province_api.post(f"/outreach/congresses/{congress.pk}/honourees",
                             {"kind": "individual", "name": "Nguyễn Văn A"}), 201)
    [h] = c["honourees"]
    assert unit.delete(f"/outreach/honourees/{h['id']}").status_code == 403
    assert province_api.delete("/outreach/honourees/999999").status_code == 404
    assert province_api.delete(f"/outreach/honourees/{h['id']}").status_code == 204
    training = make_training(staff, province, start=dt.date(2025, 9, 10), end=dt.date(2025, 9, 11))
    services.invite_unit(staff, training, unit_a, 2)
    services.set_training_status(staff, training, "open")
    url = f"/outreach/trainings/{training.pk}/invitations/{unit_a.pk}"
    assert unit.delete(url).status_code == 403
    ok(unit.post(f"/outreach/trainings/{training.pk}/attendees", {"person_id": person_a.pk}))
    r = province_api.delete(url)
    assert r.status_code == 400 and "xóa học viên trước" in r.json()["detail"]
    training.attendees.all().delete()
    assert province_api.delete(url).status_code == 204
    assert province_api.delete(url).status_code == 404


def test_training_materials(client, staff, officer_a, officer_b, province, august):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dossiers.conftest import PDF

    training = make_training(staff, province, start=dt.date(2025, 9, 10), end=dt.date(2025, 9, 11))
    province_api, unit = Caller(client, staff), Caller(client, officer_a)
    url = f"/outreach/trainings/{training.pk}/materials"

    def pdf():
        return SimpleUploadedFile("chuong-trinh.pdf", PDF, content_type="application/pdf")

    assert unit.upload(url, {"kind": "agenda", "file": pdf()}).status_code == 403
    kinds = [k for k, _ in training.materials.model.Kind.choices]
    body = ok(province_api.upload(url, {"kind": kinds[0], "title": "Chương trình", "file": pdf()}), 201)
    [m] = body["materials"]
    assert m["title"] == "Chương trình" and m["name"] == "chuong-trinh.pdf"
    r = province_api.upload(url, {"kind": kinds[0], "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00",
                                                                                content_type="application/pdf")})
    assert r.status_code == 400 and r.json()["detail"]
    assert province_api.upload(url, {"kind": "video", "file": pdf()}).status_code == 422
    got = unit.get(f"/outreach/materials/{m['id']}/file")
    assert got.status_code == 200 and b"".join(got.streaming_content if got.streaming else [got.content]) == PDF
    assert unit.delete(f"/outreach/materials/{m['id']}").status_code == 403
    assert province_api.delete(f"/outreach/materials/{m['id']}").status_code == 204
    assert unit.get(f"/outreach/materials/{m['id']}/file").status_code == 404
