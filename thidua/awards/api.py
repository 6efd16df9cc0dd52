"""API of the awards app, mounted at /api/v1/ (prefix "/").

`POST /api/v1/eligibility/check`: the eligibility calculator (DESIGN.md §4.2). Body: one case or an array of
cases; answer: one verdict or an array of verdicts. It reveals no stored data, so it needs no login.

`/api/v1/awards/…`: the award register (record, correct, revoke with a reason), the catalogue, ratings,
initiatives and discipline (see the section at the end)."""

import datetime as dt
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, choices, documented, page
from thidua.awards import services
from thidua.awards.eligibility_schema import CHECK_OPENAPI
from thidua.awards.models import (
    Award,
    AwardType,
    CommendationType,
    Discipline,
    Initiative,
    Rating,
    SubjectKind,
)
from thidua.awards.param_store import load_resolver
from thidua.awards.rules import (
    AWARD_RULES,
    PARAMETERS,
    RULE_SETS_BY_VERSION,
    award_name_in,
    criteria_for,
    evaluate_many,
)
from thidua.awards.rules.jsonio import DocumentError, load_document
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import Period, Person, Unit

prefix = "/"
# A batch calculator: allow bigger bodies than Django's 2.5 MB form limit (about 40,000 cases).
MAX_BODY_BYTES = 20 * 1024 * 1024
router = Router(tags=["eligibility"])


def _read_body(request) -> bytes:
    too_big = "Dữ liệu gửi lên quá lớn (tối đa 20 MB); hãy chia thành nhiều lần gửi."
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise HttpError(413, too_big)
    if hasattr(request, "_body"):
        return request._body
    raw = request.read(MAX_BODY_BYTES + 1)  # the stream, not request.body: this endpoint has its own limit
    if len(raw) > MAX_BODY_BYTES:
        raise HttpError(413, too_big)
    return raw


@router.post(
    "/eligibility/check",
    auth=None,
    summary="Xét điều kiện khen thưởng",
    description=(
        "Nhận một hồ sơ (đối tượng JSON) hoặc một mảng hồ sơ; trả về một kết quả hoặc mảng kết quả tương ứng. "
        "Hồ sơ sai cấu trúc cho kết quả có trường `error` và `eligible: null`; thân yêu cầu không phải JSON "
        "(hoặc không phải đối tượng/mảng) trả về 400. Bộ quy tắc và tiêu chí: LAW.md + LAW-V2.md (bộ quy tắc v2: "
        "bộ quy tắc v1/v2/v3 theo ngày nhận hồ sơ, căn cứ kê khai `bases`, `needs_judgement`, `unconfirmed`)."
    ),
    openapi_extra=CHECK_OPENAPI,
)
def check_eligibility(request):
    raw = _read_body(request)
    try:
        document = load_document(raw)
    except DocumentError as exc:
        raise HttpError(400, f"Dữ liệu gửi lên không hợp lệ: {exc}.")
    resolver = load_resolver()
    if isinstance(document, dict):
        body = evaluate_many([document], resolver=resolver)[0]
    else:
        body = evaluate_many(document, resolver=resolver)
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})


def _plain(value):
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return f"{value[0]:02d}-{value[1]:02d}"
    return value


