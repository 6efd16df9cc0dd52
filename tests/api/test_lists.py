"""Every list of the API has one shape (issue #15, docs/contracts.md §3 "Lists"): `?cursor=…&limit=…` →
`{"items": [...], "next_cursor": …}`, pages that join up to the whole list without repeats, `limit` clamped to
1..200 (default 50), a forged cursor read as the first page, beside the page only single values summing it up,
filters named alike (`unit` and `year` are numbers, `q` is text, codes list their values). The only plain arrays are
the contract of DESIGN.md §4.3 (`/plans`, `/plans/{id}/tasks`).

The list operations are found in the OpenAPI document, not listed here: a new list in another shape fails."""

import datetime as dt
import json

import pytest

from tests.api.test_journey import Caller, ok
from tests.media import media_root  # noqa: F401 (autouse: exemplars and trainings may write files)
from thidua.movements.models import Movement, Registration
from thidua.movements.services import TitleRow, save_registration

API = "/api/v1"
# Plain arrays on purpose: DESIGN.md §4.3 (programs outside the repository read them as arrays).
CONTRACT_ARRAYS = {"/api/v1/plans", "/api/v1/plans/{plan_id}/tasks"}
# What marks an answer or a request as a list (in whatever shape).
LIST_FIELDS = {"items", "results", "next", "next_cursor", "data"}
PAGING_PARAMS = {"cursor", "after", "limit", "offset", "page", "page_size", "per_page", "size"}
# Parameters a list must not use: one cursor (`cursor`) and one page size (`limit`) everywhere.
OTHER_PAGING = PAGING_PARAMS - {"cursor", "limit"}
NUMBER_FILTERS = {"unit", "year", "person", "plan", "inspection", "movement", "dossier", "request", "group",
                  "rubric", "nomination", "parent"}
CODE_FILTERS = {"status", "state", "kind", "category", "level", "medium", "recipient_kind", "gender", "quarter"}


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _types(schema) -> set:
    if "anyOf" in schema:
        return {t for part in schema["anyOf"] for t in _types(part)}
    return {schema.get("type")} if "type" in schema else set()


def _enum(schema) -> list | None:
    if "enum" in schema:
        return schema["enum"]
    for part in schema.get("anyOf", []):
        if "enum" in part:
            return part["enum"]
    return None


def list_operations(document):
    """(path, operation, the 200 answer's schema) of every GET that answers a list (or pages one)."""
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        content = get["responses"].get("200", {}).get("content", {})
        if "application/json" not in content:
            continue
        schema = _resolve(document, content["application/json"].get("schema", {}))
        params = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        if (schema.get("type") == "array" or LIST_FIELDS & set(schema.get("properties", {}))
                or PAGING_PARAMS & params):
            yield path, get, schema


@pytest.fixture(scope="module")
def document():
    from thidua.api.urls import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def test_the_audit_finds_the_lists(document):
    found = {path for path, _op, _schema in list_operations(document)}
    assert CONTRACT_ARRAYS <= found
    assert {"/api/v1/oversight/inspection-plans", "/api/v1/oversight/petitions", "/api/v1/outreach/public/exemplars",
            "/api/v1/outreach/public/legal-documents", "/api/v1/notifications", "/api/v1/dossiers"} <= found
    assert len(found) >= 35


