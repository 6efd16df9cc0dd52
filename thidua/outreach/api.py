"""Outreach API (/api/v1/outreach/…). The `public/…` endpoints need no login and serve exactly what the public pages
show (published exemplars without personal data, public library texts). The others are scoped like the pages: a
unit officer sees its own unit's proposals, attendees and nominations; what a user cannot see is a 404. Exemplar
photos and the legal library's texts are uploaded, downloaded and removed through the same services as the pages
(outreach/services.py; the files are checked by their bytes in outreach/uploads.py)."""

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thidua.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Detail,
    choices,
    documented,
    form_data,
    page,
    xlsx_response,
)
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import Person, Unit
from thidua.outreach import selectors, services
from thidua.outreach.forms import people_for, units_for
from thidua.outreach.models import (
    Congress,
    CongressHonouree,
    Delegate,
    Delegation,
    Exemplar,
    LegalDocument,
    MediaCoverage,
    Sector,
    Training,
    TrainingAttendee,
    TrainingMaterial,
)
from thidua.outreach.public_views import published_exemplars

router = Router(tags=["outreach"])


def _choice(value, choices, what):
    if value is None:
        return None
    if value not in choices:
        raise HttpError(400, f"{what} không hợp lệ ({', '.join(choices)}).")
    return value


def _filtered(qs, q=None, choices=(), *, year=None, year_lookup="year"):
    """Search by `q`, filter on each (field, value, choices, what) — a value outside the choices is a 400 naming
    the filter — and on `year_lookup` when a year is given."""
    if q:
        qs = qs.search(q[:200])
    for field, value, allowed, what in choices:
        if _choice(value, allowed.values, what):
            qs = qs.filter(**{field: value})
    if year is not None:
        qs = qs.filter(**{year_lookup: year})
    return qs


# Public -----------------------------------------------------------------------------------------------------------


class CoverageOut(Schema):
    outlet: str
    medium: str
    published_on: dt.date
    title: str
    url: str


class PublicExemplarOut(Schema):
    id: int
    kind: documented(Exemplar.Kind)
    category: documented(Exemplar.Category)
    title: str
    name: str
    position: str
    unit: str
    sector: str
    sector_name: str
    year: int
    summary: str
    movement: str | None
    published_on: dt.date | None
    photo_url: str | None
    url: str


class PublicExemplarDetailOut(PublicExemplarOut):
    story: list[str]
    coverage: list[CoverageOut]


class ExemplarFilter(Schema):
    q: str | None = None
    sector: str | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    kind: documented(Exemplar.Kind) | None = None
    category: documented(Exemplar.Category) | None = None


def _public_exemplar(ex: Exemplar) -> dict:
    return {
        "id": ex.pk, "kind": ex.kind, "category": ex.category, "title": ex.title, "name": ex.display_name,
        "position": ex.subject_position, "unit": ex.unit.name, "sector": ex.sector,
        "sector_name": str(ex.get_sector_display()), "year": ex.year, "summary": ex.summary,
        "movement": ex.movement.name if ex.movement_id else None,
        "published_on": ex.published_at.date() if ex.published_at else None,
        "photo_url": reverse("outreach_public:exemplar_photo", args=[ex.pk]) if ex.photo else None,
        "url": reverse("outreach_public:exemplar_detail", args=[ex.pk]),
    }


def _filter_exemplars(qs, f: ExemplarFilter):
    return _filtered(qs, f.q, [("sector", f.sector, Sector, "Lĩnh vực"), ("kind", f.kind, Exemplar.Kind, "Đối tượng"),
                               ("category", f.category, Exemplar.Category, "Loại điển hình")], year=f.year)


class PublicExemplarPage(Schema):
    items: list[PublicExemplarOut]
    next_cursor: str | None


@router.get("/public/exemplars", auth=None, response=PublicExemplarPage,
            summary="Điển hình tiên tiến đã công bố (công khai, không cần đăng nhập; phân trang bằng con trỏ)")
def public_exemplars(request, filters: Query[ExemplarFilter], cursor: str | None = None, limit: int = 50):
    result = page(_filter_exemplars(published_exemplars(), filters), ["-year", "-id"], cursor, limit)
    return {"items": [_public_exemplar(e) for e in result.rows], "next_cursor": result.next_cursor}


@router.get("/public/exemplars/{int:exemplar_id}", auth=None, response=PublicExemplarDetailOut,
            summary="Chi tiết điển hình đã công bố (công khai)")
def public_exemplar(request, exemplar_id: int):
    ex = published_exemplars().filter(pk=exemplar_id).first()
    if ex is None:
        raise HttpError(404, "Không tìm thấy điển hình.")
    out = _public_exemplar(ex)
    out["story"] = ex.paragraphs
    out["coverage"] = [{"outlet": c.outlet, "medium": c.medium, "published_on": c.published_on, "title": c.title,
                        "url": c.url} for c in ex.coverage.order_by("-published_on", "-id")]
    return out


class LegalOut(Schema):
    id: int
    number: str
    kind: documented(LegalDocument.Kind)
    kind_name: str
    issuer: str
    issued_on: dt.date
    effective_on: dt.date | None
    title: str
    status: documented(LegalDocument.Status)
    expired_on: dt.date | None
    replaced_by: str | None
    has_file: bool
    download_url: str | None


class LegalDetailOut(LegalOut):
    summary: str


class LegalFilter(Schema):
    q: str | None = None
    kind: documented(LegalDocument.Kind) | None = None
    status: documented(LegalDocument.Status) | None = None
    year: int | None = Field(None, ge=1900, le=2100)


def _legal(d: LegalDocument) -> dict:
    return {
        "id": d.pk, "number": d.number, "kind": d.kind, "kind_name": str(d.get_kind_display()), "issuer": d.issuer,
        "issued_on": d.issued_on, "effective_on": d.effective_on, "title": d.title, "status": d.status,
        "expired_on": d.expired_on,
        "replaced_by": d.replaced_by.number if d.replaced_by_id and d.replaced_by.is_public else None,
        "has_file": bool(d.file),
        "download_url": reverse("outreach_public:legal_download", args=[d.pk]) if d.file else None,
    }


class LegalPage(Schema):
    items: list[LegalOut]
    next_cursor: str | None


@router.get("/public/legal-documents", auth=None, response=LegalPage,
            summary="Thư viện văn bản về thi đua, khen thưởng (công khai; phân trang bằng con trỏ)")
