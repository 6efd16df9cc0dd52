"""A dossier from creation to the signed decision's document through the API alone (issue #15, item 4): the unit
creates it, adds a nomination and uploads its papers, submits; the province receives and appraises it and sends it
to the council; the secretary prepares and opens a session, each member casts their own secret ballot, the secretary
tallies; the province submits it for decision, the unit's head signs, and the unit downloads the Quyết định.
Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime as dt
import io
import zipfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import PDF, members
from thidua.core.models import ApiToken
from thidua.dossiers.models import BallotParticipation

API = "/api/v1"


class Caller:
    """One persona's API client: a Bearer token, JSON in and out."""

    def __init__(self, client, user):
        self.client, self.headers = client, {"Authorization": f"Bearer {ApiToken.issue(user)}"}

    def get(self, path, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(API + path, body or {}, content_type="application/json", headers=self.headers)

    def put(self, path, body):
        return self.client.put(API + path, body, content_type="application/json", headers=self.headers)

    def patch(self, path, body):
        return self.client.patch(API + path, body, content_type="application/json", headers=self.headers)

    def delete(self, path):
        return self.client.delete(API + path, headers=self.headers)

    def upload(self, path, data):
        return self.client.post(API + path, data, headers=self.headers)  # multipart


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:800])
    return response.json() if response["Content-Type"].startswith("application/json") else response


