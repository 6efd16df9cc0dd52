"""Statistics through the API (issue #15): the Ministry's forms 0601–0605 as JSON and as the official XLSX — the
same cells as the page and its XLSX, with the page's scope (404 outside it) and the unit head's sign-off — and
`/reports/awards` giving exactly the numbers of the award statistics page."""

import pytest

from tests.api.test_journey import Caller, ok
from tests.conftest import login
from tests.factories import UserFactory
from tests.reports import test_statistics_forms as base
from thidua.core.roles import Role
from thidua.reports.models import StatisticsFormSignoff

pytestmark = pytest.mark.django_db
URL, download, sheet = base.URL, base.download, base.sheet
world, leader_a = base.world, base.leader_a  # the hand-counted fixture of the statistics forms' tests
FORMS = "/reports/statistics-forms"


def test_the_menu_lists_forms_0601_to_0605(client, officer_a):
    body = ok(Caller(client, officer_a).get(FORMS))
    menu, _next = body["items"], body["next_cursor"]
    assert [f["key"] for f in menu] == ["0601", "0602", "0603", "0604", "0605"]
    assert menu[1]["code"] == "0602.N/BNV-TĐKT" and menu[1]["circular"] == "02/2023/TT-BNV"


@pytest.mark.parametrize("form", ["0601", "0602", "0603", "0604", "0605"])
def test_api_xlsx_is_the_pages_xlsx(client, officer_a, unit_a, world, form):
    api = Caller(client, officer_a).get(f"{FORMS}/{form}/workbook.xlsx", year=2025, unit=unit_a.pk)
    from_api, _grid = sheet(api)
    from_page, _grid = sheet(download(login(client, officer_a), form, unit_a))
    assert from_api == from_page
    assert api["Content-Disposition"] == f'attachment; filename="bieu-{form}-2025-{unit_a.code}.xlsx"'


def test_0602_cells_as_json_match_the_hand_count_and_the_page(client, officer_a, unit_a, world):
    body = ok(Caller(client, officer_a).get(f"{FORMS}/0602", year=2025, unit=unit_a.pk))
    assert (body["date_from"], body["date_to"]) == ("2024-12-01", "2025-11-30") and body["unit"] == unit_a.name
    columns = [c["code"] for c in body["columns"]]
    cells = {(r["code"], columns[j]): v for r in body["rows"] if not r["heading"] for j, v in enumerate(r["cells"])}
    # the hand count of tests/reports/test_statistics_forms.py (lineage: the merged unit's award counts for A)
    assert (cells[("1", "1")], cells[("1", "10")], cells[("9", "1")], cells[("15", "1")]) == (7, 3, 5, 3)
    page = login(client, officer_a).get(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk})
    assert {k: v for k, v in cells.items()} == {
        (row, col): v for row, values in page.context["result"].snapshot().items() for col, v in values.items()}
    assert body["signoff"] is None and not body["may_sign_off"]


def test_scope_and_bad_input(client, officer_b, unit_a, unit_b, world):
    other = Caller(client, officer_b)
    body = ok(other.get(f"{FORMS}/0602", year=2025))  # default: the user's own unit
    assert body["unit_id"] == unit_b.pk and body["rows"][0]["cells"][0] == 1
    for path in (f"{FORMS}/0602", f"{FORMS}/0602/workbook.xlsx"):
        r = other.get(path, year=2025, unit=unit_a.pk)
        assert r.status_code == 404 and "detail" in r.json()
    assert other.get(f"{FORMS}/9999", year=2025).status_code == 404
    r = other.get(f"{FORMS}/0602", year=1800)
    assert r.status_code == 400 and "Năm không hợp lệ" in r.json()["detail"]
    assert other.get(f"{FORMS}/0602", year="hai nghìn").status_code == 422
    assert client.logout() is None and client.get(f"/api/v1{FORMS}/0602").status_code == 401


def test_the_unit_head_signs_off_through_the_api(client, leader_a, officer_a, unit_a, unit_b, world):
    url = f"{FORMS}/0602/signoff"
    r = Caller(client, officer_a).post(url, {"year": 2025, "unit": unit_a.pk})
    assert r.status_code == 403 and "thủ trưởng" in r.json()["detail"]
    leader_b = UserFactory(username="thutruong_b", role=Role.UNIT_LEADER, unit=unit_b)
    assert Caller(client, leader_b).post(url, {"year": 2025, "unit": unit_a.pk}).status_code == 404
    assert not StatisticsFormSignoff.objects.exists()
    head = Caller(client, leader_a)
    body = ok(head.post(url, {"year": 2025, "unit": unit_a.pk, "prepared_by_name": "Trần Thị Hoa"}))
    assert body["signoff"]["signed_by"] == leader_a.display_name and not body["changed_since_signoff"]
    signoff = StatisticsFormSignoff.objects.get(form="0602", year=2025, unit=unit_a)
    assert signoff.cells["1"]["1"] == 7 and signoff.prepared_by_name == "Trần Thị Hoa"
    cells, grid = sheet(head.get(f"{FORMS}/0602/workbook.xlsx", year=2025, unit=unit_a.pk))
    assert "Trần Thị Hoa" in [v for row in grid for v in row]


def test_award_statistics_api_gives_the_pages_numbers(client, staff, unit_a, awards):
    page = login(client, staff).get("/bao-cao/khen-thuong/", {"tu_nam": 2024, "den_nam": 2025, "don_vi": unit_a.pk})
    stats = page.context["stats"]
    body = ok(Caller(client, staff).get("/reports/awards", year_from=2024, year_to=2025, unit=unit_a.pk))
    assert body["totals"] == stats.total.as_dict()
    assert body["by_year"] == [{"year": y, **c.as_dict()} for y, c in stats.by_year.items()]
    assert body["by_level"] == [{"level": lv, "label": str(label), **c.as_dict()} for lv, label, c in stats.by_level]
    assert body["by_type"] == [{"code": code, "name": name, "category": cat, **c.as_dict()}
                               for code, name, cat, c in stats.by_type]
    assert body["by_unit"] == [{"unit_id": uid, "unit": name, **c.as_dict()} for uid, name, c in stats.by_unit]
    assert body["by_commendation"] == [{"commendation_type": code, "label": str(label), **c.as_dict()}
                                       for code, label, c in stats.by_commendation]
    # and the hand count (tests/reports/conftest.py): unit A's subtree, both years
    t = body["totals"]
    assert (t["total"], t["individual"], t["women"], t["direct_workers"], t["collective"], t["small_collectives"],
            t["revoked"]) == (7, 5, 4, 3, 2, 1, 1)