def public_legal_documents(request, filters: Query[LegalFilter], cursor: str | None = None, limit: int = 50):
    qs = _filtered(LegalDocument.objects.public().select_related("replaced_by"), filters.q,
                   [("kind", filters.kind, LegalDocument.Kind, "Loại văn bản"),
                    ("status", filters.status, LegalDocument.Status, "Tình trạng hiệu lực")],
                   year=filters.year, year_lookup="issued_on__year")
    result = page(qs, ["-issued_on", "-id"], cursor, limit)
    return {"items": [_legal(d) for d in result.rows], "next_cursor": result.next_cursor}


@router.get("/public/legal-documents/{int:document_id}", auth=None, response=LegalDetailOut,
            summary="Chi tiết văn bản (công khai)")
def public_legal_document(request, document_id: int):
    d = LegalDocument.objects.public().select_related("replaced_by").filter(pk=document_id).first()
    if d is None:
        raise HttpError(404, "Không tìm thấy văn bản.")
    return {**_legal(d), "summary": d.summary}


# Signed-in --------------------------------------------------------------------------------------------------------


class ExemplarOut(Schema):
    id: int
    unit: str
    unit_id: int
    kind: documented(Exemplar.Kind)
    category: documented(Exemplar.Category)
    title: str
    name: str
    sector: documented(Sector)
    year: int
    status: documented(Exemplar.Status)
    reject_reason: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    has_photo: bool  # the photo: GET …/exemplars/{id}/photo


class ScopedExemplarFilter(ExemplarFilter):
    status: documented(Exemplar.Status) | None = None


EXEMPLAR_ORDER = ["-year", "-id"]


def _scoped_exemplars(request, filters: ScopedExemplarFilter):
    qs = Exemplar.objects.visible_to(request.user).select_related("unit", "person", "collective")
    return _filtered(_filter_exemplars(qs, filters), choices=[("status", filters.status, Exemplar.Status, "Trạng thái")])


class ExemplarPage(Schema):
    items: list[ExemplarOut]
    next_cursor: str | None


@router.get("/exemplars", response=ExemplarPage,
            summary="Điển hình (theo phạm vi của người dùng, phân trang bằng con trỏ)")
def list_exemplars(request, filters: Query[ScopedExemplarFilter], cursor: str | None = None, limit: int = 50):
    result = page(_scoped_exemplars(request, filters), EXEMPLAR_ORDER, cursor, limit)
    return {"items": [_exemplar_out(e) for e in result.rows], "next_cursor": result.next_cursor}


def _exemplar_out(e: Exemplar) -> dict:
    return {
        "id": e.pk, "unit": e.unit.name, "unit_id": e.unit_id, "kind": e.kind, "category": e.category,
        "title": e.title, "name": e.display_name, "sector": e.sector, "year": e.year, "status": e.status,
        "reject_reason": e.reject_reason, "submitted_at": e.submitted_at, "published_at": e.published_at,
        "has_photo": bool(e.photo),
    }


class TrainingOut(Schema):
    id: int
    title: str
    organiser: str
    start: dt.date
    end: dt.date
    venue: str
    status: documented(Training.Status)
    registration_deadline: dt.date | None


class UnitCountOut(Schema):
    unit_id: int
    unit: str
    seats: int | None
    registered: int
    attended: int
    absent: int


class AttendeeOut(Schema):
    id: int
    person: str
    position: str
    unit: str
    attended: bool | None


class TrainingMaterialOut(Schema):
    id: int
    kind: documented(TrainingMaterial.Kind)
    title: str
    name: str
    content_type: str
    size: int


class TrainingDetailOut(TrainingOut):
    audience: str
    agenda: str
    by_unit: list[UnitCountOut]
    attendees: list[AttendeeOut]
    materials: list[TrainingMaterialOut]


def _training(t: Training) -> dict:
    return {"id": t.pk, "title": t.title, "organiser": t.organiser.name, "start": t.start, "end": t.end,
            "venue": t.venue, "status": t.status, "registration_deadline": t.registration_deadline}


class TrainingPage(Schema):
    items: list[TrainingOut]
    next_cursor: str | None


class TrainingFilter(Schema):
    q: str | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    status: documented(Training.Status) | None = None


TRAINING_ORDER = ["-start", "-id"]


def _scoped_trainings(request, f: TrainingFilter):
    return _filtered(Training.objects.visible_to(request.user).select_related("organiser"), f.q,
                     [("status", f.status, Training.Status, "Trạng thái")], year=f.year, year_lookup="start__year")


@router.get("/trainings", response=TrainingPage, summary="Lớp tập huấn nghiệp vụ (phân trang bằng con trỏ)")
def list_trainings(request, filters: Query[TrainingFilter], cursor: str | None = None, limit: int = 50):
    result = page(_scoped_trainings(request, filters), TRAINING_ORDER, cursor, limit)
    return {"items": [_training(t) for t in result.rows], "next_cursor": result.next_cursor}


@router.get("/trainings/{int:training_id}", response=TrainingDetailOut,
            summary="Chi tiết lớp tập huấn: tổng hợp theo đơn vị và học viên (theo phạm vi)")
def get_training(request, training_id: int):
    t = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    attendees = (TrainingAttendee.objects.visible_to(request.user).filter(training=t)
                 .select_related("person", "unit").order_by("unit__sort_key", "sort_key", "id"))
    return {
        **_training(t), "audience": t.audience, "agenda": t.agenda,
        "by_unit": [{"unit_id": r.unit_id, "unit": r.unit_name, "seats": r.seats, "registered": r.registered,
                     "attended": r.attended, "absent": r.absent} for r in selectors.training_summary(t, request.user)],
        "attendees": [{"id": a.pk, "person": a.person.full_name, "position": a.person.position, "unit": a.unit.name,
                       "attended": a.attended} for a in attendees],
        "materials": [{"id": m.pk, "kind": m.kind, "title": m.title, "name": m.original_name,
                       "content_type": m.content_type, "size": m.size} for m in t.materials.all()],
    }


class CongressOut(Schema):
    id: int
    level: documented(Congress.Level)
    name: str
    term: str
    start: dt.date
    end: dt.date
    venue: str
    organiser: str
    delegations: list[int]


class CongressPage(Schema):
    items: list[CongressOut]
    next_cursor: str | None


