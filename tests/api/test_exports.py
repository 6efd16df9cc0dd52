"""The XLSX exports the oversight and outreach pages offer, through the API (issue #15): the list's filters (a bad one
is a 400 `{"detail"}`), the caller's scope (an object outside it is a 404), the file the page's export button gives
(the same export function writes it) and the same line in the audit log."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.api.test_journey import Caller
from tests.media import media_root  # noqa: F401 (autouse: outreach services may write files)
from tests.outreach.factories import make_congress, make_delegation, make_exemplar, make_training
from thidua.core.models import AuditEntry
from thidua.core.xlsx import XLSX
from thidua.outreach import services as outreach
from thidua.oversight import services as oversight


@pytest.fixture
def world(staff, officer_a, unit_a, unit_b, province):
    plan = oversight.save_inspection_plan(staff, None, year=2025, number="88/KH-HĐTĐKT", issued_on=dt.date(2025, 5, 12),
                                          title="Kế hoạch kiểm tra công tác thi đua, khen thưởng năm 2025")
    for unit, start in ((unit_a, dt.date(2025, 9, 8)), (unit_b, dt.date(2024, 10, 6))):
        inspection = oversight.save_inspection(
            staff, None, plan=plan if start.year == 2025 else None, unit=unit, planned_start=start, planned_end=start + dt.timedelta(days=2),
            content=f"Kiểm tra {unit.name}", team_head="Đỗ Minh Tuấn")
        oversight.start_inspection(staff, inspection, start)
        oversight.save_finding(staff, inspection, None, category="over_ratio", description=f"Tồn tại ở {unit.name}",
                               recommendation="Rà soát quy chế", due_on=dt.date(2025, 12, 31))
    for unit in (unit_a, unit_b):
        oversight.save_petition(staff, None, kind="complaint", received_on=dt.date.today() - dt.timedelta(days=2),
                                petitioner_name="Trần Thị Bình", subject_unit=unit, summary=f"Khiếu nại về {unit.name}")
    make_exemplar(officer_a, unit_a, None, title="Mô hình dân vận khéo")  # a draft: its unit and the province see it
    outreach.publish_exemplar(staff, make_exemplar(officer_a, unit_a, None, title="Cô giáo vùng khó", year=2024))
    training = make_training(staff, province)
    delegation = make_delegation(staff, make_congress(staff), province)
    return {"plan": plan, "training": training, "delegation": delegation}


def _rows(response, header: str) -> list[list]:
    """The data rows of the file's first sheet: those after the row starting with `header`."""
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows, started = [], False
    for row in sheet.iter_rows(values_only=True):
        if started and any(v not in (None, "") for v in row):
            rows.append(list(row))
        started = started or (bool(row) and row[0] == header)
    return rows


def _is_xlsx(response, stem: str):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'filename="{stem}' in disposition and disposition.endswith('.xlsx"')


EXPORTS = [  # (API path, page URL name, file name stem, a filter of the API)
    ("/oversight/inspections/export.xlsx", "oversight:inspection_export", "cuoc-kiem-tra", {"year": 2025}),
    ("/oversight/findings/export.xlsx", "oversight:finding_export", "ton-tai-kien-nghi", {"category": "over_ratio"}),
    ("/oversight/petitions/export.xlsx", "oversight:petition_export", "don-thu", {"kind": "complaint"}),
    ("/outreach/exemplars/export.xlsx", "outreach:exemplar_export", "dien-hinh-tien-tien", {"year": 2025}),
    ("/outreach/trainings/export.xlsx", "outreach:training_list_export", "tap-huan-nghiep-vu", {"status": "planned"}),
]


@pytest.mark.parametrize(("path", "page", "stem", "params"), EXPORTS)
def test_list_exports_are_the_pages_file_and_recorded(client, staff, world, path, page, stem, params):
    api = Caller(client, staff)
    before = AuditEntry.objects.filter(action="export").count()
    response = api.get(path, **params)
    _is_xlsx(response, stem)
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert AuditEntry.objects.filter(action="export").count() == before + 1 and entry.actor_id == staff.pk
    client.force_login(staff)
    on_page = client.get(reverse(page))
    _is_xlsx(on_page, stem)
    assert AuditEntry.objects.filter(action="export").latest("id").note == entry.note  # the same line in the log
    if not params:
        return
    header = "TT" if path.startswith("/oversight/findings") or path.startswith("/oversight/petitions") else "STT"
    unfiltered = _rows(api.get(path), header)
    filtered = _rows(response, header)
    assert filtered and len(filtered) <= len(unfiltered)
    # Same columns as the page's file (the page's export function writes both).
    assert len(filtered[0]) == len(_rows(on_page, header)[0])


