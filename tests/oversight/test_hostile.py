"""Hostile or mistyped input never gives a 500."""

import pytest

HUGE = "9" * 25


@pytest.mark.parametrize("url", [
    f"/kiem-tra/don-thu/{HUGE}/", f"/kiem-tra/cuoc-kiem-tra/{HUGE}/", f"/kiem-tra/ton-tai/{HUGE}/",
    f"/kiem-tra/ke-hoach/{HUGE}/", f"/kiem-tra/minh-chung/{HUGE}/", f"/kiem-tra/ton-tai/?don_vi={HUGE}",
    f"/kiem-tra/cuoc-kiem-tra/?nam={HUGE}&quy={HUGE}", "/kiem-tra/don-thu/?sau=abc&sap_xep=xyz",
    f"/kiem-tra/don-thu/moi/?ca_nhan={HUGE}", f"/kiem-tra/cuoc-kiem-tra/moi/?ke_hoach={HUGE}",
    f"/api/v1/oversight/petitions/{HUGE}", f"/api/v1/oversight/inspections?year={HUGE}",
    "/api/v1/oversight/findings?cursor=rac",
    f"/api/v1/oversight/findings?unit={HUGE}", f"/api/v1/oversight/inspections/export.xlsx?unit={HUGE}",
])
def test_no_500_on_get(staff_client, url):
    assert staff_client.get(url).status_code < 500


def test_no_500_on_post(staff_client, unit_a, in_oct_2025):
    r = staff_client.post("/kiem-tra/don-thu/moi/", {
        "kind": "complaint", "received_on": "2025-10-01", "channel": "direct", "subject_unit": HUGE,
        "person": HUGE, "dossier": HUGE, "award": HUGE, "summary": "x"})
    assert r.status_code == 400
    r = staff_client.post("/kiem-tra/cuoc-kiem-tra/moi/", {
        "unit": unit_a.pk, "plan": HUGE, "plan_task": HUGE, "team_head_user": HUGE, "member_users": [HUGE, "x"],
        "planned_start": "2025-09-08", "planned_end": "2025-09-09", "content": "x", "quarter": "9"})
    assert r.status_code == 400
    assert staff_client.post(f"/kiem-tra/don-thu/{HUGE}/thu-ly/", {}).status_code == 404
