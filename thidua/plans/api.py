"""Plans API (DESIGN.md §4.3): plans by number, a plan's appendix tasks in order, status changes and progress
reports; creating a province plan (with its appendix), editing its heading, adding, editing and deleting tasks.
Scoped exactly like the pages (what a user cannot see is a 404); every change goes through plans/services.py.

`GET /plans` and `GET /plans/{id}/tasks` answer plain arrays: that shape is the contract of DESIGN.md §4.3, which
programs outside this repository call (docs/contracts.md §3)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import WRITE_ERRORS, documented, page
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


@router.get("", response=list[PlanOut],
            summary="Danh sách kế hoạch (lọc theo số, năm, đơn vị ban hành, từ khóa; mảng — DESIGN.md §4.3)")
def list_plans(request, number: str | None = None, year: int | None = None, unit: int | None = None,
               q: str | None = None):
    qs = Plan.objects.visible_to(request.user)
    if number is not None:
        qs = qs.filter(number=Plan.normalize_number(number))
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if q:
        qs = qs.search(q)
    return list(qs.order_by("-year", "number", "id"))


@router.get("/{int:plan_id}", response={200: PlanDetailOut, 404: Detail}, summary="Một kế hoạch với các mục")
def get_plan(request, plan_id: int):
    return _plan_detail(get_visible_or_404(Plan, request.user, pk=plan_id))


def _plan_detail(plan: Plan) -> dict:
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


class ProgressReportPage(Schema):
    items: list[ProgressReportOut]
    next_cursor: str | None


@router.get("/{int:plan_id}/tasks/{int:order}/reports", response={200: ProgressReportPage, 404: Detail},
            summary="Báo cáo tiến độ của một nhiệm vụ (mới nhất trước, phân trang bằng con trỏ)")
def list_reports(request, plan_id: int, order: int, cursor: str | None = None, limit: int = 50):
    from thidua.plans.models import ProgressReport

    task = _task(request, plan_id, order)
    reports = ProgressReport.objects.visible_to(request.user).filter(task=task).select_related("unit")
    result = page(reports, ["-created_at", "-id"], cursor, limit)
    return {"items": [_report_out(r) for r in result.rows], "next_cursor": result.next_cursor}


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


# --- writes ------------------------------------------------------------------------------------------------------


class AppendixRowIn(Schema):
    order: int
    content: str
    lead: str = ""  # the lead unit cell as written ("Sở Nội vụ"); linked to a unit when the name is known
    coordinating: str = ""  # the co-ordinators cell, parts separated by ";"
    schedule: str  # "Quý I,II"


class PlanIn(Schema):
    number: str  # "196/KH-UBND"
    title: str
    issued_on: dt.date
    place: str = ""
    issuer: str
    unit_id: int  # the issuing unit
    year: int
    signer: str = ""
    signer_title: str = ""
    preamble: str = ""
    closing: str = ""
    recipients: str = ""
    appendix_title: str = ""
    tasks: list[AppendixRowIn] = []  # the appendix, in one go (or later with POST …/tasks)


class PlanPatch(Schema):
    number: str | None = None
    title: str | None = None
    issued_on: dt.date | None = None
    place: str | None = None
    issuer: str | None = None
    unit_id: int | None = None
    year: int | None = None
    signer: str | None = None
    signer_title: str | None = None
    preamble: str | None = None
    closing: str | None = None
    recipients: str | None = None
    appendix_title: str | None = None


class PlanTaskIn(Schema):
    content: str
    schedule: str  # "Quý I,II": the due date is the end of the last quarter of the plan's year
    lead_unit_text: str = ""
    coordinating_text: str = ""
    lead_unit_id: int | None = None
    coordinating_unit_ids: list[int] = []
    order: int | None = None  # default: after the last task


class PlanTaskPatch(Schema):
    content: str | None = None
    schedule: str | None = None
    lead_unit_text: str | None = None
    coordinating_text: str | None = None
    lead_unit_id: int | None = None
    coordinating_unit_ids: list[int] | None = None
    order: int | None = None


def _unit(unit_id: int | None, what: str = "đơn vị") -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(400, f"Không có {what} mã số {unit_id} trong danh mục.")
    return unit


def _units(ids: list[int]) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=set(ids)))
    if len(units) != len(set(ids)):
        raise HttpError(400, "Có cơ quan phối hợp không có trong danh mục.")
    return units


@router.post("", response={201: PlanDetailOut, **WRITE_ERRORS},
             summary="Tạo kế hoạch của tỉnh (cán bộ TĐKT tỉnh), có thể kèm phụ lục nhiệm vụ")
def create_plan(request, payload: PlanIn):
    fields = payload.dict(exclude={"tasks", "unit_id"})
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    fields["unit"] = _unit(payload.unit_id, "đơn vị ban hành")
    rows = [services.TaskRow(order=t.order, content=t.content.strip(), lead=t.lead.strip(),
                             coordinating=t.coordinating.strip(), schedule=t.schedule.strip()) for t in payload.tasks]
    try:
        plan = services.create_plan(request.user, fields=fields, rows=rows)
    except ValidationError as exc:
        _bad_request(exc)
    return Status(201, _plan_detail(plan))


@router.patch("/{int:plan_id}", response={200: PlanDetailOut, **WRITE_ERRORS},
              summary="Sửa phần đầu kế hoạch (chỉ các trường gửi lên)")
def update_plan(request, plan_id: int, payload: PlanPatch):
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    for key, value in payload.dict(exclude_unset=True).items():
        if key == "unit_id":
            if value is not None:
                plan.unit = _unit(value, "đơn vị ban hành")
        elif value is not None:
            setattr(plan, key, value.strip() if isinstance(value, str) else value)
    try:
        services.update_plan(request.user, plan)
    except ValidationError as exc:
        _bad_request(exc)
    return _plan_detail(plan)


class SectionIn(Schema):
    level: Literal[1, 2, 3]  # 1: "I.", 2: "1.", 3: "a)"
    label: str = ""  # "I", "1", "a"
    title: str = ""
    body: str = ""


class SectionsIn(Schema):
    sections: list[SectionIn]


@router.put("/{int:plan_id}/sections", response={200: PlanDetailOut, **WRITE_ERRORS},
            summary="Thay toàn bộ các mục nội dung của kế hoạch (theo thứ tự gửi lên)")
def replace_sections(request, plan_id: int, payload: SectionsIn):
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    rows = [s.dict() for s in payload.sections if s.title.strip() or s.body.strip()]
    try:
        services.replace_sections(request.user, plan, rows)
    except ValidationError as exc:
        _bad_request(exc)
    return _plan_detail(plan)


def _save_task(request, plan: Plan, task: PlanTask | None, data: dict) -> PlanTask:
    try:
        return services.save_task(
            request.user, plan, task, content=data["content"] or "", schedule=(data["schedule"] or "").strip(),
            lead_unit_text=data["lead_unit_text"] or "", coordinating_text=data["coordinating_text"] or "",
            lead_unit=_unit(data["lead_unit_id"]), coordinating_units=_units(data["coordinating_unit_ids"] or []),
            order=data["order"],
        )
    except ValidationError as exc:
        _bad_request(exc)


@router.post("/{int:plan_id}/tasks", response={201: TaskOut, **WRITE_ERRORS}, summary="Thêm nhiệm vụ vào phụ lục")
def add_task(request, plan_id: int, payload: PlanTaskIn):
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    return Status(201, task_out(_save_task(request, plan, None, payload.dict())))


@router.patch("/{int:plan_id}/tasks/{int:order}", response={200: TaskOut, **WRITE_ERRORS},
              summary="Sửa nhiệm vụ (chỉ các trường gửi lên; order: đổi số thứ tự)")
def update_task(request, plan_id: int, order: int, payload: PlanTaskPatch):
    task = _task(request, plan_id, order)
    data = {
        "content": task.content, "schedule": task.schedule_text, "lead_unit_text": task.lead_unit_text,
        "coordinating_text": task.coordinating_text, "lead_unit_id": task.lead_unit_id,
        "coordinating_unit_ids": list(task.coordinating_units.values_list("pk", flat=True)), "order": None,
    }
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None or key == "lead_unit_id":
            data[key] = value
    return task_out(_save_task(request, task.plan, task, data))


@router.delete("/{int:plan_id}/tasks/{int:order}", response={200: Detail, **WRITE_ERRORS},
               summary="Xóa nhiệm vụ (chưa có báo cáo tiến độ)")
def delete_task(request, plan_id: int, order: int):
    task = _task(request, plan_id, order)
    try:
        services.delete_task(request.user, task)
    except ValidationError as exc:
        _bad_request(exc)
    return {"detail": f"Đã xóa nhiệm vụ {order}."}
