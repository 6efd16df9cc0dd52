"""Reports API: the award statistics of the "Báo cáo" pages as JSON, scoped exactly like the pages."""

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from thidua.api.schemas import documented
from thidua.awards.models import AwardType
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import Unit
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


def _year(value, name: str) -> int | None:
    if value is None:
        return None
    if not 1945 <= value <= timezone.localdate().year + 1:
        raise HttpError(400, f"Năm không hợp lệ ({name}={value}).")
    return value


@router.get("/awards", response=AwardReportOut, summary="Thống kê khen thưởng (theo phạm vi người dùng)")
@reads_from_replica
def awards(request, year: int | None = None, year_from: int | None = None, year_to: int | None = None,
           unit: int | None = None, category: documented(AwardType.Category, "") = ""):
    """Awards conferred (revoked excluded, counted in `revoked`) by year, award type, level and reporting unit,
    with the shares of women, direct workers and small collectives. `year` is a shortcut for one year."""
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
    stats = sel.award_stats(request.user, year_from=year_from, year_to=year_to, unit=unit_obj, category=category)
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
    }
