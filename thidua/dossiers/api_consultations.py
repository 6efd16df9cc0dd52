"""Consultations API (lấy ý kiến hiệp y) under /api/v1/dossiers: the rounds of a dossier and what still needs one,
starting a round (nominations × agencies, deadline in working days), each agency's letter (DOCX, Decree 30
layout), recording the agencies' answers, closing the round, and clearing a disagreement that holds a nomination.

Reading needs `dossiers.view_consultations` (province-wide roles), acting `dossiers.manage_consultations`
(province TĐKT staff), exactly like the pages (views_consultations.py); a dossier or round outside the caller's
scope is a 404. Every change is a call to `dossiers.consultations`."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from thidua.api.schemas import WRITE_ERRORS, Detail, documented, page
from thidua.core import audit
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import DOCX, download
from thidua.dossiers import consultations, letters
from thidua.dossiers.models import Dossier
from thidua.dossiers.models_consultation import (
    Answer,
    Consultation,
    ConsultationPolicy,
    ConsultationReply,
    ConsultedAgency,
    NoReplyMeans,
)

prefix = "/dossiers"
router = Router(tags=["consultations"])

DOCX_RESPONSE = {"200": {"description": "Tệp Word (.docx)", "content": {DOCX: {}}}}
VIEW_ONLY = "Chỉ lãnh đạo và cán bộ TĐKT cấp tỉnh được xem việc lấy ý kiến hiệp y."
MANAGE_ONLY = "Chỉ cán bộ TĐKT cấp tỉnh được lấy ý kiến hiệp y."


class AgencyOut(Schema):
    id: int
    name: str
    addressee: str
    topic: str
    active: bool


class ConsultationOut(Schema):
    id: int
    code: str
    dossier_id: int
    dossier_title: str
    number: str
    sent_on: dt.date
    days: int
    due_on: dt.date
    no_reply_means: documented(NoReplyMeans)
    closed_on: dt.date | None
    is_open: bool
    replies: int
    pending: int
    held: int


class ConsultationPage(Schema):
    items: list[ConsultationOut]
    next_cursor: str | None


class ReplyOut(Schema):
    id: int
    agency_id: int
    agency: str
    nomination_id: int
    nominee: str
    answer: documented(Answer)
    reason: str
    answered_on: dt.date | None
    holds: bool  # a disagreement (or a missing answer counted as one) holds the nomination until cleared


class ConsultationDetailOut(ConsultationOut):
    agencies: list[AgencyOut]
    nomination_ids: list[int]
    reply_rows: list[ReplyOut]


class NeededOut(Schema):
    nomination_id: int
    nominee: str
    award: str


class DossierConsultationsOut(Schema):
    dossier_id: int
    problem: str | None  # why the dossier may not go past appraisal yet for want of a consultation
    needed: list[NeededOut]
    rounds: list[ConsultationOut]


class ConsultationIn(Schema):
    nomination_ids: list[int] | None = Field(None, max_length=500)  # default: the nominations that need one
    agency_ids: list[int] | None = Field(None, max_length=100)  # default: every active agency
    days: int | None = None  # working days to answer (1–60); default: the province's setting
    sent_on: dt.date | None = None  # default: today
    number: str = Field("", max_length=60)


class AnswerIn(Schema):
    reply_id: int
    answer: Literal["", "agree", "disagree"]  # "" = not answered yet
    reason: str = ""  # required for a disagreement


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(max_length=5000)
    answered_on: dt.date | None = None  # default: today


class NumberIn(Schema):
    number: str = Field(min_length=1, max_length=60)


class ClearIn(Schema):
    note: str
    closed_on: dt.date | None = None


def _counts(c) -> dict:
    counts = {"replies": 0, "pending": 0, "held": 0}
    for answer, proceeding_id, cleared_on in c.replies.values_list("answer", "proceeding_id",
                                                                   "proceeding__closed_on"):
        counts["replies"] += 1
        counts["pending"] += answer == Answer.PENDING
        counts["held"] += bool(proceeding_id and cleared_on is None)
    return counts


def _out(c) -> dict:
    return {"id": c.pk, "code": c.code, "dossier_id": c.dossier_id, "dossier_title": c.dossier.title,
            "number": c.number, "sent_on": c.sent_on, "days": c.days, "due_on": c.due_on,
            "no_reply_means": c.no_reply_means, "closed_on": c.closed_on, "is_open": c.is_open, **_counts(c)}


def _agency_out(a) -> dict:
    return {"id": a.pk, "name": a.name, "addressee": a.addressee, "topic": a.topic, "active": a.active}


def _detail(c) -> dict:
    replies = c.replies.select_related("agency", "nomination", "proceeding").order_by(
        "nomination__sort_key", "nomination_id", "agency__order", "agency__name", "id")
    return {
        **_out(c),
        "agencies": [_agency_out(a) for a in c.agencies.order_by("order", "name")],
        "nomination_ids": sorted(c.nominations.values_list("id", flat=True)),
        "reply_rows": [{"id": r.pk, "agency_id": r.agency_id, "agency": r.agency.name,
                        "nomination_id": r.nomination_id, "nominee": r.nomination.nominee_name,
                        "answer": r.answer, "reason": r.reason, "answered_on": r.answered_on,
                        "holds": bool(r.proceeding_id and r.proceeding.closed_on is None)} for r in replies],
    }


def _consultation(request, pk) -> Consultation:
    c = get_visible_or_404(Consultation.objects.select_related("dossier", "dossier__unit"), request.user, pk=pk)
    require(request.user, "dossiers.view_consultations", c.dossier, message=VIEW_ONLY)
    return c


class AgencyPage(Schema):
    items: list[AgencyOut]
    next_cursor: str | None


@router.get("/consultation-agencies", response={200: AgencyPage, 403: Detail},
            summary="Cơ quan được lấy ý kiến hiệp y (danh mục của tỉnh, phân trang bằng con trỏ)")
def list_agencies(request, active: bool | None = True, cursor: str | None = None, limit: int = 50):
    require(request.user, "dossiers.view_consultations", message=VIEW_ONLY)
    qs = ConsultedAgency.objects.all()
    if active is not None:
        qs = qs.filter(active=active)
    result = page(qs, ["order", "name", "id"], cursor, limit)
    return {"items": [_agency_out(a) for a in result.rows], "next_cursor": result.next_cursor}


@router.get("/consultations", response={200: ConsultationPage, 403: Detail},
            summary="Các đợt lấy ý kiến hiệp y (theo phạm vi, phân trang bằng con trỏ)")
def list_consultations(request, dossier: int | None = None, is_open: bool | None = None,
                       cursor: str | None = None, limit: int = 50):
    require(request.user, "dossiers.view_consultations", message=VIEW_ONLY)
    qs = Consultation.objects.visible_to(request.user).select_related("dossier")
    if dossier is not None:
        qs = qs.filter(dossier_id=dossier)
    if is_open is not None:
        qs = qs.filter(closed_on__isnull=is_open)
    result = page(qs, ["-sent_on", "-id"], cursor, limit)
    return {"items": [_out(c) for c in result.rows], "next_cursor": result.next_cursor}


@router.get("/{int:pk}/consultations", response={200: DossierConsultationsOut, 403: Detail, 404: Detail},
            summary="Hiệp y của một hồ sơ: các đợt, đề nghị còn phải lấy ý kiến")
def dossier_consultations(request, pk: int):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    require(request.user, "dossiers.view_consultations", dossier, message=VIEW_ONLY)
    status = consultations.status_of(dossier)
    return {
        "dossier_id": dossier.pk, "problem": status["problem"],
        "needed": [{"nomination_id": n.pk, "nominee": n.nominee_name, "award": n.award_type.name}
                   for n in status["needed"]],
        "rounds": [_out(c) for c in dossier.consultations.select_related("dossier").order_by("-sent_on", "-id")],
    }


@router.post("/{int:pk}/consultations", response={201: ConsultationDetailOut, **WRITE_ERRORS},
             summary="Lấy ý kiến hiệp y: gửi văn bản đến các cơ quan về các đề nghị của hồ sơ")
def start_consultation(request, pk: int, payload: ConsultationIn):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "dossiers.manage_consultations", dossier, message=MANAGE_ONLY)
    if payload.nomination_ids is None:
        nominations = consultations.nominations_needing(dossier)
    else:
        nominations = list(dossier.nominations.filter(pk__in=payload.nomination_ids))
        if len(nominations) != len(set(payload.nomination_ids)):
            raise HttpError(400, "Có đề nghị không thuộc hồ sơ này.")
    if payload.agency_ids is None:
        agencies = list(consultations.agencies_for_choice())
    else:
        agencies = list(ConsultedAgency.objects.filter(pk__in=payload.agency_ids))
        if len(agencies) != len(set(payload.agency_ids)):
            raise HttpError(400, "Có cơ quan không có trong danh mục lấy ý kiến hiệp y.")
    consultation = consultations.start_consultation(
        request.user, dossier, nominations=nominations, agencies=agencies,
        days=payload.days,
        sent_on=payload.sent_on, number=payload.number)
    return Status(201, _detail(_consultation(request, consultation.pk)))


@router.get("/consultations/{int:consultation_id}", response={200: ConsultationDetailOut, 403: Detail, 404: Detail},
            summary="Một đợt lấy ý kiến hiệp y: các cơ quan, ý kiến từng cơ quan về từng đề nghị")
def get_consultation(request, consultation_id: int):
    return _detail(_consultation(request, consultation_id))


@router.post("/consultations/{int:consultation_id}/replies", response={200: ConsultationDetailOut, **WRITE_ERRORS},
             summary="Ghi ý kiến trả lời của các cơ quan (không đồng ý: ghi lý do, tạm dừng xét đề nghị)")
def record_replies(request, consultation_id: int, payload: AnswersIn):
    c = _consultation(request, consultation_id)
    require(request.user, "dossiers.manage_consultations", c.dossier, message=MANAGE_ONLY)
    answers = {}
    for a in payload.answers:
        if a.reply_id in answers:
            raise HttpError(400, f"Ý kiến số {a.reply_id} được ghi hai lần.")
        answers[a.reply_id] = (a.answer, a.reason)
    consultations.record_replies(request.user, c, answers, answered_on=payload.answered_on)
    return _detail(_consultation(request, consultation_id))


@router.post("/consultations/{int:consultation_id}/number", response={200: ConsultationDetailOut, **WRITE_ERRORS},
             summary="Ghi số, ký hiệu văn bản lấy ý kiến")
def set_number(request, consultation_id: int, payload: NumberIn):
    c = _consultation(request, consultation_id)
    if not payload.number.strip():
        raise HttpError(400, "Cần ghi số, ký hiệu văn bản.")
    consultations.set_number(request.user, c, payload.number)
    return _detail(_consultation(request, consultation_id))


@router.post("/consultations/{int:consultation_id}/close", response={200: ConsultationDetailOut, **WRITE_ERRORS},
             summary="Kết thúc lấy ý kiến (khi các cơ quan đã trả lời đủ hoặc đã hết hạn)")
def close_consultation(request, consultation_id: int):
    c = _consultation(request, consultation_id)
    consultations.close_consultation(request.user, c)
    return _detail(_consultation(request, consultation_id))


@router.post("/consultations/replies/{int:reply_id}/clear", response={200: ConsultationDetailOut, **WRITE_ERRORS},
             summary="Gỡ tạm dừng do ý kiến không đồng ý (ghi kết quả xác minh)")
def clear_reply(request, reply_id: int, payload: ClearIn):
    reply = get_visible_or_404(
        ConsultationReply.objects.select_related("consultation", "consultation__dossier", "proceeding", "agency",
                                                 "nomination"), request.user, pk=reply_id)
    require(request.user, "dossiers.manage_consultations", reply.consultation.dossier, message=MANAGE_ONLY)
    consultations.clear_reply(request.user, reply, note=payload.note, closed_on=payload.closed_on)
    return _detail(_consultation(request, reply.consultation_id))


@router.get("/consultations/{int:consultation_id}/agencies/{int:agency_id}/letter.docx",
            response={200: None, 403: Detail, 404: Detail},
            summary="Tải văn bản lấy ý kiến hiệp y gửi một cơ quan (DOCX, thể thức Nghị định 30/2020)",
            openapi_extra={"responses": DOCX_RESPONSE})
def letter(request, consultation_id: int, agency_id: int):
    c = _consultation(request, consultation_id)
    require(request.user, "dossiers.manage_consultations", c.dossier, message=MANAGE_ONLY)
    agency = c.agencies.filter(pk=agency_id).first()
    if agency is None:
        raise HttpError(404, "Cơ quan này không được lấy ý kiến trong đợt này.")
    data = letters.letter_docx(c, agency)
    audit.record(c, "export", user=request.user, unit_id=c.dossier.unit_id,
                 note=_("Tải văn bản lấy ý kiến hiệp y gửi %(agency)s (DOCX).") % {"agency": agency.name})
    return download(data, letters.filename(c, agency), DOCX)



# --- the province's settings -----------------------------------------------------------------------------------


class PolicyOut(Schema):
    default_days: int
    no_reply_means: documented(NoReplyMeans)
    extra_award_types: list[str]  # award type codes consulted besides the State and Government awards


class PolicyIn(Schema):
    default_days: int = Field(ge=1, le=60)
    no_reply_means: Literal["agree", "disagree"]
    extra_award_types: list[str] = Field(default_factory=list, max_length=200)


class AgencyIn(Schema):
    name: str = Field(max_length=255)
    addressee: str = Field("", max_length=255)
    topic: str = Field("", max_length=300)
    active: bool = True
    order: int = Field(0, ge=0, le=100000)


def _policy_out(policy) -> dict:
    return {"default_days": policy.default_days, "no_reply_means": policy.no_reply_means,
            "extra_award_types": list(policy.extra_award_types.order_by("order", "name").values_list("code",
                                                                                                  flat=True))}


@router.get("/consultation-policy", response={200: PolicyOut, 403: Detail}, summary="Thiết lập hiệp y của tỉnh")
def get_policy(request):
    require(request.user, "dossiers.view_consultations", message=VIEW_ONLY)
    return _policy_out(ConsultationPolicy.current())


@router.put("/consultation-policy", response={200: PolicyOut, **WRITE_ERRORS},
            summary="Sửa thiết lập hiệp y: thời hạn trả lời, hết hạn không trả lời thì, hình thức phải hiệp y thêm")
def update_policy(request, payload: PolicyIn):
    from thidua.awards.models import AwardType

    require(request.user, "dossiers.manage_consultation_settings", message=MANAGE_ONLY)
    codes = list(dict.fromkeys(payload.extra_award_types))
    types = list(AwardType.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in types})
    if missing:
        raise HttpError(400, "Không có hình thức khen thưởng mã: " + ", ".join(missing) + ".")
    policy = consultations.save_policy(request.user, default_days=payload.default_days,
                                       no_reply_means=payload.no_reply_means, extra_award_types=types)
    return _policy_out(policy)


@router.post("/consultation-agencies", response={201: AgencyOut, **WRITE_ERRORS},
             summary="Thêm cơ quan được lấy ý kiến hiệp y")
def create_agency(request, payload: AgencyIn):
    agency = consultations.save_agency(request.user, None, **payload.dict())
    return Status(201, _agency_out(agency))


@router.put("/consultation-agencies/{int:agency_id}", response={200: AgencyOut, **WRITE_ERRORS},
            summary="Sửa cơ quan được lấy ý kiến hiệp y (active=false: ngừng lấy ý kiến)")
def update_agency(request, agency_id: int, payload: AgencyIn):
    require(request.user, "dossiers.manage_consultation_settings", message=MANAGE_ONLY)
    agency = ConsultedAgency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise HttpError(404, "Không có cơ quan này.")
    return _agency_out(consultations.save_agency(request.user, agency, **payload.dict()))
