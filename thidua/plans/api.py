"""Plans API (DESIGN.md §4.3): plans by number, a plan's appendix tasks in order, status changes and progress
reports. Scoped exactly like the pages: what a user cannot see is a 404."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import documented
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import Unit
from thidua.plans import services
from thidua.plans.models import Plan, PlanTask, TaskStatus
from thidua.plans.quarters import ROMAN

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issued_on: dt.date
    issuer: str


class SectionOut(Schema):
    level: int
    label: str
    title: str
    body: str


class PlanDetailOut(PlanOut):
    year: int
    signer: str
    parent_id: int | None
    preamble: str
    closing: str
    sections: list[SectionOut]


class TaskOut(Schema):
    order: int
    content: str
    lead_unit: str
    coordinating_units: list[str]
    quarters: list[str]
    status: documented(TaskStatus)
    due_on: dt.date


class StatusIn(Schema):
    status: documented(TaskStatus)
    completed_on: dt.date | None = None
    note: str = ""


class ProgressReportIn(Schema):
    note: str
    percent: int | None = None
    status: documented(TaskStatus, "") = ""
    completed_on: dt.date | None = None


class ProgressReportOut(Schema):
    id: int
    unit: str
    author: str
    created_at: dt.datetime
    percent: int | None
    status: documented(TaskStatus, "")
    note: str


class Detail(Schema):
    detail: str


def task_out(task: PlanTask) -> dict:
    return {
        "order": task.order,
        "content": task.content,
        "lead_unit": task.lead_unit_text,
        "coordinating_units": task.coordinating_list,
        "quarters": task.quarters,
        "status": task.effective_status,
        "due_on": task.due_on,
    }


def _bad_request(exc: ValidationError):
    raise HttpError(400, " ".join(exc.messages))


@router.get("", response=list[PlanOut], summary="Danh sách kế hoạch (lọc theo số, năm)")
def list_plans(request, number: str | None = None, year: int | None = None):
    qs = Plan.objects.visible_to(request.user)
    if number is not None:
        qs = qs.filter(number=Plan.normalize_number(number))
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs.order_by("-year", "number", "id"))


@router.get("/{int:plan_id}", response={200: PlanDetailOut, 404: Detail}, summary="Một kế hoạch với các mục")
def get_plan(request, plan_id: int):
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    return {
        "id": plan.pk, "number": plan.number, "title": plan.title, "issued_on": plan.issued_on,
        "issuer": plan.issuer, "year": plan.year, "signer": plan.signer, "parent_id": plan.parent_id,
        "preamble": plan.preamble, "closing": plan.closing,
        "sections": [{"level": s.level, "label": s.label, "title": s.title, "body": s.body} for s in plan.sections.all()],
    }


@router.get("/{int:plan_id}/tasks", response={200: list[TaskOut], 400: Detail, 404: Detail},
            summary="Nhiệm vụ phụ lục của kế hoạch, theo thứ tự")
def list_tasks(request, plan_id: int, quarter: documented(ROMAN) | None = None, status: documented(TaskStatus) | None = None,
               lead_unit: str | None = None):
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    qs = PlanTask.objects.visible_to(request.user).filter(plan=plan)
    if quarter is not None:
        if quarter not in ROMAN:
            raise HttpError(400, "Quý không hợp lệ: dùng I, II, III hoặc IV.")
        qs = qs.in_quarter(quarter)
    if status is not None:
        if status not in TaskStatus.values:
            raise HttpError(400, "Trạng thái không hợp lệ: dùng " + ", ".join(TaskStatus.values) + ".")
        qs = qs.with_status(status)
    if lead_unit is not None:
        unit = Unit.objects.filter(code=lead_unit).first()
        if unit is None:
            raise HttpError(400, f"Không có đơn vị mã «{lead_unit}».")
        qs = qs.filter(lead_unit=unit)
    tasks = qs.with_effective_status().order_by("order")
    return [task_out(t) for t in tasks]


def _task(request, plan_id: int, order: int) -> PlanTask:
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    return get_object_or_404(PlanTask.objects.visible_to(request.user).select_related("plan"), plan=plan, order=order)


@router.post("/{int:plan_id}/tasks/{int:order}/status",
             response={200: TaskOut, 400: Detail, 403: Detail, 404: Detail}, summary="Đổi trạng thái nhiệm vụ")
def set_status(request, plan_id: int, order: int, payload: StatusIn):
    task = _task(request, plan_id, order)
    if payload.status not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE):
        raise HttpError(400, "Trạng thái không hợp lệ: dùng not_started, in_progress hoặc done.")
    try:
        services.change_status(request.user, task, payload.status, completed_on=payload.completed_on,
                               note=payload.note)
    except ValidationError as exc:
        _bad_request(exc)
    return task_out(task)


@router.get("/{int:plan_id}/tasks/{int:order}/reports", response={200: list[ProgressReportOut], 404: Detail},
            summary="Báo cáo tiến độ của một nhiệm vụ")
def list_reports(request, plan_id: int, order: int):
    from thidua.plans.models import ProgressReport

    task = _task(request, plan_id, order)
    reports = ProgressReport.objects.visible_to(request.user).filter(task=task).select_related("unit")
    return [_report_out(r) for r in reports]


def _report_out(r) -> dict:
    return {"id": r.pk, "unit": r.unit.name, "author": r.author_name, "created_at": r.created_at,
            "percent": r.percent, "status": r.status, "note": r.note}


@router.post("/{int:plan_id}/tasks/{int:order}/reports",
             response={201: ProgressReportOut, 400: Detail, 403: Detail, 404: Detail}, summary="Báo cáo tiến độ")
def create_report(request, plan_id: int, order: int, payload: ProgressReportIn):
    task = _task(request, plan_id, order)
    if payload.status and payload.status not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE):
        raise HttpError(400, "Trạng thái không hợp lệ: dùng not_started, in_progress hoặc done.")
    try:
        report = services.report_progress(request.user, task, note=payload.note, percent=payload.percent,
                                          status=payload.status, completed_on=payload.completed_on)
    except ValidationError as exc:
        _bad_request(exc)
    return Status(201, _report_out(report))
