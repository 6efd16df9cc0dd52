"""Consultations (hiệp y) through the API (issue #15): the province asks the agencies about a State award's
nominee, downloads each letter, records their answers (a disagreement holds the nomination until cleared), closes
the round; province-wide roles read, only TĐKT staff act; a unit's own officer is refused, another unit's 404."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from tests.api.test_journey import Caller, ok
from tests.dossiers import test_consultations as base
from thidua.dossiers import consultations
from thidua.dossiers.models import Dossier

pytestmark = [pytest.mark.django_db]
MONDAY = base.MONDAY
agencies, state_award = base.agencies, base.state_award  # the fixtures of the consultation services' tests


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_a_round_from_request_to_cleared_disagreement(client, staff, leader, state_award, agencies, person_a):
    dossier, nomination = state_award
    province = Caller(client, staff)
    status = ok(province.get(f"/dossiers/{dossier.pk}/consultations"))
    assert [n["nominee"] for n in status["needed"]] == ["Nguyễn Thị Lan"] and "Chưa lấy ý kiến" in status["problem"]
    assert [a["name"] for a in ok(province.get("/dossiers/consultation-agencies"))["items"]] == [
        "Công an tỉnh", "Thuế tỉnh"]
    # by default: the nominations that need one, every active agency, the province's number of days
    c = ok(province.post(f"/dossiers/{dossier.pk}/consultations", {"number": "215/SNV-TĐKT"}), 201)
    assert c["code"].startswith("HY-") and c["nomination_ids"] == [nomination.pk] and c["replies"] == 2
    assert c["due_on"] == "2025-12-10" and c["is_open"]  # 7 working days after Monday 01/12/2025
    assert "Đang lấy ý kiến hiệp y" in ok(province.get(f"/dossiers/{dossier.pk}/consultations"))["problem"]
    police = agencies[0]
    r = province.get(f"/dossiers/consultations/{c['id']}/agencies/{police.pk}/letter.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "Công an tỉnh" in xml and "Nguyễn Thị Lan" in xml
    r = province.post(f"/dossiers/consultations/{c['id']}/close")
    assert r.status_code == 400 and "Chưa hết hạn trả lời" in r.json()["detail"]
    rows = {row["agency"]: row for row in c["reply_rows"]}
    r = province.post(f"/dossiers/consultations/{c['id']}/replies",
                      {"answers": [{"reply_id": rows["Thuế tỉnh"]["id"], "answer": "disagree"}]})
    assert r.status_code == 400 and "cần ghi lý do" in r.json()["detail"]
    c = ok(province.post(f"/dossiers/consultations/{c['id']}/replies", {"answers": [
        {"reply_id": rows["Công an tỉnh"]["id"], "answer": "agree"},
        {"reply_id": rows["Thuế tỉnh"]["id"], "answer": "disagree", "reason": "Còn nợ thuế thu nhập cá nhân."},
    ]}))
    assert not c["is_open"] and c["closed_on"] == "2025-12-01" and c["pending"] == 0 and c["held"] == 1
    held = next(row for row in c["reply_rows"] if row["holds"])
    assert held["agency"] == "Thuế tỉnh" and person_a.proceedings.filter(closed_on__isnull=True).exists()
    r = province.post(f"/dossiers/consultations/replies/{held['id']}/clear", {"note": " "})
    assert r.status_code == 400 and "kết quả xác minh" in r.json()["detail"]
    c = ok(province.post(f"/dossiers/consultations/replies/{held['id']}/clear",
                         {"note": "Cục Thuế xác nhận đã nộp đủ ngày 28/11/2025."}))
    assert c["held"] == 0 and not person_a.proceedings.filter(closed_on__isnull=True).exists()
    assert consultations.consultation_problem(Dossier.objects.get(pk=dossier.pk)) is None
    listed = ok(Caller(client, leader).get("/dossiers/consultations", dossier=dossier.pk))
    assert [x["id"] for x in listed["items"]] == [c["id"]] and listed["next_cursor"] is None
    assert ok(province.get("/dossiers/consultations", is_open="true"))["items"] == []


def test_who_may_read_and_act(client, staff, leader, officer_a, officer_b, state_award, agencies):
    dossier, nomination = state_award
    c = consultations.start_consultation(staff, dossier, nominations=[nomination], agencies=agencies, days=5)
    unit, other, chief = Caller(client, officer_a), Caller(client, officer_b), Caller(client, leader)
    # the dossier's own unit: no right to the consultation (403); another unit: not even the dossier (404)
    assert unit.get(f"/dossiers/{dossier.pk}/consultations").status_code == 403
    assert unit.get(f"/dossiers/consultations/{c.pk}").status_code == 403
    assert unit.get("/dossiers/consultations").status_code == 403
    assert other.get(f"/dossiers/{dossier.pk}/consultations").status_code == 404
    assert other.get(f"/dossiers/consultations/{c.pk}").status_code == 404
    assert other.post(f"/dossiers/{dossier.pk}/consultations", {}).status_code == 404
    # a province leader reads, does not act
    assert ok(chief.get(f"/dossiers/consultations/{c.pk}"))["days"] == 5
    reply = c.replies.first()
    for path, body in ((f"/dossiers/{dossier.pk}/consultations", {}),
                       (f"/dossiers/consultations/{c.pk}/replies",
                        {"answers": [{"reply_id": reply.pk, "answer": "agree"}]}),
                       (f"/dossiers/consultations/{c.pk}/number", {"number": "1/SNV"}),
                       (f"/dossiers/consultations/{c.pk}/close", {})):
        r = chief.post(path, body)
        assert r.status_code == 403 and r.json()["detail"], path
    assert chief.get(f"/dossiers/consultations/{c.pk}/agencies/{agencies[0].pk}/letter.docx").status_code == 403
    province = Caller(client, staff)
    assert province.get(f"/dossiers/consultations/{c.pk}/agencies/999999/letter.docx").status_code == 404
    assert ok(province.post(f"/dossiers/consultations/{c.pk}/number", {"number": "216/SNV-TĐKT"}))[
        "number"] == "216/SNV-TĐKT"


def test_bad_requests(client, staff, state_award, agencies):
    dossier, nomination = state_award
    province = Caller(client, staff)
    url = f"/dossiers/{dossier.pk}/consultations"
    for body, status, message in (
        ({"nomination_ids": [999999]}, 400, "không thuộc hồ sơ"),
        ({"agency_ids": [999999]}, 400, "không có trong danh mục"),
        ({"agency_ids": []}, 400, "ít nhất một cơ quan"),
        ({"days": 0}, 400, "từ 1 đến 60"),
        ({"sent_on": "2025-12-05"}, 400, "tương lai"),
        ({"sent_on": "01/12/2025"}, 422, "sent_on"),
    ):
        r = province.post(url, body)
        assert r.status_code == status and message in r.json()["detail"], (body, r.json())
    c = ok(province.post(url, {"agency_ids": [agencies[0].pk], "days": 3}), 201)
    other = consultations.start_consultation(staff, dossier, nominations=[nomination], agencies=agencies[1:], days=3)
    foreign = other.replies.get()
    r = province.post(f"/dossiers/consultations/{c['id']}/replies",
                      {"answers": [{"reply_id": foreign.pk, "answer": "agree"}]})
    assert r.status_code == 400 and "không thuộc đợt" in r.json()["detail"]
    r = province.post(f"/dossiers/consultations/{c['id']}/replies",
                      {"answers": [{"reply_id": c["reply_rows"][0]["id"], "answer": "maybe"}]})
    assert r.status_code == 422
    r = province.post(f"/dossiers/consultations/{c['id']}/number", {"number": "  "})
    assert r.status_code == 400 and "số, ký hiệu" in r.json()["detail"]
    # after the deadline a round with missing answers may be closed: they become «no reply»
    with time_machine.travel(dt.datetime(2025, 12, 10, 9, 0), tick=False):
        closed = ok(province.post(f"/dossiers/consultations/{c['id']}/close"))
    assert not closed["is_open"] and closed["reply_rows"][0]["answer"] == "no_reply"
    assert province.post(f"/dossiers/consultations/{c['id']}/close").status_code == 400


def test_the_provinces_settings(client, staff, leader, officer_a, agencies, ldtt):
    province, chief = Caller(client, staff), Caller(client, leader)
    assert ok(chief.get("/dossiers/consultation-policy"))["default_days"] == 7
    assert Caller(client, officer_a).get("/dossiers/consultation-policy").status_code == 403
    body = {"default_days": 10, "no_reply_means": "disagree", "extra_award_types": ["LDTT"]}
    assert chief.put("/dossiers/consultation-policy", body).status_code == 403
    policy = ok(province.put("/dossiers/consultation-policy", body))
    assert policy == {"default_days": 10, "no_reply_means": "disagree", "extra_award_types": ["LDTT"]}
    r = province.put("/dossiers/consultation-policy", {**body, "extra_award_types": ["HCLD_3"]})
    assert r.status_code == 400 and "luôn phải lấy ý kiến hiệp y" in r.json()["detail"]
    r = province.put("/dossiers/consultation-policy", {**body, "extra_award_types": ["KHONG_CO"]})
    assert r.status_code == 400 and "KHONG_CO" in r.json()["detail"]
    assert province.put("/dossiers/consultation-policy", {**body, "default_days": 90}).status_code == 422
    agency = ok(province.post("/dossiers/consultation-agencies", {"name": "Bảo hiểm xã hội tỉnh", "order": 3}), 201)
    assert agency["active"] and agency["name"] == "Bảo hiểm xã hội tỉnh"
    r = province.post("/dossiers/consultation-agencies", {"name": "Công an tỉnh"})
    assert r.status_code == 400 and r.json()["detail"]  # the name is taken
    assert chief.post("/dossiers/consultation-agencies", {"name": "Thanh tra tỉnh"}).status_code == 403
    stopped = ok(province.put(f"/dossiers/consultation-agencies/{agency['id']}",
                              {"name": "Bảo hiểm xã hội tỉnh", "active": False}))
    assert not stopped["active"]
    assert [a["name"] for a in ok(province.get("/dossiers/consultation-agencies"))["items"]] == [
        "Công an tỉnh", "Thuế tỉnh"]
    assert province.put("/dossiers/consultation-agencies/999999", {"name": "X"}).status_code == 404
