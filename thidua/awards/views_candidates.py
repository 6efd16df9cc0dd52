"""Pages: eligibility verdicts of a person or a unit, candidate suggestions, title quotas and ratios.

Every read goes through the scoping mechanism (`visible_to`, `get_visible_or_404`); facts are gathered set-wise
(`facts.py`, `candidates.py`), never per person."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from thidua.awards import candidates as cand
from thidua.core.audit import record
from thidua.core.scoping import get_visible_or_404, is_province_wide
from thidua.orgs.models import Person, Unit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    today = dt.date.today()
    raw = request.GET.get("nam", "").strip()
    try:
        year = int(raw) if raw else today.year
    except ValueError:
        year = today.year
    return min(max(year, 2024), today.year + 1)  # rule book v1: cases from 2024 on


def year_choices() -> list[int]:
    this = dt.date.today().year
    return list(range(this + 1, 2023, -1))


def _scope_unit(request) -> Unit | None:
    """The unit chosen with ?don-vi= (must be visible), the user's own unit by default; None = whole province."""
    raw = request.GET.get("don-vi", "").strip()
    user = request.user
    if raw:
        return get_visible_or_404(Unit, user, pk=raw)
    if is_province_wide(user):
        return None
    if user.unit is None:
        raise PermissionDenied(_("Tài khoản chưa được gán đơn vị."))
    return user.unit


def _xlsx_response(workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------------------------------------
# Verdicts of one person / one unit


@login_required
def person_eligibility(request, pk: int):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    year = _year(request)
    verdicts = cand.judge_person(person, year)
    return render(request, "awards/candidates_person.html", {
        "person": person, "year": year, "years": year_choices(), "verdicts": verdicts,
        "eligible_count": sum(1 for v in verdicts if v["eligible"]),
    })


@login_required
def unit_eligibility(request, pk: int):
    unit = get_visible_or_404(Unit, request.user, pk=pk)
    year = _year(request)
    verdicts = cand.judge_unit(unit, year)
    return render(request, "awards/candidates_unit.html", {
        "unit": unit, "year": year, "years": year_choices(), "verdicts": verdicts,
        "eligible_count": sum(1 for v in verdicts if v["eligible"]),
    })


# ------------------------------------------------------------------------------------------------------------
# Candidate suggestion


def _scope_querysets(request, unit: Unit | None):
    people = Person.objects.visible_to(request.user).filter(active=True)
    units = Unit.objects.visible_to(request.user)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
        units = units.filter(path__startswith=unit.path)
    return people, units.active_on(dt.date.today())


def _person_rows(ids: list[int], suggestion: cand.AwardSuggestion) -> list[dict]:
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("unit")}
    return [{"person": people[pid], "unmet": _unmet_display(suggestion.unmet.get(pid))} for pid in ids if pid in people]


def _unit_rows(ids: list[int], suggestion: cand.AwardSuggestion) -> list[dict]:
    units = Unit.objects.in_bulk(ids)
    return [{"unit": units[uid], "unmet": _unmet_display(suggestion.unmet.get(uid))} for uid in ids if uid in units]


def _unmet_display(unmet: dict | None) -> dict | None:
    if not unmet:
        return None
    from thidua.awards.rules import CRITERIA

    titles = {c.code: c.title for rows in CRITERIA.values() for c in rows}
    return {"criterion": unmet["criterion"], "title": titles.get(unmet["criterion"], unmet["criterion"]),
            "article": cand.article_display(unmet["article"]), "message": unmet.get("message", "")}