@router.get("/congresses", response=CongressPage, summary="Đại hội thi đua yêu nước (phân trang bằng con trỏ)")
def list_congresses(request, q: str | None = None, level: documented(Congress.Level) | None = None,
                    cursor: str | None = None, limit: int = 50):
    qs = _filtered(Congress.objects.visible_to(request.user).select_related("organiser")
                   .prefetch_related("delegations"), q, [("level", level, Congress.Level, "Cấp")])
    result = page(qs, ["-start", "-id"], cursor, limit)
    return {"items": [{"id": c.pk, "level": c.level, "name": c.name, "term": c.term, "start": c.start, "end": c.end,
                       "venue": c.venue, "organiser": c.organiser_label,
                       "delegations": [d.pk for d in c.delegations.all()]} for c in result.rows],
            "next_cursor": result.next_cursor}


class DelegateOut(Schema):
    id: int
    person: str
    gender: documented(Person.Gender)
    direct_worker: bool
    position: str
    unit: str
    role: documented(Delegate.Role)
    category: documented(Delegate.Category)
    status: documented(Delegate.Status)
    exemplar_id: int | None


class CompositionOut(Schema):
    confirmed: int
    women: int
    women_share: float | None
    direct_workers: int
    direct_share: float | None


class DelegationOut(Schema):
    id: int
    name: str
    congress: str
    lead_unit: str
    status: documented(Delegation.Status)
    size: int | None
    decision_number: str
    decision_date: dt.date | None
    composition: CompositionOut
    delegates: list[DelegateOut]


@router.get("/delegations/{int:delegation_id}", response=DelegationOut,
            summary="Đoàn đại biểu: danh sách (theo phạm vi) và cơ cấu nữ, người lao động trực tiếp")
def get_delegation(request, delegation_id: int):
    d = get_visible_or_404(Delegation.objects.select_related("congress", "lead_unit"), request.user, pk=delegation_id)
    delegates = selectors.ordered_delegates(
        Delegate.objects.visible_to(request.user).filter(delegation=d).select_related("person", "unit"))
    comp = selectors.composition(Delegate.objects.filter(pk__in=[x.pk for x in delegates],
                                                         status=Delegate.Status.CONFIRMED))
    return {
        "id": d.pk, "name": d.name, "congress": d.congress.name, "lead_unit": d.lead_unit.name, "status": d.status,
        "size": d.size, "decision_number": d.decision_number, "decision_date": d.decision_date,
        "composition": {"confirmed": comp.total, "women": comp.women, "women_share": comp.women_share,
                        "direct_workers": comp.direct_workers, "direct_share": comp.direct_share},
        "delegates": [{"id": x.pk, "person": x.person.full_name, "gender": x.person.gender,
                       "direct_worker": x.person.direct_worker, "position": x.person.position, "unit": x.unit.name,
                       "role": x.role, "category": x.category, "status": x.status, "exemplar_id": x.exemplar_id}
                      for x in delegates],
    }


class SectorRowOut(Schema):
    sector: str
    person: int
    collective: int
    model: int
    total: int


class OutletRowOut(Schema):
    outlet: str
    total: int


class ReportTrainingOut(Schema):
    id: int
    title: str
    start: dt.date
    units: int
    registered: int
    attended: int


class OutreachReportOut(Schema):
    start: dt.date
    end: dt.date
    exemplars_by_sector: list[SectorRowOut]
    exemplars_total: int
    coverage_by_outlet: list[OutletRowOut]
    coverage_total: int
    trainings: list[ReportTrainingOut]


@router.get("/report", response=OutreachReportOut,
            summary="Số liệu báo cáo tổng kết Kế hoạch 90/KH-UBND (điển hình, tin bài, tập huấn) trong kỳ")
