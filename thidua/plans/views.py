import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import audit
from thidua.core.pagination import Sorting, paginate
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.orgs.models import Unit
from thidua.plans import selectors, services
from thidua.plans.exports import appendix_xlsx
from thidua.plans.forms import (
    ImportForm,
    PlanForm,
    ReportForm,
    SectionFormSet,
    StatusForm,
    SubPlanForm,
    TaskForm,
)
from thidua.plans.importer import DocxImportError, parse_docx
from thidua.plans.models import EvidenceFile, Plan, PlanTask, ProgressReport, TaskStatus
from thidua.plans.quarters import ROMAN
from thidua.plans.work_areas import work_areas

IMPORT_SESSION_KEY = "plans_docx_import"


def _messages_of(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# ---------------------------------------------------------------------------------------------------------------
# Plans


@login_required
def plan_list(request):
    qs = Plan.objects.visible_to(request.user).select_related("unit", "parent")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.search(query)
    page = paginate(request, qs, ["-year", "-id"], size=50)
    ids = [p.pk for p in page.rows]
    # Every task of each plan, counted whoever looks: a unit officer sees only its unit's tasks, and the list says
    # "2/27" rather than a bare 2 that reads as the plan's size.
    all_counts = dict(PlanTask.objects.filter(plan_id__in=ids).order_by().values_list("plan_id")
                      .annotate(n=Count("id")).values_list("plan_id", "n"))
    today = timezone.localdate()
    counts = {
        row["plan_id"]: row
        for row in PlanTask.objects.visible_to(request.user).filter(plan_id__in=ids).order_by().values("plan_id").annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("id", filter=~Q(status=TaskStatus.DONE) & Q(due_on__lt=today)),
        )
    }
    for plan in page.rows:
        plan.task_counts = counts.get(plan.pk, {"total": 0, "done": 0, "overdue": 0})
        plan.task_counts["all"] = all_counts.get(plan.pk, 0)
    return render(request, "plans/plan_list.html", {
        "page": page, "query": query, "can_create": request.user.has_perm("plans.create_plan"),
        "scoped": any(p.task_counts["total"] < p.task_counts["all"] for p in page.rows),
    })


@login_required
def plan_detail(request, pk):
    plan = get_visible_or_404(Plan.objects.select_related("unit", "parent"), request.user, pk=pk)
    tasks = selectors.plan_tasks(request.user, plan)
    shown, total = tasks.count(), PlanTask.objects.filter(plan=plan).count()
    sub_plans = Plan.objects.visible_to(request.user).filter(parent=plan).select_related("unit")
    own_sub_plan = None
    if request.user.unit_id:
        own_sub_plan = Plan.objects.filter(parent=plan, unit_id=request.user.unit_id).first()
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "sections": plan.sections.all(), "tasks": tasks, "sub_plans": sub_plans,
        "can_edit": request.user.has_perm("plans.edit_plan", plan),
        "may_derive": request.user.has_perm("plans.derive_sub_plan", plan) and own_sub_plan is None, "own_sub_plan": own_sub_plan,
        "tasks_shown": shown, "tasks_total": total,
    })