def test_filters_narrow_the_file_and_bad_ones_are_refused(client, staff, world, unit_a):
    api = Caller(client, staff)
    everything = _rows(api.get("/oversight/inspections/export.xlsx"), "STT")
    mine = _rows(api.get("/oversight/inspections/export.xlsx", unit=unit_a.pk), "STT")
    assert len(everything) == 2 and [r[1] for r in mine] == [unit_a.name]
    assert _rows(api.get("/oversight/inspections/export.xlsx", year=2024), "STT")[0][1] != unit_a.name
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.changes["filters"] == {"year": "2024"} and entry.changes["rows"] == 1  # recorded as cut
    for path, params, words in (
        ("/oversight/inspections/export.xlsx", {"quarter": "V"}, "Quý không hợp lệ"),
        ("/oversight/findings/export.xlsx", {"unit": 999999}, "Không có đơn vị"),
        ("/oversight/petitions/export.xlsx", {"status": "xyz"}, "Trạng thái không hợp lệ"),
        ("/outreach/exemplars/export.xlsx", {"sector": "space"}, "Lĩnh vực không hợp lệ"),
        ("/outreach/trainings/export.xlsx", {"status": "xyz"}, "Trạng thái không hợp lệ"),
        ("/outreach/report.xlsx", {"start": "2025-12-31", "end": "2025-01-01"}, "Ngày kết thúc"),
    ):
        refused = api.get(path, **params)
        assert refused.status_code == 400 and words in refused.json()["detail"], (path, refused.content)
    assert api.get("/oversight/inspections/export.xlsx", year="abc").status_code == 422


def test_files_hold_only_what_the_caller_sees(client, officer_a, officer_b, world, unit_a):
    a, b = Caller(client, officer_a), Caller(client, officer_b)
    assert [r[1] for r in _rows(a.get("/oversight/inspections/export.xlsx"), "STT")] == [unit_a.name]
    assert _rows(b.get("/oversight/findings/export.xlsx"), "TT") != _rows(a.get("/oversight/findings/export.xlsx"), "TT")
    assert len(_rows(a.get("/outreach/exemplars/export.xlsx"), "STT")) == 2  # its draft and its published one
    for caller in (a, b):  # the file holds what the caller's list holds
        listed = caller.get("/outreach/exemplars", limit=200).json()["items"]
        assert [r[2] for r in _rows(caller.get("/outreach/exemplars/export.xlsx"), "STT")] == [e["title"] for e in listed]
    petitions = _rows(b.get("/oversight/petitions/export.xlsx"), "TT")
    assert petitions == [] or all("Bình" not in str(r[4]) for r in petitions)  # a unit never reads the sender


def test_object_exports(client, staff, officer_b, world):
    api = Caller(client, staff)
    plan, training, delegation = world["plan"], world["training"], world["delegation"]
    before = AuditEntry.objects.filter(action="export").count()
    _is_xlsx(api.get(f"/oversight/inspection-plans/{plan.pk}/inspections.xlsx"), f"ke-hoach-kiem-tra-2025-{plan.pk}")
    _is_xlsx(api.get(f"/outreach/trainings/{training.pk}/attendees.xlsx"), f"hoc-vien-tap-huan-{training.pk}")
    _is_xlsx(api.get(f"/outreach/delegations/{delegation.pk}/delegates.xlsx"), f"doan-dai-bieu-{delegation.pk}")
    _is_xlsx(api.get("/outreach/report.xlsx", start="2025-01-01", end="2025-12-31"), "bao-cao-kh90-20250101-20251231")
    logged = AuditEntry.objects.filter(action="export").order_by("id")[before:]
    assert [(e.model, e.object_id) for e in logged] == [
        ("oversight.InspectionPlan", str(plan.pk)), ("outreach.Training", str(training.pk)),
        ("outreach.Delegation", str(delegation.pk)), ("", "")]
    for path in ("/oversight/inspection-plans/999999/inspections.xlsx", "/outreach/trainings/999999/attendees.xlsx",
                 "/outreach/delegations/999999/delegates.xlsx"):
        missing = Caller(client, officer_b).get(path)
        assert missing.status_code == 404 and missing.json()["detail"], path
    assert client.get("/api/v1/outreach/report.xlsx").status_code == 401