@router.get(
    "/eligibility/rules",
    auth=None,
    summary="Bộ quy tắc xét khen thưởng: tiêu chí và tham số đang áp dụng",
    description=(
        "Các danh hiệu/hình thức của bộ quy tắc, tiêu chí của từng loại (mã, căn cứ, nội dung) và giá trị tham số "
        "có hiệu lực vào ngày `on` (mặc định hôm nay), gồm cả giá trị riêng của tỉnh."
    ),
)
def eligibility_rules(request, on: dt.date | None = None):
    on = on or dt.date.today()
    params = load_resolver().at(on)
    version = None if params is None else params.rule_set.version
    rule_set = RULE_SETS_BY_VERSION.get(version) if version else None
    awards = [
        {
            "award": code,
            "name": award_name_in(code, rule_set),
            "kind": kind,
            "criteria": [
                {"criterion": c.code, "article": c.article, "title": c.title, "declared": c.declared}
                for c in criteria_for(code, kind, version)
            ],
        }
        for code in AWARD_RULES
        for kind in AWARD_RULES[code]
    ]
    parameters = [
        {
            "name": name,
            "description": spec.description,
            "default": _plain(spec.default),
            "value": None if params is None else _plain(params[name]),
        }
        for name, spec in PARAMETERS.items()
    ]
    body = {
        "on": on.isoformat(),
        "rule_set": None if params is None else params.rule_set.version,
        "awards": awards,
        "parameters": parameters,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


# --- the award register, catalogue, ratings, initiatives, discipline (/api/v1/awards/…) -------------------------
# Scoped like the pages (Award/Rating/… .visible_to: outside the user's scope is a 404); writes need the subject
# to be editable by the user (unit officers for their units, province staff) and go through awards.services.

register = Router(tags=["awards"])


class AwardTypeOut(Schema):
    code: str
    name: str
    short_name: str
    category: documented(AwardType.Category)
    group: documented(AwardType.Group)
    subject_kinds: list[documented(SubjectKind)]
    level: documented(AwardType.Level)
    conferred_by: str
    needs_ballot: bool
    ballot_threshold: float | None
    bonus_multiple: float
    bonus_multiple_collective: float
    article: str
    active: bool
    conferrable: bool


class AwardOut(Schema):
    id: int
    award: str
    award_name: str
    recipient_kind: documented(Award.RecipientKind)
    recipient: str
    person_id: int | None
    unit_id: int
    unit: str
    year: int
    period: str | None
    commendation_type: documented(CommendationType)
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    achievement: str
    source: documented(Award.Source)
    revoked: bool
    revoked_reason: str
    revoked_decision: str
    revoked_on: dt.date | None


class AwardPage(Schema):
    items: list[AwardOut]
    next_cursor: str | None


class AwardIn(Schema):
    award: str
    person_id: int | None = None  # an individual; else unit_id (a collective or a household of that unit)
    unit_id: int | None = None
    recipient_kind: choices(Award.RecipientKind) | None = None
    household_name: str = ""
    year: int
    period: str | None = None  # a period's label (2024-2025) for school years and stages
    commendation_type: choices(CommendationType) = CommendationType.CONG_TRANG.value
    decision_number: str
    decision_date: dt.date
    decision_issuer: str = ""
    achievement: str = ""
    initiative_ids: list[int] = []


class AwardPatch(Schema):
    year: int | None = None
    period: str | None = None
    commendation_type: choices(CommendationType) | None = None
    decision_number: str | None = None
    decision_date: dt.date | None = None
    decision_issuer: str | None = None
    achievement: str | None = None
    household_name: str | None = None


class RevokeIn(Schema):
    reason: str
    decision: str  # the annulling decision (number, date)
    on: dt.date | None = None


class RatingOut(Schema):
    id: int
    person_id: int | None
    unit_id: int | None
    year: int
    rating: documented(Rating.Value)
    note: str


class RatingIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None
    year: int
    rating: choices(Rating.Value)
    note: str = ""


class InitiativeOut(Schema):
    id: int
    person_id: int | None
    unit_id: int | None
    title: str
    year: int
    scope: documented(Initiative.Scope)
    recognition_decision: str
    recognised_on: dt.date | None
    used_by_award_id: int | None


class InitiativeIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None
    title: str
    year: int
    scope: choices(Initiative.Scope) = Initiative.Scope.CO_SO.value
    recognition_decision: str = ""
    recognised_on: dt.date | None = None


class DisciplineOut(Schema):
    id: int
    person_id: int
    year: int
    form: documented(Discipline.Form)
    decided_on: dt.date | None
    decision: str
    ends_on: dt.date | None
    note: str


class DisciplineIn(Schema):
    person_id: int
    year: int
    form: choices(Discipline.Form)
    decided_on: dt.date | None = None
    decision: str = ""
    ends_on: dt.date | None = None
    note: str = ""


class RecordPage(Schema):
    items: list[RatingOut]
    next_cursor: str | None


class InitiativePage(Schema):
    items: list[InitiativeOut]
    next_cursor: str | None


class DisciplinePage(Schema):
    items: list[DisciplineOut]
    next_cursor: str | None


def _f(value):
    return float(value) if value is not None else None


def _award_out(a: Award) -> dict:
    return {
        "id": a.pk, "award": a.award_type.code, "award_name": a.award_type.name, "recipient_kind": a.recipient_kind,
        "recipient": a.recipient_name, "person_id": a.person_id, "unit_id": a.unit_id, "unit": a.unit.name,
        "year": a.year, "period": a.period.label if a.period_id else None, "commendation_type": a.commendation_type,
        "decision_number": a.decision_number, "decision_date": a.decision_date, "decision_issuer": a.decision_issuer,
        "achievement": a.achievement, "source": a.source, "revoked": a.revoked, "revoked_reason": a.revoked_reason,
        "revoked_decision": a.revoked_decision, "revoked_on": a.revoked_on,
    }


def _rating_out(r):
    return {"id": r.pk, "person_id": r.person_id, "unit_id": r.unit_id, "year": r.year, "rating": r.rating,
            "note": r.note}


def _initiative_out(i):
    return {"id": i.pk, "person_id": i.person_id, "unit_id": i.unit_id, "title": i.title, "year": i.year,
            "scope": i.scope, "recognition_decision": i.recognition_decision, "recognised_on": i.recognised_on,
            "used_by_award_id": i.used_by_award_id}


def _discipline_out(d):
    return {"id": d.pk, "person_id": d.person_id, "year": d.year, "form": d.form, "decided_on": d.decided_on,
            "decision": d.decision, "ends_on": d.ends_on, "note": d.note}


def _editable(model, user, pk, label):
    """A person or unit named in a body: 400 when it is not in the user's scope, 403 when it is but read-only."""
    if not model.objects.visible_to(user).filter(pk=pk).exists():
        raise HttpError(400, f"Không có {label} này trong phạm vi của bạn.")
    obj = model.objects.editable_by(user).filter(pk=pk).first()
    if obj is None:
        raise PermissionDenied("Bạn không có quyền sửa bản ghi này.")
    return obj


def _subject(user, person_id, unit_id, *, person_only=False):
    if person_only or bool(person_id) != bool(unit_id):
        if person_id:
            return _editable(Person, user, person_id, "cá nhân"), None
        if unit_id and not person_only:
            return None, _editable(Unit, user, unit_id, "đơn vị")
    raise HttpError(400, "Cần chọn đúng một đối tượng: cá nhân (person_id) hoặc tập thể (unit_id).")


def _period(label):
    if not label:
        return None
    period = Period.objects.filter(label=label.strip()).first()
    if period is None:
        raise HttpError(400, f"Không có kỳ thi đua “{label}”.")
    return period


def _may_annul(user, award) -> bool:
    # Luật Art 93: the body that awarded annuls or corrects — province staff any award; a unit only what it may
    # confer itself (the award book's page applies the same rule).
    if not Award.objects.editable_by(user).filter(pk=award.pk).exists():
        return False
    return user.has_perm("awards.revoke_award", award)


class AwardTypePage(Schema):
    items: list[AwardTypeOut]
    next_cursor: str | None


@register.get("/catalogue", response=AwardTypePage,
              summary="Danh mục danh hiệu, hình thức khen thưởng (theo thứ tự của danh mục, phân trang bằng con trỏ)")
def catalogue(request, category: choices(AwardType.Category) | None = None, active: bool | None = None,
              q: str = "", cursor: str | None = None, limit: int = 50):
    qs = AwardType.objects.all()
    if category:
        qs = qs.filter(category=category)
    if active is not None:
        qs = qs.filter(active=active)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip()) | qs.filter(code__icontains=q.strip())
    result = page(qs, ["order", "code"], cursor, limit)
    return {"next_cursor": result.next_cursor, "items": [{
        "code": t.code, "name": t.name, "short_name": t.short_name, "category": t.category, "group": t.group,
        "subject_kinds": [k for k in (t.subject_kinds or []) if k in SubjectKind.values], "level": t.level,
        "conferred_by": t.conferred_by, "needs_ballot": t.needs_ballot, "ballot_threshold": _f(t.ballot_threshold),
        "bonus_multiple": float(t.bonus_multiple), "bonus_multiple_collective": float(t.bonus_multiple_collective),
        "article": t.article, "active": t.active, "conferrable": t.conferrable,
    } for t in result.rows]}


