"""Dossiers API at /api/v1/dossiers: list, detail, create, nominations, attachments (multipart upload, download),
appraisal, workflow transitions and the signed decision. Scoped like the pages (another unit's dossier is a 404);
every change goes through `services`, the same functions the pages call. Council sessions and ballots:
`api_council.py` (/api/v1/council); decisions and their documents: documents/api.py (/api/v1/decisions)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thidua.api.schemas import WRITE_ERRORS, choices, documented, page
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.dossiers import selectors, services
from thidua.dossiers.models import Attachment, Decision, Dossier, DossierState, Nomination
from thidua.dossiers.verdicts import verdicts_for
from thidua.dossiers.workflow import SERVICE_ONLY, TRANSITIONS, allowed_actions

router = Router(tags=["dossiers"])
# A step the workflow does not allow now (guard, state): 400; someone else acted first: 409.
exception_handlers = {services.WorkflowError: 400, services.ConcurrentChange: 409}

ACTIONS = tuple(sorted({a for (_, a) in TRANSITIONS} - SERVICE_ONLY))


class DossierOut(Schema):
    id: int
    code: str
    title: str
    unit: str
    unit_id: int
    kind: documented(Dossier.Kind)
    procedure: documented(Dossier.Procedure)
    year: int
    state: documented(DossierState)
    state_label: str
    version: int
    submitted_on: dt.date | None
    received_on: dt.date | None
    due_on: dt.date | None
    due_kind: documented(Dossier.DueKind, "")
    days_left: int | None
    last_reason: str


class NominationOut(Schema):
    id: int
    kind: documented(Nomination.Kind)
    nominee: str
    person_id: int | None
    unit_id: int | None
    award: str
    achievement_summary: str
    justification: str
    flagged: bool
    appraisal: documented(Nomination.Appraisal)
    appraisal_note: str = ""
    council_result: documented(Nomination.CouncilResult)
    verdict: dict
    holds: list[str] = []  # why a pending proceeding stops it (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP)


class EventOut(Schema):
    action: str
    from_state: documented(DossierState, "")
    to_state: documented(DossierState)
    actor: str
    reason: str
    at: dt.datetime


class AttachmentOut(Schema):
    id: int
    kind: documented(Attachment.Kind)
    nomination_id: int | None
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class DossierDetailOut(DossierOut):
    nominations: list[NominationOut]
    attachments: list[AttachmentOut] = []
    problems: list[str] = []  # why the unit cannot (re)submit yet; empty when it can (or is not the one to)
    events: list[EventOut]
    allowed_actions: list[documented(ACTIONS)]
    decision_id: int | None = None
    decision_number: str | None
    authority: str | None = None  # who decides (the conferring authority in force today)
    authority_problem: str | None = None  # why the dossier cannot be decided as one decision


class DossierPage(Schema):
    items: list[DossierOut]
    next_cursor: str | None


class DossierIn(Schema):
    title: str
    kind: choices(Dossier.Kind) = Dossier.Kind.MERIT.value
    year: int
    procedure: choices(Dossier.Procedure) | None = None
    achievement_on: dt.date | None = None


class NominationIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None
    award: str
    achievement_summary: str
    justification: str = ""


class TransitionIn(Schema):
    action: choices(ACTIONS)
    reason: str = ""
    version: int | None = None


class AppraisalIn(Schema):
    result: choices(Nomination.Appraisal)
    note: str = ""


class DecisionIn(Schema):
    signed_on: dt.date
    signer_name: str
    signer_title: str
    signer_capacity: Literal["head", "deputy"] | None = None  # default: read from the title ("Phó …" = deputy)
    summary: str = ""


class DecisionOut(Schema):
    id: int
    dossier_id: int
    number: str
    year: int
    signed_on: dt.date
    signer_name: str
    signer_title: str
    signer_capacity: Literal["head", "deputy"]
    authority_kind: documented([value for value, _label in Decision._meta.get_field("authority_kind").choices])
    summary: str
    sent_on: dt.date | None


class Detail(Schema):
    detail: str


def _out(d) -> dict:
    return {
        "id": d.pk, "code": d.code, "title": d.title, "unit": d.unit.name, "unit_id": d.unit_id, "kind": d.kind,
        "procedure": d.procedure, "year": d.year, "state": d.state, "state_label": str(d.get_state_display()),
        "version": d.version, "submitted_on": d.submitted_on, "received_on": d.received_on, "due_on": d.due_on,
        "due_kind": d.due_kind, "days_left": getattr(d, "days_left", None), "last_reason": d.last_reason,
    }


def _detail(request, pk) -> dict:
    d = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    selectors.with_countdowns([d])
    nominations = list(d.nominations.select_related("award_type", "person", "nominee_unit", "dossier"))
    verdicts = verdicts_for(nominations)
    decision = getattr(d, "decision", None) if d.state == DossierState.DECIDED else None
    from thidua.dossiers.authorities import dossier_route
    from thidua.dossiers.holds import hold_reasons

    held = {} if d.is_final else hold_reasons(nominations)
    route, route_problem = dossier_route(d, nominations, timezone.localdate()) if nominations else (None, None)
    return {
        **_out(d),
        "nominations": [{
            "id": n.pk, "kind": n.kind, "nominee": n.nominee_name, "person_id": n.person_id,
            "unit_id": n.nominee_unit_id, "award": n.award_type.code, "achievement_summary": n.achievement_summary,
            "justification": n.justification, "flagged": n.flagged, "appraisal": n.appraisal,
            "appraisal_note": n.appraisal_note, "council_result": n.council_result, "verdict": verdicts.get(n.pk, {}), "holds": held.get(n.pk, []),
        } for n in nominations],
        "attachments": [_attachment_out(a) for a in d.attachments.all()],
        "problems": services.submission_problems(d) if d.is_editable and request.user.has_perm("dossiers.edit_dossier", d)
        else [],
        "events": [{"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "actor": e.actor_name,
                    "reason": e.reason, "at": e.at} for e in d.events.all()],
        "allowed_actions": [a for a in allowed_actions(d, request.user) if a not in SERVICE_ONLY],
        "decision_id": decision.pk if decision else None,
        "decision_number": decision.number if decision else None,
        "authority": route.label if route else None, "authority_problem": route_problem,
    }


def _attachment_out(a) -> dict:
    return {"id": a.pk, "kind": a.kind, "nomination_id": a.nomination_id, "original_name": a.original_name,
            "content_type": a.content_type, "size": a.size, "sha256": a.sha256, "uploaded_at": a.uploaded_at}


def _decision_out(decision) -> dict:
    return {"id": decision.pk, "dossier_id": decision.dossier_id, "number": decision.number, "year": decision.year,
            "signed_on": decision.signed_on, "signer_name": decision.signer_name, "signer_title": decision.signer_title,
            "signer_capacity": decision.signer_capacity, "authority_kind": decision.authority_kind,
            "summary": decision.summary, "sent_on": decision.sent_on}


@router.get("", response=DossierPage, summary="Danh sách hồ sơ (theo phạm vi người dùng, phân trang bằng con trỏ)")
@reads_from_replica
def list_dossiers(request, state: choices(DossierState) | None = None, kind: choices(Dossier.Kind) | None = None,
                  year: int | None = None, unit: int | None = None, q: str = "", overdue: bool = False,
                  cursor: str | None = None, limit: int = 50):
    qs = selectors.dossiers_for(request.user, state=state or "", kind=kind or "", year=year, unit_id=unit, query=q,
                                overdue=overdue)
    result = page(qs, ["-created_at", "-id"], cursor, limit)
    selectors.with_countdowns(result.rows)
    return {"items": [_out(d) for d in result.rows], "next_cursor": result.next_cursor}


@router.get("/{int:pk}", response=DossierDetailOut, summary="Chi tiết hồ sơ, đề nghị và quá trình xử lý")
def get_dossier(request, pk: int):
    return _detail(request, pk)


@router.post("", response={201: DossierDetailOut, 400: Detail, 403: Detail}, summary="Lập hồ sơ")
def create_dossier(request, payload: DossierIn):
    user = request.user
    if not payload.title.strip():
        raise HttpError(400, "Cần nhập trích yếu hồ sơ.")
    if not (2000 <= payload.year <= dt.date.today().year + 1):
        raise HttpError(400, "Năm thành tích không hợp lệ.")
    if user.unit is None:
        raise HttpError(403, "Tài khoản chưa gắn với đơn vị.")
    try:
        d = services.create_dossier(user, unit=user.unit, title=payload.title, kind=payload.kind, year=payload.year,
                                    procedure=payload.procedure, achievement_on=payload.achievement_on)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc))
    return Status(201, _detail(request, d.pk))


@router.post("/{int:pk}/nominations", response={201: DossierDetailOut, 400: Detail, 403: Detail, 409: Detail},
             summary="Thêm đề nghị vào hồ sơ")
def add_nomination(request, pk: int, payload: NominationIn):
    from thidua.awards.models import AwardType
    from thidua.orgs.models import Person, Unit

    d = get_visible_or_404(Dossier, request.user, pk=pk)
    award_type = AwardType.objects.filter(code=payload.award, active=True).first()
    if award_type is None:
        raise HttpError(400, "Không có danh hiệu, hình thức khen thưởng mã này.")
    if bool(payload.person_id) == bool(payload.unit_id):
        raise HttpError(400, "Cần chọn đúng một đối tượng: cá nhân (person_id) hoặc tập thể (unit_id).")
    nomination = Nomination(award_type=award_type, achievement_summary=payload.achievement_summary.strip(),
                            justification=payload.justification.strip())
    if not nomination.achievement_summary:
        raise HttpError(400, "Cần nhập tóm tắt thành tích.")
    if payload.person_id:
        person = Person.objects.visible_to(request.user).filter(pk=payload.person_id, unit__path__startswith=d.unit.path).first()
        if person is None:
            raise HttpError(400, "Cá nhân không thuộc đơn vị trình hồ sơ.")
        nomination.person = person
    else:
        unit = Unit.objects.filter(pk=payload.unit_id, path__startswith=d.unit.path).first()
        if unit is None:
            raise HttpError(400, "Tập thể không thuộc đơn vị trình hồ sơ.")
        nomination.nominee_unit = unit
    try:
        services.save_nomination(request.user, d, nomination)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc))
    except services.WorkflowError as exc:
        raise HttpError(409, exc.message)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages))
    return Status(201, _detail(request, d.pk))


@router.post("/{int:pk}/transition", response={200: DossierDetailOut, 400: Detail, 403: Detail, 409: Detail},
             summary="Chuyển bước xử lý hồ sơ")
def transition(request, pk: int, payload: TransitionIn):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    try:
        services.transition(d, payload.action, request.user, reason=payload.reason, expected_version=payload.version)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc))
    except services.ConcurrentChange as exc:
        raise HttpError(409, exc.message)
    except services.WorkflowError as exc:
        raise HttpError(400, exc.message)
    return _detail(request, d.pk)


@router.delete("/{int:pk}/nominations/{int:nomination_id}", response={200: DossierDetailOut, **WRITE_ERRORS},
               summary="Bỏ một đề nghị khỏi hồ sơ đang soạn")
def delete_nomination(request, pk: int, nomination_id: int):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    nomination = get_visible_or_404(Nomination.objects.select_related("dossier"), request.user, pk=nomination_id,
                                    dossier=d)
    services.delete_nomination(request.user, nomination)
    return _detail(request, d.pk)


# --- attachments ---------------------------------------------------------------------------------------------


class AttachmentPage(Schema):
    items: list[AttachmentOut]
    next_cursor: str | None


@router.get("/{int:pk}/attachments", response={200: AttachmentPage, 404: Detail},
            summary="Tài liệu kèm theo của hồ sơ (phân trang bằng con trỏ)")
def list_attachments(request, pk: int, kind: choices(Attachment.Kind) | None = None, nomination: int | None = None,
                     cursor: str | None = None, limit: int = 50):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    qs = d.attachments.all()
    if kind:
        qs = qs.filter(kind=kind)
    if nomination is not None:
        qs = qs.filter(nomination_id=nomination)
    result = page(qs, ["kind", "uploaded_at", "id"], cursor, limit)
    return {"items": [_attachment_out(a) for a in result.rows], "next_cursor": result.next_cursor}


@router.post("/{int:pk}/attachments", response={201: AttachmentOut, **WRITE_ERRORS},
             summary="Tải lên tài liệu (multipart: kind, file, nomination_id tùy chọn; PDF, DOCX, PNG, JPG)")
def upload_attachment(request, pk: int, kind: Form[choices(Attachment.Kind)], file: File[UploadedFile],
                      nomination_id: Form[int | None] = None):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    nomination = None
    if nomination_id is not None:
        nomination = d.nominations.filter(pk=nomination_id).first()
        if nomination is None:
            raise HttpError(400, "Đề nghị không thuộc hồ sơ này.")
    att = services.add_attachment(request.user, d, file, kind, nomination)  # the same upload checks as the page
    return Status(201, _attachment_out(att))


@router.get("/attachments/{int:attachment_id}/file", response={200: None, 404: Detail},
            summary="Tải về một tài liệu kèm theo",
            openapi_extra={"responses": {"200": {"description": "Tệp gốc",
                                                 "content": {"application/octet-stream": {}}}}})
def download_attachment(request, attachment_id: int):
    att = get_visible_or_404(Attachment.objects.select_related("dossier"), request.user, pk=attachment_id)
    return serve_file(att.file, filename=att.original_name, content_type=att.content_type)


@router.delete("/attachments/{int:attachment_id}", response={204: None, **WRITE_ERRORS},
               summary="Xoá tài liệu của hồ sơ đang soạn")
def delete_attachment(request, attachment_id: int):
    att = get_visible_or_404(Attachment.objects.select_related("dossier"), request.user, pk=attachment_id)
    services.delete_attachment(request.user, att)
    return Status(204, None)


# --- appraisal and decision ----------------------------------------------------------------------------------


@router.post("/{int:pk}/nominations/{int:nomination_id}/appraisal", response={200: NominationOut, **WRITE_ERRORS},
             summary="Thẩm định một đề nghị (cán bộ TĐKT tỉnh, hồ sơ đã tiếp nhận)")
def appraise(request, pk: int, nomination_id: int, payload: AppraisalIn):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    nomination = get_visible_or_404(Nomination.objects.select_related("dossier", "award_type"), request.user,
                                    pk=nomination_id, dossier=d)
    services.appraise_nomination(request.user, nomination, payload.result, payload.note)
    detail = _detail(request, d.pk)
    return next(n for n in detail["nominations"] if n["id"] == nomination.pk)


@router.get("/{int:pk}/decision", response={200: DecisionOut, 404: Detail}, summary="Quyết định khen thưởng của hồ sơ")
def get_decision(request, pk: int):
    d = get_visible_or_404(Dossier, request.user, pk=pk)
    decision = Decision.objects.filter(dossier=d).first()
    if decision is None:
        raise HttpError(404, "Hồ sơ chưa có quyết định khen thưởng.")
    return _decision_out(decision)


@router.post("/{int:pk}/decision", response={201: DecisionOut, **WRITE_ERRORS},
             summary="Ký quyết định khen thưởng (người có thẩm quyền; hồ sơ đã trình ký)")
def sign_decision(request, pk: int, payload: DecisionIn):
    d = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    decision = services.decide(request.user, d, signed_on=payload.signed_on, signer_name=payload.signer_name,
                               signer_title=payload.signer_title, summary=payload.summary,
                               signer_capacity=payload.signer_capacity)
    return Status(201, _decision_out(decision))
