"""Movements API (/api/v1/movements/…): movements (create, edit, launch, sơ kết / tổng kết, close), registrations
(create, submit, accept, return), a Cụm/Khối's ranking for a period and its emulation pacts (giao ước thi đua:
list, detail, create, edit, signatures). Scoped exactly like the pages (what a user
cannot see is a 404); every change goes through the same services. Lists are keyset-paginated
(`{"items", "next_cursor"}`). Scoring: api_scoring.py (/api/v1/scoring)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, Detail, choices, documented, form_data, page
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements import selectors, services
from thidua.movements.models import TITLE_CHOICES, Movement, MovementReview, Pact, Registration, ScoringRubric
from thidua.orgs.models import EmulationGroup, Period, Unit

router = Router(tags=["movements"])


class ReviewOut(Schema):
    kind: documented(MovementReview.Kind)
    held_on: dt.date
    title: str
    document: str
    summary: str


class MovementOut(Schema):
    id: int
    name: str
    kind: documented(Movement.Kind)
    status: documented(Movement.Status)
    period: str
    lead_unit: str
    launch_doc_number: str
    launch_doc_date: dt.date | None
    launch_doc_issuer: str
    start: dt.date
    end: dt.date


class MovementDetailOut(MovementOut):
    launched_at: str
    description: str
    participants: str
    targets: str
    award_standards: str
    reviews: list[ReviewOut]


class MovementPage(Schema):
    items: list[MovementOut]
    next_cursor: str | None


class MovementFilter(Schema):
    year: int | None = None
    kind: documented(Movement.Kind) | None = None
    status: documented(Movement.Status) | None = None
    period: str | None = None
    lead_unit: int | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 50


def _movement_out(m: Movement) -> dict:
    return {
        "id": m.pk, "name": m.name, "kind": m.kind, "status": m.status, "period": m.period.label,
        "lead_unit": m.lead_unit.name, "launch_doc_number": m.launch_doc_number, "launch_doc_date": m.launch_doc_date,
        "launch_doc_issuer": m.launch_doc_issuer, "start": m.start, "end": m.end,
    }


@router.get("", response={200: MovementPage, 400: Detail},
            summary="Danh sách phong trào thi đua (mới nhất trước, phân trang bằng con trỏ)")
def list_movements(request, filters: Query[MovementFilter]):
    qs = Movement.objects.visible_to(request.user).select_related("period", "lead_unit")
    if filters.kind:
        if filters.kind not in Movement.Kind.values:
            raise HttpError(400, "Loại phong trào không hợp lệ (regular, thematic, stage).")
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        if filters.status not in Movement.Status.values:
            raise HttpError(400, "Trạng thái không hợp lệ (draft, launched, concluded).")
        qs = qs.filter(status=filters.status)
    if filters.year is not None:
        # A movement counts in a year when it runs during that year.
        qs = qs.filter(start__year__lte=filters.year, end__year__gte=filters.year)
    if filters.period:
        qs = qs.filter(period=_period(filters.period))
    if filters.lead_unit is not None:
        qs = qs.filter(lead_unit_id=filters.lead_unit)
    if filters.q:
        qs = qs.search(filters.q)
    result = page(qs, ["-start", "-id"], filters.cursor, filters.limit)
    return {"items": [_movement_out(m) for m in result.rows], "next_cursor": result.next_cursor}


@router.get("/{int:movement_id}", response={200: MovementDetailOut, **READ_ERRORS}, summary="Chi tiết phong trào")
def get_movement(request, movement_id: int):
    m = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=movement_id)
    out = _movement_out(m)
    out.update({
        "launched_at": m.launched_at, "description": m.description, "participants": m.participants,
        "targets": m.targets, "award_standards": m.award_standards,
        "reviews": [{"kind": r.kind, "held_on": r.held_on, "title": r.title, "document": r.document,
                     "summary": r.summary} for r in m.reviews.all()],
    })
    return out


class TitleOut(Schema):
    code: str
    name: str
    quantity: int


class RegistrationOut(Schema):
    id: int
    unit: str
    unit_id: int
    person: str | None
    period: str
    movement_id: int | None
    registered_with: str
    targets: str
    status: documented(Registration.Status)
    titles: list[TitleOut]


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: str | None


class RegistrationFilter(Schema):
    period: str | None = None
    status: documented(Registration.Status) | None = None
    movement: int | None = None
    unit: int | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 50


def _registration_out(r: Registration, titles) -> dict:
    return {
        "id": r.pk, "unit": r.unit.name, "unit_id": r.unit_id, "person": r.person.full_name if r.person_id else None,
        "period": r.period.label, "movement_id": r.movement_id, "registered_with": r.registered_with,
        "targets": r.targets, "status": r.status,
        "titles": [{"code": t.code, "name": t.label, "quantity": t.quantity} for t in titles],
    }


@router.get("/registrations", response={200: RegistrationPage, 400: Detail},
            summary="Đăng ký thi đua (trong phạm vi được xem, phân trang bằng con trỏ)")
def list_registrations(request, filters: Query[RegistrationFilter]):
    from thidua.movements.models import RegistrationTitle

    qs = selectors.registrations_for(request.user)
    if filters.period:
        qs = qs.filter(period__label=filters.period)
    if filters.status:
        if filters.status not in Registration.Status.values:
            raise HttpError(400, "Trạng thái không hợp lệ (draft, unit_review, submitted, accepted).")
        qs = qs.filter(status=filters.status)
    if filters.movement is not None:
        qs = qs.filter(movement_id=filters.movement)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.q:
        qs = qs.search(filters.q)
    result = page(qs, ["unit__sort_key", "id"], filters.cursor, filters.limit)
    rows = result.rows
    titles: dict[int, list] = {}
    for t in RegistrationTitle.objects.filter(registration__in=[r.pk for r in rows]):
        titles.setdefault(t.registration_id, []).append(t)
    return {"items": [_registration_out(r, titles.get(r.pk, [])) for r in rows], "next_cursor": result.next_cursor}


@router.post("/registrations/{int:registration_id}/{action}", response=RegistrationOut,
             summary="Gửi (submit), trình lãnh đạo đơn vị (send_for_approval), lãnh đạo duyệt (approve) hoặc trả lại "
                     "(unit_return, kèm note), tiếp nhận (accept) hoặc trả lại (return, kèm note) bản đăng ký")
def registration_action(request, registration_id: int, action: str, note: str = ""):
    reg = get_visible_or_404(Registration.objects.select_related("unit", "person", "period"), request.user,
                             pk=registration_id)
    try:
        if action == "submit":
            services.submit_registration(reg, user=request.user)
        elif action == "accept":
            services.accept_registration(reg, user=request.user)
        elif action == "return":
            services.return_registration(reg, user=request.user, note=note)
        elif action == "send_for_approval":
            services.send_registration_for_approval(reg, user=request.user)
        elif action == "approve":
            services.approve_registration(reg, user=request.user)
        elif action == "unit_return":
            services.return_registration_to_officer(reg, user=request.user, note=note)
        else:
            raise HttpError(400, "Thao tác không hợp lệ (submit, send_for_approval, approve, unit_return, accept, "
                                 "return).")
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages))
    return _registration_out(reg, list(reg.titles.all()))


class RankingRow(Schema):
    rank: int | None
    unit_id: int
    unit: str
    self_total: float | None
    cross_total: float | None
    final_total: float | None
    first_section_total: float | None
    chair_decision: str
    leads_group: bool


class RankingOut(Schema):
    group_id: int
    group: str
    period: str
    counts_in_year: int
    rubric_id: int
    status: documented(ScoringRubric.Status)
    final: bool
    rows: list[RankingRow]


def _f(d):
    return float(d) if d is not None else None


def _period(value: str) -> Period:
    value = (value or "").strip()
    period = Period.objects.filter(label=value).first()
    if period is None and value.isdigit():
        period = Period.objects.filter(pk=int(value)).first()
    if period is None:
        raise HttpError(400, f"Không có kỳ thi đua “{value}” (ví dụ: 2025 hoặc 2024-2025).")
    return period


@router.get("/groups/{int:group_id}/ranking", response=RankingOut,
            summary="Bảng xếp hạng của Cụm/Khối trong một kỳ (period: nhãn kỳ, ví dụ 2025 hoặc 2024-2025)")
def group_ranking(request, group_id: int, period: str):
    group = get_visible_or_404(EmulationGroup, request.user, pk=group_id)
    p = _period(period)
    rubric = ScoringRubric.objects.visible_to(request.user).filter(group=group, period=p).select_related("period").first()
    if rubric is None:
        raise Http404
    final = rubric.status == ScoringRubric.Status.FINALISED
    return {
        "group_id": group.pk, "group": group.name, "period": p.label, "counts_in_year": p.end_year,
        "rubric_id": rubric.pk, "status": rubric.status, "final": final,
        "rows": [{
            "rank": c.rank, "unit_id": c.unit_id, "unit": c.unit.name, "self_total": _f(c.self_total),
            "cross_total": _f(c.cross_total), "final_total": _f(c.final_total),
            "first_section_total": _f(c.first_section_total), "chair_decision": c.chair_decision,
            "leads_group": final and c.rank == 1,
        } for c in selectors.ranking(rubric)],
    }


# --- writes: launching, sơ kết / tổng kết, registering (movements/services.py checks the right and the state) ---


class ReviewIn(Schema):
    kind: choices(MovementReview.Kind)
    held_on: dt.date
    title: str
    document: str = ""
    summary: str
    collectives_commended: int | None = None
    individuals_commended: int | None = None


class TitleIn(Schema):
    code: choices([code for code, _label in TITLE_CHOICES])
    other_name: str = ""  # for code OTHER
    quantity: int = 1


class RegistrationIn(Schema):
    unit_id: int | None = None  # default: the user's unit
    person_id: int | None = None  # a person's own registration
    period: str  # a period's label: 2025, 2024-2025
    movement_id: int | None = None
    registered_with: str | None = None
    targets: str
    titles: list[TitleIn]


class MovementIn(Schema):
    name: str
    kind: choices(Movement.Kind) = Movement.Kind.REGULAR.value
    period: str  # a period's label: 2025, 2024-2025, 2021-2025
    lead_unit_id: int | None = None  # default: the caller's unit
    launch_doc_number: str = ""
    launch_doc_date: dt.date | None = None
    launch_doc_issuer: str = ""
    launched_at: str = ""
    start: dt.date
    end: dt.date
    description: str = ""
    participants: str = ""
    targets: str = ""
    award_standards: str = ""


class MovementPatch(Schema):
    name: str | None = None
    kind: choices(Movement.Kind) | None = None
    period: str | None = None
    lead_unit_id: int | None = None
    launch_doc_number: str | None = None
    launch_doc_date: dt.date | None = None
    launch_doc_issuer: str | None = None
    launched_at: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    description: str | None = None
    participants: str | None = None
    targets: str | None = None
    award_standards: str | None = None


class MovementCloseIn(Schema):
    held_on: dt.date
    title: str
    document: str = ""
    summary: str
    collectives_commended: int | None = None
    individuals_commended: int | None = None


_TEXT = ("name", "launch_doc_number", "launch_doc_issuer", "launched_at", "description", "participants", "targets",
         "award_standards")


def _apply(movement: Movement, data: dict, user) -> Movement:
    """Set the given fields on `movement` (references resolved within the caller's scope)."""
    if "period" in data:
        if data["period"] is None:
            raise HttpError(400, "Chọn kỳ thi đua.")
        movement.period = _period(data.pop("period"))
    if "lead_unit_id" in data:
        unit_id = data.pop("lead_unit_id")
        unit = Unit.objects.visible_to(user).filter(pk=unit_id).first() if unit_id is not None else None
        if unit is None:
            raise HttpError(400, "Không có đơn vị chủ trì này trong phạm vi của bạn.")
        movement.lead_unit = unit
    for key, value in data.items():
        if value is None and key in (*_TEXT, "kind", "start", "end"):
            continue  # required or text fields: null leaves them as they are
        setattr(movement, key, value.strip() if isinstance(value, str) else value)
    return movement


@router.post("", response={201: MovementDetailOut, **WRITE_ERRORS},
             summary="Tạo phong trào thi đua (đang chuẩn bị; phát động bằng …/{id}/launch)")
def create_movement(request, payload: MovementIn):
    data = payload.dict()
    if data["lead_unit_id"] is None:
        if request.user.unit_id is None:
            raise HttpError(400, "Chọn đơn vị chủ trì (lead_unit_id).")
        data["lead_unit_id"] = request.user.unit_id
    movement = services.save_movement(_apply(Movement(), data, request.user), user=request.user)
    return Status(201, get_movement(request, movement.pk))


@router.patch("/{int:movement_id}", response={200: MovementDetailOut, **WRITE_ERRORS},
              summary="Sửa phong trào (chỉ các trường gửi lên)")
def update_movement(request, movement_id: int, payload: MovementPatch):
    m = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=movement_id)
    services.save_movement(_apply(m, payload.dict(exclude_unset=True), request.user), user=request.user)
    return get_movement(request, movement_id)


