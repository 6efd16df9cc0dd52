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


def test_create_edit_and_close_a_movement(client, officer_a, officer_b, unit_a, unit_b, year2025):
    a, b = Caller(client, officer_a), Caller(client, officer_b)
    body = {"name": "Thi đua chuyển đổi số ngành giáo dục", "kind": "thematic", "period": "2025",
            "start": "2025-03-01", "end": "2025-12-31", "launch_doc_number": "15/KH-SGDĐT"}
    created = ok(a.post("/movements", body), 201)  # led by the caller's unit unless it names another
    assert created["lead_unit"] == unit_a.name and created["status"] == "draft"
    m = Movement.objects.get(pk=created["id"])
    assert m.lead_unit == unit_a and m.launch_doc_number == "15/KH-SGDĐT"

    other = a.post("/movements", {**body, "lead_unit_id": unit_b.pk})  # another Sở's movement
    assert other.status_code == 400 and other.json()["detail"]
    outside = a.post("/movements", {**body, "start": "2024-01-01", "end": "2024-06-30"})
    assert outside.status_code == 400 and "không nằm trong kỳ" in outside.json()["detail"]
    backwards = a.post("/movements", {**body, "end": "2025-02-01"})
    assert backwards.status_code == 400 and "sau ngày bắt đầu" in backwards.json()["detail"]
    assert a.post("/movements", {**body, "kind": "khac"}).status_code == 422
    assert a.post("/movements", {**body, "period": "1990"}).status_code == 400

    url = f"/movements/{m.pk}"
    edited = ok(a.patch(url, {"targets": "100% hồ sơ học sinh số hóa", "status": "concluded"}))
    assert edited["targets"] == "100% hồ sơ học sinh số hóa" and edited["status"] == "draft"  # status: by steps only
    assert ok(b.get(url))["name"] == body["name"]  # every unit reads a movement…
    assert b.patch(url, {"name": "Đổi tên"}).status_code == 403  # …only the lead unit changes it
    assert a.patch("/movements/999999", {"name": "x"}).status_code == 404

    close = {"held_on": "2025-12-20", "title": "Tổng kết phong trào", "summary": "Hòan thành các chỉ tiêu."}
    not_launched = a.post(f"{url}/close", close)
    assert not_launched.status_code == 400 and "chưa được phát động" in not_launched.json()["detail"]
    ok(a.post(f"{url}/launch"))
    assert b.post(f"{url}/close", close).status_code == 403
    early = a.post(f"{url}/close", {**close, "held_on": "2025-01-15"})
    assert early.status_code == 400 and early.json()["detail"]
    closed = ok(a.post(f"{url}/close", close))
    assert closed["status"] == "concluded" and [r["kind"] for r in closed["reviews"]] == ["final"]
    assert a.post(f"{url}/close", close).status_code == 400  # once
