"""Scoring API at /api/v1/scoring: a Cụm/Khối's rubrics (creating one for a group and period, editing it,
criteria, opening, finalising, reopening, giving a member its scorecard) and the member units' scorecards (self, cross and final scores, submitting, returning, the group's review), importing a rubric's criteria from Excel and the Chair's
decision ordering units tied on total and on section I. Scoped like the pages
(`visible_to`: a unit sees its own scorecards, the group's head unit the group's, province staff all); every change
goes through movements.services, which checks the right (movements/access.py) and the state. The provisional and
final ranking: GET /api/v1/movements/groups/{id}/ranking."""

import datetime as dt
from decimal import Decimal

from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, choices, documented, form_data, page
from thidua.core.scoping import get_visible_or_404
from thidua.movements import selectors, services
from thidua.movements.forms import ImportForm, TieForm
from thidua.movements.models import Criterion, Score, Scorecard, ScoringRubric
from thidua.orgs.models import EmulationGroup, Period, Unit

prefix = "/scoring"
router = Router(tags=["scoring"])


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    max_points: float | None
    kind: documented(Criterion.Kind)
    is_leaf: bool
    parent_id: int | None


class RubricOut(Schema):
    id: int
    title: str
    group_id: int
    group: str
    period: str
    status: documented(ScoringRubric.Status)
    finalised_at: dt.datetime | None


class RubricDetailOut(RubricOut):
    tie_break_rule: str
    criteria: list[CriterionOut]


class RubricPage(Schema):
    items: list[RubricOut]
    next_cursor: str | None


class CriterionIn(Schema):
    code: str
    name: str
    max_points: Decimal | None = None
    kind: choices(Criterion.Kind) = Criterion.Kind.STANDARD.value


class CriteriaIn(Schema):
    rows: list[CriterionIn]


class NoteIn(Schema):
    note: str


class RubricIn(Schema):
    group_id: int
    period: str  # a period's label: 2025, 2024-2025 (school year)
    title: str
    tie_break_rule: str | None = None  # default: the province's rule (section I, then the Chair's decision)
    copy_from: int | None = None  # a rubric whose criteria are copied (then edited with PUT …/criteria)
    criteria: list[CriterionIn] | None = None  # or the criteria themselves


class RubricPatch(Schema):
    title: str | None = None
    tie_break_rule: str | None = None


class ScorecardIn(Schema):
    unit_id: int


class ScoreOut(Schema):
    criterion_id: int
    code: str
    self_score: float | None
    cross_score: float | None
    final_score: float | None
    evidence: str


class ScorecardOut(Schema):
    id: int
    rubric_id: int
    unit_id: int
    unit: str
    status: documented(Scorecard.Status)
    self_total: float | None
    cross_total: float | None
    final_total: float | None
    rank: int | None
    submitted_at: dt.datetime | None


class ScorecardDetailOut(ScorecardOut):
    scores: list[ScoreOut]


class ScorecardPage(Schema):
    items: list[ScorecardOut]
    next_cursor: str | None


class ScoresIn(Schema):
    layer: choices(
        tuple(services.LAYERS)
    )  # self (the unit), cross (the group), final (the province's appraisal)
    values: dict[str, Decimal | None]  # criterion id → points (null: blank)
    evidence: dict[str, str] = {}  # criterion id → minh chứng (self layer)


def _f(value):
    return float(value) if value is not None else None


def _rubric_out(r) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "group_id": r.group_id,
        "group": r.group.name,
        "period": r.period.label,
        "status": r.status,
        "finalised_at": r.finalised_at,
    }


def _rubric_detail(r) -> dict:
    return {
        **_rubric_out(r),
        "tie_break_rule": r.tie_break_rule,
        "criteria": [
            {
                "id": c.pk,
                "code": c.code,
                "name": c.name,
                "max_points": _f(c.max_points),
                "kind": c.kind,
                "is_leaf": c.is_leaf,
                "parent_id": c.parent_id,
            }
            for c in selectors.criteria_of(r)
        ],
    }


def _card_out(c) -> dict:
    return {
        "id": c.pk,
        "rubric_id": c.rubric_id,
        "unit_id": c.unit_id,
        "unit": c.unit.name,
        "status": c.status,
        "self_total": _f(c.self_total),
        "cross_total": _f(c.cross_total),
        "final_total": _f(c.final_total),
        "rank": c.rank,
        "submitted_at": c.submitted_at,
    }


