"""Công việc nền: the jobs the user may see (own, their unit's; province staff all), one job's progress, retry,
cancel and its file. Outside the scope: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import jobs
from thidua.core.models import Job
from thidua.core.pagination import paginate
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file


def _job(request, pk) -> Job:
    return get_visible_or_404(Job.objects.select_related("owner", "unit"), request.user, pk=pk)


@login_required
def job_list(request):
    qs = Job.objects.visible_to(request.user).select_related("owner", "unit")
    status = request.GET.get("trang-thai", "")
    if status in Job.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("cua-toi") == "1":
        qs = qs.filter(owner=request.user)
    page = paginate(request, qs, ["-created_at", "-id"], size=50)
    for job in page.rows:
        job.kind_label = jobs.label(job.kind)
    return render(
        request,
        "core/job_list.html",
        {
            "page": page,
            "statuses": Job.Status.choices,
            "status": status,
            "mine": request.GET.get("cua-toi") == "1",
        },
    )


def _context(request, job):
    target = job.target
    return {
        "job": job,
        "kind_label": jobs.label(job.kind),
        "target": target,
        "target_url": target.get_absolute_url() if hasattr(target, "get_absolute_url") else "",
    }


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    return render(request, "core/job_detail.html", _context(request, job))


@login_required
def job_progress(request, pk):
    job = _job(request, pk)
    response = render(request, "core/_job_progress.html", _context(request, job))
    if not job.active:
        response["HX-Refresh"] = "true"  # finished: reload to show the outcome and the file
    return response


def _may_act(request, job):
    if not request.user.has_perm("core.act_on_job", job):
        raise PermissionDenied(_("Chỉ người tạo công việc (hoặc cán bộ cấp tỉnh) được chạy lại hoặc hủy."))


@login_required
@require_POST
def job_retry(request, pk):
    job = _job(request, pk)
    _may_act(request, job)
    if jobs.retry(job):
        messages.success(request, _("Đã xếp công việc chạy lại."))
    else:
        messages.error(request, _("Chỉ chạy lại được công việc bị lỗi hoặc đã hủy."))
    return redirect("job_detail", pk=job.pk)


@login_required
@require_POST
def job_cancel(request, pk):
    job = _job(request, pk)
    _may_act(request, job)
    if jobs.cancel(job):
        messages.info(request, _("Đã yêu cầu hủy công việc."))
    else:
        messages.error(request, _("Công việc đã kết thúc, không hủy được."))
    return redirect("job_detail", pk=job.pk)


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404(_("Công việc chưa có tệp kết quả."))
    name = job.result_name or job.result.name.rsplit("/", 1)[-1]
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip": "application/zip",
    }.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return serve_file(job.result, filename=name, content_type=content_type)
