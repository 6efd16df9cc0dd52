"""Reports API: the award statistics of the "Báo cáo" pages as JSON, scoped exactly like the pages."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from thidua.api.schemas import WRITE_ERRORS, Detail, documented, page_of_rows
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


# --- the Ministry's statistical report forms (TT 02/2023/TT-BNV, forms 0601–0605) --------------------------------

XLSX_RESPONSE = {"200": {"description": "Tệp Excel (.xlsx), bố cục biểu mẫu chính thức",
                         "content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}


class StatFormMenuOut(Schema):
    key: str
    code: str
    title: str
    circular: str


class StatColumnOut(Schema):
    code: str
    label: str
    group: str
    note: str


class StatRowOut(Schema):
    code: str
    label: str
    indent: int
    heading: bool
    note: str
    cells: list[int | None]


class SignoffOut(Schema):
    signed_by: str
    signed_at: str
    prepared_by_name: str


class StatFormOut(Schema):
    key: str
    code: str
    title: str
    circular: str
    year: int
    unit_id: int
    unit: str
    date_from: dt.date
    date_to: dt.date
    measure_unit: str
    source_note: str
    columns: list[StatColumnOut]
    rows: list[StatRowOut]
    signoff: SignoffOut | None
    changed_since_signoff: bool
    may_sign_off: bool


class SignoffIn(Schema):
    year: int | None = None
    unit: int | None = None
    prepared_by_name: str = ""


def _stat_year(year: int | None) -> int:
    if year is None:
        return sel.statistics_reporting_year()
    return _year(year, "year")


def _stat_form(request, key: str, year: int | None, unit: int | None):
    return sel.statistics_form(request.user, key, _stat_year(year), unit)


def _stat_form_out(user, result, signoff) -> dict:
    from django.utils.timezone import localtime

    from thidua.reports.statforms import engine

    form = result.form
    return {
        "key": result.key, "code": form["code"], "title": form["title"], "circular": result.circular["circular"],
        "year": result.year, "unit_id": result.unit.pk, "unit": result.unit.name, "date_from": result.date_from,
        "date_to": result.date_to, "measure_unit": form.get("measure_unit", ""),
        "source_note": str(engine.describe_missing(form)),
        "columns": [{"code": c["code"], "label": c["label"], "group": c.get("group", ""), "note": c.get("note", "")}
                    for c in result.columns],
        "rows": [{"code": r.code, "label": r.label, "indent": r.indent, "heading": r.heading, "note": r.note,
                  "cells": r.cells} for r in result.rows],
        "signoff": {"signed_by": signoff.signed_by_name, "signed_at": localtime(signoff.signed_at).isoformat(),
                    "prepared_by_name": signoff.prepared_by_name} if signoff is not None else None,
        "changed_since_signoff": signoff is not None and signoff.cells != result.snapshot(),
        "may_sign_off": user.has_perm("reports.sign_off", result.unit),
    }


class StatFormMenuPage(Schema):
    items: list[StatFormMenuOut]
    next_cursor: str | None  # null unless `limit` is below the number of the circular's forms


@router.get("/statistics-forms", response=StatFormMenuPage,
            summary="Biểu mẫu báo cáo thống kê ngành Nội vụ (TĐKT) của thông tư đang áp dụng")
def statistics_forms(request, cursor: str | None = None, limit: int = 50):
    from thidua.reports.statforms import engine

    circular = engine.DEFAULT_CIRCULAR
    rows, next_cursor = page_of_rows(list(engine.forms_menu()), lambda row: row[0], cursor, limit)
    return {"items": [{"key": key, "code": code, "title": title, "circular": circular} for key, code, title in rows],
            "next_cursor": next_cursor}


@router.get("/statistics-forms/{key}", response={200: StatFormOut, 400: Detail, 404: Detail},
            summary="Số liệu một biểu mẫu thống kê cho một năm báo cáo (01/12–30/11) và một đơn vị")
@reads_from_replica
def statistics_form(request, key: str, year: int | None = None, unit: int | None = None):
    """The cells of the page «Biểu mẫu thống kê» for the same form, year and unit (default: the latest period
    already closed; the user's own scope). A unit outside the user's scope is a 404."""
    result, signoff = _stat_form(request, key, year, unit)
    return _stat_form_out(request.user, result, signoff)


@router.get("/statistics-forms/{key}/workbook.xlsx", response={200: None, 400: Detail, 404: Detail},
            summary="Tải biểu mẫu thống kê (XLSX, bố cục chính thức, kèm ký duyệt nếu có)",
            openapi_extra={"responses": XLSX_RESPONSE})
@reads_from_replica
def statistics_form_xlsx(request, key: str, year: int | None = None, unit: int | None = None):
    from django.utils.translation import gettext as _

    from thidua.core.audit import record
    from thidua.core.xlsx import download
    from thidua.reports.statforms.xlsx import render as render_xlsx

    result, signoff = _stat_form(request, key, year, unit)
    record(result.unit, "export", user=request.user, note=_("Xuất biểu số %(form)s năm %(year)s (%(unit)s)") % {
        "form": result.form["code"], "year": result.year, "unit": result.unit.name})
    return download(render_xlsx(result, signoff), f"bieu-{result.key}-{result.year}-{result.unit.code}.xlsx")


@router.post("/statistics-forms/{key}/signoff", response={200: StatFormOut, **WRITE_ERRORS},
             summary="Thủ trưởng đơn vị ký duyệt biểu mẫu thống kê (lưu số liệu tại thời điểm ký)")
def sign_off_statistics_form(request, key: str, payload: SignoffIn):
    from thidua.reports import services

    result, _signoff = _stat_form(request, key, payload.year, payload.unit)
    signoff = services.sign_off_statistics_form(request.user, result,
                                                prepared_by_name=payload.prepared_by_name[:150])
    return _stat_form_out(request.user, result, signoff)