@router.post("/{int:movement_id}/close", response={200: MovementDetailOut, **WRITE_ERRORS},
             summary="Kết thúc phong trào: ghi nhận tổng kết (như …/reviews với kind=final)")
def close_movement(request, movement_id: int, payload: MovementCloseIn):
    m = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=movement_id)
    review = MovementReview(movement=m, kind=MovementReview.Kind.FINAL, held_on=payload.held_on,
                            title=payload.title.strip(), document=payload.document.strip(),
                            summary=payload.summary.strip(), collectives_commended=payload.collectives_commended,
                            individuals_commended=payload.individuals_commended)
    review.full_clean()
    services.record_review(m, review, user=request.user)
    return get_movement(request, movement_id)


@router.post("/{int:movement_id}/launch", response={200: MovementDetailOut, **WRITE_ERRORS},
             summary="Phát động phong trào")
def launch(request, movement_id: int):
    m = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=movement_id)
    services.launch_movement(m, user=request.user)
    return get_movement(request, movement_id)


@router.post("/{int:movement_id}/reviews", response={201: MovementDetailOut, **WRITE_ERRORS},
             summary="Ghi nhận sơ kết (interim) hoặc tổng kết (final, kết thúc phong trào)")
def record_review(request, movement_id: int, payload: ReviewIn):
    m = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=movement_id)
    review = MovementReview(kind=payload.kind, held_on=payload.held_on, title=payload.title.strip(),
                            document=payload.document.strip(), summary=payload.summary.strip(),
                            collectives_commended=payload.collectives_commended,
                            individuals_commended=payload.individuals_commended)
    review.movement = m
    review.full_clean()
    services.record_review(m, review, user=request.user)
    return Status(201, get_movement(request, movement_id))


