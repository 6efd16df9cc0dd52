"""Oversight API: inspection plans, inspections with their findings, findings, petitions; and their steps (start,
conclude, cancel an inspection, record findings, a unit's remediation report and its review, a petition's
handling). Scoped exactly like the pages (what a user cannot see is a 404 or absent from lists); petitioners'
personal data is masked for everyone but province TĐKT staff. Lists have the API's one shape (api/schemas.py):
`?cursor=…&limit=…` → `{"items": [...], "next_cursor": …}`; their XLSX exports take the same filters."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, choices, documented, page, xlsx_response
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.workdays import calendar
from thidua.core.xlsx import DOCX
from thidua.orgs.models import Unit
from thidua.oversight import services
from thidua.oversight.models import (
    Finding,
    FindingCategory,
    FindingStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Petition,
    PetitionChannel,
    PetitionKind,
    PetitionStatus,
)
from thidua.oversight.permissions import PROVINCE_ONLY

router = Router(tags=["oversight"])


class Detail(Schema):
    detail: str


class InspectionPlanOut(Schema):
    id: int
    year: int
    number: str
    issued_on: dt.date
    title: str
    issuer: str
    plan_task: dict | None


class TeamMemberOut(Schema):
    name: str
    title: str
    username: str | None


class FindingOut(Schema):
    id: int
    inspection_id: int
    inspected_unit: str
    category: documented(FindingCategory)
    category_label: str
    description: str
    recommendation: str
    responsible_unit: str
    due_on: dt.date
    status: documented(FindingStatus)
    reported_on: dt.date | None
    remedied_on: dt.date | None


class InspectionOut(Schema):
    id: int
    plan_id: int | None
    plan_number: str | None
    unit: str
    unit_code: str
    quarter: str
    planned_start: dt.date
    planned_end: dt.date
    content: str
    status: documented(InspectionStatus)
    conclusion_number: str
    conclusion_date: dt.date | None
    findings_count: int


class InspectionDetailOut(InspectionOut):
    scope: str
    decision_number: str
    decision_date: dt.date | None
    team_head: str
    team: list[TeamMemberOut]
    conclusion: str
    findings: list[FindingOut]


class PetitionOut(Schema):
    id: int
    number: str
    kind: documented(PetitionKind)
    kind_label: str
    received_on: dt.date
    channel: documented(PetitionChannel, "")
    petitioner_name: str
    petitioner_address: str
    petitioner_masked: bool
    subject_unit: str
    person_id: int | None
    dossier_id: int | None
    award_id: int | None
    summary: str
    status: documented(PetitionStatus)
    accept_by: dt.date
    accepted_on: dt.date | None
    resolve_by: dt.date | None
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    legal_basis: dict
    result: str
    decision_number: str
    decision_date: dt.date | None
    forwarded_to: str
    not_accepted_reason: str
    pending_proceeding_open: bool | None
    handler: str | None  # the username of the officer in charge


class InspectionPlanPage(Schema):
    items: list[InspectionPlanOut]
    next_cursor: str | None


class InspectionPage(Schema):
    items: list[InspectionOut]
    next_cursor: str | None


class FindingPage(Schema):
    items: list[FindingOut]
    next_cursor: str | None


class PetitionPage(Schema):
    items: list[PetitionOut]
    next_cursor: str | None


def _plan_out(p: InspectionPlan) -> dict:
    task = p.plan_task
    return {"id": p.pk, "year": p.year, "number": p.number, "issued_on": p.issued_on, "title": p.title,
            "issuer": p.issuer,
            "plan_task": {"plan": task.plan.number, "order": task.order} if task is not None else None}


def _finding_out(f: Finding) -> dict:
    return {"id": f.pk, "inspection_id": f.inspection_id, "inspected_unit": f.inspection.unit.name,
            "category": f.category, "category_label": str(f.get_category_display()), "description": f.description,
            "recommendation": f.recommendation, "responsible_unit": f.responsible_unit.name, "due_on": f.due_on,
            "status": f.effective_status, "reported_on": f.reported_on, "remedied_on": f.remedied_on}


def _inspection_out(i: Inspection) -> dict:
    return {"id": i.pk, "plan_id": i.plan_id, "plan_number": i.plan.number if i.plan_id else None,
            "unit": i.unit.name, "unit_code": i.unit.code, "quarter": i.quarter_label,
            "planned_start": i.planned_start, "planned_end": i.planned_end, "content": i.content, "status": i.status,
            "conclusion_number": i.conclusion_number, "conclusion_date": i.conclusion_date,
            "findings_count": i.n_findings if hasattr(i, "n_findings") else i.findings.count()}


def _petition_out(p: Petition, user, cal=None) -> dict:
    who = p.petitioner_for(user)
    d = p.deadlines(cal)
    return {
        "id": p.pk, "number": p.number, "kind": p.kind, "kind_label": str(p.get_kind_display()),
        "received_on": p.received_on, "channel": p.channel, "petitioner_name": who["name"],
        "petitioner_address": who["address"], "petitioner_masked": who["masked"],
        "subject_unit": p.subject_unit.name, "person_id": p.person_id, "dossier_id": p.dossier_id,
        "award_id": p.award_id, "summary": p.summary, "status": p.status, "accept_by": p.accept_by,
        "accepted_on": p.accepted_on, "resolve_by": p.resolve_by, "due_on": p.current_due_on,
        "days_left": p.days_left, "overdue": p.is_overdue,
        "legal_basis": {"accept": d.accept_basis, "resolve": d.resolve_basis, "resolve_days": d.resolve_days},
        "result": p.result, "decision_number": p.decision_number, "decision_date": p.decision_date,
        "forwarded_to": p.forwarded_to, "not_accepted_reason": p.not_accepted_reason,
        "pending_proceeding_open": p.proceeding.is_open if p.proceeding_id else None,
        "handler": p.handler.username if p.handler_id else None,
    }


def _choice(value, allowed, label):
    if value is not None and value not in allowed:
        raise HttpError(400, f"{label} không hợp lệ: dùng " + ", ".join(allowed) + ".")
    return value


def _unit(code: str | None):
    if code is None:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise HttpError(400, f"Không có đơn vị mã «{code}».")
    return unit


def _year(year: int | None) -> int | None:
    if year is not None and not 1990 <= year <= 2100:
        raise HttpError(400, gettext("Năm không hợp lệ."))
    return year


def _scope_unit(unit: int | None):
    """The unit a list is narrowed to (with the units below it): its id, as in every list of the API."""
    if unit is None:
        return None
    found = Unit.objects.filter(pk=unit).first()
    if found is None:
        raise HttpError(400, gettext("Không có đơn vị số %(n)s.") % {"n": unit})
    return found


def filtered_plans(request, year: int | None = None, q: str | None = None):
    qs = InspectionPlan.objects.visible_to(request.user).select_related("plan_task__plan")
    if _year(year) is not None:
        qs = qs.filter(year=year)
    if q and q.strip():
        qs = qs.search(q.strip()[:200])
    return qs


PLAN_ORDER = ["-year", "-id"]


@router.get("/inspection-plans", response={200: InspectionPlanPage, 400: Detail},
            summary="Kế hoạch kiểm tra (phân trang bằng con trỏ)")
def list_plans(request, year: int | None = None, q: str | None = None, cursor: str | None = None,
               limit: int = 50):
    result = page(filtered_plans(request, year, q), PLAN_ORDER, cursor, limit)
    return {"items": [_plan_out(p) for p in result.rows], "next_cursor": result.next_cursor}


QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
INSPECTION_ORDER = ["planned_start", "id"]


def filtered_inspections(request, plan: int | None = None, year: int | None = None, quarter: str | None = None,
                         status: str | None = None, unit: int | None = None, q: str | None = None):
    """The inspections the list (and its export) shows: scoped, then filtered; a bad value is a 400."""
    qs = Inspection.objects.visible_to(request.user).select_related("unit", "plan")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if _year(year) is not None:
        qs = qs.filter(planned_start__year=year)
    if _choice(quarter, list(QUARTERS), "Quý"):
        qs = qs.filter(quarter=QUARTERS[quarter])
    if _choice(status, InspectionStatus.values, "Trạng thái"):
        qs = qs.filter(status=status)
    unit_obj = _scope_unit(unit)
    if unit_obj is not None:
        qs = qs.filter(unit__path__startswith=unit_obj.path)
    if q and q.strip():
        qs = qs.search(q.strip()[:200])
    return qs


Quarter = documented(list(QUARTERS))


@router.get("/inspections", response={200: InspectionPage, 400: Detail},
            summary="Các cuộc kiểm tra (phân trang bằng con trỏ)")
def list_inspections(request, plan: int | None = None, year: int | None = None, quarter: Quarter | None = None,
                     status: documented(InspectionStatus) | None = None, unit: int | None = None,
                     q: str | None = None, cursor: str | None = None, limit: int = 50):
    from django.db.models import Count

    qs = filtered_inspections(request, plan, year, quarter, status, unit, q)
    result = page(qs.annotate(n_findings=Count("findings")), INSPECTION_ORDER, cursor, limit)
    return {"items": [_inspection_out(i) for i in result.rows], "next_cursor": result.next_cursor}


@router.get("/inspections/{int:inspection_id}", response={200: InspectionDetailOut, 404: Detail},
            summary="Một cuộc kiểm tra, đoàn kiểm tra và các tồn tại")
def get_inspection(request, inspection_id: int):
    i = get_visible_or_404(Inspection.objects.select_related("unit", "plan"), request.user, pk=inspection_id)
    findings = (Finding.objects.visible_to(request.user).filter(inspection=i)
                .select_related("inspection__unit", "responsible_unit").order_by("id"))
    return {
        **_inspection_out(i), "scope": i.scope, "decision_number": i.decision_number,
        "decision_date": i.decision_date, "team_head": i.team_head, "conclusion": i.conclusion,
        "team": [{"name": m.name, "title": m.title, "username": m.user.username if m.user_id else None}
                 for m in i.members.select_related("user")],
        "findings": [_finding_out(f) for f in findings],
    }


FINDING_ORDER = ["due_on", "id"]


def filtered_findings(request, status: str | None = None, category: str | None = None, unit: int | None = None,
                      inspection: int | None = None, year: int | None = None):
    qs = Finding.objects.visible_to(request.user).select_related("inspection__unit", "responsible_unit")
    if _choice(status, FindingStatus.values, "Tình trạng"):
        qs = qs.with_status(status)
    if _choice(category, FindingCategory.values, "Loại tồn tại"):
        qs = qs.filter(category=category)
    unit_obj = _scope_unit(unit)
    if unit_obj is not None:
        qs = qs.filter(responsible_unit__path__startswith=unit_obj.path)
    if inspection is not None:
        qs = qs.filter(inspection_id=inspection)
    if _year(year) is not None:
        qs = qs.filter(inspection__planned_start__year=year)
    return qs


@router.get("/findings", response={200: FindingPage, 400: Detail},
            summary="Tồn tại, kiến nghị sau kiểm tra (phân trang bằng con trỏ)")
def list_findings(request, status: documented(FindingStatus) | None = None,
                  category: documented(FindingCategory) | None = None, unit: int | None = None,
                  inspection: int | None = None, year: int | None = None, cursor: str | None = None,
                  limit: int = 50):
    result = page(filtered_findings(request, status, category, unit, inspection, year), FINDING_ORDER, cursor, limit)
    return {"items": [_finding_out(f) for f in result.rows], "next_cursor": result.next_cursor}


@router.get("/findings/{int:finding_id}", response={200: FindingOut, 404: Detail}, summary="Một tồn tại")
def get_finding(request, finding_id: int):
    f = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit"), request.user,
                           pk=finding_id)
    return _finding_out(f)


PETITION_ORDER = ["-received_on", "-id"]


def filtered_petitions(request, kind: str | None = None, status: str | None = None, q: str | None = None,
                       overdue: bool = False):
    qs = Petition.objects.visible_to(request.user).select_related("subject_unit", "proceeding", "handler")
    if _choice(kind, PetitionKind.values, "Loại đơn"):
        qs = qs.filter(kind=kind)
    if _choice(status, PetitionStatus.values, "Trạng thái"):
        qs = qs.filter(status=status)
    if q and q.strip():
        qs = qs.search_for(request.user, q.strip()[:200])
    if overdue:
        qs = qs.overdue()
    return qs


@router.get("/petitions", response={200: PetitionPage, 400: Detail},
            summary="Đơn thư (khiếu nại, tố cáo, kiến nghị; phân trang bằng con trỏ)")
def list_petitions(request, kind: documented(PetitionKind) | None = None,
                   status: documented(PetitionStatus) | None = None, q: str | None = None,
                   overdue: bool = False, cursor: str | None = None, limit: int = 50):
    result = page(filtered_petitions(request, kind, status, q, overdue), PETITION_ORDER, cursor, limit)
    cal = calendar()  # one read of the calendar overrides for the page, not one per petition
    return {"items": [_petition_out(p, request.user, cal) for p in result.rows], "next_cursor": result.next_cursor}


@router.get("/petitions/{int:petition_id}", response={200: PetitionOut, 404: Detail}, summary="Một đơn thư")
def get_petition(request, petition_id: int):
    p = get_visible_or_404(Petition.objects.select_related("subject_unit", "proceeding", "handler"), request.user,
                           pk=petition_id)
    return _petition_out(p, request.user)


# --- XLSX exports: the files the pages offer, with the list's filters (a 400 for a bad one), its scoping and its
# order, written and recorded in the audit log by the pages' own export functions (oversight/views.py) -----------


@router.get("/inspections/export.xlsx", response={200: None, 400: Detail},
            summary="Xuất danh sách cuộc kiểm tra ra Excel (cùng bộ lọc với danh sách)",
            openapi_extra=xlsx_response("Danh sách cuộc kiểm tra (.xlsx)"))
def export_inspections(request, plan: int | None = None, year: int | None = None, quarter: Quarter | None = None,
                       status: documented(InspectionStatus) | None = None, unit: int | None = None,
                       q: str | None = None):
    from thidua.oversight.views import inspections_file

    qs = filtered_inspections(request, plan, year, quarter, status, unit, q)
    return inspections_file(request, qs.order_by(*INSPECTION_ORDER))


@router.get("/findings/export.xlsx", response={200: None, 400: Detail},
            summary="Xuất danh sách tồn tại, kiến nghị ra Excel (cùng bộ lọc với danh sách)",
            openapi_extra=xlsx_response("Tồn tại, kiến nghị (.xlsx)"))
def export_findings(request, status: documented(FindingStatus) | None = None,
                    category: documented(FindingCategory) | None = None, unit: int | None = None,
                    inspection: int | None = None, year: int | None = None):
    from thidua.oversight.views import findings_file

    qs = filtered_findings(request, status, category, unit, inspection, year)
    return findings_file(request, qs.order_by(*FINDING_ORDER))


@router.get("/petitions/export.xlsx", response={200: None, 400: Detail},
            summary="Xuất danh sách đơn thư ra Excel (cùng bộ lọc với danh sách; người gửi che như trên trang)",
            openapi_extra=xlsx_response("Danh sách đơn thư (.xlsx)"))
def export_petitions(request, kind: documented(PetitionKind) | None = None,
                     status: documented(PetitionStatus) | None = None, q: str | None = None, overdue: bool = False):
    from thidua.oversight.views import petitions_file

    qs = filtered_petitions(request, kind, status, q, overdue)
    return petitions_file(request, qs.order_by(*PETITION_ORDER), overdue=overdue)


@router.get("/inspection-plans/{int:plan_id}/inspections.xlsx", response={200: None, **READ_ERRORS},
            summary="Xuất các cuộc kiểm tra của một kế hoạch ra Excel (như trang kế hoạch)",
            openapi_extra=xlsx_response("Các cuộc kiểm tra của kế hoạch (.xlsx)"))
def export_plan(request, plan_id: int):
    from thidua.oversight.views import plan_file

    return plan_file(request, get_visible_or_404(InspectionPlan, request.user, pk=plan_id))


# --- writes: the same services as the pages (oversight/services.py checks the right and the state) ------------


class StartIn(Schema):
    started_on: dt.date | None = None


class ConcludeIn(Schema):
    conclusion: str
    conclusion_number: str
    conclusion_date: dt.date


class ReasonIn(Schema):
    reason: str


class FindingIn(Schema):
    category: choices(FindingCategory)
    description: str
    recommendation: str
    responsible_unit: str | None = None  # a unit's code; default: the inspected unit
    due_on: dt.date | None = None  # either a date …
    working_days: int | None = None  # … or working days after the conclusion notice


class RemediationIn(Schema):
    note: str


class FindingReviewIn(Schema):
    accept: bool
    note: str = ""
    remedied_on: dt.date | None = None


class PetitionStepIn(Schema):
    action: Literal["accept", "reject", "start", "extend", "resolve", "forward", "assign"]
    on: dt.date | None = None  # accepted on / rejected on / forwarded on
    note: str = ""  # the reason (reject, extend), or a note
    result: str = ""  # resolve: the result
    decision_number: str = ""  # resolve: the resolving document
    decision_date: dt.date | None = None
    to: str = ""  # forward: the competent body
    handler: str = ""  # assign: the username of the province TĐKT officer put in charge


def _inspection(request, pk) -> Inspection:
    return get_visible_or_404(Inspection.objects.select_related("unit", "plan"), request.user, pk=pk)


@router.post("/inspections/{int:inspection_id}/start", response={200: InspectionDetailOut, **WRITE_ERRORS},
             summary="Bắt đầu cuộc kiểm tra")
def start_inspection(request, inspection_id: int, payload: StartIn):
    services.start_inspection(request.user, _inspection(request, inspection_id), payload.started_on)
    return get_inspection(request, inspection_id)


@router.post("/inspections/{int:inspection_id}/conclude", response={200: InspectionDetailOut, **WRITE_ERRORS},
             summary="Ghi thông báo kết luận kiểm tra")
def conclude_inspection(request, inspection_id: int, payload: ConcludeIn):
    services.conclude_inspection(request.user, _inspection(request, inspection_id), conclusion=payload.conclusion,
                                 conclusion_number=payload.conclusion_number, conclusion_date=payload.conclusion_date)
    return get_inspection(request, inspection_id)


@router.post("/inspections/{int:inspection_id}/cancel", response={200: InspectionDetailOut, **WRITE_ERRORS},
             summary="Hủy cuộc kiểm tra chưa tiến hành (ghi lý do)")
def cancel_inspection(request, inspection_id: int, payload: ReasonIn):
    services.cancel_inspection(request.user, _inspection(request, inspection_id), payload.reason)
    return get_inspection(request, inspection_id)


@router.post("/inspections/{int:inspection_id}/findings", response={201: FindingOut, **WRITE_ERRORS},
             summary="Ghi một tồn tại, hạn chế và kiến nghị khắc phục")
def create_finding(request, inspection_id: int, payload: FindingIn):
    inspection = _inspection(request, inspection_id)
    responsible = _unit(payload.responsible_unit) if payload.responsible_unit else None
    finding = services.save_finding(request.user, inspection, None, category=payload.category,
                                    description=payload.description, recommendation=payload.recommendation,
                                    responsible_unit=responsible, due_on=payload.due_on,
                                    working_days=payload.working_days)
    return Status(201, get_finding(request, finding.pk))


@router.post("/findings/{int:finding_id}/remediation", response={201: FindingOut, **WRITE_ERRORS},
             summary="Đơn vị báo cáo kết quả khắc phục")
def report_remediation(request, finding_id: int, payload: RemediationIn):
    finding = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit"),
                                 request.user, pk=finding_id)
    services.report_remediation(request.user, finding, note=payload.note)
    return Status(201, get_finding(request, finding_id))


@router.post("/findings/{int:finding_id}/review", response={200: FindingOut, **WRITE_ERRORS},
             summary="Xác nhận đã khắc phục (accept) hoặc yêu cầu tiếp tục khắc phục (ghi lý do)")
def review_finding(request, finding_id: int, payload: FindingReviewIn):
    finding = get_visible_or_404(Finding, request.user, pk=finding_id)
    services.review_finding(request.user, finding, accept=payload.accept, note=payload.note,
                            remedied_on=payload.remedied_on)
    return get_finding(request, finding_id)


@router.post("/petitions/{int:petition_id}/steps", response={200: PetitionOut, **WRITE_ERRORS},
             summary="Xử lý đơn thư: thụ lý, không thụ lý, giải quyết, gia hạn, có kết quả, chuyển đơn, giao cán bộ xử lý")
def petition_step(request, petition_id: int, payload: PetitionStepIn):
    p = get_visible_or_404(Petition.objects.select_related("subject_unit", "proceeding", "handler"), request.user,
                           pk=petition_id)
    user, action = request.user, payload.action
    if action == "accept":
        services.accept_petition(user, p, payload.on, payload.note)
    elif action == "reject":
        services.reject_petition(user, p, reason=payload.note, on=payload.on)
    elif action == "start":
        services.start_resolving(user, p, payload.note)
    elif action == "extend":
        services.extend_petition(user, p, note=payload.note)
    elif action == "resolve":
        services.resolve_petition(user, p, result=payload.result, decision_number=payload.decision_number,
                                  decision_date=payload.decision_date)
    elif action == "assign":
        handler = services.handler_candidates().filter(username=payload.handler.strip()).first()
        if handler is None:
            raise HttpError(400, "Chỉ giao đơn cho cán bộ TĐKT cấp tỉnh đang làm việc (handler = tên đăng nhập).")
        services.assign_petition(user, p, handler, note=payload.note)
    else:
        services.forward_petition(user, p, to=payload.to, on=payload.on, note=payload.note)
    return get_petition(request, petition_id)


# --- creating and editing: inspection plans, inspections (unit, dates, team), findings, petitions ---------------


class InspectionPlanIn(Schema):
    year: int
    number: str = Field(max_length=50)  # e.g. 88/KH-HĐTĐKT
    issued_on: dt.date
    title: str = Field(max_length=300)
    issuer: str = Field("", max_length=255)  # default: Hội đồng Thi đua - Khen thưởng tỉnh
    signer: str = Field("", max_length=150)
    purpose: str = ""
    plan_task_id: int | None = None  # the task of the province's year plan it carries out


class TeamMemberIn(Schema):
    username: str | None = None  # a province account …
    name: str = Field("", max_length=150)  # … or a name (someone without an account)
    title: str = Field("", max_length=200)


class InspectionIn(Schema):
    plan_id: int | None = None  # none: an unplanned (đột xuất) inspection
    unit: str  # the inspected unit's code
    planned_start: dt.date
    planned_end: dt.date
    quarter: Literal["I", "II", "III", "IV"] | None = None  # default: the quarter of planned_start
    content: str
    scope: str = Field("", max_length=300)
    decision_number: str = Field("", max_length=50)
    decision_date: dt.date | None = None
    plan_task_id: int | None = None
    team_head_username: str | None = None  # the head of the team, an account …
    team_head: str = Field("", max_length=150)  # … or a name
    team: list[TeamMemberIn] = Field(default_factory=list, max_length=50)


class ViolationIn(Schema):
    action: Literal["mark", "clear"]
    person_id: int | None = None  # mark: the person concerned (default: the responsible unit's collective)
    on: dt.date | None = None  # mark: noted on; clear: concluded on (default: today)
    note: str = ""  # mark: the sign of violation; clear: the result of verifying it (required)


class PetitionIn(Schema):
    kind: choices(PetitionKind)
    received_on: dt.date
    channel: choices(PetitionChannel) = PetitionChannel.DIRECT.value
    forwarded_by: str = Field("", max_length=255)  # required when channel = transferred
    petitioner_name: str = Field("", max_length=150)
    petitioner_address: str = Field("", max_length=300)
    petitioner_phone: str = Field("", max_length=30)
    subject_unit: str  # the code of the unit complained about, denounced or petitioned about
    person_id: int | None = None
    dossier_id: int | None = None
    award_id: int | None = None
    summary: str = Field(max_length=500)
    content: str = ""
    complex_case: bool = False
    remote_area: bool = False  # complaints only (Luật Khiếu nại 2011 Art 28)


def _plan_task(pk):
    if pk is None:
        return None
    task = services.plan_task_choices().filter(pk=pk).first()
    if task is None:
        raise HttpError(400, f"Không có nhiệm vụ số {pk} trong kế hoạch công tác năm của tỉnh.")
    return task


def _team_user(username: str | None, candidates):
    if not username:
        return None
    user = candidates.filter(username=username).first()
    if user is None:
        raise HttpError(400, f"«{username}» không phải tài khoản cán bộ cấp tỉnh đang làm việc.")
    return user


@router.get("/inspection-plans/{int:plan_id}", response={200: InspectionPlanOut, 404: Detail},
            summary="Một kế hoạch kiểm tra")
def get_plan(request, plan_id: int):
    return _plan_out(get_visible_or_404(InspectionPlan.objects.select_related("plan_task__plan"), request.user,
                                        pk=plan_id))


def _save_plan(request, plan, payload: InspectionPlanIn):
    saved = services.save_inspection_plan(
        request.user, plan, year=payload.year, number=payload.number.strip(), issued_on=payload.issued_on,
        title=payload.title, issuer=payload.issuer.strip(), signer=payload.signer.strip(),
        purpose=payload.purpose.strip(), plan_task=_plan_task(payload.plan_task_id))
    return get_plan(request, saved.pk)


@router.post("/inspection-plans", response={201: InspectionPlanOut, **WRITE_ERRORS}, summary="Lập kế hoạch kiểm tra")
def create_plan(request, payload: InspectionPlanIn):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    return Status(201, _save_plan(request, None, payload))


@router.put("/inspection-plans/{int:plan_id}", response={200: InspectionPlanOut, **WRITE_ERRORS},
            summary="Sửa kế hoạch kiểm tra")
def update_plan(request, plan_id: int, payload: InspectionPlanIn):
    plan = get_visible_or_404(InspectionPlan, request.user, pk=plan_id)
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    return _save_plan(request, plan, payload)


def _save_inspection(request, inspection, payload: InspectionIn):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    plan = None
    if payload.plan_id is not None:
        plan = InspectionPlan.objects.visible_to(request.user).filter(pk=payload.plan_id).first()
        if plan is None:
            raise HttpError(400, f"Không có kế hoạch kiểm tra số {payload.plan_id}.")
    candidates = services.team_candidates()
    members = []
    for m in payload.team:
        user = _team_user(m.username, candidates)
        if user is None and not m.name.strip():
            raise HttpError(400, "Mỗi thành viên đoàn cần tài khoản (username) hoặc họ tên (name).")
        members.append({"user": user, "name": m.name.strip() or (user.display_name if user else ""),
                        "title": m.title.strip()})
    saved = services.save_inspection(
        request.user, inspection, unit=_unit(payload.unit), planned_start=payload.planned_start,
        planned_end=payload.planned_end, content=payload.content, plan=plan,
        plan_task=_plan_task(payload.plan_task_id),
        quarter={"I": 1, "II": 2, "III": 3, "IV": 4}.get(payload.quarter) if payload.quarter else None,
        scope=payload.scope.strip(), decision_number=payload.decision_number.strip(),
        decision_date=payload.decision_date, team_head=payload.team_head.strip(),
        team_head_user=_team_user(payload.team_head_username, candidates), members=members)
    return get_inspection(request, saved.pk)


@router.post("/inspections", response={201: InspectionDetailOut, **WRITE_ERRORS},
             summary="Lập cuộc kiểm tra (theo kế hoạch hoặc đột xuất): đơn vị, thời gian, nội dung, đoàn kiểm tra")
def create_inspection(request, payload: InspectionIn):
    return Status(201, _save_inspection(request, None, payload))


@router.put("/inspections/{int:inspection_id}", response={200: InspectionDetailOut, **WRITE_ERRORS},
            summary="Sửa cuộc kiểm tra chưa kết thúc (thay cả đoàn kiểm tra)")
def update_inspection(request, inspection_id: int, payload: InspectionIn):
    return _save_inspection(request, _inspection(request, inspection_id), payload)


@router.get("/inspections/{int:inspection_id}/notice.docx", response={200: None, 400: Detail, 404: Detail},
            summary="Tải thông báo kết luận kiểm tra (DOCX; dự thảo khi chưa có số và ngày)",
            openapi_extra={"responses": {"200": {"description": "Tệp Word (.docx)",
                                                 "content": {DOCX: {}}}}})
def inspection_notice(request, inspection_id: int):
    from django.utils.translation import gettext as _

    from thidua.core import audit
    from thidua.core.xlsx import download
    from thidua.oversight import notice

    i = _inspection(request, inspection_id)
    if i.status not in (InspectionStatus.IN_PROGRESS, InspectionStatus.CONCLUDED):
        raise HttpError(400, "Chỉ lập thông báo kết luận cho cuộc kiểm tra đang tiến hành hoặc đã kết luận.")
    findings = (Finding.objects.visible_to(request.user).filter(inspection=i)
                .select_related("responsible_unit").order_by("id"))
    data = notice.conclusion_notice_docx(i, findings)
    audit.record(i, "export", user=request.user, note=_("Tải thông báo kết luận kiểm tra (DOCX)."))
    return download(data, notice.filename(i), DOCX)


@router.put("/findings/{int:finding_id}", response={200: FindingOut, **WRITE_ERRORS},
            summary="Sửa một tồn tại chưa được xác nhận khắc phục")
def update_finding(request, finding_id: int, payload: FindingIn):
    finding = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit"),
                                 request.user, pk=finding_id)
    responsible = _unit(payload.responsible_unit) if payload.responsible_unit else None
    services.save_finding(request.user, finding.inspection, finding, category=payload.category,
                          description=payload.description, recommendation=payload.recommendation,
                          responsible_unit=responsible, due_on=payload.due_on, working_days=payload.working_days)
    return get_finding(request, finding_id)


@router.post("/findings/{int:finding_id}/violation", response={200: FindingOut, **WRITE_ERRORS},
             summary="Ghi nhận dấu hiệu vi phạm (mark: tạm dừng xét khen thưởng) hoặc kết thúc xem xét (clear)")
def finding_violation(request, finding_id: int, payload: ViolationIn):
    from thidua.orgs.models import Person

    finding = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit",
                                                                "proceeding"), request.user, pk=finding_id)
    if payload.action == "clear":
        services.clear_finding_violation(request.user, finding, closed_on=payload.on, note=payload.note)
    else:
        person = None
        if payload.person_id is not None:
            person = Person.objects.visible_to(request.user).filter(pk=payload.person_id).select_related(
                "unit").first()
            if person is None:
                raise HttpError(400, f"Không có cá nhân số {payload.person_id}.")
        services.mark_finding_violation(request.user, finding, person=person, opened_on=payload.on,
                                        note=payload.note)
    return get_finding(request, finding_id)


@router.get("/evidence/{int:evidence_id}/file", response={200: None, 404: Detail},
            summary="Tải về tệp minh chứng khắc phục",
            openapi_extra={"responses": {"200": {"description": "Tệp gốc",
                                                 "content": {"application/octet-stream": {}}}}})
def evidence_download(request, evidence_id: int):
    from thidua.core.uploads import serve_file
    from thidua.oversight.models import RemediationFile

    evidence = get_visible_or_404(RemediationFile.objects.select_related("report"), request.user, pk=evidence_id)
    return serve_file(evidence.file, filename=evidence.original_name, content_type=evidence.content_type,
                      missing="Tệp minh chứng không còn trên máy chủ.")


def _linked(model, user, pk, label):
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise HttpError(400, f"Không có {label} số {pk}.")
    return obj


def _save_petition(request, petition, payload: PetitionIn):
    from thidua.awards.models import Award
    from thidua.dossiers.models import Dossier
    from thidua.orgs.models import Person

    user = request.user
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    fields = {
        "kind": payload.kind, "received_on": payload.received_on, "channel": payload.channel,
        "forwarded_by": payload.forwarded_by.strip(), "petitioner_name": payload.petitioner_name.strip(),
        "petitioner_address": payload.petitioner_address.strip(),
        "petitioner_phone": services.clean_phone(payload.petitioner_phone),
        "subject_unit": _unit(payload.subject_unit), "person": _linked(Person, user, payload.person_id, "cá nhân"),
        "dossier": _linked(Dossier, user, payload.dossier_id, "hồ sơ"),
        "award": _linked(Award, user, payload.award_id, "khen thưởng"), "summary": payload.summary.strip(),
        "content": payload.content.strip(), "complex_case": payload.complex_case, "remote_area": payload.remote_area,
    }
    saved = services.save_petition(user, petition, **fields)
    return get_petition(request, saved.pk)


@router.post("/petitions", response={201: PetitionOut, **WRITE_ERRORS},
             summary="Tiếp nhận đơn thư (hạn thụ lý, hạn giải quyết tính theo loại đơn như trên trang)")
def create_petition(request, payload: PetitionIn):
    return Status(201, _save_petition(request, None, payload))


@router.put("/petitions/{int:petition_id}", response={200: PetitionOut, **WRITE_ERRORS},
            summary="Sửa đơn đang xử lý (hạn được tính lại)")
def update_petition(request, petition_id: int, payload: PetitionIn):
    p = get_visible_or_404(Petition.objects.select_related("subject_unit", "proceeding", "handler"), request.user,
                           pk=petition_id)
    return _save_petition(request, p, payload)


@router.post("/findings/{int:finding_id}/remediation-report", response={201: FindingOut, **WRITE_ERRORS},
             summary="Đơn vị báo cáo kết quả khắc phục kèm tệp minh chứng (multipart: note, files; PDF, Word, "
                     "Excel, ảnh)")
def report_remediation_with_files(request, finding_id: int, note: Form[str], files: File[list[UploadedFile]] = None):
    finding = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit"),
                                 request.user, pk=finding_id)
    services.report_remediation(request.user, finding, note=note, files=list(files or []))
    return Status(201, get_finding(request, finding_id))
