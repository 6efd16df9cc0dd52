"""A decision's awards out (national exchange JSON/XLSX, the annex with bonus amounts as DOCX) and in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.awards import bonus
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import DOCX, download
from thidua.dossiers.models import Decision
from thidua.rewards import exchange
from thidua.rewards.permissions import EXCHANGE_ONLY

MAX_IMPORT_BYTES = exchange.MAX_IMPORT_BYTES

def _decision(request, pk):
    return get_visible_or_404(Decision.objects.select_related("dossier", "dossier__unit"), request.user, pk=pk)


@login_required
@require_GET
def export_json(request, pk):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    content, content_type, filename = exchange.export_file(request.user, _decision(request, pk), "json")
    return download(content, filename, content_type)


@login_required
@require_GET
def export_xlsx(request, pk):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    content, content_type, filename = exchange.export_file(request.user, _decision(request, pk), "xlsx")
    return download(content, filename, content_type)


@login_required
def import_page(request):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    if request.method == "POST":
        try:
            batch = exchange.receive(request.user, request.FILES.get("file"))
        except exchange.ExchangeError as exc:
            messages.error(request, str(exc))
        else:
            from thidua.awards.tasks import start_staging

            start_staging(batch, request.user)
            messages.info(request, _("Tệp được đối chiếu như sổ khen thưởng: kiểm tra, xác nhận cá nhân rồi nhập "
                                     "một lần (không có dòng lỗi mới nhập)."))
            return redirect("awards:import_detail", pk=batch.pk)
    return render(request, "rewards/import.html")


@login_required
@require_GET
def annex_docx(request, pk):
    """The decision's annexed list with each awardee's bonus and the total (province staff and leaders)."""
    if not bonus.may_see_amounts(request.user):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh và lãnh đạo UBND tỉnh được xem tiền thưởng."))
    from thidua.rewards.documents import annex_file

    data, filename = annex_file(request.user, _decision(request, pk))
    return download(data, filename, DOCX)