def test_every_list_has_the_one_shape(document):
    problems = []
    for path, operation, schema in list_operations(document):
        if path in CONTRACT_ARRAYS:
            assert schema.get("type") == "array", path
            continue
        props = schema.get("properties", {})
        if schema.get("type") != "object" or not {"items", "next_cursor"} <= set(props):
            problems.append(f"{path}: answers {sorted(props) or schema.get('type')}, not {{items, next_cursor}}")
            continue
        if not {"items", "next_cursor"} <= set(schema.get("required", [])):
            problems.append(f"{path}: items and next_cursor must always be present")
        if _types(_resolve(document, props["items"])) != {"array"}:
            problems.append(f"{path}: items is not an array")
        if _types(props["next_cursor"]) != {"string", "null"}:
            problems.append(f"{path}: next_cursor is not a string or null")
        for name, prop in props.items():  # beside the page, only single values summing it up (unread, total…)
            if name in ("items", "next_cursor"):
                continue
            if name in LIST_FIELDS | PAGING_PARAMS | {"previous", "prev", "count_estimate", "rows"}:
                problems.append(f"{path}: `{name}` beside the page (paging is `items` and `next_cursor`)")
            elif _types(_resolve(document, prop)) & {"array", "object"} or "properties" in _resolve(document, prop):
                problems.append(f"{path}: `{name}` beside the page is a list or an object, not a single value")
        params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        if "cursor" not in params or _types(params["cursor"]["schema"]) - {"string", "null"}:
            problems.append(f"{path}: no `cursor` (string) parameter")
        limit = params.get("limit", {}).get("schema", {})
        if _types(limit) != {"integer"} or limit.get("default") != 50:
            problems.append(f"{path}: `limit` must be an integer, default 50")
        for name, param in params.items():
            types = _types(param["schema"]) - {"null"}
            if name in OTHER_PAGING:
                problems.append(f"{path}: `{name}` (paging is `cursor` and `limit`)")
            elif name.endswith("_id"):
                problems.append(f"{path}: `{name}` (a filter is named after its field: `{name[:-3]}`)")
            elif name in NUMBER_FILTERS and types != {"integer"}:
                problems.append(f"{path}: `{name}` must be an id or a year (integer), is {types}")
            elif name == "q" and types != {"string"}:
                problems.append(f"{path}: `q` must be text")
            elif name in CODE_FILTERS and not _enum(param["schema"]):
                problems.append(f"{path}: `{name}` does not list its values")
    assert not problems, "\n".join(problems)


def _plain_lists(document):
    return sorted(path for path, _op, _schema in list_operations(document)
                  if path not in CONTRACT_ARRAYS and "{" not in path)


def test_every_list_pages_and_clamps(client, staff, lists, document):
    """Each list without a path parameter, called for real (signed in, or not for the public ones): a page of one,
    a limit far too large or zero, a forged cursor — never an error, always the shape."""
    api = Caller(client, staff)
    paths = _plain_lists(document)
    assert len(paths) >= 30
    for path in paths:
        short = path.removeprefix(API)
        whole = ok(api.get(short, limit=200))
        assert set(whole) >= {"items", "next_cursor"}, path
        one = ok(api.get(short, limit=1))
        assert len(one["items"]) == min(1, len(whole["items"])), path
        assert (one["next_cursor"] is not None) == (len(whole["items"]) > 1), path
        assert len(ok(api.get(short, limit=10_000))["items"]) == len(whole["items"]), path  # clamped, not refused
        assert ok(api.get(short, limit=0))["items"][:1] == whole["items"][:1], path  # the default page
        assert ok(api.get(short, cursor="gia-mao"))["items"][:1] == whole["items"][:1], path  # forged: page one


