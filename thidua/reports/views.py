"""Pages of the "Báo cáo" area: leader dashboard, award statistics, periodic report. Every number is scoped to
what the user may see (`selectors`), every chart has its numbers in a table beside it, XLSX on each page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core import jobs
from thidua.core.audit import record
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs.models import Unit
from thidua.reports import exports
from thidua.reports import selectors as sel

MIN_YEAR = 1945
# The detail table (year × type × unit) on the page; the XLSX always has every row.
DETAIL_ROWS_SHOWN = 200


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if MIN_YEAR <= year <= timezone.localdate().year + 1 else default


def default_year(user) -> int:
    """The year of the province's latest plan (the year being reported on), else the latest year with awards the
    user can see, never later than this year."""
    from thidua.awards.models import Award
    from thidua.plans.models import Plan

    this_year = timezone.localdate().year
    latest = Plan.objects.province_plans().filter(year__lte=this_year).aggregate(y=Max("year"))["y"]
    if latest is None:
        latest = Award.objects.visible_to(user).filter(year__lte=this_year).aggregate(y=Max("year"))["y"]
    return latest or this_year


_scope_name = sel.scope_name


def _unit_choices(user):
    return Unit.objects.visible_to(user).order_by("path").values_list("pk", "name", "path")


def _indent(units, root):
    base = root.path.count("/") if root is not None else 2
    return [(pk, name, max(path.count("/") - base, 0)) for pk, name, path in units]


def _percent(value):
    return None if value is None else round(100 * value, 1)


@login_required
@require_GET
@reads_from_replica
def dashboard(request):
    user = request.user
    year = _year(request.GET.get("nam"), default_year(user))
    board = sel.dashboard(user, year)
    awards = board.awards
    chart = {
        "levels": {"labels": [label for _lv, label, _c in awards.by_level],
                   "data": [c.total for _lv, _l, c in awards.by_level]},
        "trend": {"labels": [str(y) for y in board.awards_by_year],
                  "data": [c.total for c in board.awards_by_year.values()]},
        "dossiers": {"labels": [label for _s, label, n in board.dossier_states if n],
                     "data": [n for _s, _l, n in board.dossier_states if n]},
        "tasks": {"labels": [_("Đã hòan thành"), _("Đang thực hiện"), _("Chưa thực hiện"), _("Quá hạn")],
                  "data": [board.tasks["done"], board.tasks["in_progress"], board.tasks["not_started"],
                           board.tasks["overdue"]]},
    }
    this_year = timezone.localdate().year
    return render(request, "reports/dashboard.html", {
        "board": board, "awards": awards, "year": year, "chart": chart,
        "years": list(range(this_year + 1, this_year - 10, -1)),
        "scope_name": _scope_name(user), "pct": {
            "women": _percent(awards.total.women_share), "direct": _percent(awards.total.direct_share),
            "small": _percent(awards.total.small_share)},
        "tasks_done_pct": _percent(sel.share(board.tasks["done"], board.tasks["total"])),
    })


@login_required
@require_GET
@reads_from_replica
def award_statistics(request):
    from thidua.awards.models import AwardType

    user = request.user
    latest = default_year(user)
    year_to = _year(request.GET.get("den_nam"), latest)
    year_from = _year(request.GET.get("tu_nam"), year_to)  # one year unless asked: the report being written
    errors = []
    if year_from > year_to:
        errors.append(_("Năm bắt đầu phải không sau năm kết thúc; đã đổi chỗ hai năm."))
        year_from, year_to = year_to, year_from
    if year_to - year_from > 30:
        errors.append(_("Chỉ thống kê tối đa 31 năm; đã rút ngắn khoảng thời gian."))
        year_from = year_to - 30
    unit = None
    unit_id = request.GET.get("don_vi") or ""
    if unit_id:
        unit = get_visible_or_404(Unit, user, pk=unit_id)
    category = request.GET.get("loai", "")
    if category not in AwardType.Category.values:
        category = ""
    stats = sel.award_stats(user, year_from=year_from, year_to=year_to, unit=unit, category=category, compare=True)
    scope_name = _scope_name(user, unit)
    if request.GET.get("xuat") == "xlsx":
        record(unit, "export", user=user, note=_("Xuất thống kê khen thưởng %(a)s–%(b)s (%(scope)s)") % {
            "a": year_from, "b": year_to, "scope": scope_name})
        return exports.award_stats_xlsx(stats, scope_name)
    params = {"tu_nam": year_from, "den_nam": year_to, "don_vi": unit.pk if unit else "", "loai": category}
    chart = {
        "years": {"labels": [str(y) for y in stats.by_year],
                  "individual": [c.individual for c in stats.by_year.values()],
                  "collective": [c.collective for c in stats.by_year.values()],
                  "household": [c.household for c in stats.by_year.values()]},
        "shares": {"labels": [str(y) for y in stats.by_year],
                   "women": [_percent(c.women_share) for c in stats.by_year.values()],
                   "direct": [_percent(c.direct_share) for c in stats.by_year.values()],
                   "small": [_percent(c.small_share) for c in stats.by_year.values()]},
    }
    this_year = timezone.localdate().year
    return render(request, "reports/awards.html", {
        "stats": stats, "detail_rows": stats.rows[:DETAIL_ROWS_SHOWN],
        "detail_hidden": max(len(stats.rows) - DETAIL_ROWS_SHOWN, 0), "unit": unit, "category": category, "year_from": year_from, "year_to": year_to,
        "years": list(range(this_year + 1, this_year - 30, -1)), "errors": errors,
        "categories": AwardType.Category.choices,
        "scope_name": scope_name, "export_url": "?" + urlencode({**params, "xuat": "xlsx"}), "chart": chart,
        "export_params": params,
    })


@login_required
@require_POST
def award_statistics_export(request):
    """The statistics workbook made by a job (a long range over the whole province): its page has the file."""
    from thidua.awards.models import AwardType

    user = request.user
    year_to = _year(request.POST.get("den_nam"), default_year(user))
    year_from = _year(request.POST.get("tu_nam"), year_to)
    year_from, year_to = sorted((year_from, year_to))
    year_from = max(year_from, year_to - 30)
    unit = get_visible_or_404(Unit, user, pk=request.POST["don_vi"]) if request.POST.get("don_vi") else None
    category = request.POST.get("loai", "")
    if category not in AwardType.Category.values:
        category = ""
    scope_name = _scope_name(user, unit)
    with transaction.atomic():
        job = jobs.start("reports.export", owner=user, unit=unit or user.unit, params={
            "report": "awards", "year_from": year_from, "year_to": year_to, "unit": unit.pk if unit else None,
            "category": category}, title=_("Thống kê khen thưởng %(a)s–%(b)s (%(scope)s), Excel") % {
            "a": year_from, "b": year_to, "scope": scope_name})
        record(unit, "export", user=user, note=_("Xuất thống kê khen thưởng %(a)s–%(b)s (%(scope)s)") % {
            "a": year_from, "b": year_to, "scope": scope_name})
    return redirect("job_detail", pk=job.pk)


@login_required
@require_GET
@reads_from_replica
def periodic(request):
    user = request.user
    today = timezone.localdate()
    year = _year(request.GET.get("nam"), today.year if today.month >= 6 else today.year - 1)
    kind = request.GET.get("ky", sel.FULL)
    if kind not in (sel.HALF, sel.FULL):
        kind = sel.FULL
    report = sel.periodic_report(user, year, kind)
    scope_name = _scope_name(user)
    if request.GET.get("xuat") == "xlsx":
        record(None, "export", user=user, note=f"{report.title} ({scope_name})",
               unit_id=getattr(sel.scope_root(user), "pk", None))
        return exports.periodic_xlsx(report, scope_name)
    if request.GET.get("xuat") == "docx":
        record(None, "export", user=user, note=f"{report.title} ({scope_name}, DOCX)",
               unit_id=getattr(sel.scope_root(user), "pk", None))
        return exports.periodic_docx(report, scope_name)
    chart = {"labels": [label for _lv, label, _c in report.awards_by_level],
             "individual": [c.individual for _lv, _l, c in report.awards_by_level],
             "collective": [c.collective for _lv, _l, c in report.awards_by_level],
             "household": [c.household for _lv, _l, c in report.awards_by_level]}
    return render(request, "reports/periodic.html", {
        "report": report, "year": year, "kind": kind, "scope_name": scope_name, "chart": chart,
        "years": list(range(today.year, today.year - 10, -1)),
        "kinds": [(sel.HALF, _("6 tháng đầu năm")), (sel.FULL, _("Cả năm"))],
        "export_url": "?" + urlencode({"nam": year, "ky": kind, "xuat": "xlsx"}),
        "docx_url": "?" + urlencode({"nam": year, "ky": kind, "xuat": "docx"}),
        "on_time": report.on_time, "generated_on": dt.date.today(),
    })


def _statistics_year(value, today) -> int:
    """The reporting year asked for, else the latest period already closed (01/12–30/11): in December the year
    just ended, earlier in the year the one before."""
    return _year(value, sel.statistics_reporting_year(today))


@login_required
@reads_from_replica
def statistics_forms(request):
    """Biểu mẫu báo cáo thống kê ngành Nội vụ (TĐKT): choose form, year and unit; preview; XLSX; the head signs."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import redirect

    from thidua.core.xlsx import download
    from thidua.reports import services
    from thidua.reports.statforms import engine
    from thidua.reports.statforms.xlsx import render as render_xlsx

    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    user = request.user
    data = request.POST if request.method == "POST" else request.GET
    today = timezone.localdate()
    year = _statistics_year(data.get("nam"), today)
    menu = engine.forms_menu()
    key = data.get("bieu") or menu[0][0]
    result, signoff = sel.statistics_form(user, key, year, data.get("don_vi") or None)
    unit = result.unit
    params = {"bieu": key, "nam": year, "don_vi": unit.pk}
    if request.method == "POST":
        try:
            services.sign_off_statistics_form(user, result, prepared_by_name=data.get("nguoi_lap", ""))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ký duyệt biểu số %(form)s năm %(year)s.") % {
                "form": result.form["code"], "year": year})
        return redirect(f"{request.path}?{urlencode(params)}")
    if data.get("xuat") == "xlsx":
        record(unit, "export", user=user, note=_("Xuất biểu số %(form)s năm %(year)s (%(unit)s)") % {
            "form": result.form["code"], "year": year, "unit": unit.name})
        return download(render_xlsx(result, signoff), f"bieu-{key}-{year}-{unit.code}.xlsx")
    changed = signoff is not None and signoff.cells != result.snapshot()
    this_year = today.year
    return render(request, "reports/statistics_forms.html", {
        "result": result, "menu": menu, "key": key, "year": year, "unit": unit, "signoff": signoff,
        "changed_since_signoff": changed, "may_sign_off": user.has_perm("reports.sign_off", unit),
        "years": list(range(this_year + 1, this_year - 10, -1)), "source_note": engine.describe_missing(result.form),
        "units": _indent(_unit_choices(user), sel.scope_root(user)),
        "export_url": "?" + urlencode({**params, "xuat": "xlsx"}),
        "notes": [(r.code, r.label, r.note) for r in result.rows if r.note]
                 + [(c["code"], c["label"], c["note"]) for c in result.columns if c.get("note")],
    })