@router.post("/registrations", response={201: RegistrationOut, **WRITE_ERRORS},
             summary="Lập bản đăng ký thi đua (bản soạn; gửi bằng …/registrations/{id}/submit)")
def create_registration(request, payload: RegistrationIn):
    from thidua.orgs.models import Person, Unit

    user = request.user
    unit = user.unit
    if payload.unit_id is not None:
        unit = Unit.objects.visible_to(user).filter(pk=payload.unit_id).first()
    if unit is None:
        raise HttpError(400, "Không có đơn vị này trong phạm vi của bạn.")
    person = None
    if payload.person_id is not None:
        person = Person.objects.visible_to(user).filter(pk=payload.person_id, unit=unit).first()
        if person is None:
            raise HttpError(400, "Cá nhân không thuộc đơn vị đăng ký.")
    movement = None
    if payload.movement_id is not None:
        movement = Movement.objects.visible_to(user).filter(pk=payload.movement_id).first()
        if movement is None:
            raise HttpError(400, "Không có phong trào này.")
    registration = Registration(unit=unit, person=person, period=_period(payload.period), movement=movement,
                                targets=payload.targets.strip())
    if payload.registered_with:
        registration.registered_with = payload.registered_with.strip()
    titles = [services.TitleRow(code=t.code, other_name=t.other_name, quantity=t.quantity) for t in payload.titles]
    services.save_registration(registration, titles, user=user)
    return Status(201, _registration_out(registration, list(registration.titles.all())))


