"""Every list of the API has one shape (issue #15, docs/contracts.md §3 "Lists"): `?cursor=…&limit=…` →
`{"items": [...], "next_cursor": …}`, pages that join up to the whole list without repeats, `limit` clamped to
1..200, a forged cursor read as the first page. The only plain arrays are the contract of DESIGN.md §4.3
(`/plans`, `/plans/{id}/tasks`)."""

import pytest

from tests.api.test_journey import Caller, ok
from thidua.movements.models import Movement, Registration
from thidua.movements.services import TitleRow, save_registration

# Plain arrays on purpose: DESIGN.md §4.3 (programs outside the repository read them as arrays).
CONTRACT_ARRAYS = {"/api/v1/plans", "/api/v1/plans/{plan_id}/tasks"}
# Still plain arrays: the public (no sign-in) outreach lists and the oversight inspection plans (issue #15).
ELSEWHERE = ("/api/v1/outreach/public/", "/api/v1/oversight/inspection-plans")


@pytest.fixture
def lists(group, other_group, council, staff, officer_a, officer_b, unit_a, unit_b, year2025, province):
    for name in ("Phong trào thi đua yêu nước năm 2025", "Thi đua chuyên đề chuyển đổi số",
                 "Thi đua cải cách hành chính"):
        Movement.objects.create(name=name, kind="thematic", period=year2025, lead_unit=province,
                                start=year2025.start, end=year2025.end)
    for officer, unit in ((officer_a, unit_a), (officer_b, unit_b)):
        save_registration(Registration(unit=unit, period=year2025, targets="Chỉ tiêu"), [TitleRow("TTLDXS")],
                          user=officer)
    from thidua.dossiers.models import Council

    Council.objects.create(name="Hội đồng TĐKT Sở Y tế", unit=unit_b)


PATHS = ["/orgs/units", "/orgs/groups", "/awards/catalogue", "/movements", "/movements/registrations",
         "/council/councils"]


@pytest.mark.parametrize("path", PATHS)
def test_pages_join_up_to_the_whole_list(client, staff, lists, path):
    api = Caller(client, staff)
    whole = ok(api.get(path, limit=200))
    assert set(whole) == {"items", "next_cursor"} and whole["next_cursor"] is None
    assert len(whole["items"]) >= 2, path
    seen, cursor = [], None
    for _ in range(len(whole["items"]) + 1):
        body = ok(api.get(path, limit=1, **({"cursor": cursor} if cursor else {})))
        assert len(body["items"]) == 1
        seen.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == whole["items"]
    assert ok(api.get(path, cursor="gia-mao"))["items"][:1] == whole["items"][:1]  # a forged cursor: page one
    assert len(ok(api.get(path, limit=10_000))["items"]) == len(whole["items"])  # clamped, never an error
    assert ok(api.get(path, limit=0))["items"]  # the default page size


def test_filters_apply_before_paging(client, staff, officer_a, lists, group, unit_a):
    api = Caller(client, staff)
    assert [g["id"] for g in ok(api.get("/orgs/groups", unit=unit_a.pk))["items"]] == [group.pk]
    assert [u["id"] for u in ok(api.get("/orgs/units", q="so y te"))["items"]] != []
    movements = ok(api.get("/movements", q="chuyen doi so"))["items"]
    assert [m["name"] for m in movements] == ["Thi đua chuyên đề chuyển đổi số"]
    mine = ok(Caller(client, officer_a).get("/movements/registrations"))["items"]
    assert [r["unit_id"] for r in mine] == [unit_a.pk]  # scoped as before: a unit sees its own
    assert ok(api.get("/movements/registrations", unit=unit_a.pk))["items"] == mine
    assert [c["name"] for c in ok(api.get("/council/councils", q="Sở Y tế"))["items"]] == ["Hội đồng TĐKT Sở Y tế"]


def test_only_the_contract_lists_are_plain_arrays(client, db):
    document = client.get("/api/v1/openapi.json").json()
    arrays = set()
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None or path.startswith(ELSEWHERE):
            continue
        schema = get["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array":
            arrays.add(path)
    assert arrays == CONTRACT_ARRAYS
