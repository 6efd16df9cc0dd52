"""Pages of report requests. Reads go through `visible_to` / `get_visible_or_404` (outside scope = 404); every write
through `services` (which asks `user.has_perm` again and checks the state). Bad input re-renders the page with a
Vietnamese message (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import audit
from thidua.core.forms import add_service_errors
from thidua.core.models import AuditEntry
from thidua.core.pagination import Sorting, paginate
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.core.xlsx import DOCX, download
from thidua.reporting import compile as compiler
from thidua.reporting import forms, selectors, services
from thidua.reporting.models import (
    PENDING,
    ReportAttachment,
    ReportRequest,
    ReportSubmission,
    ReportTemplate,
    SubmissionStatus,
)


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


# ---------------------------------------------------------------------------------------------------------------
# Requests


# Sortable columns of the request list (a few dozen requests a year).
REQUEST_SORTS = {"han": (["due_on", "id"], ["-due_on", "-id"])}


@login_required
def request_list(request):
    user = request.user
    today = timezone.localdate()
    sorting = Sorting(request, REQUEST_SORTS, "-han")
    page = paginate(request, selectors.requests_for(user, today).select_related("created_by"), sorting.order)
    mine_page = None
    if not user.has_perm("reporting.manage_requests"):
        mine_page = paginate(
            request,
            ReportSubmission.objects.visible_to(user).select_related("request", "unit"),
            ["-request__due_on", "unit__sort_key", "id"],
            param="sau_bc",
            number_param="trang_bc",
        )
        for s in mine_page.rows:
            s.late_days = s.days_late(today)
    return render(
        request,
        "reporting/request_list.html",
        {
            "page": page,
            "rows": page.rows,
            "sorting": sorting,
            "mine_page": mine_page,
            "mine": mine_page.rows if mine_page else [],
            "today": today,
            "may_manage": user.has_perm("reporting.manage_requests"),
        },
    )


@login_required
def request_create(request):
    user = request.user
    _require(user, "reporting.manage_requests")
    template = None
    if request.GET.get("mau"):
        template = ReportTemplate.objects.filter(pk=_int(request.GET["mau"])).first()
    if request.method == "POST":
        form = forms.RequestForm(request.POST)
        fields = forms.field_formset(request.POST)
        if form.is_valid() and fields.is_valid():
            data = form.cleaned_data
            try:
                units = services.target_units(
                    all_units=data["all_units"], groups=data["groups"], units=data["units"]
                )
                rows = forms.rows_of(fields)
                chosen = data["template"]
                new_name = data["save_as_template"].strip()
                req = services.issue_request(
                    user,
                    kind=data["kind"],
                    title=data["title"],
                    year=data["year"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    due_on=data["due_on"],
                    due_working_days=data["due_working_days"],
                    instructions=data["instructions"],
                    template=chosen,
                    fields=rows or None,
                    units=units,
                )
                if new_name:
                    services.save_template(user, name=new_name, fields=req.fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã gửi yêu cầu báo cáo đến %(n)d đơn vị, hạn gửi %(due)s.")
                    % {"n": req.submissions.count(), "due": req.due_on.strftime("%d/%m/%Y")},
                )
                return redirect(req)
    else:
        initial = {"template": template.pk} if template else {}
        form = forms.RequestForm(initial=initial)
        fields = forms.field_formset(fields=template.fields if template else ())
    return render(
        request,
        "reporting/request_form.html",
        {
            "form": form,
            "fields": fields,
            "templates": ReportTemplate.objects.all(),
            "template": template,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def request_detail(request, pk):
    user = request.user
    today = timezone.localdate()
    req = get_visible_or_404(ReportRequest, user, pk=pk)
    rows = selectors.unit_rows(user, req, today)
    return render(
        request,
        "reporting/request_detail.html",
        {
            "req": req,
            "rows": rows,
            "tally": selectors.tally(rows),
            "today": today,
            "may_manage": user.has_perm("reporting.manage_requests"),
            "fields": [
                {**f, "kind_label": dict(forms.FieldKind.choices).get(f["kind"], "")} for f in req.fields
            ],
            "reason_form": forms.ReasonForm(),
        },
    )


@login_required
@require_POST
def request_remind(request, pk):
    user = request.user
    req = get_visible_or_404(ReportRequest, user, pk=pk)
    _require(user, "reporting.manage_requests")
    chosen = None
    if request.POST.get("submission"):
        chosen = list(req.submissions.filter(pk=_int(request.POST["submission"])))
    done = services.remind_units(user, req, chosen)
    if done:
        messages.success(request, _("Đã nhắc %(n)d đơn vị chưa gửi báo cáo.") % {"n": len(done)})
    else:
        messages.info(request, _("Không có đơn vị nào cần nhắc (đã gửi báo cáo hoặc đã được nhắc hôm nay)."))
    return redirect(req)


@login_required
def request_compile(request, pk):
    user = request.user
    req = get_visible_or_404(ReportRequest, user, pk=pk)
    _require(user, "reporting.manage_requests")
    form = forms.CompileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = compiler.compile_docx(
            user,
            req,
            number=data["number"].strip(),
            issued_on=data["issued_on"],
            signer_name=data["signer_name"],
            directions=data["directions"],
        )
        audit.record(req, "export", user=user, note=_("Tổng hợp báo cáo của tỉnh (DOCX)"))
        return download(content, compiler.filename(req), DOCX)
    return render(
        request,
        "reporting/compile_form.html",
        {"req": req, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------------------------
# A unit's report


def _history(submission):
    entries = list(
        AuditEntry.objects.filter(model=submission._meta.label, object_id=str(submission.pk)).order_by("-id")[
            :30
        ]
    )
    labels = dict(SubmissionStatus.choices)
    for e in entries:
        status = (e.changes or {}).get("status")
        e.status_label = labels.get(status[1], "") if e.action == "transition" and status else ""
    return entries


def _submission_page(request, submission, *, form=None, reason_form=None, status=200):
    user = request.user
    may_prepare = user.has_perm("reporting.prepare_submission", submission)
    if form is None and may_prepare:
        form = forms.SubmissionForm(request_fields=submission.request.fields, values=submission.values)
    answers = [
        {"label": f["label"], "kind": f["kind"], "value": submission.values.get(f["key"])}
        for f in submission.request.fields
    ]
    return render(
        request,
        "reporting/submission_detail.html",
        {
            "s": submission,
            "req": submission.request,
            "form": form,
            "answers": answers,
            "reason_form": reason_form or forms.ReasonForm(),
            "may_prepare": may_prepare,
            "may_approve": user.has_perm("reporting.approve_submission", submission),
            "may_review": user.has_perm("reporting.review_submission", submission),
            "may_remind": user.has_perm("reporting.manage_requests") and submission.status in PENDING,
            "late_days": submission.days_late(),
            "history": _history(submission),
            "attachments": list(submission.attachments.all()),
        },
        status=status,
    )


def _submission(request, pk):
    return get_visible_or_404(ReportSubmission.objects.select_related("request", "unit"), request.user, pk=pk)


@login_required
def submission_detail(request, pk):
    return _submission_page(request, _submission(request, pk))


@login_required
@require_POST
def submission_save(request, pk):
    user = request.user
    submission = _submission(request, pk)
    _require(user, "reporting.prepare_submission", submission)
    form = forms.SubmissionForm(
        request.POST, request.FILES, request_fields=submission.request.fields, values=submission.values
    )
    if form.is_valid():
        try:
            services.save_submission(
                user,
                submission,
                values=form.values(),
                summary=form.cleaned_data["summary"],
                files=form.cleaned_data["files"],
            )
            if request.POST.get("send"):
                services.send_for_approval(user, submission)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.POST.get("send") and submission.status == SubmissionStatus.SUBMITTED:
                messages.success(request, _("Đơn vị chưa có tài khoản lãnh đạo đơn vị: báo cáo được gửi thẳng lên tỉnh."))
            elif request.POST.get("send"):
                messages.success(request, _("Đã trình lãnh đạo đơn vị duyệt báo cáo."))
            else:
                messages.success(request, _("Đã lưu báo cáo."))
            return redirect(submission)
    return _submission_page(request, submission, form=form, status=400)


@login_required
@require_POST
def submission_approve(request, pk):
    user = request.user
    submission = _submission(request, pk)
    _require(user, "reporting.approve_submission", submission)
    try:
        services.approve(user, submission)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã duyệt và gửi báo cáo về Sở Nội vụ."))
    return redirect(submission)


@login_required
@require_POST
def submission_return(request, pk):
    user = request.user
    submission = _submission(request, pk)
    if not (
        user.has_perm("reporting.approve_submission", submission)
        or user.has_perm("reporting.review_submission", submission)
    ):
        raise PermissionDenied(_("Bạn không có quyền trả lại báo cáo này."))
    reason_form = forms.ReasonForm(request.POST)
    if reason_form.is_valid():
        try:
            services.return_submission(user, submission, reason=reason_form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(reason_form, exc)
        else:
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
            back = request.POST.get("next")
            if back == "request":
                return redirect(submission.request)
            return redirect(submission)
    return _submission_page(request, submission, reason_form=reason_form, status=400)


@login_required
@require_POST
def submission_accept(request, pk):
    user = request.user
    submission = _submission(request, pk)
    _require(user, "reporting.review_submission", submission)
    try:
        services.accept(user, submission)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect(submission)


@login_required
def attachment_download(request, pk):
    attachment = get_visible_or_404(ReportAttachment.objects.select_related("report"), request.user, pk=pk)
    return serve_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


# ---------------------------------------------------------------------------------------------------------------
# Templates


@login_required
def template_list(request):
    _require(request.user, "reporting.manage_requests")
    templates = ReportTemplate.objects.visible_to(request.user).annotate(n_requests=Count("requests"))
    return render(request, "reporting/template_list.html", {"templates": templates})


@login_required
def template_edit(request, pk=None):
    user = request.user
    _require(user, "reporting.manage_requests")
    template = get_visible_or_404(ReportTemplate, user, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = forms.TemplateForm(request.POST)
        fields = forms.field_formset(request.POST)
        if form.is_valid() and fields.is_valid():
            try:
                template = services.save_template(
                    user,
                    name=form.cleaned_data["name"],
                    fields=forms.rows_of(fields),
                    description=form.cleaned_data["description"],
                    template=template,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu mẫu báo cáo «%(name)s».") % {"name": template.name})
                return redirect("reporting:template_list")
    else:
        initial = {"name": template.name, "description": template.description} if template else {}
        form = forms.TemplateForm(initial=initial)
        fields = forms.field_formset(fields=template.fields if template else ())
    return render(
        request,
        "reporting/template_form.html",
        {"form": form, "fields": fields, "template": template},
        status=400 if request.method == "POST" else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