@register.get("", response=AwardPage, summary="Sổ khen thưởng (theo phạm vi, phân trang bằng con trỏ)")
@reads_from_replica
def list_awards(request, q: str = "", award: str = "", year: int | None = None, person: int | None = None,
                unit: int | None = None, recipient_kind: choices(Award.RecipientKind) | None = None,
                revoked: bool | None = None, cursor: str | None = None, limit: int = 50):
    qs = Award.objects.visible_to(request.user).select_related("award_type", "person", "unit", "period")
    if q.strip():
        qs = qs.search(q)
    if award:
        qs = qs.filter(award_type__code=award)
    if year is not None:
        qs = qs.filter(year=year)
    if person is not None:
        qs = qs.filter(person_id=person)
    if unit is not None:
        found = Unit.objects.filter(pk=unit).first()
        # a unit's register follows its lineage (predecessors) and its sub-units, as on the page
        qs = qs.filter(unit_id__in=found.predecessor_ids() | set(found.subtree().values_list("pk", flat=True))) \
            if found else qs.none()
    if recipient_kind:
        qs = qs.filter(recipient_kind=recipient_kind)
    if revoked is not None:
        qs = qs.filter(revoked=revoked)
    result = page(qs, ["-year", "sort_key", "id"], cursor, limit)
    return {"items": [_award_out(a) for a in result.rows], "next_cursor": result.next_cursor}