# --- emulation pacts (giao ước thi đua): the pages' forms and services (movements.services.save_pact, sign_pact) --


class PactOut(Schema):
    id: int
    group_id: int
    group: str
    period: str
    title: str
    signing_place: str
    signing_date: dt.date | None
    member_count: int
    signature_count: int


class PactMemberOut(Schema):
    unit_id: int
    unit: str
    signed: bool
    signer_name: str
    signer_title: str
    signed_on: dt.date | None
    can_sign: bool  # the caller may record this unit's signature


class PactDetailOut(PactOut):
    content: str
    can_manage: bool
    members: list[PactMemberOut]


class PactPage(Schema):
    items: list[PactOut]
    next_cursor: str | None


class PactIn(Schema):
    group_id: int
    period: str  # a period's label: 2025, 2024-2025 (school year)
    title: str
    content: str
    signing_place: str = ""
    signing_date: dt.date | None = None


class PactSignatureIn(Schema):
    unit_id: int
    signer_name: str
    signer_title: str = ""
    signed_on: dt.date


def _pact(request, pk) -> Pact:
    return get_visible_or_404(selectors.pacts_for(request.user), request.user, pk=pk)


def _member_counts(group_ids) -> dict:
    from django.db.models import Count

    return dict(EmulationGroup.objects.filter(pk__in=set(group_ids)).annotate(n=Count("memberships", distinct=True))
                .values_list("pk", "n"))


def _pact_out(p: Pact, member_count: int) -> dict:
    return {
        "id": p.pk, "group_id": p.group_id, "group": p.group.name, "period": p.period.label, "title": p.title,
        "signing_place": p.signing_place, "signing_date": p.signing_date, "member_count": member_count,
        "signature_count": p.signature_count,
    }