@login_required
def plan_create(request):
    if not request.user.has_perm("plans.create_plan"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này."))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(request.user, fields=data)
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã tạo kế hoạch %(n)s.") % {"n": plan.number})
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, pk):
    plan = get_visible_or_404(Plan, request.user, pk=pk)
    if not request.user.has_perm("plans.edit_plan", plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    form = PlanForm(request.POST or None, instance=plan)
    if plan.parent_id:  # a sub-plan keeps its unit and year (tasks' due dates follow the province plan)
        del form.fields["unit"], form.fields["year"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(request.user, form.instance)
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_sections(request, pk):
    plan = get_visible_or_404(Plan, request.user, pk=pk)
    if not request.user.has_perm("plans.edit_plan", plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    initial = [{"level": s.level, "label": s.label, "title": s.title, "body": s.body} for s in plan.sections.all()]
    formset = SectionFormSet(request.POST or None, initial=initial, prefix="muc")
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
                and (f.cleaned_data.get("title", "").strip() or f.cleaned_data.get("body", "").strip())]
        count = services.replace_sections(request.user, plan, rows)
        messages.success(request, _("Đã lưu %(n)s mục của kế hoạch.") % {"n": count})
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_sections.html", {"plan": plan, "formset": formset},
                  status=400 if request.method == "POST" else 200)


@login_required
def plan_export(request, pk):
    plan = get_visible_or_404(Plan, request.user, pk=pk)
    tasks = list(PlanTask.objects.visible_to(request.user).filter(plan=plan).order_by("order"))
    content = appendix_xlsx(plan, tasks)
    audit.record(plan, "export", user=request.user, note=_("Xuất phụ lục XLSX (%(n)s nhiệm vụ).") % {"n": len(tasks)})
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    safe = plan.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="phu-luc-{safe}.xlsx"'
    return response


@login_required
def sub_plan_create(request, pk):
    parent = get_visible_or_404(Plan, request.user, pk=pk)
    if not request.user.has_perm("plans.derive_sub_plan", parent):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT của đơn vị được xây dựng kế hoạch đơn vị từ kế hoạch của tỉnh."))
    existing = Plan.objects.filter(parent=parent, unit_id=request.user.unit_id).first()
    if existing:
        messages.info(request, _("Đơn vị đã có kế hoạch triển khai; mở kế hoạch của đơn vị."))
        return redirect("plans:plan_detail", pk=existing.pk)
    tasks = selectors.plan_tasks(request.user, parent)
    initial = {"title": _("Kế hoạch công tác thi đua, khen thưởng năm %(y)s của %(u)s")
               % {"y": parent.year, "u": request.user.unit.name}}
    form = SubPlanForm(request.POST or None, initial=initial)
    selected = {int(x) for x in request.POST.getlist("tasks") if x.isdigit()} if request.method == "POST" else \
        {t.pk for t in tasks}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.derive_sub_plan(request.user, parent, number=data["number"], title=data["title"],
                                            issued_on=data["issued_on"], task_ids=sorted(selected),
                                            signer=data["signer"])
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã xây dựng kế hoạch %(n)s của đơn vị.") % {"n": plan.number})
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/sub_plan_form.html", {
        "parent": parent, "form": form, "tasks": tasks, "selected": selected,
    })


# ---------------------------------------------------------------------------------------------------------------
# Tracker pages


def _tracker_context(request):
    plan = selectors.chosen_plan(request.user, request.GET.get("ke_hoach"))
    plans = Plan.objects.visible_to(request.user).order_by("-year", "parent_id", "number")
    return plan, {"plan": plan, "plans": plans}


