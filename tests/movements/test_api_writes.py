"""Movements writes through the API (issue #15): the province launches a movement and records its sơ kết and tổng
kết; a unit registers for the period and submits; the province accepts. Same services and rights as the pages."""

import datetime as dt

from tests.api.test_journey import Caller, ok
from thidua.movements.models import Movement


def test_launch_review_and_register(client, staff, officer_a, officer_b, province, year2025):
    m = Movement.objects.create(
        name="Phong trào thi đua chuyển đổi số",
        kind="thematic",
        period=year2025,
        lead_unit=province,
        start=year2025.start,
        end=year2025.end,
    )
    staff_api, unit = Caller(client, staff), Caller(client, officer_a)
    assert unit.post(f"/movements/{m.pk}/launch").status_code == 403
    assert ok(staff_api.post(f"/movements/{m.pk}/launch"))["status"] == "launched"
    review = {
        "kind": "interim",
        "held_on": "2025-07-15",
        "title": "Sơ kết 6 tháng",
        "summary": "Đạt 60% chỉ tiêu.",
    }
    body = ok(staff_api.post(f"/movements/{m.pk}/reviews", review), 201)
    assert [r["kind"] for r in body["reviews"]] == ["interim"] and body["status"] == "launched"
    early = staff_api.post(f"/movements/{m.pk}/reviews", {**review, "held_on": str(dt.date(2024, 12, 1))})
    assert early.status_code == 400 and early.json()["detail"]

    registration = {
        "period": "2025",
        "movement_id": m.pk,
        "targets": "Số hóa 100% hồ sơ.",
        "titles": [{"code": "CO_TINH"}],
    }
    assert unit.post("/movements/registrations", {**registration, "titles": []}).status_code == 400
    assert (
        unit.post("/movements/registrations", {**registration, "unit_id": officer_b.unit_id}).status_code
        == 400
    )
    created = ok(unit.post("/movements/registrations", registration), 201)
    assert created["status"] == "draft" and created["unit_id"] == officer_a.unit_id
    ok(unit.post(f"/movements/registrations/{created['id']}/submit"))
    assert ok(staff_api.post(f"/movements/registrations/{created['id']}/accept"))["status"] == "accepted"

    final = ok(
        staff_api.post(
            f"/movements/{m.pk}/reviews",
            {**review, "kind": "final", "held_on": "2025-12-20", "title": "Tổng kết"},
        ),
        201,
    )
    assert final["status"] == "concluded"