def _pact_detail(request, pk) -> dict:
    pact = _pact(request, pk)
    user = request.user
    members = list(services.member_units(pact.group, on=pact.period.end))
    signatures = {s.unit_id: s for s in selectors.pact_with_signatures(pact)}
    rows = []
    for u in members:
        sig = signatures.get(u.pk)
        rows.append({
            "unit_id": u.pk, "unit": u.name, "signed": sig is not None,
            "signer_name": sig.signer_name if sig else "", "signer_title": sig.signer_title if sig else "",
            "signed_on": sig.signed_on if sig else None,
            "can_sign": sig is None and user.has_perm("movements.sign_pact_for", (pact, u)),
        })
    return {**_pact_out(pact, _member_counts([pact.group_id]).get(pact.group_id, 0)), "content": pact.content,
            "can_manage": user.has_perm("movements.manage_pact", pact), "members": rows}


@router.get("/pacts", response={200: PactPage, 400: Detail},
            summary="Giao ước thi đua của các Cụm/Khối (theo phạm vi, phân trang bằng con trỏ)")
def list_pacts(request, period: str | None = None, group: int | None = None, cursor: str | None = None,
               limit: int = 50):
    qs = selectors.pacts_for(request.user)
    if period:
        qs = qs.filter(period=_period(period))
    if group is not None:
        qs = qs.filter(group_id=group)
    result = page(qs, ["-period__start", "group__sort_key", "id"], cursor, limit)
    counts = _member_counts(p.group_id for p in result.rows)
    return {"items": [_pact_out(p, counts.get(p.group_id, 0)) for p in result.rows],
            "next_cursor": result.next_cursor}


@router.get("/pacts/{int:pact_id}", response={200: PactDetailOut, **READ_ERRORS},
            summary="Giao ước thi đua với các đơn vị thành viên và chữ ký")
def get_pact(request, pact_id: int):
    return _pact_detail(request, pact_id)


def _save_pact(request, pact: Pact | None, payload: PactIn) -> Pact:
    from thidua.movements.forms import PactForm

    data = {"group": payload.group_id, "period": _period(payload.period).pk, "title": payload.title,
            "content": payload.content, "signing_place": payload.signing_place,
            "signing_date": payload.signing_date.isoformat() if payload.signing_date else ""}
    form = PactForm(data, instance=pact, user=request.user)  # the page's form: groups the caller heads, one per kỳ
    form_data(form)
    return services.save_pact(form.save(commit=False), user=request.user)


@router.post("/pacts", response={201: PactDetailOut, **WRITE_ERRORS},
             summary="Lập giao ước thi đua của Cụm/Khối cho một kỳ (Trưởng Cụm/Khối của kỳ hoặc cán bộ TĐKT tỉnh)")
def create_pact(request, payload: PactIn):
    require(request.user, "movements.create_pact",
            message="Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh lập giao ước.")
    pact = _save_pact(request, None, payload)
    return Status(201, _pact_detail(request, pact.pk))


@router.put("/pacts/{int:pact_id}", response={200: PactDetailOut, **WRITE_ERRORS},
            summary="Sửa giao ước thi đua (Trưởng Cụm/Khối của kỳ hoặc cán bộ TĐKT tỉnh)")
def update_pact(request, pact_id: int, payload: PactIn):
    pact = get_visible_or_404(Pact.objects.select_related("group", "period"), request.user, pk=pact_id)
    require(request.user, "movements.manage_pact", pact,
            message="Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa giao ước.")
    _save_pact(request, pact, payload)
    return _pact_detail(request, pact_id)


@router.post("/pacts/{int:pact_id}/signatures", response={201: PactDetailOut, **WRITE_ERRORS},
             summary="Ghi nhận chữ ký giao ước của một đơn vị thành viên (Trưởng Cụm/Khối cho mọi thành viên, "
             "cán bộ đơn vị cho đơn vị mình)")
def sign_pact(request, pact_id: int, payload: PactSignatureIn):
    from thidua.movements.forms import SignatureForm

    pact = _pact(request, pact_id)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise HttpError(400, "Không có đơn vị này.")
    data = form_data(SignatureForm(
        {"unit": unit.pk, "signer_name": payload.signer_name, "signer_title": payload.signer_title,
         "signed_on": payload.signed_on.isoformat()},
        units=Unit.objects.filter(pk=unit.pk),
    ))  # the page's form: lengths of the signer's name and title
    services.sign_pact(pact, unit=unit, signer_name=data["signer_name"], signer_title=data["signer_title"],
                       signed_on=data["signed_on"], user=request.user)
    return Status(201, _pact_detail(request, pact_id))
