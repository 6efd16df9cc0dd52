"""A decision's awards out (national exchange JSON/XLSX, the annex with bonus amounts as DOCX) and in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.awards import bonus
from thidua.core.audit import record
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import DOCX, download
from thidua.dossiers.models import Decision
from thidua.rewards import exchange
from thidua.rewards.permissions import EXCHANGE_ONLY

MAX_IMPORT_BYTES = 20 * 1024 * 1024



def _decision(request, pk):
    return get_visible_or_404(Decision.objects.select_related("dossier", "dossier__unit"), request.user, pk=pk)


def _filename(decision, ext):
    return f"khen-thuong-{decision.number.replace('/', '-')}.{ext}"


@login_required
@require_GET
def export_json(request, pk):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    decision = _decision(request, pk)
    record(decision, "export", user=request.user, note=_("Xuất dữ liệu trao đổi (JSON)"))
    response = HttpResponse(exchange.dumps(exchange.export_document(decision)),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(decision, "json")}"'
    return response


@login_required
@require_GET
def export_xlsx(request, pk):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    decision = _decision(request, pk)
    record(decision, "export", user=request.user, note=_("Xuất dữ liệu trao đổi (XLSX)"))
    return download(exchange.to_xlsx(exchange.export_document(decision)), _filename(decision, "xlsx"))


@login_required
def import_page(request):
    require(request.user, "rewards.manage", message=EXCHANGE_ONLY)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Chọn tệp JSON hoặc XLSX theo định dạng trao đổi."))
        elif upload.size > MAX_IMPORT_BYTES:
            messages.error(request, _("Tệp quá lớn (tối đa 20 MB)."))
        else:
            try:
                batch = exchange.start_import(request.user, data=upload.read(), name=upload.name)
            except exchange.ExchangeError as exc:
                messages.error(request, _("Không nhập được tệp: %(err)s.") % {"err": exc})
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
    decision = _decision(request, pk)
    from thidua.rewards.documents import annex_with_amounts_docx

    data = annex_with_amounts_docx(decision)
    record(decision, "export", user=request.user, note=_("Tải danh sách kèm theo có tiền thưởng (DOCX)"))
    return download(data, f"danh-sach-tien-thuong-{decision.number.replace('/', '-')}.docx", DOCX)