def report(request, start: dt.date = dt.date(2021, 6, 11), end: dt.date = dt.date(2025, 12, 31)):
    if end < start:
        raise HttpError(400, "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    r = selectors.propaganda_report(request.user, start, end)
    return {
        "start": start, "end": end,
        "exemplars_by_sector": [{"sector": str(row[0]), "person": row[1], "collective": row[2], "model": row[3],
                                 "total": row[4]} for row in r.exemplars_by_sector],
        "exemplars_total": r.exemplar_totals[3],
        "coverage_by_outlet": [{"outlet": row[0], "total": row[6]} for row in r.coverage_by_outlet],
        "coverage_total": r.coverage_total,
        "trainings": [{"id": t.pk, "title": t.title, "start": t.start, "units": t.n_units,
                       "registered": t.n_registered, "attended": t.n_attended} for t in r.trainings],
    }


# --- XLSX exports: the files the pages offer, with the list's filters, scoping and order, written and recorded in
# the audit log by the pages' own export functions (outreach/views.py) ------------------------------------------------


@router.get("/exemplars/export.xlsx", response={200: None, 400: Detail},
            summary="Xuất danh sách điển hình ra Excel (cùng bộ lọc với danh sách)",
            openapi_extra=xlsx_response("Danh sách điển hình tiên tiến (.xlsx)"))
def export_exemplars(request, filters: Query[ScopedExemplarFilter]):
    from thidua.outreach.views import exemplars_file

    return exemplars_file(request, _scoped_exemplars(request, filters).order_by(*EXEMPLAR_ORDER))


@router.get("/trainings/export.xlsx", response={200: None, 400: Detail},
            summary="Xuất danh sách lớp tập huấn ra Excel (cùng bộ lọc với danh sách)",
            openapi_extra=xlsx_response("Danh sách lớp tập huấn (.xlsx)"))
def export_trainings(request, filters: Query[TrainingFilter]):
    from thidua.outreach.views import trainings_file

    return trainings_file(request, _scoped_trainings(request, filters).order_by(*TRAINING_ORDER))


@router.get("/trainings/{int:training_id}/attendees.xlsx", response={200: None, **READ_ERRORS},
            summary="Xuất danh sách học viên của lớp tập huấn ra Excel (theo phạm vi, như trên trang)",
            openapi_extra=xlsx_response("Danh sách học viên và tổng hợp theo đơn vị (.xlsx)"))
def export_attendees(request, training_id: int):
    from thidua.outreach.views import attendees_file

    return attendees_file(request, get_visible_or_404(Training.objects.select_related("organiser"), request.user,
                                                      pk=training_id))


@router.get("/delegations/{int:delegation_id}/delegates.xlsx", response={200: None, **READ_ERRORS},
            summary="Xuất danh sách đại biểu của đoàn ra Excel (theo phạm vi, như trên trang)",
            openapi_extra=xlsx_response("Danh sách đại biểu và cơ cấu đoàn (.xlsx)"))
def export_delegates(request, delegation_id: int):
    from thidua.outreach.views import delegates_file

    return delegates_file(request, get_visible_or_404(Delegation.objects.select_related("congress"), request.user,
                                                      pk=delegation_id))


@router.get("/report.xlsx", response={200: None, 400: Detail},
            summary="Xuất báo cáo tổng kết Kế hoạch 90/KH-UBND ra Excel (cùng kỳ với /outreach/report)",
            openapi_extra=xlsx_response("Báo cáo KH 90/KH-UBND (.xlsx)"))
def export_report(request, start: dt.date = dt.date(2021, 6, 11), end: dt.date = dt.date(2025, 12, 31)):
    from django.utils.translation import gettext

    from thidua.outreach.views import report_file

    if end < start:
        raise HttpError(400, gettext("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
    return report_file(request, selectors.propaganda_report(request.user, start, end))


# --- writes: the same services as the pages (outreach/services.py checks the right and the state) -------------


class ExemplarIn(Schema):
    unit_id: int | None = None  # the proposing unit; default: the user's own
    kind: choices(Exemplar.Kind) = Exemplar.Kind.PERSON.value
    category: choices(Exemplar.Category) = Exemplar.Category.ADVANCED.value
    person_id: int | None = None
    collective_id: int | None = None
    subject_name: str = ""
    subject_position: str = ""
    title: str
    summary: str = ""
    story: str
    sector: choices(Sector)
    year: int


class ExemplarStepIn(Schema):
    action: Literal["submit", "publish", "reject", "unpublish"]
    reason: str = ""  # reject, unpublish


class AttendeeIn(Schema):
    person_id: int
    note: str = ""


def _scoped(model, user, pk, label):
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise HttpError(400, f"Không có {label} này trong phạm vi của bạn.")
    return obj


@router.post("/exemplars", response={201: ExemplarOut, **WRITE_ERRORS},
             summary="Đề xuất điển hình (bản soạn của đơn vị)")
def create_exemplar(request, payload: ExemplarIn):
    return Status(201, _save_exemplar(request, Exemplar(), payload))


def _save_exemplar(request, exemplar, payload: ExemplarIn):
    user = request.user
    default = exemplar.unit if exemplar.pk else user.unit
    unit = _scoped(Unit, user, payload.unit_id, "đơn vị") if payload.unit_id is not None else default
    if unit is None:
        raise HttpError(400, "Tài khoản chưa gắn với đơn vị: cần unit_id.")
    values = dict(
        unit=unit, kind=payload.kind, category=payload.category,
        person=_scoped(Person, user, payload.person_id, "cá nhân"),
        collective=_scoped(Unit, user, payload.collective_id, "tập thể"),
        subject_name=payload.subject_name.strip(), subject_position=payload.subject_position.strip(),
        title=payload.title.strip(), summary=payload.summary.strip(), story=payload.story.strip(),
        sector=payload.sector, year=payload.year,
    )
    for key, value in values.items():
        setattr(exemplar, key, value)
    services.save_exemplar(user, exemplar)
    return _exemplar_out(exemplar)


@router.put("/exemplars/{int:exemplar_id}", response={200: ExemplarOut, **WRITE_ERRORS},
            summary="Sửa điển hình đang soạn hoặc bị trả lại")
def update_exemplar(request, exemplar_id: int, payload: ExemplarIn):
    e = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=exemplar_id)
    require(request.user, "outreach.edit_exemplar", e,
            message="Chỉ sửa được điển hình đang soạn hoặc bị trả lại của đơn vị mình.")
    return _save_exemplar(request, e, payload)


@router.delete("/exemplars/{int:exemplar_id}", response={204: None, **WRITE_ERRORS},
               summary="Xoá đề xuất điển hình chưa từng công bố")
def delete_exemplar(request, exemplar_id: int):
    e = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=exemplar_id)
    services.delete_exemplar(request.user, e)
    return Status(204, None)


@router.post("/exemplars/{int:exemplar_id}/steps", response={200: ExemplarOut, **WRITE_ERRORS},
             summary="Gửi (submit), công bố (publish), trả lại (reject), gỡ (unpublish) điển hình")
def exemplar_step(request, exemplar_id: int, payload: ExemplarStepIn):
    e = get_visible_or_404(Exemplar.objects.select_related("unit", "person", "collective"), request.user,
                           pk=exemplar_id)
    if payload.action == "submit":
        services.submit_exemplar(request.user, e)
    elif payload.action == "publish":
        services.publish_exemplar(request.user, e)
    elif payload.action == "reject":
        services.reject_exemplar(request.user, e, reason=payload.reason)
    else:
        services.unpublish_exemplar(request.user, e, reason=payload.reason)
    e.refresh_from_db()
    return _exemplar_out(e)


@router.post("/trainings/{int:training_id}/attendees", response={200: TrainingDetailOut, **WRITE_ERRORS},
             summary="Đăng ký học viên của đơn vị dự lớp tập huấn")
def register_attendee(request, training_id: int, payload: AttendeeIn):
    training = get_visible_or_404(Training, request.user, pk=training_id)
    person = _scoped(Person, request.user, payload.person_id, "cá nhân")
    services.register_attendee(request.user, training, person, note=payload.note)
    return get_training(request, training_id)


# --- trainings, congresses and delegations: create, edit, state steps (the pages' services) ----------------------


class TrainingIn(Schema):
    title: str
    organiser: str | None = None  # the organising unit's code; default: the user's own unit
    start: dt.date
    end: dt.date
    venue: str
    registration_deadline: dt.date | None = None
    capacity: int | None = None
    audience: str = ""
    agenda: str = ""


class TrainingStatusIn(Schema):
    status: choices(Training.Status)


class InvitationIn(Schema):
    units: list[str] = Field(min_length=1, max_length=500)  # unit codes
    seats: int = Field(ge=1, le=500)  # people each unit may send


class TrainingAttendanceIn(Schema):
    present: list[int] = Field(max_length=5000)  # attendee ids that came; the others did not


class CongressIn(Schema):
    level: choices(Congress.Level) = Congress.Level.PROVINCE.value
    name: str
    term: str = ""
    start: dt.date
    end: dt.date
    venue: str
    organiser: str | None = None  # a unit's code, or …
    organiser_name: str = ""  # … the organising body outside the province
    delegate_count: int | None = None
    summary: str = ""


class HonoureeIn(Schema):
    kind: choices(CongressHonouree.Kind)
    name: str = ""  # blank with an exemplar: the exemplar's name
    unit_name: str = ""
    citation: str = ""
    exemplar_id: int | None = None


class DelegationIn(Schema):
    congress_id: int
    name: str
    lead_unit: str  # the standing unit's code
    decision_number: str = ""
    decision_date: dt.date | None = None
    size: int | None = None
    nomination_deadline: dt.date | None = None
    note: str = ""


class NominateIn(Schema):
    person_id: int
    category: choices(Delegate.Category)
    achievements: str = Field("", max_length=3000)
    exemplar_id: int | None = None


class DecideIn(Schema):
    status: choices(Delegate.Status)
    role: choices(Delegate.Role) | None = None
    note: str = ""  # required when declining


class DelegationStepIn(Schema):
    action: Literal["close", "reopen"]


def _unit_code(user, code: str | None, *, default=None, acting=False):
    if not code:
        return default
    qs = units_for(user) if acting else Unit.objects.all()
    unit = qs.filter(code=code).first()
    if unit is None:
        raise HttpError(400, f"Không có đơn vị mã «{code}»" + (" trong phạm vi của bạn." if acting else "."))
    return unit


def _apply(obj, payload, **extra):
    for key, value in {**payload.dict(), **extra}.items():
        setattr(obj, key, value.strip() if isinstance(value, str) else value)
    return obj


def _save_training(request, training, payload: TrainingIn):
    user = request.user
    if training.pk:
        require(user, "outreach.manage_training", training)
    else:
        require(user, "outreach.create_training")
    organiser = _unit_code(user, payload.organiser, acting=True,
                           default=training.organiser if training.pk else user.unit)
    if organiser is None:
        raise HttpError(400, "Cần mã đơn vị tổ chức (organiser).")
    services.save_training(user, _apply(training, payload, organiser=organiser))
    return get_training(request, training.pk)


@router.post("/trainings", response={201: TrainingDetailOut, **WRITE_ERRORS}, summary="Thêm lớp tập huấn")
def create_training(request, payload: TrainingIn):
    return Status(201, _save_training(request, Training(), payload))


@router.put("/trainings/{int:training_id}", response={200: TrainingDetailOut, **WRITE_ERRORS},
            summary="Sửa lớp tập huấn")
def update_training(request, training_id: int, payload: TrainingIn):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    return _save_training(request, training, payload)


@router.post("/trainings/{int:training_id}/status", response={200: TrainingDetailOut, **WRITE_ERRORS},
             summary="Chuyển trạng thái lớp tập huấn (mở đăng ký, khóa sổ, đã tổ chức, hủy)")
def training_status(request, training_id: int, payload: TrainingStatusIn):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    services.set_training_status(request.user, training, payload.status)
    return get_training(request, training_id)


@router.post("/trainings/{int:training_id}/invitations", response={200: TrainingDetailOut, **WRITE_ERRORS},
             summary="Mời đơn vị cử người dự lớp tập huấn (số người mỗi đơn vị)")
def invite_units(request, training_id: int, payload: InvitationIn):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    units = [_unit_code(request.user, code) for code in dict.fromkeys(payload.units)]
    for unit in units:
        services.invite_unit(request.user, training, unit, payload.seats)
    return get_training(request, training_id)


@router.post("/trainings/{int:training_id}/attendance", response={200: TrainingDetailOut, **WRITE_ERRORS},
             summary="Điểm danh học viên (ai có mặt; những người còn lại vắng)")
def mark_attendance(request, training_id: int, payload: TrainingAttendanceIn):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    services.mark_attendance(request.user, training, payload.present)
    return get_training(request, training_id)


@router.delete("/attendees/{int:attendee_id}", response={204: None, **WRITE_ERRORS},
               summary="Xoá học viên đã đăng ký")
def delete_attendee(request, attendee_id: int):
    attendee = get_visible_or_404(TrainingAttendee.objects.select_related("training", "unit"), request.user,
                                  pk=attendee_id)
    services.unregister_attendee(request.user, attendee)
    return Status(204, None)


class HonoureeOut(Schema):
    id: int
    kind: documented(CongressHonouree.Kind)
    name: str
    unit_name: str
    citation: str
    exemplar_id: int | None
    award_id: int | None


class CongressDetailOut(CongressOut):
    organiser_name: str
    delegate_count: int | None
    summary: str
    honourees: list[HonoureeOut]


@router.get("/congresses/{int:congress_id}", response={200: CongressDetailOut, 404: Detail},
            summary="Một đại hội thi đua: các đoàn đại biểu, danh sách tuyên dương")
def get_congress(request, congress_id: int):
    c = get_visible_or_404(Congress.objects.select_related("organiser"), request.user, pk=congress_id)
    return {"id": c.pk, "level": c.level, "name": c.name, "term": c.term, "start": c.start, "end": c.end,
            "venue": c.venue, "organiser": c.organiser_label,
            "delegations": list(Delegation.objects.visible_to(request.user).filter(congress=c)
                                .order_by("id").values_list("pk", flat=True)),
            "organiser_name": c.organiser_name, "delegate_count": c.delegate_count, "summary": c.summary,
            "honourees": [{"id": h.pk, "kind": h.kind, "name": h.name, "unit_name": h.unit_name,
                           "citation": h.citation, "exemplar_id": h.exemplar_id, "award_id": h.award_id}
                          for h in c.honourees.order_by("id")]}


def _save_congress(request, congress, payload: CongressIn):
    organiser = _unit_code(request.user, payload.organiser)
    services.save_congress(request.user, _apply(congress, payload, organiser=organiser))
    return get_congress(request, congress.pk)


@router.post("/congresses", response={201: CongressDetailOut, **WRITE_ERRORS}, summary="Thêm đại hội thi đua")
def create_congress(request, payload: CongressIn):
    require(request.user, "outreach.manage_congress")
    return Status(201, _save_congress(request, Congress(), payload))


@router.put("/congresses/{int:congress_id}", response={200: CongressDetailOut, **WRITE_ERRORS},
            summary="Sửa đại hội thi đua")
def update_congress(request, congress_id: int, payload: CongressIn):
    require(request.user, "outreach.manage_congress")
    congress = get_visible_or_404(Congress, request.user, pk=congress_id)
    return _save_congress(request, congress, payload)


@router.post("/congresses/{int:congress_id}/honourees", response={201: CongressDetailOut, **WRITE_ERRORS},
             summary="Thêm tập thể, cá nhân được tuyên dương tại đại hội")
def add_honouree(request, congress_id: int, payload: HonoureeIn):
    congress = get_visible_or_404(Congress, request.user, pk=congress_id)
    require(request.user, "outreach.manage_congress")
    exemplar = None
    if payload.exemplar_id is not None:
        exemplar = Exemplar.objects.published().filter(pk=payload.exemplar_id).first()
        if exemplar is None:
            raise HttpError(400, f"Không có điển hình đã công bố số {payload.exemplar_id}.")
    if not payload.name.strip() and exemplar is None:
        raise HttpError(400, "Cần ghi tên tập thể, cá nhân hoặc chọn một điển hình.")
    honouree = CongressHonouree(congress=congress, kind=payload.kind, name=payload.name.strip(),
                                unit_name=payload.unit_name.strip(), citation=payload.citation.strip(),
                                exemplar=exemplar)
    services.add_honouree(request.user, honouree)
    return Status(201, get_congress(request, congress_id))


def _save_delegation(request, delegation, payload: DelegationIn):
    congress = Congress.objects.visible_to(request.user).filter(pk=payload.congress_id).first()
    if congress is None:
        raise HttpError(400, f"Không có đại hội số {payload.congress_id}.")
    lead_unit = _unit_code(request.user, payload.lead_unit)
    services.save_delegation(request.user, _apply(delegation, payload, congress=congress, lead_unit=lead_unit))
    return get_delegation(request, delegation.pk)


@router.post("/delegations", response={201: DelegationOut, **WRITE_ERRORS}, summary="Thành lập đoàn đại biểu")
def create_delegation(request, payload: DelegationIn):
    require(request.user, "outreach.manage_congress")
    return Status(201, _save_delegation(request, Delegation(), payload))


@router.put("/delegations/{int:delegation_id}", response={200: DelegationOut, **WRITE_ERRORS},
            summary="Sửa đoàn đại biểu")
def update_delegation(request, delegation_id: int, payload: DelegationIn):
    require(request.user, "outreach.manage_congress")
    delegation = get_visible_or_404(Delegation, request.user, pk=delegation_id)
    return _save_delegation(request, delegation, payload)


@router.post("/delegations/{int:delegation_id}/delegates", response={201: DelegationOut, **WRITE_ERRORS},
             summary="Đề cử đại biểu của đơn vị")
def nominate(request, delegation_id: int, payload: NominateIn):
    delegation = get_visible_or_404(Delegation, request.user, pk=delegation_id)
    person = people_for(request.user).filter(pk=payload.person_id).select_related("unit").first()
    if person is None:
        raise HttpError(400, f"Không có cá nhân số {payload.person_id} trong phạm vi của bạn.")
    exemplar = None
    if payload.exemplar_id is not None:
        exemplar = (Exemplar.objects.visible_to(request.user).filter(kind=Exemplar.Kind.PERSON,
                                                                     pk=payload.exemplar_id).first())
        if exemplar is None:
            raise HttpError(400, f"Không có điển hình cá nhân số {payload.exemplar_id}.")
    services.nominate_delegate(request.user, delegation, person, category=payload.category,
                               achievements=payload.achievements, exemplar=exemplar)
    return Status(201, get_delegation(request, delegation_id))


@router.post("/delegates/{int:delegate_id}/decision", response={200: DelegationOut, **WRITE_ERRORS},
             summary="Xét đại biểu: xác nhận (vai trò trong đoàn) hoặc không chọn (ghi lý do)")
def decide(request, delegate_id: int, payload: DecideIn):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person"), request.user,
                                  pk=delegate_id)
    services.decide_delegate(request.user, delegate, status=payload.status, role=payload.role, note=payload.note)
    return get_delegation(request, delegate.delegation_id)


