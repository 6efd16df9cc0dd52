"""Pages: eligibility verdicts of a person or a unit, candidate suggestions, title quotas and ratios.

Every read goes through the scoping mechanism (`visible_to`, `get_visible_or_404`); facts are gathered set-wise
(`facts.py`, `candidates.py`), never per person."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from thidua.awards import candidates as cand
from thidua.core import personal
from thidua.core.audit import record
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404, is_province_wide
from thidua.core.xlsx import bold_row, workbook_response
from thidua.orgs.models import Person, Unit

PAGE_SIZE = 50


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


# ------------------------------------------------------------------------------------------------------------
# Verdicts of one person / one unit


@login_required
def person_eligibility(request, pk: int):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    year = _year(request)
    verdicts = cand.judge_person(person, year)
    return render(request, "awards/candidates_person.html", {
        "person": person, "year": year, "years": year_choices(), "verdicts": verdicts,
        "rule_set_label": verdicts[0]["rule_set_label"] if verdicts else "",
        "eligible_count": sum(1 for v in verdicts if v["eligible"]),
    })


@login_required
def unit_eligibility(request, pk: int):
    unit = get_visible_or_404(Unit, request.user, pk=pk)
    year = _year(request)
    verdicts = cand.judge_unit(unit, year)
    return render(request, "awards/candidates_unit.html", {
        "unit": unit, "year": year, "years": year_choices(), "verdicts": verdicts,
        "rule_set_label": verdicts[0]["rule_set_label"] if verdicts else "",
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

    from thidua.awards.rules import CRITERIA

    titles = {c.code: c.title for rows in CRITERIA.values() for c in rows}
    wb = Workbook(write_only=True)
    scope = unit.name if unit else _("Toàn tỉnh")

    def header(ws, columns):
        ws.append([f"Danh sách đề xuất khen thưởng năm {year} — {scope}"])
        bold_row(ws, columns)

    def outcome(status):
        return "Đủ điều kiện" if status == cand.ELIGIBLE else "Thiếu một tiêu chí"

    full = personal.may_see_personal_data(request.user)  # else only the year of birth (Decree 13/2023)

    def birth(day):
        if not day:
            return ""
        return day.strftime("%d/%m/%Y") if full else personal.mask_birth_date(day)

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
                               birth(p.birth_date), p.get_gender_display(),
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
    if full and n:
        personal.record_unmasked_view(request.user, _("Xuất danh sách đề xuất khen thưởng có ngày sinh đầy đủ"),
                                      count=n, unit_id=unit.pk if unit else None)
    suffix = unit.code if unit else "toan-tinh"
    return workbook_response(wb, f"de-xuat-khen-thuong-{year}-{suffix}.xlsx")


# ------------------------------------------------------------------------------------------------------------
# Title quotas and ratios


class QuotaCapForm:
    """Built lazily (the model lives in awards.models)."""

    @staticmethod
    def make(*args, **kwargs):
        from django import forms

        from thidua.awards.models import QuotaCap
        from thidua.awards.rules import AWARD_NAMES
        from thidua.core.forms import BootstrapMixin

        class Form(BootstrapMixin, forms.ModelForm):
            award_code = forms.ChoiceField(label=_("Danh hiệu, hình thức"), choices=[
                (code, AWARD_NAMES[code]) for code in cand.INDIVIDUAL_AWARDS])
            percent = forms.DecimalField(label=_("Tỷ lệ tối đa (%)"), min_value=0, max_value=100, decimal_places=2)

            field_order = ["award_code", "percent", "base", "effective_from", "note"]

            class Meta:
                model = QuotaCap
                fields = ["award_code", "base", "effective_from", "note"]
                widgets = {"effective_from": forms.DateInput()}

            def clean(self):
                data = super().clean()
                if data.get("percent") is not None:
                    self.instance.max_ratio = data["percent"] / 100
                return data

        return Form(*args, **kwargs)


@login_required
def quota(request):
    from thidua.awards.models import QuotaCap
    from thidua.awards.quota import quota_report

    if request.method == "POST":
        require(request.user, "awards.manage_parameters", message=_("Chỉ cán bộ TĐKT cấp tỉnh được đặt tỷ lệ tối đa."))
        if "delete" in request.POST:
            cap = QuotaCap.objects.filter(pk=request.POST.get("delete")).first()
            if cap is None:
                raise Http404(_("Không tìm thấy tỷ lệ tối đa."))
            cap.delete()
            messages.success(request, _("Đã xóa tỷ lệ tối đa."))
            return redirect(request.get_full_path())
        form = QuotaCapForm.make(request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu tỷ lệ tối đa."))
            return redirect(request.get_full_path())
        messages.error(request, _("Chưa lưu được tỷ lệ tối đa: kiểm tra các trường được đánh dấu."))
    else:
        form = QuotaCapForm.make(initial={"effective_from": dt.date(dt.date.today().year, 1, 1), "base": "LDTT",
                                          "award_code": "CSTD_CO_SO"})

    unit = _scope_unit(request)
    year = _year(request)
    units = Unit.objects.visible_to(request.user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    report = quota_report(units, year, unit)
    if request.GET.get("xuat") == "xlsx":
        return _quota_xlsx(request, report, unit)
    try:
        page_no = max(int(request.GET.get("trang", "1")), 1)
    except ValueError:
        page_no = 1
    size = 100
    pages = max((len(report.rows) + size - 1) // size, 1)
    page_no = min(page_no, pages)
    base = {"nam": year, **({"don-vi": unit.pk} if unit else {})}
    url = reverse("awards:quota")
    is_staff = request.user.has_perm("awards.manage_parameters")
    return render(request, "awards/quota.html", {
        "report": report, "rows": report.rows[(page_no - 1) * size : page_no * size], "unit": unit, "year": year,
        "years": year_choices(), "page_no": page_no, "pages": pages,
        "prev_url": f"{url}?{urlencode(dict(base, trang=page_no - 1))}" if page_no > 1 else None,
        "next_url": f"{url}?{urlencode(dict(base, trang=page_no + 1))}" if page_no < pages else None,
        "export_url": f"{url}?{urlencode(dict(base, xuat='xlsx'))}",
        "unit_choices": Unit.objects.visible_to(request.user).order_by("path"),
        "province_wide": is_province_wide(request.user), "can_edit_caps": is_staff, "form": form,
        "all_caps": QuotaCap.objects.all() if is_staff else [],
    })


def _pct(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _quota_xlsx(request, report, unit):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tỷ lệ khen thưởng")
    scope = unit.name if unit else "Toàn tỉnh"
    ws.append([f"Số lượng, tỷ lệ danh hiệu năm {report.year} — {scope}"])
    columns = ["Đơn vị", "Số người"]
    for code in report.codes:
        columns += [report.code_names[code], f"{report.code_names[code]} (%)"]
    columns += ["Người được khen", "Nữ", "Nữ (%)", "LĐ trực tiếp", "LĐ trực tiếp (%)", "Khen tập thể",
                "Tập thể nhỏ", "Tập thể nhỏ (%)", "Vượt tỷ lệ tối đa"]
    bold_row(ws, columns)
    red = PatternFill("solid", fgColor="F8D7DA")
    for row in [report.total, *report.rows]:
        name = ("  " * row.depth + row.name) if row is not report.total else f"Tổng cộng: {scope}"
        values = [name, row.people]
        for code in report.codes:
            count = WriteOnlyCell(ws, value=row.titles.get(code, 0))
            if any(c.exceeded and c.award_code == code for c in row.caps):
                count.fill = red
            values += [count, _pct(row.title_share(code))]
        values += [row.awardees, row.awardees_women, _pct(row.women_share), row.awardees_direct,
                   _pct(row.direct_share), row.collective_awards, row.small_collective_awards, _pct(row.small_share),
                   "; ".join(f"{c.award_code}: {c.count} > {c.allowed} ({c.max_ratio * 100:.0f}% {c.base_label})"
                             for c in row.exceeded)]
        ws.append(values)
    record(unit, "export", user=request.user, note=f"Xuất bảng tỷ lệ khen thưởng năm {report.year}") if unit else \
        record(None, "export", user=request.user, note=f"Xuất bảng tỷ lệ khen thưởng năm {report.year} toàn tỉnh")
    return workbook_response(wb, f"ty-le-khen-thuong-{report.year}-{unit.code if unit else 'toan-tinh'}.xlsx")