@login_required
def by_quarter(request):
    plan, ctx = _tracker_context(request)
    quarter = request.GET.get("quy") or ""
    status_code = 200
    if quarter and quarter not in ROMAN:
        messages.error(request, _("Quý «%(q)s» không hợp lệ: chọn I, II, III hoặc IV.") % {"q": quarter})
        quarter, status_code = "", 400
    if plan is not None:
        tasks = selectors.plan_tasks(request.user, plan)
        if not quarter:
            today = timezone.localdate()
            quarter = ROMAN[(today.month - 1) // 3] if plan.year == today.year else "I"
        ctx["quarters"] = selectors.progress_by_quarter(tasks)
        ctx["tasks"] = tasks.in_quarter(quarter)
    ctx["quarter"] = quarter
    return render(request, "plans/by_quarter.html", ctx, status=status_code)


@login_required
def by_unit(request):
    plan, ctx = _tracker_context(request)
    status_code = 200
    unit = None
    raw = request.GET.get("don_vi", "").strip()
    if plan is not None:
        tasks = selectors.plan_tasks(request.user, plan)
        if raw:
            unit = Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
            if unit is None:
                messages.error(request, _("Không có đơn vị «%(u)s» trong danh mục.") % {"u": raw})
                status_code = 400
                tasks = tasks.none()
            else:
                coordinated = PlanTask.coordinating_units.through.objects.filter(unit=unit).values("plantask_id")
                tasks = tasks.filter(Q(lead_unit=unit) | Q(pk__in=coordinated))
        ctx["groups"] = selectors.group_by_lead(tasks)
        linked = PlanTask.objects.visible_to(request.user).filter(plan=plan)
        ctx["units"] = Unit.objects.filter(
            Q(led_plan_tasks__in=linked) | Q(coordinated_plan_tasks__in=linked)
        ).distinct().order_by("sort_key")
    ctx.update(unit=unit, raw_unit=raw)
    return render(request, "plans/by_unit.html", ctx, status=status_code)


OVERDUE_SORTS = {"han": (["due_on", "id"], ["-due_on", "-id"])}  # sortable column (core.pagination.Sorting)


@login_required
def overdue(request):
    today = timezone.localdate()
    qs = (PlanTask.objects.visible_to(request.user).overdue(today)
          .select_related("plan", "lead_unit").with_effective_status(today))
    sorting = Sorting(request, OVERDUE_SORTS, "han")
    page = paginate(request, qs, sorting.order, size=50)
    for task in page.rows:
        task.days_late = (today - task.due_on).days
    return render(request, "plans/overdue.html", {"page": page, "sorting": sorting, "today": today})


@login_required
def reports(request):
    """Progress reports: province staff see every unit's; a unit sees its own and those on tasks it leads."""
    qs = ProgressReport.objects.visible_to(request.user).select_related("unit", "task__plan")
    plan = None
    if request.GET.get("ke_hoach"):
        plan = selectors.chosen_plan(request.user, request.GET["ke_hoach"])
        qs = qs.filter(task__plan=plan)
    page = paginate(request, qs.prefetch_related("evidence"), ["-created_at", "-id"], size=50)
    return render(request, "plans/reports.html", {"page": page, "plan": plan})


@login_required
def dashboard(request):
    plan, ctx = _tracker_context(request)
    if plan is not None:
        tasks = PlanTask.objects.visible_to(request.user).filter(plan=plan)
        ctx["quarters"] = selectors.progress_by_quarter(tasks)
        ctx["totals"] = selectors.status_totals(tasks)
        ctx["chart"] = {
            "labels": [_("Quý %(q)s") % {"q": r["quarter"]} for r in ctx["quarters"]],
            "series": [
                {"key": s.value, "label": str(s.label), "data": [r["counts"][s.value] for r in ctx["quarters"]]}
                for s in selectors.STATUS_ORDER
            ],
        }
        ctx["sub_plan_count"] = Plan.objects.visible_to(request.user).filter(parent=plan).count()
    return render(request, "plans/dashboard.html", ctx)


# ---------------------------------------------------------------------------------------------------------------
# Tasks


def _visible_task(user, pk) -> PlanTask:
    return get_visible_or_404(PlanTask.objects.select_related("plan", "lead_unit", "source_task__plan"), user, pk=pk)


def _task_context(request, task, status_form=None, report_form=None):
    may_steer = request.user.has_perm("plans.steer_task", task)
    may_report = request.user.has_perm("plans.report_progress", task)
    reports = (ProgressReport.objects.visible_to(request.user).filter(task=task)
               .select_related("unit").prefetch_related("evidence"))
    # One form on the page: who may report sends a report that may also move the status (the lead unit); who may
    # only steer (province staff) gets the status form. Either starts at the task's current status.
    status_form = status_form or StatusForm(task=task)
    return {
        "task": task, "plan": task.plan, "reports": reports, "may_steer": may_steer, "may_report": may_report,
        "status_form": status_form, "report_form": report_form or ReportForm(may_steer=may_steer, task=task),
        "coordinating": list(task.coordinating_units.order_by("sort_key")),
        "can_edit": Plan.objects.editable_by(request.user).filter(pk=task.plan_id).exists(),
        "work_areas": work_areas(task, request.user),
    }


@login_required
def task_detail(request, pk):
    task = _visible_task(request.user, pk)
    return render(request, "plans/task_detail.html", _task_context(request, task))


def _back(request, task):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("plans:task_detail", pk=task.pk)


@login_required
@require_POST
def task_status(request, pk):
    task = _visible_task(request.user, pk)
    form = StatusForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.change_status(request.user, task, form.cleaned_data["status"],
                                   completed_on=form.cleaned_data["completed_on"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Nhiệm vụ %(n)s: %(s)s.") % {"n": task.order, "s": task.effective_status_label})
            return _back(request, task)
    return render(request, "plans/task_detail.html", _task_context(request, task, status_form=form), status=400)


@login_required
@require_POST
def task_report(request, pk):
    task = _visible_task(request.user, pk)
    may_steer = request.user.has_perm("plans.steer_task", task)
    form = ReportForm(request.POST, request.FILES, may_steer=may_steer, task=task)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_progress(request.user, task, note=data["note"], percent=data["percent"],
                                     status=data.get("status", ""), completed_on=data.get("completed_on"),
                                     files=data["files"])
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã ghi báo cáo tiến độ."))
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_detail.html", _task_context(request, task, report_form=form), status=400)


@login_required
def evidence_download(request, pk):
    evidence = get_visible_or_404(EvidenceFile.objects.select_related("report"), request.user, pk=pk)
    return serve_file(evidence.file, filename=evidence.original_name, content_type=evidence.content_type,
                      missing=_("Tệp minh chứng không còn trên máy chủ."))


def _task_form_units(plan):
    return Unit.objects.all() if plan.parent_id is None else plan.unit.subtree()


def _save_task_view(request, plan, task):
    if not request.user.has_perm("plans.edit_plan", plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    initial = {}
    if task is not None:
        initial = {"order": task.order, "content": task.content, "lead_unit_text": task.lead_unit_text,
                   "coordinating_text": task.coordinating_text, "schedule": task.schedule_text,
                   "lead_unit": task.lead_unit_id, "coordinating_units": list(task.coordinating_units.all())}
    elif plan.parent_id:
        initial = {"lead_unit_text": plan.unit.name, "lead_unit": plan.unit_id}
    form = TaskForm(request.POST or None, initial=initial, units=_task_form_units(plan))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.save_task(
                request.user, plan, task, content=d["content"], schedule=d["schedule"],
                lead_unit_text=d["lead_unit_text"], coordinating_text=d["coordinating_text"],
                lead_unit=d["lead_unit"], coordinating_units=list(d["coordinating_units"]), order=d["order"],
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ %(n)s.") % {"n": saved.order})
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task})


@login_required
def task_add(request, pk):
    plan = get_visible_or_404(Plan, request.user, pk=pk)
    return _save_task_view(request, plan, None)


@login_required
def task_edit(request, pk):
    task = _visible_task(request.user, pk)
    return _save_task_view(request, task.plan, task)


@login_required
@require_POST
def task_delete(request, pk):
    task = _visible_task(request.user, pk)
    try:
        services.delete_task(request.user, task)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
        return redirect("plans:task_detail", pk=task.pk)
    messages.success(request, _("Đã xóa nhiệm vụ."))
    return redirect("plans:plan_detail", pk=task.plan_id)


# ---------------------------------------------------------------------------------------------------------------
# .docx import with preview


@login_required
def import_docx(request):
    if not request.user.has_perm("plans.create_plan"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này."))
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                rows, warnings = parse_docx(d["file"])
                errors = services.validate_rows(rows, d["year"])
            except DocxImportError as exc:
                form.add_error("file", str(exc))
            else:
                d["number"] = Plan.normalize_number(d["number"])
                if Plan.objects.filter(unit=d["unit"], year=d["year"], number=d["number"]).exists():
                    errors.append(_("Kế hoạch số %(n)s năm %(y)s đã có.") % {"n": d["number"], "y": d["year"]})
                for message in errors:
                    form.add_error(None, message)
                if not errors:
                    request.session[IMPORT_SESSION_KEY] = {
                        "fields": {"number": d["number"], "title": d["title"], "issued_on": d["issued_on"].isoformat(),
                                   "year": d["year"], "unit": d["unit"].pk, "signer": d["signer"]},
                        "rows": [vars(r) for r in rows],
                        "warnings": warnings,
                        "filename": d["file"].name,
                    }
                    return redirect("plans:import_preview")
    return render(request, "plans/import_form.html", {"form": form}, status=status)


@login_required
def import_preview(request):
    if not request.user.has_perm("plans.create_plan"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này."))
    staged = request.session.get(IMPORT_SESSION_KEY)
    if not staged:
        messages.info(request, _("Chưa có tệp nào đang chờ nhập; hãy tải tệp .docx lên."))
        return redirect("plans:import_docx")
    rows = [services.TaskRow(**r) for r in staged["rows"]]
    fields = dict(staged["fields"])
    unit = get_object_or_404(Unit, pk=fields["unit"])
    if request.method == "POST":
        if "cancel" in request.POST:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.info(request, _("Đã hủy nhập; không có gì được lưu."))
            return redirect("plans:import_docx")
        plan_fields = {"number": fields["number"], "title": fields["title"],
                       "issued_on": dt.date.fromisoformat(fields["issued_on"]), "year": fields["year"],
                       "unit": unit, "issuer": unit.name, "signer": fields["signer"]}
        try:
            plan = services.create_plan(request.user, fields=plan_fields, rows=rows,
                                        note=_("Nhập phụ lục từ tệp %(f)s.") % {"f": staged["filename"]})
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(request, _("Đã nhập kế hoạch %(n)s với %(c)s nhiệm vụ.") % {"n": plan.number, "c": len(rows)})
            return redirect("plans:plan_detail", pk=plan.pk)
    index = services.UnitIndex.build(dt.date.fromisoformat(fields["issued_on"]))
    names = dict(Unit.objects.values_list("pk", "name"))
    preview = []
    for row in rows:
        from thidua.plans.quarters import parse_quarters

        preview.append({"row": row, "quarters": parse_quarters(row.schedule),
                        "lead_links": [names[i] for i in index.resolve(row.lead)],
                        "coord_links": [names[i] for i in index.resolve(row.coordinating)]})
    return render(request, "plans/import_preview.html", {
        "staged": staged, "fields": fields, "unit": unit, "preview": preview,
        "cancel_url": reverse("plans:import_docx"),
    })
