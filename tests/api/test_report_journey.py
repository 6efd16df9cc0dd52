"""A report request from issue to the province's compiled report through the API alone (issue #15): the province
keeps a template and sends a 6-month request to two units; unit A's officer fills it, attaches the signed report
and sends it to the head, who returns it once and then approves it; unit B has no head's account, so its report
goes straight to the province; the province returns B's for a correction, then accepts both and downloads the
compiled DOCX with the units' figures added up. Every call with a Bearer token. Runs on SQLite and PostgreSQL."""

import datetime as dt
import io
import zipfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.test_journey import Caller, ok
from tests.dossiers.conftest import PDF

FIELDS = [
    {"label": "Số phong trào thi đua đã phát động", "kind": "number", "required": True},
    {"label": "Số tập thể, cá nhân được khen thưởng", "kind": "number", "required": True},
    {"label": "Khó khăn, vướng mắc, kiến nghị", "kind": "text"},
]


@time_machine.travel(dt.datetime(2025, 7, 1, 9, 0), tick=False)
def test_report_request_from_issue_to_compiled_document_through_the_api(
    client, staff, officer_a, officer_b, unit_leader_a, unit_a, unit_b
):
    province, unit, head, other = (Caller(client, u) for u in (staff, officer_a, unit_leader_a, officer_b))

    template = ok(province.post("/reporting/templates", {"name": "Sơ kết 6 tháng", "fields": FIELDS}), 201)
    request = ok(province.post("/reporting/requests", {
        "kind": "half_year", "title": "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2025", "year": 2025,
        "due_on": "2025-07-10", "template_id": template["id"], "units": [unit_a.code, unit_b.code],
        "instructions": "Gửi kèm báo cáo có chữ ký, đóng dấu."}), 201)
    assert [f["key"] for f in request["fields"]] == ["f1", "f2", "f3"]
    rows = {row["unit_code"]: row["id"] for row in request["rows"]}
    a, b = rows[unit_a.code], rows[unit_b.code]

    # unit A: what it sees, then fill, attach, send to the head
    mine = ok(unit.get("/reporting/submissions"))["items"]
    assert [s["id"] for s in mine] == [a] and mine[0]["allowed_actions"] == ["save", "send"]
    assert unit.get(f"/reporting/submissions/{b}").status_code == 404
    ok(unit.put(f"/reporting/submissions/{a}", {"values": {"f1": 3, "f2": "1.250"}, "summary": "Đã phát động 3 "
                                                "phong trào."}))
    ok(unit.upload(f"/reporting/submissions/{a}/attachments",
                   {"file": SimpleUploadedFile("bao-cao-so-ket.pdf", PDF, content_type="application/pdf")}), 201)
    assert ok(unit.post(f"/reporting/submissions/{a}/steps", {"action": "send"}))["status"] == \
        "awaiting_unit_approval"

    # the head returns it once, then approves it: it reaches the province
    returned = ok(head.post(f"/reporting/submissions/{a}/steps",
                            {"action": "return", "reason": "Ghi rõ số cá nhân được khen."}))
    assert returned["status"] == "returned" and returned["return_reason"] == "Ghi rõ số cá nhân được khen."
    ok(unit.put(f"/reporting/submissions/{a}", {"values": {"f1": 3, "f2": 1300}, "summary": "Đã sửa."}))
    ok(unit.post(f"/reporting/submissions/{a}/steps", {"action": "send"}))
    approved = ok(head.post(f"/reporting/submissions/{a}/steps", {"action": "approve"}))
    assert approved["status"] == "submitted" and approved["days_late"] == 0

    # unit B has no head's account: straight to the province, which sends it back once
    ok(other.put(f"/reporting/submissions/{b}", {"values": {"f1": 2, "f2": 40}}))
    assert ok(other.post(f"/reporting/submissions/{b}/steps", {"action": "send"}))["status"] == "submitted"
    ok(province.post(f"/reporting/submissions/{b}/steps", {"action": "return", "reason": "Thiếu số liệu."}))
    ok(other.put(f"/reporting/submissions/{b}", {"values": {"f1": 2, "f2": 45}}))
    ok(other.post(f"/reporting/submissions/{b}/steps", {"action": "send"}))

    # the province accepts both and sees them sent on time
    for pk in (a, b):
        assert ok(province.post(f"/reporting/submissions/{pk}/steps", {"action": "accept"}))["status"] == "accepted"
    detail = ok(province.get(f"/reporting/requests/{request['id']}"))
    assert (detail["units"], detail["sent"], detail["late"]) == (2, 2, 0)
    assert {row["status"] for row in detail["rows"]} == {"accepted"}

    # the compiled report adds the units' figures up (3 + 2 movements, 1.300 + 45 awarded)
    r = province.get(f"/reporting/requests/{request['id']}/report.docx", number="85/BC-SNV",
                     issued_on="2025-07-15", signer_name="Nguyễn Văn Bình")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "85/BC-SNV" in xml and "1.345" in xml and unit_a.name in xml and unit_b.name in xml
    assert unit.get(f"/reporting/requests/{request['id']}/report.docx").status_code == 403