@login_required
def candidate_list(request):
    unit = _scope_unit(request)
    year = _year(request)
    people, units = _scope_querysets(request, unit)
    suggestion = cand.suggest(people, units, year)
    if request.GET.get("xuat") == "xlsx":
        return _candidates_xlsx(request, suggestion, unit, year)

    kind = "collective" if request.GET.get("loai") == "tap-the" else "individual"
    code = request.GET.get("danh-hieu", "")
    status = cand.NEAR if request.GET.get("ket-qua") == "thieu-mot" else cand.ELIGIBLE
    awards = suggestion.individual if kind == "individual" else suggestion.collective
    selected = suggestion.find(code, kind) or (awards[0] if awards else None)
    try:
        page_no = max(int(request.GET.get("trang", "1")), 1)
    except ValueError:
        page_no = 1
    ids = selected.ids(status) if selected else []
    pages = max((len(ids) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page_no = min(page_no, pages)
    page_ids = ids[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    rows = (_person_rows(page_ids, selected) if kind == "individual" else _unit_rows(page_ids, selected)) if selected else []

    base = {"nam": year}
    if unit is not None:
        base["don-vi"] = unit.pk

    def link(**extra):
        params = dict(base, **{k.replace("_", "-"): v for k, v in extra.items() if v not in (None, "")})
        return f"{reverse('awards:candidates')}?{urlencode(params)}"

    tabs = []
    for group_kind, group in (("individual", suggestion.individual), ("collective", suggestion.collective)):
        for s in group:
            tabs.append({
                "suggestion": s, "kind": group_kind,
                "url": link(loai="tap-the" if group_kind == "collective" else "", danh_hieu=s.code),
                "active": selected is s,
            })
    loai = "tap-the" if kind == "collective" else ""
    return render(request, "awards/candidates.html", {
        "unit": unit, "year": year, "years": year_choices(), "suggestion": suggestion, "tabs": tabs,
        "selected": selected, "kind": kind, "status": status, "rows": rows, "offset": (page_no - 1) * PAGE_SIZE,
        "page_no": page_no, "pages": pages,
        "prev_url": link(loai=loai, danh_hieu=selected.code, ket_qua=request.GET.get("ket-qua"), trang=page_no - 1)
        if selected and page_no > 1 else None,
        "next_url": link(loai=loai, danh_hieu=selected.code, ket_qua=request.GET.get("ket-qua"), trang=page_no + 1)
        if selected and page_no < pages else None,
        "eligible_url": link(loai=loai, danh_hieu=selected.code) if selected else "",
        "near_url": link(loai=loai, danh_hieu=selected.code, ket_qua="thieu-mot") if selected else "",
        "export_url": link(xuat="xlsx"),
        "unit_choices": Unit.objects.visible_to(request.user).order_by("path"),
        "province_wide": is_province_wide(request.user),
    })


CANDIDATE_COLUMNS = ["STT", "Danh hiệu, hình thức", "Kết quả", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị",
                     "Chức vụ, chức danh", "Tiêu chí chưa đạt", "Căn cứ", "Nội dung chưa đạt"]
COLLECTIVE_COLUMNS = ["STT", "Danh hiệu, hình thức", "Kết quả", "Tập thể", "Tiêu chí chưa đạt", "Căn cứ",
                      "Nội dung chưa đạt"]


def _candidates_xlsx(request, suggestion: cand.Suggestion, unit: Unit | None, year: int):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from thidua.awards.rules import CRITERIA

    titles = {c.code: c.title for rows in CRITERIA.values() for c in rows}
    wb = Workbook(write_only=True)
    scope = unit.name if unit else _("Toàn tỉnh")

    def header(ws, columns):
        ws.append([f"Danh sách đề xuất khen thưởng năm {year} — {scope}"])
        cells = []
        for name in columns:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = Font(bold=True)
            cells.append(cell)
        ws.append(cells)

    def outcome(status):
        return "Đủ điều kiện" if status == cand.ELIGIBLE else "Thiếu một tiêu chí"

    ws = wb.create_sheet("Cá nhân")
    header(ws, CANDIDATE_COLUMNS)
    n = 0
    for s in suggestion.individual:
        for status in (cand.ELIGIBLE, cand.NEAR):
            ids = s.ids(status)
            for start in range(0, len(ids), 2000):
                chunk = ids[start : start + 2000]
                people = {p.pk: p for p in Person.objects.filter(pk__in=chunk).select_related("unit")}
                for pid in chunk:
                    p = people.get(pid)
                    if p is None:
                        continue
                    n += 1
                    miss = s.unmet.get(pid) or {}
                    ws.append([n, s.name, outcome(status), p.full_name,
                               p.birth_date.strftime("%d/%m/%Y") if p.birth_date else "", p.get_gender_display(),
                               p.unit.name, p.position, titles.get(miss.get("criterion"), miss.get("criterion", "")),
                               cand.article_display(miss.get("article", "")), miss.get("message", "")])
    ws = wb.create_sheet("Tập thể")
    header(ws, COLLECTIVE_COLUMNS)
    units = Unit.objects.in_bulk([uid for s in suggestion.collective for st in (cand.ELIGIBLE, cand.NEAR)
                                  for uid in s.ids(st)])
    m = 0
    for s in suggestion.collective:
        for status in (cand.ELIGIBLE, cand.NEAR):
            for uid in s.ids(status):
                m += 1
                miss = s.unmet.get(uid) or {}
                ws.append([m, s.name, outcome(status), units[uid].name,
                           titles.get(miss.get("criterion"), miss.get("criterion", "")),
                           cand.article_display(miss.get("article", "")), miss.get("message", "")])
    record(unit, "export", user=request.user,
           note=f"Xuất danh sách đề xuất khen thưởng năm {year} ({n} cá nhân, {m} tập thể)") if unit else record(
        None, "export", user=request.user, note=f"Xuất danh sách đề xuất khen thưởng năm {year} toàn tỉnh")
    suffix = unit.code if unit else "toan-tinh"
    return _xlsx_response(wb, f"de-xuat-khen-thuong-{year}-{suffix}.xlsx")


def _require_province_staff(user):
    from thidua.core.roles import Role

    if not (user.is_superuser or user.role == Role.PROVINCE_STAFF):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được đặt tỷ lệ tối đa."))
