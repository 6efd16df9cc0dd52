"""Oversight writes through the API (issue #15): the province concludes an inspection and records a finding, the
responsible unit reports its remediation, the province confirms it; a petition is accepted then resolved. Same
services and rights as the pages; another unit gets a 404."""

import datetime as dt

from tests.api.test_journey import Caller, ok


def test_inspection_finding_remediation(client, staff, officer_a, officer_b, inspection_a):
    province, unit, other = Caller(client, staff), Caller(client, officer_a), Caller(client, officer_b)
    assert (
        unit.post(
            f"/oversight/inspections/{inspection_a.pk}/conclude",
            {"conclusion": "x", "conclusion_number": "1/TB", "conclusion_date": "2025-09-30"},
        ).status_code
        == 403
    )
    body = ok(
        province.post(
            f"/oversight/inspections/{inspection_a.pk}/conclude",
            {
                "conclusion": "Đơn vị thực hiện cơ bản đúng quy định.",
                "conclusion_number": "15/TB-HĐTĐKT",
                "conclusion_date": "2025-09-30",
            },
        )
    )
    assert body["status"] == "concluded"
    bad = province.post(
        f"/oversight/inspections/{inspection_a.pk}/findings",
        {"category": "criteria", "description": "Đề nghị chưa đủ tiêu chuẩn", "recommendation": "Rà soát"},
    )
    assert bad.status_code == 400 and "hạn khắc phục" in bad.json()["detail"]
    finding = ok(
        province.post(
            f"/oversight/inspections/{inspection_a.pk}/findings",
            {
                "category": "criteria",
                "description": "Đề nghị chưa đủ tiêu chuẩn",
                "recommendation": "Rà soát",
                "working_days": 30,
            },
        ),
        201,
    )
    assert finding["status"] == "open" and finding["due_on"] > "2025-09-30"
    assert other.post(f"/oversight/findings/{finding['id']}/remediation", {"note": "x"}).status_code == 404
    reported = ok(
        unit.post(f"/oversight/findings/{finding['id']}/remediation", {"note": "Đã rà soát lại."}), 201
    )
    assert reported["status"] == "reported"
    assert unit.post(f"/oversight/findings/{finding['id']}/review", {"accept": True}).status_code == 403
    done = ok(province.post(f"/oversight/findings/{finding['id']}/review", {"accept": True, "note": "Đạt"}))
    assert done["status"] == "remedied"


def test_petition_steps(client, staff, officer_b, complaint_a, in_oct_2025):
    province = Caller(client, staff)
    url = f"/oversight/petitions/{complaint_a.pk}/steps"
    assert Caller(client, officer_b).post(url, {"action": "accept"}).status_code == 404
    assert ok(province.post(url, {"action": "accept", "on": "2025-10-02"}))["status"] == "accepted"
    missing = province.post(url, {"action": "resolve", "result": "Giữ nguyên"})
    assert missing.status_code == 400 and "số quyết định" in missing.json()["detail"]
    resolved = ok(
        province.post(
            url,
            {
                "action": "resolve",
                "result": "Giữ nguyên kết quả bình xét.",
                "decision_number": "7/QĐ-UBND",
                "decision_date": str(dt.date(2025, 10, 10)),
            },
        )
    )
    assert resolved["status"] == "resolved"
    assert province.post(url, {"action": "fly"}).status_code == 422
