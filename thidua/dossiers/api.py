"""Dossiers API at /api/v1/dossiers: list, detail, create, nominations and workflow transitions. Scoped like
the pages (another unit's dossier is a 404); every change goes through `services`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from thidua.core.pagination import keyset_page
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.dossiers import selectors, services
from thidua.dossiers.models import Dossier, DossierState, Nomination
from thidua.dossiers.verdicts import verdicts_for
from thidua.dossiers.workflow import SERVICE_ONLY, TRANSITIONS, allowed_actions

router = Router(tags=["dossiers"])


class DossierOut(Schema):
    id: int
    code: str
    title: str
    unit: str
    unit_id: int
    kind: str
    procedure: str
    year: int
    state: str
    state_label: str
    version: int
    submitted_on: dt.date | None
    received_on: dt.date | None
    due_on: dt.date | None
    due_kind: str
    days_left: int | None
    last_reason: str


class NominationOut(Schema):
    id: int
    kind: str
    nominee: str
    person_id: int | None
    unit_id: int | None
    award: str
    achievement_summary: str
    justification: str
    flagged: bool
    appraisal: str
    council_result: str
    verdict: dict
    holds: list[str] = []  # why a pending proceeding stops it (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP)


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str
    reason: str
    at: dt.datetime


class DossierDetailOut(DossierOut):
    nominations: list[NominationOut]
    events: list[EventOut]
    allowed_actions: list[str]
    decision_number: str | None
    authority: str | None = None  # who decides (the conferring authority in force today)
    authority_problem: str | None = None  # why the dossier cannot be decided as one decision


class DossierPage(Schema):
    items: list[DossierOut]
    next: str | None


class DossierIn(Schema):
    title: str
    kind: str = Dossier.Kind.MERIT
    year: int
    procedure: str | None = None
    achievement_on: dt.date | None = None


class NominationIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None
    award: str
    achievement_summary: str
    justification: str = ""


class TransitionIn(Schema):
    action: str
    reason: str = ""
    version: int | None = None


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
            "council_result": n.council_result, "verdict": verdicts.get(n.pk, {}), "holds": held.get(n.pk, []),
        } for n in nominations],
        "events": [{"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "actor": e.actor_name,
                    "reason": e.reason, "at": e.at} for e in d.events.all()],
        "allowed_actions": [a for a in allowed_actions(d, request.user) if a not in SERVICE_ONLY],
        "decision_number": decision.number if decision else None,
        "authority": route.label if route else None, "authority_problem": route_problem,
    }


@router.get("", response=DossierPage, summary="Danh sách hồ sơ (theo phạm vi người dùng)")
@reads_from_replica
def list_dossiers(request, state: str = "", year: int | None = None, q: str = "", after: str | None = None,
                  overdue: bool = False):
    qs = selectors.dossiers_for(request.user, state=state, year=year, query=q, overdue=overdue)
    page = keyset_page(qs, ["-created_at", "-id"], after, size=100)
    selectors.with_countdowns(page.rows)
    return {"items": [_out(d) for d in page.rows], "next": page.next_cursor}


@router.get("/{int:pk}", response=DossierDetailOut, summary="Chi tiết hồ sơ, đề nghị và quá trình xử lý")
def get_dossier(request, pk: int):
    return _detail(request, pk)


@router.post("", response={201: DossierDetailOut, 400: Detail, 403: Detail}, summary="Lập hồ sơ")
def create_dossier(request, payload: DossierIn):
    user = request.user
    if payload.kind not in Dossier.Kind.values:
        raise HttpError(400, "Loại khen thưởng không hợp lệ.")
    if payload.procedure is not None and payload.procedure not in Dossier.Procedure.values:
        raise HttpError(400, "Thủ tục không hợp lệ.")
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
    if payload.action not in {a for (_, a) in TRANSITIONS}:
        raise HttpError(400, "Thao tác không hợp lệ.")
    try:
        services.transition(d, payload.action, request.user, reason=payload.reason, expected_version=payload.version)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc))
    except services.ConcurrentChange as exc:
        raise HttpError(409, exc.message)
    except services.WorkflowError as exc:
        raise HttpError(400, exc.message)
    return _detail(request, d.pk)
