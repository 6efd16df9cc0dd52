"""Pages of inspections and petitions. Every read goes through `visible_to` / `get_visible_or_404`; every write
through `services` (which checks the role again). Bad input re-renders the form with a Vietnamese message (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core import audit, rows
from thidua.core.lists import Column, xlsx_export
from thidua.core.models import AuditEntry
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.core.xlsx import DOCX, download
from thidua.orgs.models import Unit
from thidua.oversight import exports, forms, notice, services
from thidua.oversight.models import (
    QUARTERS,
    Finding,
    FindingStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Petition,
    PetitionKind,
    PetitionStatus,
    RemediationFile,
    is_province_editor,
)
from thidua.oversight.permissions import PROVINCE_ONLY
from thidua.oversight.templatetags.oversight_tags import countdown, status_badge


def _add_errors(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


def _submit(request, form, change, *, success, then):
    """When `form` is posted and valid: `change()` through services, flash `success` (a text or a function of what
    `change` returned) and return the redirect to `then` (a URL name taking the result's pk, or a function of the
    result). A refusal goes onto the form; None means: show the form again (with status 400)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = change()
    except ValidationError as exc:
        _add_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return then(result) if callable(then) else redirect(then, pk=result.pk)


def _form_page(request, form, *, title, back, enctype=False, intro=""):
    """The edit page; 400 after a POST (a valid one has redirected)."""
    return render(request, "oversight/form.html", {"form": form, "title": title, "back": back,
                                                   "enctype": enctype, "intro": intro},
                  status=400 if request.method == "POST" else 200)


def _back(obj, detail: str, listing: str) -> str:
    """Where the edit page's back link goes: the object's page, or the list for a new one."""
    return reverse(detail, args=[obj.pk]) if obj is not None else reverse(listing)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def index(request):
    return redirect("oversight:inspection_list")


# ---------------------------------------------------------------------------------------------------------------
# Inspection plans


@login_required
def plan_list(request):
    plans = list(InspectionPlan.objects.visible_to(request.user).select_related("plan_task__plan"))
    counts = {
        row["plan_id"]: row for row in Inspection.objects.visible_to(request.user).filter(plan__in=plans)
        .order_by().values("plan_id").annotate(
            total=Count("id"), concluded=Count("id", filter=Q(status=InspectionStatus.CONCLUDED)))
    }
    visible = _visible_tasks(request.user, [p.plan_task_id for p in plans])
    for plan in plans:
        plan.counts = counts.get(plan.pk, {"total": 0, "concluded": 0})
        plan.task_visible = plan.plan_task_id in visible
    return render(request, "oversight/plan_list.html", {"plans": plans, "can_edit": is_province_editor(request.user)})


@login_required
def plan_detail(request, pk):
    plan = get_visible_or_404(InspectionPlan.objects.select_related("plan_task__plan"), request.user, pk=pk)
    inspections = (Inspection.objects.visible_to(request.user).filter(plan=plan)
                   .select_related("unit").prefetch_related("members")
                   .annotate(n_findings=Count("findings"),
                             n_open=Count("findings", filter=~Q(findings__status=FindingStatus.REMEDIED)))
                   .order_by("quarter", "planned_start", "id"))
    plan.task_visible = plan.plan_task_id in _visible_tasks(request.user, [plan.plan_task_id])
    return render(request, "oversight/plan_detail.html", {
        "plan": plan, "inspections": inspections, "can_edit": is_province_editor(request.user),
    })


