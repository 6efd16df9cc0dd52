"""Blank layouts (mẫu in trên phôi): list, calibration over a scan with a live preview, a sample PDF, and a whole
decision printed as one PDF (inline for small decisions, a background job for large ones)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.awards.models import AwardType
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.uploads import serve_file
from thidua.dossiers.models import Decision
from thidua.rewards import blanks
from thidua.rewards.models import LAYOUT_FIELDS, LAYOUT_LABELS, BlankLayout
from thidua.rewards.permissions import BLANKS_ONLY

INLINE_PAGES = blanks.INLINE_PAGES
SCAN_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}



def _layout(pk) -> BlankLayout:
    layout = BlankLayout.objects.filter(pk=pk).first()
    if layout is None:
        from django.http import Http404

        raise Http404(_("Không tìm thấy mẫu in trên phôi."))
    return layout


@login_required
def blanks_list(request):
    require(request.user, "rewards.manage", message=BLANKS_ONLY)
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:200]
        if not name:
            messages.error(request, _("Cần đặt tên mẫu phôi."))
        else:
            layout = BlankLayout.objects.create(name=name)
            return redirect("rewards:blank", pk=layout.pk)
    return render(request, "rewards/blanks.html", {"layouts": BlankLayout.objects.prefetch_related("award_types")})



@login_required
def blank_edit(request, pk):
    require(request.user, "rewards.manage", message=BLANKS_ONLY)
    layout = _layout(pk)
    if request.method == "POST":
        changes, errors = blanks.read_layout(layout, request.POST)
        scan = request.FILES.get("scan")
        if scan is not None:
            if scan.content_type not in SCAN_TYPES or scan.size > 10 * 1024 * 1024:
                errors.append(_("Ảnh quét phải là PNG hoặc JPEG, tối đa 10 MB."))
            else:
                layout.scan.save(f"phoi-{layout.pk}{SCAN_TYPES[scan.content_type]}", scan, save=False)
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            blanks.save_layout(layout, changes, name=request.POST.get("name", layout.name),
                               award_types=AwardType.objects.filter(pk__in=request.POST.getlist("award_types")))
            messages.success(request, _("Đã lưu mẫu in trên phôi."))
            return redirect("rewards:blank", pk=layout.pk)
    boxes = blanks.boxes_of(layout)
    return render(request, "rewards/blank_edit.html", {
        "layout": layout, "aligns": [("left", _("trái")), ("center", _("giữa")), ("right", _("phải"))],
        "fields": [{"key": k, "label": LAYOUT_LABELS[k], "box": boxes[k]} for k in LAYOUT_FIELDS],
        "sample": blanks.SAMPLE, "award_types": AwardType.objects.filter(active=True),
        "chosen": set(layout.award_types.values_list("pk", flat=True)),
    })


@login_required
@require_GET
def blank_scan(request, pk):
    require(request.user, "rewards.manage", message=BLANKS_ONLY)
    layout = _layout(pk)
    if not layout.scan:
        from django.http import Http404

        raise Http404(_("Mẫu phôi chưa có ảnh quét."))
    content_type = "image/png" if layout.scan.name.endswith(".png") else "image/jpeg"
    return serve_file(layout.scan, filename=layout.scan.name.rsplit("/", 1)[-1], content_type=content_type,
                      inline=True)


@login_required
@require_GET
def blank_sample_pdf(request, pk):
    require(request.user, "rewards.manage", message=BLANKS_ONLY)
    layout = _layout(pk)
    response = HttpResponse(blanks.pdf(layout, [blanks.SAMPLE]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="thu-phoi-{layout.pk}.pdf"'
    return response


@login_required
def decision_pdf(request, pk):
    """Choose a layout; small decisions print at once, large ones become a background job."""
    require(request.user, "rewards.manage", message=BLANKS_ONLY)
    decision = get_visible_or_404(Decision.objects.select_related("dossier"), request.user, pk=pk)
    layouts = list(BlankLayout.objects.all())
    if request.method == "POST":
        layout = next((x for x in layouts if str(x.pk) == request.POST.get("layout")), None)
        if layout is None:
            messages.error(request, _("Chọn mẫu phôi."))
        else:
            try:
                printed = blanks.print_decision(request.user, decision, layout)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if printed.job is not None:  # a job (core/jobs.py): the page follows it on the job page
                    return redirect("job_detail", pk=printed.job.pk)
                response = HttpResponse(printed.pdf, content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{blanks.decision_filename(decision)}"'
                return response
    return render(request, "rewards/decision_pdf.html", {"decision": decision, "layouts": layouts,
                                                         "inline_pages": INLINE_PAGES})
