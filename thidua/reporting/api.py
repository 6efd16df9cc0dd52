"""Report requests API (/api/v1/reporting/…): the province issues a request (recipients, form, deadline), each unit's
TĐKT officer fills and sends its report, the unit's head approves or returns it, the province accepts or returns
it, and the province downloads the compiled report (DOCX). Scoped exactly like the pages: a unit sees the requests
addressed to it and only its own reports; anything outside the user's scope is a 404. Every change is a call to
`reporting.services` (the same functions as the pages, which check the right and the state)."""

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, Detail, choices, documented, page
from thidua.core import audit
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.core.xlsx import DOCX
from thidua.orgs.models import EmulationGroup
from thidua.reporting import compile as compiler
from thidua.reporting import selectors, services
from thidua.reporting.models import (
    FieldKind,
    ReportAttachment,
    ReportRequest,
    ReportSubmission,
    ReportTemplate,
    RequestKind,
    SubmissionStatus,
)

router = Router(tags=["reporting"])

DOCX_RESPONSE = {"200": {"description": "Tệp Word (.docx)", "content": {DOCX: {}}}}
FILE_RESPONSE = {"200": {"description": "Tệp gốc", "content": {"application/octet-stream": {}}}}


class ReportFieldOut(Schema):
    key: str
    label: str
    kind: documented(FieldKind)
    required: bool


class ReportFieldIn(Schema):
    label: str = Field(max_length=300)
    kind: choices(FieldKind) = FieldKind.TEXT.value
    required: bool = False


class RequestOut(Schema):
    id: int
    kind: documented(RequestKind)
    title: str
    year: int
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    units: int
    sent: int
    late: int


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class UnitRowOut(Schema):
    id: int
    unit: str
    unit_code: str
    status: documented(SubmissionStatus)
    submitted_on: dt.date | None
    days_late: int
    return_reason: str


class RequestDetailOut(RequestOut):
    instructions: str
    template_id: int | None
    fields: list[ReportFieldOut]
    rows: list[UnitRowOut]


class RequestIn(Schema):
    kind: choices(RequestKind)
    title: str = Field(max_length=300)
    year: int = Field(ge=2000, le=2100)
    period_start: dt.date | None = None  # blank for a 6-month (01/01–30/6) or annual (01/01–31/12) review
    period_end: dt.date | None = None
    due_on: dt.date | None = None  # either a date …
    due_working_days: int | None = Field(None, ge=1, le=120)  # … or working days from today
    instructions: str = ""
    template_id: int | None = None  # the form's fields come from this template unless `fields` is given
    fields: list[ReportFieldIn] = Field(default_factory=list, max_length=60)
    all_units: bool = False  # every unit directly under the province
    groups: list[int] = Field(default_factory=list, max_length=200)  # Cụm/Khối: their current members
    units: list[str] = Field(default_factory=list, max_length=2000)  # unit codes


class RemindIn(Schema):
    submission_id: int | None = None  # one unit's report; default: every unit still owing it


class RemindOut(Schema):
    detail: str
    reminded: list[int]  # the reports reminded


class ReportAttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class SubmissionOut(Schema):
    id: int
    request_id: int
    request_title: str
    kind: documented(RequestKind)
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    unit: str
    unit_code: str
    status: documented(SubmissionStatus)
    fields: list[ReportFieldOut]
    values: dict
    summary: str
    submitted_on: dt.date | None
    days_late: int
    return_reason: str
    attachments: list[ReportAttachmentOut]
    allowed_actions: list[documented(("save", "send", "approve", "return", "accept"))]


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    next_cursor: str | None


class SubmissionIn(Schema):
    values: dict[str, str | int | float] = Field(default_factory=dict)  # field key (f1, f2…) → value
    summary: str = ""


class SubmissionStepIn(Schema):
    action: Literal["send", "approve", "return", "accept"]
    reason: str = ""  # return: why