@router.delete("/delegates/{int:delegate_id}", response={204: None, **WRITE_ERRORS},
               summary="Rút đề cử (đơn vị: khi chưa được xét)")
def withdraw(request, delegate_id: int):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person", "unit"), request.user,
                                  pk=delegate_id)
    services.withdraw_delegate(request.user, delegate)
    return Status(204, None)


@router.post("/delegations/{int:delegation_id}/steps", response={200: DelegationOut, **WRITE_ERRORS},
             summary="Chốt danh sách đoàn (close) hoặc mở lại việc đề cử (reopen)")
def delegation_step(request, delegation_id: int, payload: DelegationStepIn):
    delegation = get_visible_or_404(Delegation, request.user, pk=delegation_id)
    if payload.action == "close":
        services.close_delegation(request.user, delegation)
    else:
        services.reopen_delegation(request.user, delegation)
    return get_delegation(request, delegation_id)


# --- media coverage, removing honourees and invitations -----------------------------------------------------------


class MediaCoverageOut(Schema):
    id: int
    unit: str
    unit_id: int
    outlet: str
    medium: documented(MediaCoverage.Medium)
    published_on: dt.date
    title: str
    url: str
    exemplar_id: int | None
    movement_id: int | None
    note: str


class MediaCoveragePage(Schema):
    items: list[MediaCoverageOut]
    next_cursor: str | None