@time_machine.travel(dt.datetime(2025, 12, 1, 9, 0), tick=False)
def test_dossier_from_creation_to_decision_document_through_the_api(
    client, officer_a, staff, secretary, council, unit_leader_a, person_a, cstd_co_so
):
    unit, province, sec, head = (Caller(client, u) for u in (officer_a, staff, secretary, unit_leader_a))

    # The unit: a dossier, one nomination, the Tờ trình and the achievement report; then it submits.
    dossier = ok(
        unit.post("/dossiers", {"title": "Đề nghị tặng Chiến sĩ thi đua cơ sở năm 2025", "year": 2025}), 201
    )
    pk = dossier["id"]
    # the unit has a head: the officer sends the dossier to the head, who approves it for the province
    assert dossier["state"] == "draft" and "send_for_approval" in dossier["allowed_actions"]
    assert "submit" not in dossier["allowed_actions"]
    dossier = ok(
        unit.post(
            f"/dossiers/{pk}/nominations",
            {
                "person_id": person_a.pk,
                "award": "CSTD_CO_SO",
                "achievement_summary": "Hòan thành xuất sắc nhiệm vụ.",
            },
        ),
        201,
    )
    [nomination] = dossier["nominations"]
    assert "Thiếu tờ trình đề nghị khen thưởng." in dossier["problems"]
    refused = unit.post(f"/dossiers/{pk}/transition", {"action": "send_for_approval"})
    assert refused.status_code == 400 and "tờ trình" in refused.json()["detail"]
    for kind, name in (("to_trinh", "to-trinh.pdf"), ("bao_cao", "bao-cao.pdf")):
        ok(
            unit.upload(
                f"/dossiers/{pk}/attachments",
                {"kind": kind, "file": SimpleUploadedFile(name, PDF, content_type="application/pdf")},
            ),
            201,
        )
    fake = unit.upload(
        f"/dossiers/{pk}/attachments",
        {
            "kind": "minh_chung",
            "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf"),
        },
    )
    assert fake.status_code == 400 and fake.json()["detail"]  # the pages' upload checks: the bytes decide
    attachments = ok(unit.get(f"/dossiers/{pk}/attachments"))["items"]
    assert sorted(a["kind"] for a in attachments) == ["bao_cao", "to_trinh"]
    assert ok(unit.get(f"/dossiers/attachments/{attachments[0]['id']}/file")).getvalue() == PDF
    dossier = ok(unit.get(f"/dossiers/{pk}"))
    assert dossier["problems"] == []
    direct = unit.post(f"/dossiers/{pk}/transition", {"action": "submit", "version": dossier["version"]})
    assert direct.status_code == 400 and "lãnh đạo đơn vị" in direct.json()["detail"]
    dossier = ok(unit.post(f"/dossiers/{pk}/transition", {"action": "send_for_approval"}))
    assert dossier["state"] == "unit_review"
    dossier = ok(head.post(f"/dossiers/{pk}/transition", {"action": "approve"}))
    assert dossier["state"] == "submitted" and dossier["due_kind"] == "receive"

    # The province: receives, appraises the nomination, completes the appraisal, sends it to the council.
    ok(province.post(f"/dossiers/{pk}/transition", {"action": "receive"}))
    appraised = ok(
        province.post(
            f"/dossiers/{pk}/nominations/{nomination['id']}/appraisal",
            {"result": "accepted", "note": "Đủ điều kiện."},
        )
    )
    assert appraised["appraisal"] == "accepted" and appraised["appraisal_note"] == "Đủ điều kiện."
    assert (
        unit.post(
            f"/dossiers/{pk}/nominations/{nomination['id']}/appraisal", {"result": "accepted"}
        ).status_code
        == 403
    )
    ok(province.post(f"/dossiers/{pk}/transition", {"action": "appraise"}))
    assert (
        ok(province.post(f"/dossiers/{pk}/transition", {"action": "send_to_council"}))["state"] == "council"
    )

    # The council: the unit's officer does not see sessions at all.
    assert unit.get("/council/sessions").status_code == 404
    [body] = ok(sec.get("/council/councils"))["items"]
    assert len(body["members"]) == 10
    session = ok(
        sec.post(
            "/council/sessions",
            {
                "council_id": council.pk,
                "title": "Phiên họp xét khen thưởng năm 2025",
                "held_on": "2025-12-01",
            },
        ),
        201,
    )
    sid = session["id"]
    session = ok(
        sec.put(
            f"/council/sessions/{sid}/attendance",
            {"present": [a["member_id"] for a in session["attendance"]]},
        )
    )
    assert session["quorum"]["met"] is True
    session = ok(sec.post(f"/council/sessions/{sid}/agenda", {"nomination_ids": [nomination["id"]]}))
    [ballot] = session["ballots"]
    wrong = sec.post(f"/council/sessions/{sid}/open", {"passphrase": "ngan"})
    assert wrong.status_code == 400 and "ít nhất" in wrong.json()["detail"]
    ok(
        sec.post(
            f"/council/sessions/{sid}/open",
            {"passphrase": BALLOT_PASSPHRASE, "passphrase_confirmation": BALLOT_PASSPHRASE},
        )
    )
    ok(sec.post(f"/council/ballots/{ballot['id']}/open"))
    for i, member in enumerate(members(council)):  # each member from their own login: 8 yes, 2 no
        voter = Caller(client, member.user)
        seen = ok(voter.post(f"/council/ballots/{ballot['id']}/vote", {"choice": "yes" if i < 8 else "no"}))
        assert seen["i_voted"] is True and seen["participation"] == i + 1
        assert seen["votes_yes"] is None and seen["passed"] is None  # nothing is counted before the tally
        assert (
            voter.post(f"/council/ballots/{ballot['id']}/vote", {"choice": "no"}).status_code == 400
        )  # once
    assert BallotParticipation.objects.filter(ballot_id=ballot["id"]).count() == 10
    assert (
        sec.post(f"/council/ballots/{ballot['id']}/tally", {"passphrase": "sai-mat-khau-roi"}).status_code
        == 400
    )
    counted = ok(sec.post(f"/council/ballots/{ballot['id']}/tally", {"passphrase": BALLOT_PASSPHRASE}))
    assert (counted["votes_yes"], counted["votes_no"], counted["members_total"], counted["passed"]) == (
        8,
        2,
        10,
        True,
    )
    session = ok(sec.post(f"/council/sessions/{sid}/close", {"conclusion": "Thống nhất đề nghị."}))
    assert session["state"] == "closed" and session["minutes_number"]
    minutes = ok(sec.get(f"/decisions/sessions/{sid}/minutes.docx"))
    assert zipfile.is_zipfile(io.BytesIO(minutes.content))

    # Decision: the province submits it for signature; the Sở's head signs (CSTĐ cơ sở is in their power).
    ok(province.post(f"/dossiers/{pk}/transition", {"action": "submit_for_decision"}))
    assert unit.post(f"/dossiers/{pk}/transition", {"action": "decide"}).status_code == 422  # only by signing
    decision = ok(
        head.post(
            f"/dossiers/{pk}/decision",
            {"signed_on": "2025-12-01", "signer_name": "Phạm Quang Huy", "signer_title": "Giám đốc"},
        ),
        201,
    )
    assert "/QĐ-" in decision["number"] and decision["signer_capacity"] == "head"
    dossier = ok(unit.get(f"/dossiers/{pk}"))
    assert dossier["state"] == "decided" and dossier["decision_number"] == decision["number"]

    # The unit finds the decision, its annexed award in the register, and downloads the Quyết định.
    listed = ok(unit.get("/decisions", year=2025))
    assert [d["id"] for d in listed["items"]] == [decision["id"]]
    detail = ok(unit.get(f"/decisions/{decision['id']}"))
    assert [(r["award"], r["nominee"]) for r in detail["annex"]] == [("CSTD_CO_SO", person_a.full_name)]
    document = ok(unit.get(f"/decisions/{decision['id']}/decision.docx"))
    assert (
        document["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    with zipfile.ZipFile(io.BytesIO(document.content)) as docx:
        assert decision["number"] in docx.read("word/document.xml").decode()
    assert zipfile.is_zipfile(io.BytesIO(ok(unit.get(f"/decisions/{decision['id']}/annex.xlsx")).content))


def test_another_unit_sees_none_of_it(client, officer_a, officer_b, person_a, cstd_co_so):
    a, b = Caller(client, officer_a), Caller(client, officer_b)
    pk = ok(a.post("/dossiers", {"title": "Hồ sơ của Sở A", "year": 2025}), 201)["id"]
    att = ok(
        a.upload(
            f"/dossiers/{pk}/attachments",
            {"kind": "to_trinh", "file": SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf")},
        ),
        201,
    )
    for path in (
        f"/dossiers/{pk}",
        f"/dossiers/{pk}/attachments",
        f"/dossiers/attachments/{att['id']}/file",
        f"/dossiers/{pk}/decision",
    ):
        response = b.get(path)
        assert response.status_code == 404 and response.json()["detail"], path
    assert (
        b.upload(
            f"/dossiers/{pk}/attachments",
            {"kind": "to_trinh", "file": SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf")},
        ).status_code
        == 404
    )
    assert ok(b.get("/dossiers"))["items"] == []
