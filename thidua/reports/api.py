"""Reports API: the award statistics of the "Báo cáo" pages as JSON, scoped exactly like the pages."""

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from thidua.api.schemas import documented
from thidua.awards.models import AwardType, CommendationType
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import EmulationGroup, Unit
from thidua.reports import selectors as sel

router = Router(tags=["reports"])


class CountsOut(Schema):
    total: int
    individual: int
    women: int
    direct_workers: int
    collective: int
    small_collectives: int
    household: int
    revoked: int
    women_share: float | None
    direct_worker_share: float | None
    small_collective_share: float | None


class TypeOut(CountsOut):
    code: str
    name: str
    category: documented(AwardType.Category)


class LevelOut(CountsOut):
    level: documented(AwardType.Level)
    label: str


class UnitAwardCountsOut(CountsOut):
    unit_id: int | None
    unit: str


class YearOut(CountsOut):
    year: int


class CommendationAwardCountsOut(CountsOut):
    commendation_type: documented(CommendationType)
    label: str


class GroupAwardCountsOut(CountsOut):
    group_id: int
    group: str
    kind: documented(EmulationGroup.Kind)
    kind_label: str


class AwardChangeOut(Schema):
    key: str
    label: str
    current: int
    previous: int
    difference: int
    change_pct: float | None


class AwardComparisonOut(Schema):
    year_from: int
    year_to: int
    totals: list[AwardChangeOut]
    by_level: list[AwardChangeOut]
    by_type: list[AwardChangeOut]
    by_commendation: list[AwardChangeOut]
    by_unit: list[AwardChangeOut]
    by_group: list[AwardChangeOut]


class AwardReportOut(Schema):
    year_from: int
    year_to: int
    scope: str
    unit_id: int | None
    category: documented(AwardType.Category, "")
    totals: CountsOut
    by_year: list[YearOut]
    by_type: list[TypeOut]
    by_level: list[LevelOut]
    by_unit: list[UnitAwardCountsOut]
    by_commendation: list[CommendationAwardCountsOut]
    by_group: list[GroupAwardCountsOut]
    comparison: AwardComparisonOut | None


def _year(value, name: str) -> int | None:
    if value is None:
        return None
    if not 1945 <= value <= timezone.localdate().year + 1:
        raise HttpError(400, f"Năm không hợp lệ ({name}={value}).")
    return value


@router.get("/awards", response=AwardReportOut, summary="Thống kê khen thưởng (theo phạm vi người dùng)")
@reads_from_replica
def awards(request, year: int | None = None, year_from: int | None = None, year_to: int | None = None,
           unit: int | None = None, category: documented(AwardType.Category, "") = "", compare: bool = True):
    """Awards conferred (revoked excluded, counted in `revoked`) by year, award type, level, commendation type
    (loại hình), reporting unit and Cụm/Khối, with the shares of women, direct workers and small collectives —
    the numbers of the statistics page and its XLSX. `year` is a shortcut for one year; `unit` narrows to a unit's
    subtree (units merged into it counted there: lineage); `compare` adds the same lines for the period of the
    same length just before (`comparison`)."""
    year, year_from, year_to = _year(year, "year"), _year(year_from, "year_from"), _year(year_to, "year_to")
    if year is not None:
        year_from = year_to = year
    this_year = timezone.localdate().year
    year_to = year_to or this_year
    year_from = year_from or year_to
    if year_from > year_to:
        raise HttpError(400, "year_from phải không sau year_to.")
    if year_to - year_from > 30:
        raise HttpError(400, "Chỉ thống kê tối đa 31 năm.")
    if category and category not in AwardType.Category.values:
        raise HttpError(400, "category phải là 'title' (danh hiệu) hoặc 'form' (hình thức).")
    unit_obj = get_visible_or_404(Unit, request.user, pk=unit) if unit is not None else None
    stats = sel.award_stats(request.user, year_from=year_from, year_to=year_to, unit=unit_obj, category=category,
                            compare=compare)
    root = stats.root
    return {
        "year_from": year_from, "year_to": year_to, "scope": root.name if root is not None else "Toàn tỉnh",
        "unit_id": unit_obj.pk if unit_obj else None, "category": category,
        "totals": stats.total.as_dict(),
        "by_year": [{"year": y, **c.as_dict()} for y, c in stats.by_year.items()],
        "by_type": [{"code": code, "name": name, "category": cat, **c.as_dict()}
                    for code, name, cat, c in stats.by_type],
        "by_level": [{"level": lv, "label": label, **c.as_dict()} for lv, label, c in stats.by_level],
        "by_unit": [{"unit_id": uid, "unit": name, **c.as_dict()} for uid, name, c in stats.by_unit],
        "by_commendation": [{"commendation_type": code, "label": label, **c.as_dict()}
                            for code, label, c in stats.by_commendation],
        "by_group": [{"group_id": gid, "group": name, "kind": kind, "kind_label": label, **c.as_dict()}
                     for gid, name, kind, label, c in stats.by_group],
        "comparison": _comparison(stats.comparison),
    }


def _comparison(cmp):
    if cmp is None:
        return None

    def lines(changes):
        return [{"key": str(c.key), "label": c.label, **c.as_dict()} for c in changes]

    return {"year_from": cmp.year_from, "year_to": cmp.year_to, "totals": lines(cmp.totals),
            "by_level": lines(cmp.by_level), "by_type": lines(cmp.by_type),
            "by_commendation": lines(cmp.by_commendation), "by_unit": lines(cmp.by_unit),
            "by_group": lines(cmp.by_group)}