class MediaCoverageIn(Schema):
    unit: str | None = None  # the unit's code; default: the user's own unit
    outlet: str
    medium: choices(MediaCoverage.Medium) = MediaCoverage.Medium.PRINT.value
    published_on: dt.date
    title: str
    url: str = ""
    exemplar_id: int | None = None
    movement_id: int | None = None
    note: str = ""


def _coverage_out(c) -> dict:
    return {"id": c.pk, "unit": c.unit.name, "unit_id": c.unit_id, "outlet": c.outlet, "medium": c.medium,
            "published_on": c.published_on, "title": c.title, "url": c.url, "exemplar_id": c.exemplar_id,
            "movement_id": c.movement_id, "note": c.note}


@router.get("/coverage", response=MediaCoveragePage,
            summary="Tin, bài tuyên truyền (theo phạm vi, phân trang bằng con trỏ)")
def list_coverage(request, q: str | None = None, medium: choices(MediaCoverage.Medium) | None = None,
                  year: int | None = Query(None, ge=1900, le=2100), movement: int | None = None,
                  outlet: str | None = None, cursor: str | None = None, limit: int = 50):
    qs = _filtered(MediaCoverage.objects.visible_to(request.user).select_related("unit"), q,
                   [("medium", medium, MediaCoverage.Medium, "Loại hình")], year=year,
                   year_lookup="published_on__year")
    if outlet and outlet.strip():
        qs = qs.filter(outlet=outlet.strip())
    if movement is not None:
        qs = qs.filter(movement_id=movement)
    result = page(qs, ["-published_on", "-id"], cursor, limit)
    return {"items": [_coverage_out(c) for c in result.rows], "next_cursor": result.next_cursor}