def _card_detail(c) -> dict:
    scores = (
        Score.objects.filter(scorecard=c).select_related("criterion").order_by("criterion__position", "id")
    )
    return {
        **_card_out(c),
        "scores": [
            {
                "criterion_id": s.criterion_id,
                "code": s.criterion.code,
                "self_score": _f(s.self_score),
                "cross_score": _f(s.cross_score),
                "final_score": _f(s.final_score),
                "evidence": s.evidence,
            }
            for s in scores
        ],
    }


def _rubric(request, pk) -> ScoringRubric:
    return get_visible_or_404(ScoringRubric.objects.select_related("group", "period"), request.user, pk=pk)


def _card(request, pk) -> Scorecard:
    return get_visible_or_404(
        Scorecard.objects.select_related("unit", "rubric", "rubric__group", "rubric__period"),
        request.user,
        pk=pk,
    )


# --- rubrics -------------------------------------------------------------------------------------------------


@router.get("/rubrics", response=RubricPage, summary="Bộ tiêu chí chấm điểm của Cụm/Khối (theo phạm vi)")
def list_rubrics(
    request,
    group: int | None = None,
    period: str | None = None,
    status: choices(ScoringRubric.Status) | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    qs = ScoringRubric.objects.visible_to(request.user).select_related("group", "period")
    if group is not None:
        qs = qs.filter(group_id=group)
    if period:
        qs = qs.filter(period__label=period.strip())
    if status:
        qs = qs.filter(status=status)
    result = page(qs, ["-id"], cursor, limit)
    return {"items": [_rubric_out(r) for r in result.rows], "next_cursor": result.next_cursor}


def _period(value: str) -> Period:
    value = (value or "").strip()
    period = Period.objects.filter(label=value).first()
    if period is None:
        raise HttpError(400, f"Không có kỳ thi đua “{value}” (ví dụ: 2025 hoặc 2024-2025).")
    return period


def _criterion_rows(rows: list[CriterionIn]) -> list:
    return [
        services.CriterionRow(code=r.code.strip(), name=r.name.strip(), max_points=r.max_points, kind=r.kind)
        for r in rows
    ]


@router.post(
    "/rubrics",
    response={201: RubricDetailOut, **WRITE_ERRORS},
    summary="Lập bộ tiêu chí chấm điểm của Cụm/Khối cho một kỳ (Trưởng Cụm/Khối của kỳ hoặc cán bộ TĐKT tỉnh)",
)
def create_rubric(request, payload: RubricIn):
    from django.db import transaction

    user = request.user
    group = EmulationGroup.objects.visible_to(user).filter(pk=payload.group_id).first()
    if group is None:
        raise HttpError(400, "Không có Cụm/Khối này trong phạm vi của bạn.")
    source = None
    if payload.copy_from is not None:
        source = ScoringRubric.objects.visible_to(user).filter(pk=payload.copy_from).first()
        if source is None:
            raise HttpError(400, "Không có bộ tiêu chí để sao chép (copy_from).")
        if payload.criteria is not None:
            raise HttpError(400, "Chỉ gửi một trong hai: copy_from hoặc criteria.")
    rubric = ScoringRubric(group=group, period=_period(payload.period), title=payload.title)
    if payload.tie_break_rule is not None and payload.tie_break_rule.strip():
        rubric.tie_break_rule = payload.tie_break_rule.strip()
    with transaction.atomic():  # the rubric and its criteria, or nothing
        services.save_rubric(rubric, user=user, copy_from=source)
        if payload.criteria is not None:
            services.save_criteria(rubric, _criterion_rows(payload.criteria), user=user)
    return Status(201, _rubric_detail(_rubric(request, rubric.pk)))


@router.patch(
    "/rubrics/{int:rubric_id}",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Sửa tên, nguyên tắc xếp hạng khi bằng điểm của bộ tiêu chí",
)
def update_rubric(request, rubric_id: int, payload: RubricPatch):
    rubric = _rubric(request, rubric_id)
    data = payload.dict(exclude_unset=True)
    if data.get("title") is not None:
        rubric.title = data["title"]
    if data.get("tie_break_rule") is not None:
        rubric.tie_break_rule = data["tie_break_rule"].strip()
    services.save_rubric(rubric, user=request.user)
    return _rubric_detail(_rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/scorecards",
    response={201: ScorecardDetailOut, **WRITE_ERRORS},
    summary="Giao phiếu chấm cho một đơn vị thành viên (đơn vị vào Cụm/Khối sau khi đã mở chấm điểm)",
)
def add_scorecard(request, rubric_id: int, payload: ScorecardIn):
    rubric = _rubric(request, rubric_id)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise HttpError(400, "Không có đơn vị này.")
    card = services.add_scorecard(rubric, unit, user=request.user)
    return Status(201, _card_detail(_card(request, card.pk)))


@router.get(
    "/rubrics/{int:rubric_id}",
    response={200: RubricDetailOut, **READ_ERRORS},
    summary="Bộ tiêu chí với các tiêu chí theo thứ tự",
)
def get_rubric(request, rubric_id: int):
    return _rubric_detail(_rubric(request, rubric_id))


@router.put(
    "/rubrics/{int:rubric_id}/criteria",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Thay toàn bộ tiêu chí của bộ tiêu chí đang soạn (mã 1, 1.1, 1.1.a…; điểm tối đa)",
)
def save_criteria(request, rubric_id: int, payload: CriteriaIn):
    rubric = _rubric(request, rubric_id)
    services.save_criteria(rubric, _criterion_rows(payload.rows), user=request.user)
    return _rubric_detail(_rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/criteria/import",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Nhập toàn bộ tiêu chí của bộ tiêu chí đang soạn từ tệp Excel (multipart: file .xlsx; cột Mã, Nội dung, "
    "Điểm tối đa, Loại)",
)
def import_criteria(request, rubric_id: int, file: File[UploadedFile]):
    rubric = _rubric(request, rubric_id)
    data = form_data(ImportForm(data={}, files={"file": file}))  # the page's form: size limit
    services.import_criteria_xlsx(rubric, data["file"], user=request.user)
    return _rubric_detail(_rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/open",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Mở chấm điểm: khóa tiêu chí, tạo phiếu chấm cho mỗi đơn vị thành viên",
)
def open_scoring(request, rubric_id: int):
    rubric = _rubric(request, rubric_id)
    services.open_scoring(rubric, user=request.user)
    return _rubric_detail(_rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/finalise",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Chốt kết quả chấm điểm, xếp hạng (cán bộ TĐKT tỉnh)",
)
def finalise(request, rubric_id: int):
    rubric = _rubric(request, rubric_id)
    services.finalise_rubric(rubric, user=request.user)
    return _rubric_detail(_rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/reopen",
    response={200: RubricDetailOut, **WRITE_ERRORS},
    summary="Mở lại kết quả đã chốt để điều chỉnh (ghi lý do)",
)
def reopen(request, rubric_id: int, payload: NoteIn):
    rubric = _rubric(request, rubric_id)
    services.reopen_rubric(rubric, user=request.user, note=payload.note)
    return _rubric_detail(_rubric(request, rubric_id))


# --- scorecards ----------------------------------------------------------------------------------------------


@router.get("/scorecards", response=ScorecardPage, summary="Phiếu chấm điểm (theo phạm vi)")
def list_scorecards(
    request,
    rubric: int | None = None,
    unit: int | None = None,
    status: choices(Scorecard.Status) | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    qs = Scorecard.objects.visible_to(request.user).select_related("unit")
    if rubric is not None:
        qs = qs.filter(rubric_id=rubric)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if status:
        qs = qs.filter(status=status)
    result = page(qs, ["-rubric_id", "id"], cursor, limit)
    return {"items": [_card_out(c) for c in result.rows], "next_cursor": result.next_cursor}


@router.get(
    "/scorecards/{int:scorecard_id}",
    response={200: ScorecardDetailOut, **READ_ERRORS},
    summary="Một phiếu chấm với điểm từng tiêu chí",
)
def get_scorecard(request, scorecard_id: int):
    return _card_detail(_card(request, scorecard_id))


@router.put(
    "/scorecards/{int:scorecard_id}/scores",
    response={200: ScorecardDetailOut, **WRITE_ERRORS},
    summary="Nhập điểm một lớp (tự chấm, chấm chéo, thẩm định): tất cả hoặc không",
)
def save_scores(request, scorecard_id: int, payload: ScoresIn):
    card = _card(request, scorecard_id)
    try:
        evidence = {int(k): v for k, v in payload.evidence.items()}
    except ValueError:
        raise HttpError(400, "Mã tiêu chí (khóa của evidence) phải là số.")
    services.save_scores(card, payload.layer, dict(payload.values), user=request.user, evidence=evidence)
    return _card_detail(_card(request, scorecard_id))


@router.post(
    "/scorecards/{int:scorecard_id}/submit",
    response={200: ScorecardDetailOut, **WRITE_ERRORS},
    summary="Đơn vị gửi kết quả tự chấm",
)
def submit(request, scorecard_id: int):
    card = _card(request, scorecard_id)
    services.submit_self_score(card, user=request.user)
    return _card_detail(_card(request, scorecard_id))


@router.post(
    "/scorecards/{int:scorecard_id}/return",
    response={200: ScorecardDetailOut, **WRITE_ERRORS},
    summary="Cụm/Khối trả lại phiếu để đơn vị tự chấm lại (ghi lý do)",
)
def return_card(request, scorecard_id: int, payload: NoteIn):
    card = _card(request, scorecard_id)
    services.return_scorecard(card, user=request.user, note=payload.note)
    return _card_detail(_card(request, scorecard_id))


@router.post(
    "/scorecards/{int:scorecard_id}/review",
    response={200: ScorecardDetailOut, **WRITE_ERRORS},
    summary="Cụm/Khối xác nhận kết quả chấm chéo",
)
def confirm_review(request, scorecard_id: int):
    card = _card(request, scorecard_id)
    services.confirm_cross_score(card, user=request.user)
    return _card_detail(_card(request, scorecard_id))


# --- the Chair's decision on ties ----------------------------------------------------------------------------


class TieRankRow(Schema):
    scorecard_id: int
    unit_id: int
    unit: str
    rank: int | None
    final_total: float | None
    first_section_total: float | None
    chair_priority: int | None
    chair_decision: str


class TieRankingOut(Schema):
    rubric_id: int
    status: documented(ScoringRubric.Status)
    tie_break_rule: str
    rows: list[TieRankRow]  # ranking order
    ties: list[list[int]]  # scorecard ids of units sharing a rank: each set needs the Chair's decision
    can_resolve: bool  # the caller may record the decision now (province staff, scoring open)


class TieIn(Schema):
    order: list[int]  # the tied units' scorecard ids, first to last
    decision: str  # số, ngày văn bản of the Chair's decision


def _ties(request, rubric) -> dict:
    cards = selectors.ranking(rubric)
    return {
        "rubric_id": rubric.pk,
        "status": rubric.status,
        "tie_break_rule": rubric.tie_break_rule,
        "rows": [
            {
                "scorecard_id": c.pk,
                "unit_id": c.unit_id,
                "unit": c.unit.name,
                "rank": c.rank,
                "final_total": _f(c.final_total),
                "first_section_total": _f(c.first_section_total),
                "chair_priority": c.chair_priority,
                "chair_decision": c.chair_decision,
            }
            for c in cards
        ],
        "ties": [[c.pk for c in group] for group in services.tied_groups(cards)],
        "can_resolve": request.user.has_perm("movements.resolve_tie", rubric)
        and rubric.status == ScoringRubric.Status.OPEN,
    }


@router.get(
    "/rubrics/{int:rubric_id}/ties",
    response={200: TieRankingOut, **READ_ERRORS},
    summary="Xếp hạng với các nhóm đơn vị đồng hạng (bằng tổng điểm và điểm Phần I) cần Chủ tịch quyết định",
)
def get_ties(request, rubric_id: int):
    return _ties(request, _rubric(request, rubric_id))


@router.post(
    "/rubrics/{int:rubric_id}/ties",
    response={200: TieRankingOut, **WRITE_ERRORS},
    summary="Ghi nhận quyết định của Chủ tịch về thứ tự các đơn vị đồng hạng (cán bộ TĐKT tỉnh, khi đang chấm điểm)",
)
def resolve_tie(request, rubric_id: int, payload: TieIn):
    rubric = _rubric(request, rubric_id)
    data = form_data(TieForm(data={"order": ",".join(str(i) for i in payload.order), "decision": payload.decision}))
    services.resolve_tie(rubric, data["order"], decision=data["decision"], user=request.user)
    return _ties(request, _rubric(request, rubric_id))