@register.get("/{int:award_id}", response={200: AwardOut, **READ_ERRORS}, summary="Một khen thưởng")
def get_award(request, award_id: int):
    return _award_out(get_visible_or_404(Award.objects.select_related("award_type", "person", "unit", "period"),
                                         request.user, pk=award_id))


@register.post("", response={201: AwardOut, **WRITE_ERRORS},
               summary="Ghi nhận khen thưởng đã có quyết định vào sổ (cá nhân hoặc tập thể, hộ gia đình)")
def create_award(request, payload: AwardIn):
    person, unit = _subject(request.user, payload.person_id, payload.unit_id)
    award_type = AwardType.objects.active().filter(code=payload.award).first()
    if award_type is None:
        raise HttpError(400, "Không có danh hiệu, hình thức khen thưởng mã này.")
    if person is not None and payload.recipient_kind not in (None, Award.RecipientKind.INDIVIDUAL):
        raise HttpError(400, "Khen thưởng cá nhân: recipient_kind là individual.")
    if person is None and payload.recipient_kind == Award.RecipientKind.INDIVIDUAL:
        raise HttpError(400, "Khen thưởng cá nhân cần chọn cá nhân (person_id).")
    if not payload.decision_number.strip():
        raise HttpError(400, "Cần nhập số quyết định.")
    period = _period(payload.period)
    if period is not None and period.end_year != payload.year:
        raise HttpError(400, f"Năm thành tích phải là năm kết thúc của kỳ đã chọn ({period.end_year}).")
    owner = {"person": person} if person is not None else {"unit": unit}
    initiatives = list(Initiative.objects.filter(pk__in=payload.initiative_ids, used_by_award=None, **owner))
    if len(initiatives) != len(set(payload.initiative_ids)):
        raise HttpError(400, "Sáng kiến không thuộc đối tượng này hoặc đã được dùng làm căn cứ khen thưởng khác.")
    award = services.confer(
        award_type=award_type, year=payload.year, person=person, unit=unit, recipient_kind=payload.recipient_kind,
        household_name=payload.household_name.strip(), period=period, commendation_type=payload.commendation_type,
        decision_number=payload.decision_number.strip(), decision_date=payload.decision_date,
        decision_issuer=payload.decision_issuer.strip(), achievement=payload.achievement.strip(),
        initiatives=initiatives, user=request.user,
    )
    return Status(201, _award_out(award))


@register.patch("/{int:award_id}", response={200: AwardOut, **WRITE_ERRORS},
                summary="Đính chính khen thưởng (số, ngày, cơ quan quyết định, năm, thành tích); có ghi nhật ký")
def correct_award(request, award_id: int, payload: AwardPatch):
    award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit", "period"), request.user,
                               pk=award_id)
    if not _may_annul(request.user, award):
        raise PermissionDenied("Chỉ cơ quan đã khen thưởng mới được đính chính khen thưởng.")
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "period" in fields:
        fields["period"] = _period(fields["period"])
    for name in ("decision_number", "decision_issuer", "achievement", "household_name"):
        if name in fields:
            fields[name] = fields[name].strip()
    return _award_out(services.correct(award, user=request.user, **fields))


@register.post("/{int:award_id}/revoke", response={200: AwardOut, **WRITE_ERRORS},
               summary="Hủy bỏ khen thưởng (giữ trong sổ, ghi lý do và quyết định hủy bỏ)")