def _save_coverage(request, coverage, payload: MediaCoverageIn):
    from thidua.movements.models import Movement

    user = request.user
    unit = _unit_code(user, payload.unit, acting=True, default=coverage.unit if coverage.pk else user.unit)
    if unit is None:
        raise HttpError(400, "Cần mã đơn vị (unit).")
    exemplar = _scoped(Exemplar, user, payload.exemplar_id, "điển hình")
    movement = _scoped(Movement, user, payload.movement_id, "phong trào thi đua")
    _apply(coverage, payload, unit=unit, exemplar=exemplar, movement=movement)
    services.save_coverage(user, coverage)
    return _coverage_out(coverage)


@router.post("/coverage", response={201: MediaCoverageOut, **WRITE_ERRORS}, summary="Thêm tin, bài tuyên truyền")
def create_coverage(request, payload: MediaCoverageIn):
    require(request.user, "outreach.record_coverage", message="Bạn không có quyền cập nhật tin, bài.")
    return Status(201, _save_coverage(request, MediaCoverage(), payload))


@router.put("/coverage/{int:coverage_id}", response={200: MediaCoverageOut, **WRITE_ERRORS}, summary="Sửa tin, bài")
def update_coverage(request, coverage_id: int, payload: MediaCoverageIn):
    coverage = get_visible_or_404(MediaCoverage.objects.select_related("unit"), request.user, pk=coverage_id)
    require(request.user, "outreach.edit_coverage", coverage, message="Bạn không có quyền sửa tin, bài này.")
    return _save_coverage(request, coverage, payload)


@router.delete("/coverage/{int:coverage_id}", response={204: None, **WRITE_ERRORS}, summary="Xoá tin, bài")
def delete_coverage(request, coverage_id: int):
    coverage = get_visible_or_404(MediaCoverage.objects.select_related("unit"), request.user, pk=coverage_id)
    services.delete_coverage(request.user, coverage)
    return Status(204, None)


@router.delete("/honourees/{int:honouree_id}", response={204: None, **WRITE_ERRORS},
               summary="Bỏ một tập thể, cá nhân khỏi danh sách tuyên dương của đại hội")
def delete_honouree(request, honouree_id: int):
    honouree = CongressHonouree.objects.select_related("congress").filter(pk=honouree_id).first()
    if honouree is None or not Congress.objects.visible_to(request.user).filter(pk=honouree.congress_id).exists():
        raise HttpError(404, "Không tìm thấy.")
    services.delete_honouree(request.user, honouree)
    return Status(204, None)


@router.delete("/trainings/{int:training_id}/invitations/{int:unit_id}", response={204: None, **WRITE_ERRORS},
               summary="Bỏ lời mời một đơn vị dự lớp tập huấn (khi đơn vị chưa đăng ký học viên)")
def delete_invitation(request, training_id: int, unit_id: int):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    invitation = training.invitations.select_related("training", "unit").filter(unit_id=unit_id).first()
    if invitation is None:
        raise HttpError(404, "Đơn vị này không được mời dự lớp tập huấn.")
    services.remove_invitation(request.user, invitation)
    return Status(204, None)


# --- training materials -------------------------------------------------------------------------------------------


def _material(request, pk):
    material = TrainingMaterial.objects.select_related("training", "training__organiser").filter(pk=pk).first()
    if material is None or not Training.objects.visible_to(request.user).filter(pk=material.training_id).exists():
        raise HttpError(404, "Không tìm thấy tài liệu.")
    return material


@router.post("/trainings/{int:training_id}/materials", response={201: TrainingDetailOut, **WRITE_ERRORS},
             summary="Tải lên tài liệu lớp tập huấn (multipart: kind, title, file; PDF, DOCX)")
def upload_material(request, training_id: int, kind: Form[choices(TrainingMaterial.Kind)], file: File[UploadedFile],
                    title: Form[str] = ""):
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=training_id)
    services.add_material(request.user, training, file, title=title[:300], kind=kind)
    return Status(201, get_training(request, training_id))


@router.get("/materials/{int:material_id}/file", response={200: None, 404: Detail},
            summary="Tải về tài liệu lớp tập huấn",
            openapi_extra={"responses": {"200": {"description": "Tệp gốc",
                                                 "content": {"application/octet-stream": {}}}}})
def download_material(request, material_id: int):
    from thidua.core.uploads import serve_file

    material = _material(request, material_id)
    return serve_file(material.file, filename=material.original_name or f"tai-lieu-{material.pk}",
                      content_type=material.content_type)


@router.delete("/materials/{int:material_id}", response={204: None, **WRITE_ERRORS},
               summary="Xoá tài liệu lớp tập huấn")
def delete_material(request, material_id: int):
    services.delete_material(request.user, _material(request, material_id))
    return Status(204, None)


# --- exemplar photos (the page's edit form: services.save_exemplar checks the right, the type and the size) --------


def _exemplar(request, pk) -> Exemplar:
    return get_visible_or_404(Exemplar.objects.select_related("unit", "person", "collective"), request.user, pk=pk)


_PHOTO = {"200": {"description": "Ảnh (PNG hoặc JPEG)", "content": {"image/png": {}, "image/jpeg": {}}}}


@router.post("/exemplars/{int:exemplar_id}/photo", response={200: ExemplarOut, **WRITE_ERRORS},
             summary="Tải lên (hoặc thay) ảnh của điển hình đang soạn hoặc bị trả lại (multipart: file; PNG, JPG, "
             "tối đa 5 MB)")
def upload_exemplar_photo(request, exemplar_id: int, file: File[UploadedFile]):
    e = _exemplar(request, exemplar_id)
    services.save_exemplar(request.user, e, photo=file)
    return _exemplar_out(_exemplar(request, exemplar_id))


@router.get("/exemplars/{int:exemplar_id}/photo", response={200: None, **READ_ERRORS},
            summary="Ảnh của điển hình", openapi_extra={"responses": _PHOTO})
def download_exemplar_photo(request, exemplar_id: int):
    from thidua.core.uploads import serve_file

    e = _exemplar(request, exemplar_id)
    if not e.photo:
        raise HttpError(404, "Điển hình chưa có ảnh.")
    return serve_file(e.photo, filename=f"dien-hinh-{e.pk}", content_type=e.photo_content_type, inline=True)


