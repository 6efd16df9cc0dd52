"""Oversight API: inspection plans, inspections with their findings, findings, petitions; and their steps (start,
conclude, cancel an inspection, record findings, a unit's remediation report and its review, a petition's
handling). Scoped exactly like the pages (what a user cannot see is a 404 or absent from lists); petitioners'
personal data is masked for everyone but province TĐKT staff. Lists are keyset-paginated: pass `cursor` (or `after`)
= the previous answer's `next_cursor` (or `next`)."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import WRITE_ERRORS, choices, documented
from thidua.core.pagination import keyset_page
from thidua.core.scoping import get_visible_or_404
from thidua.core.workdays import calendar
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

router = Router(tags=["oversight"])
PAGE = 100


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


class Page(Schema):
    results: list
    next: str | None
    next_cursor: str | None = None  # the same cursor, under the name the other lists use


class InspectionPage(Page):
    results: list[InspectionOut]


class FindingPage(Page):
    results: list[FindingOut]


class PetitionPage(Page):
    results: list[PetitionOut]


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


@router.get("/inspection-plans", response=list[InspectionPlanOut], summary="Kế hoạch kiểm tra")
def list_plans(request, year: int | None = None):
    qs = InspectionPlan.objects.visible_to(request.user).select_related("plan_task__plan")
    if year is not None:
        qs = qs.filter(year=year) if 1990 <= year <= 2100 else qs.none()
    return [_plan_out(p) for p in qs]


@router.get("/inspections", response={200: InspectionPage, 400: Detail}, summary="Các cuộc kiểm tra")
def list_inspections(request, plan: int | None = None, year: int | None = None, quarter: str | None = None,
                     status: documented(InspectionStatus) | None = None, unit: str | None = None,
                     after: str | None = None, cursor: str | None = None):
    from django.db.models import Count

    qs = Inspection.objects.visible_to(request.user).select_related("unit", "plan")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if year is not None:
        if not 1990 <= year <= 2100:
            raise HttpError(400, "Năm không hợp lệ.")
        qs = qs.filter(planned_start__year=year)
    if quarter is not None:
        roman = {"I": 1, "II": 2, "III": 3, "IV": 4}
        _choice(quarter, list(roman), "Quý")
        qs = qs.filter(quarter=roman[quarter])
    if _choice(status, InspectionStatus.values, "Trạng thái"):
        qs = qs.filter(status=status)
    unit_obj = _unit(unit)
    if unit_obj is not None:
        qs = qs.filter(unit__path__startswith=unit_obj.path)
    page = keyset_page(qs.annotate(n_findings=Count("findings")), ["planned_start", "id"], cursor or after,
                       size=PAGE)
    return {"results": [_inspection_out(i) for i in page.rows], "next": page.next_cursor,
            "next_cursor": page.next_cursor}


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


@router.get("/findings", response={200: FindingPage, 400: Detail}, summary="Tồn tại, kiến nghị sau kiểm tra")
def list_findings(request, status: documented(FindingStatus) | None = None, unit: str | None = None,
                  inspection: int | None = None,
                  after: str | None = None, cursor: str | None = None):
    qs = Finding.objects.visible_to(request.user).select_related("inspection__unit", "responsible_unit")
    if _choice(status, FindingStatus.values, "Tình trạng"):
        qs = qs.with_status(status)
    unit_obj = _unit(unit)
    if unit_obj is not None:
        qs = qs.filter(responsible_unit__path__startswith=unit_obj.path)
    if inspection is not None:
        qs = qs.filter(inspection_id=inspection)
    page = keyset_page(qs, ["due_on", "id"], cursor or after, size=PAGE)
    return {"results": [_finding_out(f) for f in page.rows], "next": page.next_cursor,
            "next_cursor": page.next_cursor}


@router.get("/findings/{int:finding_id}", response={200: FindingOut, 404: Detail}, summary="Một tồn tại")
def get_finding(request, finding_id: int):
    f = get_visible_or_404(Finding.objects.select_related("inspection__unit", "responsible_unit"), request.user,
                           pk=finding_id)
    return _finding_out(f)


@router.get("/petitions", response={200: PetitionPage, 400: Detail}, summary="Đơn thư (khiếu nại, tố cáo, kiến nghị)")
def list_petitions(request, kind: documented(PetitionKind) | None = None,
                   status: documented(PetitionStatus) | None = None, q: str | None = None,
                   overdue: bool = False, after: str | None = None, cursor: str | None = None):
    qs = Petition.objects.visible_to(request.user).select_related("subject_unit", "proceeding")
    if _choice(kind, PetitionKind.values, "Loại đơn"):
        qs = qs.filter(kind=kind)
    if _choice(status, PetitionStatus.values, "Trạng thái"):
        qs = qs.filter(status=status)
    if q:
        qs = qs.search_for(request.user, q)
    if overdue:
        qs = qs.overdue()
    page = keyset_page(qs, ["-received_on", "-id"], cursor or after, size=PAGE)
    cal = calendar()  # one read of the calendar overrides for the page, not one per petition
    return {"results": [_petition_out(p, request.user, cal) for p in page.rows], "next": page.next_cursor,
            "next_cursor": page.next_cursor}


@router.get("/petitions/{int:petition_id}", response={200: PetitionOut, 404: Detail}, summary="Một đơn thư")
def get_petition(request, petition_id: int):
    p = get_visible_or_404(Petition.objects.select_related("subject_unit", "proceeding"), request.user, pk=petition_id)
    return _petition_out(p, request.user)


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
    action: Literal["accept", "reject", "start", "extend", "resolve", "forward"]
    on: dt.date | None = None  # accepted on / rejected on / forwarded on
    note: str = ""  # the reason (reject, extend), or a note
    result: str = ""  # resolve: the result
    decision_number: str = ""  # resolve: the resolving document
    decision_date: dt.date | None = None
    to: str = ""  # forward: the competent body


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
             summary="Xử lý đơn thư: thụ lý, không thụ lý, giải quyết, gia hạn, có kết quả, chuyển đơn")
def petition_step(request, petition_id: int, payload: PetitionStepIn):
    p = get_visible_or_404(Petition.objects.select_related("subject_unit", "proceeding"), request.user, pk=petition_id)
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
    else:
        services.forward_petition(user, p, to=payload.to, on=payload.on, note=payload.note)
    return get_petition(request, petition_id)