class TemplateOut(Schema):
    id: int
    name: str
    description: str
    fields: list[ReportFieldOut]


class TemplateIn(Schema):
    name: str = Field(max_length=255)
    description: str = ""
    fields: list[ReportFieldIn] = Field(max_length=60)


def _request_out(r, units: int, sent: int, late: int) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "title": r.title,
        "year": r.year,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "due_on": r.due_on,
        "units": units,
        "sent": sent,
        "late": late,
    }


@router.get("/requests", response=RequestPage, summary="Yêu cầu báo cáo (phân trang bằng con trỏ)")
def list_requests(request, year: int | None = None, kind: choices(RequestKind) | None = None,
                  cursor: str | None = None, limit: int = 50):
    qs = selectors.requests_for(request.user)
    if year is not None:
        qs = qs.filter(year=year) if 1900 <= year <= 2100 else qs.none()
    if kind is not None:
        qs = qs.filter(kind=kind)
    result = page(qs, ["-due_on", "-id"], cursor, limit)
    return {"items": [_request_out(r, r.n_units, r.n_sent, r.n_late) for r in result.rows],
            "next_cursor": result.next_cursor}


def _request_detail(request, req) -> dict:
    rows = selectors.unit_rows(request.user, req, timezone.localdate())
    tally = selectors.tally(rows)
    return {
        **_request_out(req, tally["units"], tally["sent"], tally["late"]),
        "instructions": req.instructions,
        "template_id": req.template_id,
        "fields": req.fields,
        "rows": [
            {
                "id": s.pk,
                "unit": s.unit.name,
                "unit_code": s.unit.code,
                "status": s.status,
                "submitted_on": s.submitted_on,
                "days_late": s.late_days,
                "return_reason": s.return_reason,
            }
            for s in rows
        ],
    }


@router.get(
    "/requests/{int:request_id}",
    response={200: RequestDetailOut, 404: Detail},
    summary="Một yêu cầu báo cáo và tình hình báo cáo của từng đơn vị",
)
def get_request(request, request_id: int):
    return _request_detail(request, get_visible_or_404(ReportRequest, request.user, pk=request_id))


@router.post("/requests", response={201: RequestDetailOut, **WRITE_ERRORS},
             summary="Gửi yêu cầu báo cáo đến các đơn vị (cán bộ TĐKT tỉnh)")