def _visible_tasks(user, task_ids) -> set:
    """The plan tasks among these that the user may open: a link to another unit's task would end in a 404."""
    from thidua.plans.models import PlanTask

    ids = [i for i in task_ids if i]
    return set(PlanTask.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def _save_plan_view(request, plan):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    initial = {}
    if plan is None:
        initial = {"year": timezone.localdate().year, "issuer": InspectionPlan._meta.get_field("issuer").default}
        task = _int(request.GET.get("nhiem_vu"))
        if task:
            initial["plan_task"] = task
    form = forms.InspectionPlanForm(request.POST or None, instance=plan, initial=initial)

    def save():
        d = form.cleaned_data
        return services.save_inspection_plan(
            request.user, plan, year=d["year"], number=d["number"], issued_on=d["issued_on"], title=d["title"],
            issuer=d["issuer"], signer=d["signer"], purpose=d["purpose"], plan_task=d["plan_task"])

    if done := _submit(request, form, save, then="oversight:plan_detail",
                       success=lambda saved: _("Đã lưu kế hoạch kiểm tra %(n)s.") % {"n": saved.number}):
        return done
    return _form_page(request, form, title=_("Sửa kế hoạch kiểm tra") if plan else _("Kế hoạch kiểm tra mới"),
                      back=_back(plan, "oversight:plan_detail", "oversight:plan_list"))


@login_required
def plan_create(request):
    return _save_plan_view(request, None)


@login_required
def plan_edit(request, pk):
    return _save_plan_view(request, get_visible_or_404(InspectionPlan, request.user, pk=pk))


@login_required
def plan_export(request, pk):
    return plan_file(request, get_visible_or_404(InspectionPlan, request.user, pk=pk))


def plan_file(request, plan):
    """The inspections of a plan the user sees, as XLSX, recorded in the audit log (the page and the API)."""
    inspections = list(Inspection.objects.visible_to(request.user).filter(plan=plan)
                       .select_related("unit").prefetch_related("members", "findings")
                       .order_by("quarter", "planned_start", "id"))
    audit.record(plan, "export", user=request.user,
                 note=_("Xuất danh sách cuộc kiểm tra XLSX (%(n)s cuộc).") % {"n": len(inspections)})
    return download(exports.inspections_xlsx(plan, inspections), f"ke-hoach-kiem-tra-{plan.year}-{plan.pk}.xlsx")


# ---------------------------------------------------------------------------------------------------------------
# Inspections


# Sortable columns of the inspection list (a province holds a few dozen a year: no index needed).
INSPECTION_SORTS = {"bat_dau": (["planned_start", "id"], ["-planned_start", "-id"]),
                    "trang_thai": (["status", "-planned_start", "-id"], ["-status", "planned_start", "id"])}


@login_required
def _filtered_inspections(request):
    """(queryset, year, quarter, status, query, errors) of the inspection list and its export."""
    qs = Inspection.objects.visible_to(request.user).select_related("unit", "plan")
    year, quarter = _int(request.GET.get("nam")), _int(request.GET.get("quy"))
    status = request.GET.get("trang_thai", "")
    query = request.GET.get("q", "").strip()
    errors = []
    if request.GET.get("nam"):
        if year is None or not 1990 <= year <= 2100:
            errors.append(_("Năm không hợp lệ."))
            qs, year = qs.none(), None
        else:
            qs = qs.filter(planned_start__year=year)
    if request.GET.get("quy"):
        if quarter not in (1, 2, 3, 4):
            errors.append(_("Quý không hợp lệ: chọn I, II, III hoặc IV."))
            qs = qs.none()
        else:
            qs = qs.filter(quarter=quarter)
    if status:
        if status not in InspectionStatus.values:
            errors.append(_("Trạng thái không hợp lệ."))
            qs = qs.none()
        else:
            qs = qs.filter(status=status)
    if query:
        qs = qs.search(query)
    return qs, year, quarter, status, query, errors


@login_required
def inspection_export(request):
    """The inspection list as shown (filters, order) to XLSX."""
    qs, _year, _quarter, _status, _query, errors = _filtered_inspections(request)
    if errors:
        for e in errors:
            messages.error(request, e)
        return redirect(reverse("oversight:inspection_list") + "?" + request.GET.urlencode())
    return inspections_file(request, qs.order_by(*Sorting(request, INSPECTION_SORTS, "-bat_dau").order))


def inspections_file(request, qs):
    """`qs` (scoped, filtered and ordered by the caller: the page or the API) as the inspection list's XLSX,
    recorded in the audit log with the filters of the request."""
    qs = qs.annotate(n_findings=Count("findings"))
    columns = [
        Column(_("Đơn vị được kiểm tra"), lambda i: i.unit.name, 36), Column(_("Nội dung kiểm tra"), lambda i: i.content, 50),
        Column(_("Quý"), lambda i: f"{i.quarter_label}/{i.planned_start:%Y}", 8),
        Column(_("Từ ngày"), lambda i: i.planned_start, 12), Column(_("Đến ngày"), lambda i: i.planned_end, 12),
        Column(_("Kế hoạch"), lambda i: i.plan.number if i.plan_id else _("đột xuất"), 16),
        Column(_("Trạng thái"), lambda i: i.get_status_display(), 16), Column(_("Tồn tại"), lambda i: i.n_findings, 8),
    ]
    return xlsx_export(request, qs, columns, title=_("Cuộc kiểm tra"), filename="cuoc-kiem-tra",
                       note=_("Xuất danh sách cuộc kiểm tra ra Excel"))


@login_required
def inspection_list(request):
    qs, year, quarter, status, query, errors = _filtered_inspections(request)
    for e in errors:
        messages.error(request, e)
    status_code = 400 if errors else 200
    sorting = Sorting(request, INSPECTION_SORTS, "-bat_dau")
    page = paginate(request, qs.annotate(n_findings=Count("findings")), sorting.order, size=50)
    years = sorted({d.year for d in Inspection.objects.visible_to(request.user).dates("planned_start", "year")},
                   reverse=True)
    params = request.GET.copy()
    params.pop("sau", None)
    return render(request, "oversight/inspection_list.html", {
        "page": page, "years": years, "year": year, "quarter": quarter, "status": status, "query": query,
        "quarters": QUARTERS, "statuses": InspectionStatus.choices, "params": params.urlencode(),
        "can_edit": is_province_editor(request.user), "sorting": sorting,
        "filtered": filtered(request, {
            "q": (_("Tìm"), None), "nam": (_("Năm"), None),
            "quy": (_("Quý"), dict(QUARTERS).get(quarter)),
            "trang_thai": (_("Trạng thái"), dict(InspectionStatus.choices).get(status)),
        }),
    }, status=status_code)


def _inspection(request, pk):
    return get_visible_or_404(
        Inspection.objects.select_related("unit", "plan", "plan_task__plan", "team_head_user"), request.user, pk=pk)


def _inspection_context(request, inspection, **forms_):
    findings = (Finding.objects.visible_to(request.user).filter(inspection=inspection)
                .select_related("responsible_unit").order_by("id"))
    can_edit = is_province_editor(request.user)
    return {
        "inspection": inspection, "findings": findings, "members": inspection.members.all(), "can_edit": can_edit,
        "start_form": forms_.get("start_form") or forms.StartForm(),
        "conclude_form": forms_.get("conclude_form") or forms.ConcludeForm(),
        "cancel_form": forms_.get("cancel_form") or forms.CancelForm(),
    }


@login_required
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    return render(request, "oversight/inspection_detail.html", _inspection_context(request, inspection))


NOTICE_STATUSES = (InspectionStatus.IN_PROGRESS, InspectionStatus.CONCLUDED)


@login_required
def inspection_notice(request, pk):
    """The conclusion notice as DOCX (Decree 30 layout), for whoever may see the inspection page; a draft until the
    notice's number and date are recorded."""
    inspection = _inspection(request, pk)
    if inspection.status not in NOTICE_STATUSES:
        messages.error(request, _("Chỉ lập thông báo kết luận cho cuộc kiểm tra đang tiến hành hoặc đã kết luận."))
        return redirect("oversight:inspection_detail", pk=inspection.pk)
    findings = (Finding.objects.visible_to(request.user).filter(inspection=inspection)
                .select_related("responsible_unit").order_by("id"))
    data = notice.conclusion_notice_docx(inspection, findings)
    audit.record(inspection, "export", user=request.user,
                 note=_("Tải thông báo kết luận kiểm tra (DOCX)."))
    return download(data, notice.filename(inspection), DOCX)


def _save_inspection_view(request, inspection):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    if inspection is not None and inspection.status in (InspectionStatus.CONCLUDED, InspectionStatus.CANCELLED):
        messages.error(request, _("Cuộc kiểm tra đã kết thúc; không sửa được nữa."))
        return redirect("oversight:inspection_detail", pk=inspection.pk)
    if inspection is not None:
        initial = forms.InspectionForm.initial_for(inspection)
    else:
        initial = {"plan": _int(request.GET.get("ke_hoach")), "plan_task": _int(request.GET.get("nhiem_vu"))}
    form = forms.InspectionForm(request.POST or None, initial=initial)

    def save():
        d = form.cleaned_data
        return services.save_inspection(
            request.user, inspection, plan=d["plan"], unit=d["unit"], planned_start=d["planned_start"],
            planned_end=d["planned_end"], quarter=d["quarter"], content=d["content"], scope=d["scope"],
            decision_number=d["decision_number"], decision_date=d["decision_date"], team_head=d["team_head"],
            team_head_user=d["team_head_user"], members=form.members(), plan_task=d["plan_task"],
        )

    if done := _submit(request, form, save, then="oversight:inspection_detail",
                       success=lambda saved: _("Đã lưu cuộc kiểm tra %(u)s.") % {"u": saved.unit.name}):
        return done
    return _form_page(request, form, title=_("Sửa cuộc kiểm tra") if inspection else _("Cuộc kiểm tra mới"),
                      back=_back(inspection, "oversight:inspection_detail", "oversight:inspection_list"))


@login_required
def inspection_create(request):
    return _save_inspection_view(request, None)


@login_required
def inspection_edit(request, pk):
    return _save_inspection_view(request, _inspection(request, pk))


@login_required
@require_POST
def inspection_action(request, pk, action):
    inspection = _inspection(request, pk)
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    form_classes = {"bat-dau": ("start_form", forms.StartForm), "ket-luan": ("conclude_form", forms.ConcludeForm),
                    "huy": ("cancel_form", forms.CancelForm)}
    if action not in form_classes:
        raise Http404(_("Không có thao tác này."))
    key, form_class = form_classes[action]
    form = form_class(request.POST)

    def change():
        d = form.cleaned_data
        if action == "bat-dau":
            services.start_inspection(request.user, inspection, d["started_on"])
        elif action == "ket-luan":
            services.conclude_inspection(request.user, inspection, conclusion=d["conclusion"],
                                         conclusion_number=d["conclusion_number"],
                                         conclusion_date=d["conclusion_date"])
        else:
            services.cancel_inspection(request.user, inspection, d["reason"])

    if done := _submit(request, form, change,
                       success=lambda _r: _("Cuộc kiểm tra: %(s)s.") % {"s": inspection.get_status_display()},
                       then=lambda _r: redirect("oversight:inspection_detail", pk=inspection.pk)):
        return done
    return render(request, "oversight/inspection_detail.html",
                  _inspection_context(request, inspection, **{key: form}), status=400)


# ---------------------------------------------------------------------------------------------------------------
# Findings


def _finding(request, pk):
    return get_visible_or_404(Finding.objects.select_related("inspection__unit", "inspection__plan",
                                                             "responsible_unit", "proceeding__person",
                                                             "proceeding__unit"), request.user, pk=pk)


def _save_finding_view(request, inspection, finding):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    initial = {}
    if finding is not None:
        initial = {"category": finding.category, "description": finding.description,
                   "recommendation": finding.recommendation, "responsible_unit": finding.responsible_unit_id,
                   "due_on": None if finding.due_working_days else finding.due_on,
                   "working_days": finding.due_working_days}
    form = forms.FindingForm(request.POST or None, initial=initial)

    def save():
        d = form.cleaned_data
        return services.save_finding(request.user, inspection, finding, category=d["category"],
                                     description=d["description"], recommendation=d["recommendation"],
                                     responsible_unit=d["responsible_unit"], due_on=d["due_on"],
                                     working_days=d["working_days"])

    if done := _submit(request, form, save,
                       success=lambda saved: _("Đã lưu tồn tại, kiến nghị; hạn khắc phục %(d)s.")
                       % {"d": saved.due_on.strftime("%d/%m/%Y")},
                       then=lambda _saved: redirect("oversight:inspection_detail", pk=inspection.pk)):
        return done
    title = _("Sửa tồn tại, kiến nghị") if finding else _("Ghi tồn tại, kiến nghị")
    intro = _("Cuộc kiểm tra %(u)s, bắt đầu %(d)s.") % {
        "u": inspection.unit.name, "d": (inspection.started_on or inspection.planned_start).strftime("%d/%m/%Y")}
    return _form_page(request, form, title=title, back=reverse("oversight:inspection_detail", args=[inspection.pk]),
                      intro=intro)


@login_required
def finding_create(request, pk):
    return _save_finding_view(request, _inspection(request, pk), None)


@login_required
def finding_edit(request, pk):
    finding = _finding(request, pk)
    return _save_finding_view(request, finding.inspection, finding)


def _finding_context(request, finding, report_form=None, review_form=None, violation_form=None, clear_form=None):
    reports = finding.reports.all().select_related("unit").prefetch_related("files")
    proceeding = finding.proceeding
    editor = is_province_editor(request.user)
    return {
        "finding": finding, "inspection": finding.inspection, "reports": reports,
        "may_report": (finding.status != FindingStatus.REMEDIED
                       and request.user.has_perm("oversight.report_remediation", finding)),
        "may_review": editor and finding.status != FindingStatus.REMEDIED,
        "report_form": report_form or forms.RemediationForm(), "review_form": review_form or forms.ReviewForm(),
        "proceeding": proceeding,
        "may_mark_violation": editor and (proceeding is None or proceeding.closed_on is not None),
        "may_clear_violation": editor and proceeding is not None and proceeding.closed_on is None,
        "violation_form": violation_form or forms.ViolationForm(finding=finding),
        "clear_form": clear_form or forms.ClearViolationForm(),
    }


@login_required
def finding_detail(request, pk):
    finding = _finding(request, pk)
    return render(request, "oversight/finding_detail.html", _finding_context(request, finding))


@login_required
@require_POST
def finding_report(request, pk):
    finding = _finding(request, pk)
    form = forms.RemediationForm(request.POST, request.FILES)
    if done := _submit(request, form,
                       lambda: services.report_remediation(request.user, finding, note=form.cleaned_data["note"],
                                                           files=form.cleaned_data["files"]),
                       success=_("Đã gửi báo cáo khắc phục."),
                       then=lambda _r: redirect("oversight:finding_detail", pk=finding.pk)):
        return done
    return render(request, "oversight/finding_detail.html", _finding_context(request, finding, report_form=form),
                  status=400)


@login_required
@require_POST
def finding_review(request, pk):
    finding = _finding(request, pk)
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    form = forms.ReviewForm(request.POST)

    def review():
        d = form.cleaned_data
        services.review_finding(request.user, finding, accept=d["decision"] == "accept", note=d["note"],
                                remedied_on=d["remedied_on"])

    if done := _submit(request, form, review,
                       success=lambda _r: _("Tồn tại: %(s)s.") % {"s": finding.get_status_display()},
                       then=lambda _r: redirect("oversight:finding_detail", pk=finding.pk)):
        return done
    return render(request, "oversight/finding_detail.html", _finding_context(request, finding, review_form=form),
                  status=400)


@login_required
@require_POST
def finding_violation(request, pk):
    """Mark the finding as a sign of violation (opens a hold on awards) or clear it."""
    finding = _finding(request, pk)
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    if request.POST.get("action") == "clear":
        form = forms.ClearViolationForm(request.POST)
        change = lambda: services.clear_finding_violation(  # noqa: E731
            request.user, finding, closed_on=form.cleaned_data["closed_on"], note=form.cleaned_data["note"])
        success = _("Đã kết thúc xem xét dấu hiệu vi phạm: khen thưởng được tiếp tục xét.")
        context = {"clear_form": form}
    else:
        form = forms.ViolationForm(request.POST, finding=finding)
        change = lambda: services.mark_finding_violation(  # noqa: E731
            request.user, finding, person=form.cleaned_data["person"], opened_on=form.cleaned_data["opened_on"],
            note=form.cleaned_data["note"])
        success = _("Đã ghi nhận dấu hiệu vi phạm: tạm dừng xét khen thưởng cho đến khi có kết luận.")
        context = {"violation_form": form}
    if done := _submit(request, form, change, success=success,
                       then=lambda _r: redirect("oversight:finding_detail", pk=finding.pk)):
        return done
    return render(request, "oversight/finding_detail.html", _finding_context(request, finding, **context), status=400)


@login_required
def evidence_download(request, pk):
    evidence = get_visible_or_404(RemediationFile.objects.select_related("report"), request.user, pk=pk)
    return serve_file(evidence.file, filename=evidence.original_name, content_type=evidence.content_type,
                      missing=_("Tệp minh chứng không còn trên máy chủ."))


def _filtered_findings(request):
    """(queryset, filters, error) for the findings list and its XLSX export."""
    qs = Finding.objects.visible_to(request.user).select_related("inspection__unit", "responsible_unit")
    status = request.GET.get("tinh_trang", "")
    category = request.GET.get("loai", "")
    unit_raw = request.GET.get("don_vi", "")
    year = _int(request.GET.get("nam"))
    error = ""
    if status:
        if status not in FindingStatus.values:
            error = _("Tình trạng không hợp lệ.")
        else:
            qs = qs.with_status(status)
    if category:
        if category not in Finding.Category.values:
            error = _("Loại tồn tại không hợp lệ.")
        else:
            qs = qs.filter(category=category)
    unit = None
    if unit_raw:
        unit = Unit.objects.filter(pk=_int(unit_raw)).first() if _int(unit_raw) else None
        if unit is None:
            error = _("Không có đơn vị «%(u)s» trong danh mục.") % {"u": unit_raw}
        else:
            qs = qs.filter(responsible_unit__path__startswith=unit.path)
    if request.GET.get("nam"):
        if year is None or not 1990 <= year <= 2100:
            error = _("Năm không hợp lệ.")
        else:
            qs = qs.filter(inspection__planned_start__year=year)
    if error:
        qs = qs.none()
    return qs, {"status": status, "category": category, "unit": unit, "year": year}, error


# Sortable columns of the findings list: the deadline (indexed).
FINDING_SORTS = {"han": (["due_on", "id"], ["-due_on", "-id"])}


@login_required
def finding_list(request, overdue=False):
    if overdue:
        request.GET = request.GET.copy()
        request.GET["tinh_trang"] = FindingStatus.OVERDUE
    qs, filters, error = _filtered_findings(request)
    if error:
        messages.error(request, error)
    sorting = Sorting(request, FINDING_SORTS, "han")
    page = paginate(request, qs, sorting.order, size=50)
    units = Unit.objects.filter(
        pk__in=Finding.objects.visible_to(request.user).values("responsible_unit")).order_by("sort_key")
    params = request.GET.copy()
    params.pop("sau", None)
    return render(request, "oversight/finding_list.html", {
        "page": page, "overdue": overdue, "units": units, "statuses": FindingStatus.choices,
        "categories": Finding.Category.choices, "params": params.urlencode(), "today": timezone.localdate(),
        "sorting": sorting, **filters,
        "filtered": None if overdue else filtered(request, {
            "tinh_trang": (_("Tình trạng"), dict(FindingStatus.choices).get(filters["status"])),
            "loai": (_("Loại tồn tại"), dict(Finding.Category.choices).get(filters["category"])),
            "don_vi": (_("Đơn vị"), filters["unit"].name if filters["unit"] else None),
            "nam": (_("Năm"), None),
        }),
    }, status=400 if error else 200)


@login_required
def finding_overdue(request):
    return finding_list(request, overdue=True)


@login_required
def finding_export(request):
    qs, filters, error = _filtered_findings(request)
    if error:
        messages.error(request, error)
        return redirect(reverse("oversight:finding_list") + "?" + request.GET.urlencode())
    return findings_file(request, qs.order_by(*Sorting(request, FINDING_SORTS, "han").order))


def findings_file(request, qs):
    """`qs` (scoped, filtered, ordered: the page or the API) as the findings XLSX, recorded in the audit log."""
    findings = list(qs.select_related("inspection__plan").prefetch_related("reports"))
    audit.record(None, "export", user=request.user,
                 note=_("Xuất danh sách tồn tại, kiến nghị XLSX (%(n)s dòng).") % {"n": len(findings)})
    return download(exports.findings_xlsx(findings), f"ton-tai-kien-nghi-{timezone.localdate():%Y%m%d}.xlsx")


# ---------------------------------------------------------------------------------------------------------------
# Petitions

# Sortable columns of the petition list (each an index: received_on, number, sort_key); the sender's name only
# for province editors, who see it. Older `sap_xep` values keep working.
PETITION_SORTS = {
    "ngay": (["received_on", "id"], ["-received_on", "-id"]),
    "so": (["number", "id"], ["-number", "-id"]),
    "nguoi-gui": (["sort_key", "id"], ["-sort_key", "-id"]),
}
PETITION_SORT_ALIASES = {"moi-nhat": "-ngay", "cu-nhat": "ngay"}
PETITION_ORDERS = [  # the order chooser of the filter form
    ("-ngay", gettext_lazy("Mới nhận trước")),
    ("ngay", gettext_lazy("Nhận lâu nhất trước")),
    ("nguoi-gui", gettext_lazy("Tên người gửi (A–Z)")),
]


def _petition_sorting(request):
    sorts = PETITION_SORTS if is_province_editor(request.user) else \
        {k: v for k, v in PETITION_SORTS.items() if k != "nguoi-gui"}
    return Sorting(request, sorts, "-ngay", aliases=PETITION_SORT_ALIASES)


def _filtered_petitions(request, overdue=False):
    """(queryset, filters, errors) for the petition list and its XLSX export: the same scoping, filters, search
    and order, so the file is the list on the screen."""
    user = request.user
    qs = Petition.objects.visible_to(user).select_related("subject_unit")
    kind, status = request.GET.get("loai", ""), request.GET.get("trang_thai", "")
    query = request.GET.get("q", "").strip()
    sorting = _petition_sorting(request)
    errors = []
    if kind:
        if kind in PetitionKind.values:
            qs = qs.filter(kind=kind)
        else:
            errors.append(_("Loại đơn không hợp lệ."))
    if status:
        if status in PetitionStatus.values:
            qs = qs.filter(status=status)
        else:
            errors.append(_("Trạng thái không hợp lệ."))
    if query:
        qs = qs.search_for(user, query)
    if overdue:
        qs = qs.overdue()
    if errors:
        qs = qs.none()
    return qs, {"kind": kind, "status": status, "query": query, "sorting": sorting}, errors


@login_required
@reads_from_replica
def petition_list(request, overdue=False):
    user = request.user
    qs, filters, errors = _filtered_petitions(request, overdue)
    for e in errors:
        messages.error(request, e)
    sorting = filters["sorting"]
    page = paginate(request, qs, sorting.order, size=50)
    params = request.GET.copy()
    params.pop("sau", None)
    params.pop("trang", None)
    orders = [(k, label) for k, label in PETITION_ORDERS if k.lstrip("-") in sorting.columns]
    if sorting.value not in {k for k, _label in orders}:
        orders.append((sorting.value, _("Theo cột đã chọn")))
    export_params = params.copy()
    if overdue:
        export_params["qua_han"] = "1"
    return render(request, "oversight/petition_list.html", {
        "page": page, "rows": _petition_rows(page.rows, user), "overdue": overdue, **filters,
        "orders": orders, "kinds": PetitionKind.choices, "statuses": PetitionStatus.choices,
        "params": params.urlencode(), "export_params": export_params.urlencode(), "can_edit": is_province_editor(user),
        "counts": Petition.objects.visible_to(user).open_and_overdue_counts(),
        "filtered": filtered(request, {
            "q": (_("Tìm"), None), "loai": (_("Loại đơn"), dict(PetitionKind.choices).get(filters["kind"])),
            "trang_thai": (_("Trạng thái"), dict(PetitionStatus.choices).get(filters["status"])),
        }),
    }, status=400 if errors else 200)


def _petition_rows(petitions, user) -> str:
    """The petition list's table rows (core/rows.py: one f-string per row instead of ~25 template nodes and an
    inclusion tag); the sender's name masked for those who may not see it, as on the petition's page."""
    url = rows.url_for("oversight:petition_detail")
    kind = rows.display(PetitionKind.choices)
    status = rows.display(PetitionStatus.choices)
    unnamed = rows.e(_("(không ghi tên)"))
    today = timezone.localdate()
    full = user.has_perm("oversight.view_petitioner")
    out = []
    for p in petitions:
        name = p.petitioner_name if full else p.mask_name(p.petitioner_name)
        due = p.current_due_on
        if due:
            due_cell = (f'<div class="text-nowrap">{rows.dmy(due)}</div>'
                        f'<div class="small">{countdown((due - today).days)}</div>')
        else:
            due_cell = "—"
        unit = p.subject_unit.name if p.subject_unit_id else ""
        out.append(
            f'\n  <tr><td class="text-nowrap"><a href="{url(p.pk)}"><strong>{rows.e(p.number)}</strong></a></td>'
            f'<td>{rows.e(kind(p.kind))}</td>\n'
            f'    <td class="text-nowrap">{rows.dmy(p.received_on)}</td><td>{rows.e(name) if name else unnamed}</td>\n'
            f'    <td>{rows.e(Truncator(p.summary).chars(100))}</td><td class="small">{rows.e(unit)}</td>\n'
            f'    <td><span class="badge {status_badge(p.status)}">{rows.e(status(p.status))}</span></td>\n'
            f'    <td>{due_cell}</td></tr>\n  ')
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


@login_required
def petition_export(request):
    """The petition list as XLSX, with the list's filters and order; the sender masked exactly as on the page."""
    overdue = request.GET.get("qua_han") == "1"
    qs, filters, errors = _filtered_petitions(request, overdue)
    if errors:
        for e in errors:
            messages.error(request, e)
        params = request.GET.copy()
        params.pop("qua_han", None)
        target = reverse("oversight:petition_overdue" if overdue else "oversight:petition_list")
        return redirect(target + ("?" + params.urlencode() if params else ""))
    return petitions_file(request, qs.order_by(*filters["sorting"].order), overdue=overdue)


def petitions_file(request, qs, *, overdue=False):
    """`qs` (scoped, filtered, ordered: the page or the API) as the petitions XLSX, the sender masked as on the
    page, recorded in the audit log."""
    petitions = list(qs)
    audit.record(None, "export", user=request.user,
                 note=_("Xuất danh sách đơn thư XLSX (%(n)s đơn).") % {"n": len(petitions)})
    return download(exports.petitions_xlsx(petitions, request.user, overdue=overdue),
                    f"don-thu-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def petition_overdue(request):
    return petition_list(request, overdue=True)


def _petition(request, pk):
    return get_visible_or_404(Petition.objects.select_related("subject_unit", "person", "dossier", "award__award_type",
                                                              "proceeding"), request.user, pk=pk)


PETITION_ACTIONS = {
    "thu-ly": ("accept", forms.AcceptForm, gettext_lazy("Thụ lý")),
    "khong-thu-ly": ("reject", forms.RejectForm, gettext_lazy("Không thụ lý")),
    "giai-quyet": ("start", forms.ProgressForm, gettext_lazy("Bắt đầu xác minh, giải quyết")),
    "gia-han": ("extend", forms.ExtendForm, gettext_lazy("Gia hạn giải quyết")),
    "ket-qua": ("resolve", forms.ResolveForm, gettext_lazy("Ghi kết quả giải quyết")),
    "chuyen": ("forward", forms.ForwardForm, gettext_lazy("Chuyển đơn")),
    "giao-xu-ly": ("assign", forms.AssignForm, gettext_lazy("Giao cán bộ xử lý")),
}


def _allowed_actions(petition) -> list[str]:
    s = petition.status
    allowed = []
    if s == PetitionStatus.RECEIVED:
        allowed += ["thu-ly", "khong-thu-ly", "chuyen"]
    if s == PetitionStatus.ACCEPTED:
        allowed += ["giai-quyet"]
    if s in (PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS):
        allowed += ["ket-qua", "chuyen"]
        if petition.kind == PetitionKind.DENUNCIATION and petition.complex_case and petition.extensions < 2:
            allowed += ["gia-han"]
    if petition.is_open:
        allowed += ["giao-xu-ly"]
    return allowed


def _petition_context(request, petition, failed: tuple | None = None):
    can_edit = is_province_editor(request.user)
    actions = []
    if can_edit:
        for slug in _allowed_actions(petition):
            _name, form_class, label = PETITION_ACTIONS[slug]
            form = failed[1] if failed and failed[0] == slug else form_class(prefix=slug)
            actions.append({"slug": slug, "label": label, "form": form, "open": bool(failed and failed[0] == slug)})
    history = list(AuditEntry.objects.filter(model=petition._meta.label, object_id=str(petition.pk),
                                             action="transition").order_by("-id")[:20])
    for entry in history:
        status = (entry.changes or {}).get("status")
        entry.status_label = PetitionStatus(status[1]).label if status and status[1] in PetitionStatus.values else ""
        if not entry.status_label and "extensions" in (entry.changes or {}):
            entry.status_label = _("Gia hạn giải quyết")
    return {"petition": petition, "petitioner": petition.petitioner_for(request.user), "can_edit": can_edit,
            "actions": actions, "deadlines": petition.deadlines(), "history": history}


@login_required
def petition_detail(request, pk):
    petition = _petition(request, pk)
    return render(request, "oversight/petition_detail.html", _petition_context(request, petition))


def _save_petition_view(request, petition):
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    if petition is not None and not petition.is_open:
        messages.error(request, _("Đơn đã kết thúc xử lý; không sửa được nữa."))
        return redirect("oversight:petition_detail", pk=petition.pk)
    initial = {}
    if petition is None:
        initial = {"received_on": timezone.localdate(), "kind": request.GET.get("loai") or PetitionKind.COMPLAINT}
        for param, field in (("ca_nhan", "person"), ("ho_so", "dossier"), ("khen_thuong", "award"),
                             ("don_vi", "subject_unit")):
            if _int(request.GET.get(param)):
                initial[field] = _int(request.GET.get(param))
        if "subject_unit" not in initial:  # the unit of the record the petition is about
            initial["subject_unit"] = _unit_of_linked(request.user, initial)
    form = forms.PetitionForm(request.POST or None, instance=petition, initial=initial)
    if done := _submit(request, form,
                       lambda: services.save_petition(request.user, petition,
                                                      **{k: form.cleaned_data[k] for k in services.PETITION_FIELDS}),
                       success=lambda saved: _("Đã lưu đơn %(n)s; hạn thụ lý %(d)s.")
                       % {"n": saved.number, "d": saved.accept_by.strftime("%d/%m/%Y")},
                       then="oversight:petition_detail"):
        return done
    title = _("Sửa đơn %(n)s") % {"n": petition.number} if petition else _("Tiếp nhận đơn thư")
    intro = _("Hạn thụ lý và hạn giải quyết được tính tự động theo loại đơn: khiếu nại (Luật Khiếu nại 2011 Điều 27, "
              "28), tố cáo (Luật Tố cáo 2018 Điều 24, 29, 30), kiến nghị, phản ánh (Luật Tiếp công dân 2013 Điều 28).")
    return _form_page(request, form, title=title, back=_back(petition, "oversight:petition_detail",
                                                             "oversight:petition_list"), intro=intro)


def _unit_of_linked(user, initial: dict):
    from thidua.awards.models import Award
    from thidua.dossiers.models import Dossier
    from thidua.orgs.models import Person

    for field, model in (("dossier", Dossier), ("award", Award), ("person", Person)):
        if initial.get(field):
            unit_id = model.objects.visible_to(user).filter(pk=initial[field]).values_list("unit_id", flat=True).first()
            if unit_id:
                return unit_id
    return None


@login_required
def petition_create(request):
    return _save_petition_view(request, None)


@login_required
def petition_edit(request, pk):
    return _save_petition_view(request, _petition(request, pk))


@login_required
@require_POST
def petition_action(request, pk, action):
    petition = _petition(request, pk)
    require(request.user, "oversight.manage", message=PROVINCE_ONLY)
    if action not in PETITION_ACTIONS:
        raise Http404(_("Không có thao tác này."))
    name, form_class, _label = PETITION_ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if action not in _allowed_actions(petition):
        messages.error(request, _("Không thể thực hiện thao tác này khi đơn đang ở trạng thái «%(s)s».")
                       % {"s": petition.get_status_display()})
        return render(request, "oversight/petition_detail.html", _petition_context(request, petition), status=400)

    def change():
        d = form.cleaned_data
        if name == "accept":
            services.accept_petition(request.user, petition, d["accepted_on"], note=d["note"])
        elif name == "reject":
            services.reject_petition(request.user, petition, reason=d["reason"], on=d["on"])
        elif name == "start":
            services.start_resolving(request.user, petition, note=d["note"])
        elif name == "extend":
            services.extend_petition(request.user, petition, note=d["note"])
        elif name == "assign":
            services.assign_petition(request.user, petition, d["handler"], note=d["note"])
        elif name == "resolve":
            services.resolve_petition(request.user, petition, result=d["result"],
                                      decision_number=d["decision_number"], decision_date=d["decision_date"])
        else:
            services.forward_petition(request.user, petition, to=d["to"], on=d["on"], note=d["note"])

    if done := _submit(request, form, change,
                       success=lambda _r: _("Đơn %(n)s: %(s)s.")
                       % {"n": petition.number, "s": petition.get_status_display()},
                       then=lambda _r: redirect("oversight:petition_detail", pk=petition.pk)):
        return done
    return render(request, "oversight/petition_detail.html",
                  _petition_context(request, petition, failed=(action, form)), status=400)