@pytest.fixture
def lists(group, other_group, council, staff, officer_a, officer_b, unit_a, unit_b, year2025, province):
    from tests.outreach.factories import make_congress, make_exemplar, make_legal, make_training
    from thidua.dossiers.models import Council
    from thidua.outreach import services as outreach
    from thidua.oversight import services as oversight

    for name in ("Phong trào thi đua yêu nước năm 2025", "Thi đua chuyên đề chuyển đổi số",
                 "Thi đua cải cách hành chính"):
        Movement.objects.create(name=name, kind="thematic", period=year2025, lead_unit=province,
                                start=year2025.start, end=year2025.end)
    for officer, unit in ((officer_a, unit_a), (officer_b, unit_b)):
        save_registration(Registration(unit=unit, period=year2025, targets="Chỉ tiêu"), [TitleRow("TTLDXS")],
                          user=officer)
    Council.objects.create(name="Hội đồng TĐKT Sở Y tế", unit=unit_b)
    for year, number in ((2024, "41/KH-HĐTĐKT"), (2025, "88/KH-HĐTĐKT")):
        plan = oversight.save_inspection_plan(staff, None, year=year, number=number, issued_on=dt.date(year, 5, 12),
                                              title=f"Kế hoạch kiểm tra năm {year}")
        for unit in (unit_a, unit_b):
            inspection = oversight.save_inspection(
                staff, None, plan=plan, unit=unit, planned_start=dt.date(year, 9, 8), planned_end=dt.date(year, 9, 10),
                content="Kiểm tra việc thực hiện pháp luật về thi đua, khen thưởng", team_head="Đỗ Minh Tuấn")
            oversight.start_inspection(staff, inspection, dt.date(year, 9, 8))
            oversight.save_finding(staff, inspection, None, category="over_ratio", description="Tỷ lệ vượt 15%",
                                   recommendation="Rà soát quy chế", due_on=dt.date(year, 12, 31))
    for unit in (unit_a, unit_b):
        oversight.save_petition(staff, None, kind="recommendation", received_on=dt.date.today() - dt.timedelta(days=3),
                                subject_unit=unit, summary="Kiến nghị về việc bình xét")
    for title, year in (("Cô giáo vùng khó giữ lửa nghề", 2025), ("Mô hình dân vận khéo", 2024)):
        outreach.publish_exemplar(staff, make_exemplar(officer_a, unit_a, None, title=title, year=year))
    make_legal(staff)
    make_legal(staff, number="152/2025/NĐ-CP", issued_on=dt.date(2025, 6, 14), effective_on=dt.date(2025, 7, 1))
    for start in (dt.date(2025, 8, 14), dt.date(2025, 10, 2)):
        make_training(staff, province, start=start, end=start)
    make_congress(staff)
    make_congress(staff, level="province", name="Đại hội Thi đua yêu nước tỉnh lần thứ VI")


PATHS = ["/orgs/units", "/orgs/groups", "/awards/catalogue", "/movements", "/movements/registrations",
         "/council/councils", "/oversight/inspection-plans", "/oversight/inspections", "/oversight/findings",
         "/oversight/petitions", "/outreach/public/exemplars", "/outreach/public/legal-documents",
         "/outreach/exemplars", "/outreach/trainings", "/outreach/congresses", "/reports/statistics-forms"]


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


def test_public_lists_page_without_signing_in(client, lists):
    for path in ("/outreach/public/exemplars", "/outreach/public/legal-documents"):
        first = ok(client.get(API + path, {"limit": 1}))
        second = ok(client.get(API + path, {"limit": 1, "cursor": first["next_cursor"]}))
        assert first["items"] and second["items"] and first["items"] != second["items"]


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
    # The oversight and outreach lists filter the same way: a unit by its id, a year, a code, a text.
    inspections = ok(api.get("/oversight/inspections", unit=unit_a.pk, year=2025, limit=1))
    assert [i["unit_code"] for i in inspections["items"]] == [unit_a.code] and inspections["next_cursor"] is None
    assert [p["year"] for p in ok(api.get("/oversight/inspection-plans", year=2024))["items"]] == [2024]
    assert len(ok(api.get("/oversight/findings", year=2025, category="over_ratio"))["items"]) == 2
    assert [t["start"] for t in ok(api.get("/outreach/trainings", year=2025, limit=1))["items"]] == ["2025-10-02"]
    assert [c["level"] for c in ok(api.get("/outreach/congresses", level="province"))["items"]] == ["province"]
    assert [e["year"] for e in ok(client.get(API + "/outreach/public/exemplars", {"year": 2024}))["items"]] == [2024]
    refused = api.get("/oversight/findings", unit=999999)
    assert refused.status_code == 400 and "Không có đơn vị" in refused.json()["detail"]