def create_request(request, payload: RequestIn):
    user = request.user
    require(user, "reporting.manage_requests")
    template = None
    if payload.template_id is not None:
        template = ReportTemplate.objects.visible_to(user).filter(pk=payload.template_id).first()
        if template is None:
            raise HttpError(400, f"Không có mẫu báo cáo số {payload.template_id}.")
    groups = list(EmulationGroup.objects.filter(pk__in=payload.groups))
    missing_groups = sorted(set(payload.groups) - {g.pk for g in groups})
    if missing_groups:
        raise HttpError(400, "Không có Cụm, Khối thi đua: " + ", ".join(map(str, missing_groups)) + ".")
    codes = list(dict.fromkeys(c.strip() for c in payload.units if c.strip()))
    units = list(services.requestable_units().filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise HttpError(400, "Không có đơn vị (đang hoạt động, trực thuộc tỉnh) mã: " + ", ".join(missing) + ".")
    req = services.issue_request(
        user,
        kind=payload.kind,
        title=payload.title,
        year=payload.year,
        period_start=payload.period_start,
        period_end=payload.period_end,
        due_on=payload.due_on,
        due_working_days=payload.due_working_days,
        instructions=payload.instructions,
        template=template,
        fields=[f.dict() for f in payload.fields] or None,
        units=services.target_units(all_units=payload.all_units, groups=groups, units=units),
    )
    return Status(201, _request_detail(request, req))


@router.post("/requests/{int:request_id}/remind", response={200: RemindOut, **WRITE_ERRORS},
             summary="Nhắc các đơn vị chưa gửi báo cáo (mỗi đơn vị tối đa một lần mỗi ngày)")
def remind(request, request_id: int, payload: RemindIn):
    req = get_visible_or_404(ReportRequest, request.user, pk=request_id)
    chosen = None
    if payload.submission_id is not None:
        chosen = list(req.submissions.filter(pk=payload.submission_id))
        if not chosen:
            raise HttpError(400, "Báo cáo không thuộc yêu cầu này.")
    done = services.remind_units(request.user, req, chosen)
    return {"detail": f"Đã nhắc {len(done)} đơn vị chưa gửi báo cáo.", "reminded": [s.pk for s in done]}


class CompileQuery(Schema):
    number: str = Field("", max_length=50)  # with `issued_on`: the final document; else a draft
    issued_on: dt.date | None = None
    signer_name: str = Field("", max_length=150)
    directions: str = Field("", max_length=5000)


@router.get("/requests/{int:request_id}/report.docx", response={200: None, 403: Detail, 404: Detail},
            summary="Tải báo cáo tổng hợp của tỉnh (DOCX; dự thảo khi chưa có số và ngày)",
            openapi_extra={"responses": DOCX_RESPONSE})
def compiled_report(request, request_id: int, params: Query[CompileQuery]):
    from thidua.core.xlsx import download

    req = get_visible_or_404(ReportRequest, request.user, pk=request_id)
    require(request.user, "reporting.manage_requests")
    content = compiler.compile_docx(request.user, req, number=params.number.strip(), issued_on=params.issued_on,
                                    signer_name=params.signer_name, directions=params.directions)
    audit.record(req, "export", user=request.user, note=_("Tổng hợp báo cáo của tỉnh (DOCX)"))
    return download(content, compiler.filename(req), DOCX)


# --- a unit's report --------------------------------------------------------------------------------------------


def _allowed(user, s) -> list[str]:
    out = []
    if user.has_perm("reporting.prepare_submission", s):
        out += ["save", "send"]
    if user.has_perm("reporting.approve_submission", s):
        out += ["approve", "return"]
    if user.has_perm("reporting.review_submission", s):
        out += ["accept", "return"]
    return out


def _submission_out(user, s) -> dict:
    req = s.request
    return {
        "id": s.pk, "request_id": req.pk, "request_title": req.title, "kind": req.kind,
        "period_start": req.period_start, "period_end": req.period_end, "due_on": req.due_on,
        "unit": s.unit.name, "unit_code": s.unit.code, "status": s.status, "fields": req.fields,
        "values": s.values or {}, "summary": s.summary, "submitted_on": s.submitted_on,
        "days_late": s.days_late(), "return_reason": s.return_reason,
        "attachments": [{"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size}
                        for a in s.attachments.all()],
        "allowed_actions": _allowed(user, s),
    }


def _submission(request, pk):
    return get_visible_or_404(ReportSubmission.objects.select_related("request", "unit"), request.user, pk=pk)


class SubmissionFilter(Schema):
    request: int | None = None  # the report request's id
    status: choices(SubmissionStatus) | None = None
    unit: int | None = None  # the unit's id


@router.get("/submissions", response=SubmissionPage,
            summary="Báo cáo của các đơn vị (theo phạm vi: một đơn vị chỉ thấy báo cáo của mình)")
def list_submissions(request, filters: Query[SubmissionFilter], cursor: str | None = None, limit: int = 50):
    qs = (ReportSubmission.objects.visible_to(request.user).select_related("request", "unit")
          .prefetch_related("attachments"))
    if filters.request is not None:
        qs = qs.filter(request_id=filters.request)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    result = page(qs, ["-request_id", "id"], cursor, limit)
    return {"items": [_submission_out(request.user, s) for s in result.rows], "next_cursor": result.next_cursor}


@router.get("/submissions/{int:submission_id}", response={200: SubmissionOut, **READ_ERRORS},
            summary="Báo cáo của một đơn vị")
def get_submission(request, submission_id: int):
    return _submission_out(request.user, _submission(request, submission_id))


@router.put("/submissions/{int:submission_id}", response={200: SubmissionOut, **WRITE_ERRORS},
            summary="Đơn vị soạn báo cáo: số liệu theo các trường (f1, f2…) và nội dung (bản soạn có thể chưa đủ)")
def save_submission(request, submission_id: int, payload: SubmissionIn):
    s = _submission(request, submission_id)
    services.save_submission(request.user, s, values={k: str(v) for k, v in payload.values.items()},
                             summary=payload.summary)
    return _submission_out(request.user, _submission(request, submission_id))


@router.post("/submissions/{int:submission_id}/attachments", response={201: SubmissionOut, **WRITE_ERRORS},
             summary="Đính kèm tệp vào báo cáo đang soạn (multipart: file; PDF, Word, Excel, ảnh)")
def add_attachment(request, submission_id: int, file: File[UploadedFile]):
    s = _submission(request, submission_id)
    services.save_submission(request.user, s, values={k: str(v) for k, v in (s.values or {}).items()},
                             summary=s.summary, files=[file])
    return Status(201, _submission_out(request.user, _submission(request, submission_id)))


@router.get("/attachments/{int:attachment_id}/file", response={200: None, **READ_ERRORS},
            summary="Tải về tệp đính kèm báo cáo", openapi_extra={"responses": FILE_RESPONSE})
def download_attachment(request, attachment_id: int):
    a = get_visible_or_404(ReportAttachment.objects.select_related("report"), request.user, pk=attachment_id)
    return serve_file(a.file, filename=a.original_name, content_type=a.content_type)


@router.post("/submissions/{int:submission_id}/steps", response={200: SubmissionOut, **WRITE_ERRORS},
             summary="Trình lãnh đạo (send), lãnh đạo duyệt gửi tỉnh (approve), trả lại có lý do (return), "
                     "tỉnh tiếp nhận (accept)")
def submission_step(request, submission_id: int, payload: SubmissionStepIn):
    s = _submission(request, submission_id)
    user = request.user
    if payload.action == "send":
        services.send_for_approval(user, s)
    elif payload.action == "approve":
        services.approve(user, s)
    elif payload.action == "return":
        services.return_submission(user, s, reason=payload.reason)
    else:
        services.accept(user, s)
    return _submission_out(user, _submission(request, submission_id))


# --- templates --------------------------------------------------------------------------------------------------


def _template_out(t) -> dict:
    return {"id": t.pk, "name": t.name, "description": t.description, "fields": t.fields}


class TemplatePage(Schema):
    items: list[TemplateOut]
    next_cursor: str | None


@router.get("/templates", response={200: TemplatePage, 403: Detail},
            summary="Mẫu báo cáo (cán bộ TĐKT tỉnh; phân trang bằng con trỏ)")
def list_templates(request, cursor: str | None = None, limit: int = 50):
    require(request.user, "reporting.manage_requests")
    result = page(ReportTemplate.objects.visible_to(request.user), ["name", "id"], cursor, limit)
    return {"items": [_template_out(t) for t in result.rows], "next_cursor": result.next_cursor}


@router.post("/templates", response={201: TemplateOut, **WRITE_ERRORS}, summary="Lập mẫu báo cáo")
def create_template(request, payload: TemplateIn):
    t = services.save_template(request.user, name=payload.name, description=payload.description,
                               fields=[f.dict() for f in payload.fields])
    return Status(201, _template_out(t))


@router.put("/templates/{int:template_id}", response={200: TemplateOut, **WRITE_ERRORS}, summary="Sửa mẫu báo cáo")
def update_template(request, template_id: int, payload: TemplateIn):
    require(request.user, "reporting.manage_requests")
    template = get_visible_or_404(ReportTemplate, request.user, pk=template_id)
    t = services.save_template(request.user, name=payload.name, description=payload.description,
                               fields=[f.dict() for f in payload.fields], template=template)
    return _template_out(t)