@router.delete("/exemplars/{int:exemplar_id}/photo", response={204: None, **WRITE_ERRORS},
               summary="Xoá ảnh của điển hình đang soạn hoặc bị trả lại")
def delete_exemplar_photo(request, exemplar_id: int):
    e = _exemplar(request, exemplar_id)
    if not e.photo:
        raise HttpError(404, "Điển hình chưa có ảnh.")
    services.save_exemplar(request.user, e, remove_photo=True)
    return Status(204, None)


# --- the legal library (thư viện văn bản): the page's form and services.save_legal_document ------------------------


class LegalDocumentOut(Schema):
    id: int
    number: str
    kind: documented(LegalDocument.Kind)
    issuer: str
    issued_on: dt.date
    effective_on: dt.date | None
    title: str
    summary: str
    status: documented(LegalDocument.Status)
    expired_on: dt.date | None
    replaced_by_id: int | None
    is_public: bool
    file_name: str
    file_size: int | None
    download_url: str | None  # GET …/legal-documents/{id}/file


class LegalDocumentPage(Schema):
    items: list[LegalDocumentOut]
    next_cursor: str | None


class LegalDocumentIn(Schema):
    kind: choices(LegalDocument.Kind)
    number: str  # số, ký hiệu: 98/2023/NĐ-CP
    issuer: str
    issued_on: dt.date
    effective_on: dt.date | None = None
    title: str
    summary: str = ""
    status: choices(LegalDocument.Status) = LegalDocument.Status.IN_FORCE.value
    expired_on: dt.date | None = None  # required once expired or replaced
    replaced_by_id: int | None = None  # required when status is "replaced"
    is_public: bool = True


def _legal_out(d: LegalDocument) -> dict:
    return {
        "id": d.pk, "number": d.number, "kind": d.kind, "issuer": d.issuer, "issued_on": d.issued_on,
        "effective_on": d.effective_on, "title": d.title, "summary": d.summary, "status": d.status,
        "expired_on": d.expired_on, "replaced_by_id": d.replaced_by_id, "is_public": d.is_public,
        "file_name": d.file_name if d.file else "", "file_size": d.file_size if d.file else None,
        "download_url": reverse("api:download_legal_document", args=[d.pk]) if d.file else None,
    }


def _library_doc(request, pk) -> LegalDocument:
    return get_visible_or_404(LegalDocument, request.user, pk=pk)


@router.get("/legal-documents", response={200: LegalDocumentPage, 400: Detail},
            summary="Thư viện văn bản (cả văn bản chưa công khai với cán bộ TĐKT tỉnh; phân trang bằng con trỏ)")
def list_legal_documents(request, filters: Query[LegalFilter], cursor: str | None = None, limit: int = 50):
    qs = _filtered(LegalDocument.objects.visible_to(request.user), filters.q,
                   [("kind", filters.kind, LegalDocument.Kind, "Loại văn bản"),
                    ("status", filters.status, LegalDocument.Status, "Tình trạng hiệu lực")],
                   year=filters.year, year_lookup="issued_on__year")
    result = page(qs, ["-issued_on", "-id"], cursor, limit)
    return {"items": [_legal_out(d) for d in result.rows], "next_cursor": result.next_cursor}


@router.get("/legal-documents/{int:document_id}", response={200: LegalDocumentOut, **READ_ERRORS},
            summary="Một văn bản của thư viện")
def get_legal_document(request, document_id: int):
    return _legal_out(_library_doc(request, document_id))


def _save_legal(request, document: LegalDocument | None, payload: LegalDocumentIn) -> LegalDocument:
    from thidua.outreach.forms import LegalDocumentForm

    require(request.user, "outreach.manage_library", message="Chỉ cán bộ TĐKT cấp tỉnh quản lý thư viện văn bản.")
    data = {key: value for key, value in payload.dict().items() if key != "replaced_by_id"}
    data = {key: ("" if value is None else value.isoformat() if isinstance(value, dt.date) else value)
            for key, value in data.items()}
    data["replaced_by"] = payload.replaced_by_id if payload.replaced_by_id is not None else ""
    form = LegalDocumentForm(data, instance=document)  # the page's form: the same fields and checks
    form_data(form)
    return services.save_legal_document(request.user, form.save(commit=False))


@router.post("/legal-documents", response={201: LegalDocumentOut, **WRITE_ERRORS},
             summary="Thêm văn bản vào thư viện (cán bộ TĐKT tỉnh); tệp: POST …/legal-documents/{id}/file")
def create_legal_document(request, payload: LegalDocumentIn):
    document = _save_legal(request, None, payload)
    return Status(201, _legal_out(document))


@router.put("/legal-documents/{int:document_id}", response={200: LegalDocumentOut, **WRITE_ERRORS},
            summary="Sửa văn bản, ghi hết hiệu lực hoặc văn bản thay thế (cán bộ TĐKT tỉnh)")
def update_legal_document(request, document_id: int, payload: LegalDocumentIn):
    document = _save_legal(request, _library_doc(request, document_id), payload)
    return _legal_out(document)


@router.post("/legal-documents/{int:document_id}/file", response={200: LegalDocumentOut, **WRITE_ERRORS},
             summary="Tải lên (hoặc thay) tệp văn bản (multipart: file; PDF, DOCX)")
def upload_legal_file(request, document_id: int, file: File[UploadedFile]):
    document = _library_doc(request, document_id)
    return _legal_out(services.save_legal_document(request.user, document, upload=file))


@router.get("/legal-documents/{int:document_id}/file", response={200: None, **READ_ERRORS},
            url_name="download_legal_document", summary="Tải về tệp văn bản",
            openapi_extra={"responses": {"200": {"description": "Tệp gốc",
                                                 "content": {"application/octet-stream": {}}}}})
def download_legal_file(request, document_id: int):
    from thidua.core.uploads import serve_file

    document = _library_doc(request, document_id)
    if not document.file:
        raise HttpError(404, "Văn bản chưa có tệp đính kèm.")
    return serve_file(document.file, filename=document.file_name or f"van-ban-{document.pk}",
                      content_type=document.file_content_type)


@router.delete("/legal-documents/{int:document_id}/file", response={204: None, **WRITE_ERRORS},
               summary="Xoá tệp của văn bản (cán bộ TĐKT tỉnh)")
def delete_legal_file(request, document_id: int):
    document = _library_doc(request, document_id)
    if not document.file:
        raise HttpError(404, "Văn bản chưa có tệp đính kèm.")
    services.save_legal_document(request.user, document, remove_file=True)
    return Status(204, None)