def revoke_award(request, award_id: int, payload: RevokeIn):
    award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit", "period"), request.user,
                               pk=award_id)
    if not _may_annul(request.user, award):
        raise PermissionDenied("Chỉ cơ quan đã khen thưởng mới được hủy bỏ quyết định khen thưởng.")
    if payload.on is not None and payload.on > dt.date.today():
        raise HttpError(400, "Ngày hủy bỏ không được ở tương lai.")
    return _award_out(services.revoke(award, payload.reason, payload.decision, user=request.user, on=payload.on))


def _records(model, request, person, unit, year, cursor, limit, order, **extra):
    qs = model.objects.visible_to(request.user).filter(**extra)
    if person is not None:
        qs = qs.filter(person_id=person)
    if unit is not None and model is not Discipline:
        qs = qs.filter(unit_id=unit)
    if year is not None:
        qs = qs.filter(year=year)
    return page(qs, order, cursor, limit)


@register.get("/ratings", response=RecordPage, summary="Xếp loại hằng năm (theo phạm vi)")
def list_ratings(request, person: int | None = None, unit: int | None = None, year: int | None = None,
                 cursor: str | None = None, limit: int = 50):
    result = _records(Rating, request, person, unit, year, cursor, limit, ["-year", "id"])
    return {"items": [_rating_out(r) for r in result.rows], "next_cursor": result.next_cursor}


@register.post("/ratings", response={201: RatingOut, 200: RatingOut, **WRITE_ERRORS},
               summary="Ghi xếp loại một năm (đã có thì sửa: 200)")
def save_rating(request, payload: RatingIn):
    person, unit = _subject(request.user, payload.person_id, payload.unit_id)
    existing = Rating.objects.filter(person=person, unit=unit, year=payload.year).first()
    rating = existing or Rating(person=person, unit=unit, year=payload.year)
    rating.rating, rating.note = payload.rating, payload.note.strip()
    services.save_record(rating, user=request.user)
    return Status(200 if existing else 201, _rating_out(rating))


@register.get("/initiatives", response=InitiativePage, summary="Sáng kiến (theo phạm vi)")
def list_initiatives(request, person: int | None = None, unit: int | None = None, year: int | None = None,
                     unused: bool | None = None, cursor: str | None = None, limit: int = 50):
    extra = {} if unused is None else {"used_by_award__isnull": unused}
    result = _records(Initiative, request, person, unit, year, cursor, limit, ["-year", "id"], **extra)
    return {"items": [_initiative_out(i) for i in result.rows], "next_cursor": result.next_cursor}


@register.post("/initiatives", response={201: InitiativeOut, **WRITE_ERRORS}, summary="Ghi nhận sáng kiến")
def create_initiative(request, payload: InitiativeIn):
    person, unit = _subject(request.user, payload.person_id, payload.unit_id)
    if not payload.title.strip():
        raise HttpError(400, "Cần nhập tên sáng kiến, đề tài.")
    initiative = Initiative(person=person, unit=unit, title=payload.title.strip(), year=payload.year,
                            scope=payload.scope, recognition_decision=payload.recognition_decision.strip(),
                            recognised_on=payload.recognised_on)
    services.save_record(initiative, user=request.user)
    return Status(201, _initiative_out(initiative))


@register.get("/disciplines", response=DisciplinePage, summary="Kỷ luật (theo phạm vi)")
def list_disciplines(request, person: int | None = None, year: int | None = None, cursor: str | None = None,
                     limit: int = 50):
    result = _records(Discipline, request, person, None, year, cursor, limit, ["-year", "id"])
    return {"items": [_discipline_out(d) for d in result.rows], "next_cursor": result.next_cursor}


@register.post("/disciplines", response={201: DisciplineOut, **WRITE_ERRORS}, summary="Ghi nhận kỷ luật")
def create_discipline(request, payload: DisciplineIn):
    person, _unit = _subject(request.user, payload.person_id, None, person_only=True)
    discipline = Discipline(person=person, year=payload.year, form=payload.form, decided_on=payload.decided_on,
                            decision=payload.decision.strip(), ends_on=payload.ends_on, note=payload.note.strip())
    services.save_record(discipline, user=request.user)
    return Status(201, _discipline_out(discipline))


router.add_router("/awards", register)
