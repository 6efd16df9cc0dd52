"""Pages of the rewards area: the fund, payouts, award items. Reads scoped, changes through services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.forms import add_service_errors
from thidua.core.lists import EXPORT_LIMIT, listing, record_export
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import download
from thidua.dossiers.models import Decision
from thidua.rewards import exports, services
from thidua.rewards.forms import (
    AllocationForm,
    FundForm,
    HandOverForm,
    PaidForm,
    RecoveryForm,
    ReissueForm,
    ReissueRegisterForm,
)
from thidua.rewards.models import Fund, IssuedItem, Payout
from thidua.rewards.permissions import MONEY_ONLY, PROVINCE_ONLY

# --- the fund ---------------------------------------------------------------------------------------------


@login_required
def funds(request):
    require(request.user, "rewards.view_fund", message=MONEY_ONLY)
    form = FundForm(request.POST or None) if request.user.has_perm("rewards.manage") else None
    if request.method == "POST":
        require(request.user, "rewards.manage", message=PROVINCE_ONLY)
        if form.is_valid():
            try:
                fund = services.create_fund(request.user, holder=request.user.unit, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lập quỹ."))
                return redirect("rewards:fund", pk=fund.pk)
    rows = [(f, services.balance(f)) for f in Fund.objects.visible_to(request.user).select_related("holder")]
    return render(request, "rewards/funds.html", {"rows": rows, "form": form})


@login_required
def fund_detail(request, pk):
    require(request.user, "rewards.view_fund", message=MONEY_ONLY)
    fund = get_visible_or_404(Fund.objects.select_related("holder"), request.user, pk=pk)
    staff = request.user.has_perm("rewards.manage")
    allocation_form = AllocationForm(request.POST if "allocate" in request.POST else None, prefix="a")
    if request.method == "POST":
        require(request.user, "rewards.manage", message=PROVINCE_ONLY)
        if "allocate" in request.POST and allocation_form.is_valid():
            try:
                services.add_allocation(request.user, fund, **allocation_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(allocation_form, exc)
            else:
                messages.success(request, _("Đã ghi nguồn quỹ."))
                return redirect("rewards:fund", pk=fund.pk)
        elif "cancel" in request.POST:
            payout = fund.payouts.filter(pk=request.POST.get("cancel"), status=Payout.Status.PENDING).first()
            if payout is None:
                messages.error(request, _("Khoản chi không còn ở trạng thái chưa chi."))
            else:
                try:
                    services.cancel_payout(request.user, payout, note=request.POST.get(f"note-{payout.pk}", ""))
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Đã hủy khoản chi."))
            return redirect("rewards:fund", pk=fund.pk)
        elif "payouts_for" in request.POST:
            decision = get_visible_or_404(Decision.objects.all(), request.user, pk=request.POST["payouts_for"])
            try:
                result = services.create_payouts(request.user, decision, fund)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Đã tạo %(n)s khoản chi.") % {"n": result.created})
                if result.unpriced:
                    messages.warning(request, _("Chưa tính được tiền thưởng cho: %(names)s.")
                                     % {"names": ", ".join(result.unpriced)})
            return redirect("rewards:fund", pk=fund.pk)
    decisions = (Decision.objects.visible_to(request.user)
                 .filter(issuer=fund.issuer, signed_on__year=fund.year)
                 .annotate(paid_lines=Count("payouts"))
                 .order_by("signed_on", "id"))
    by_decision = {}
    for payout in fund.payouts.select_related("decision").order_by("decision__signed_on", "decision_id", "id"):
        by_decision.setdefault(payout.decision, []).append(payout)
    return render(request, "rewards/fund_detail.html", {
        "fund": fund, "balance": services.balance(fund), "allocations": fund.allocations.all(),
        "by_decision": by_decision.items(), "decisions_without": [d for d in decisions if not d.paid_lines],
        "allocation_form": allocation_form if staff else None, "paid_form": PaidForm(prefix="p") if staff else None,
        "staff": staff,
    })


@login_required
@require_POST
def payouts_paid(request, pk):
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    fund = get_visible_or_404(Fund.objects.all(), request.user, pk=pk)
    form = PaidForm(request.POST, prefix="p")
    ids = request.POST.getlist("payout")
    if not form.is_valid() or not ids:
        messages.error(request, _("Chọn khoản chi và ghi ngày chi."))
        return redirect("rewards:fund", pk=fund.pk)
    chosen = list(fund.payouts.filter(pk__in=ids, status=Payout.Status.PENDING))
    try:
        n = services.mark_paid(request.user, chosen, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi chi %(n)s khoản.") % {"n": n})
    return redirect("rewards:fund", pk=fund.pk)


@login_required
@require_GET
def fund_xlsx(request, pk):
    require(request.user, "rewards.view_fund", message=MONEY_ONLY)
    fund = get_visible_or_404(Fund.objects.select_related("holder"), request.user, pk=pk)
    return download(exports.fund_xlsx(fund), exports.fund_filename(fund))


# --- award items ------------------------------------------------------------------------------------------


@login_required
def items(request):
    """Decisions and their items: which decisions have items issued, and what must be recovered."""
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    issued = IssuedItem.objects.filter(decision=OuterRef("pk"))
    decisions = (Decision.objects.visible_to(request.user).select_related("dossier")
                 .annotate(has_items=Exists(issued)).order_by("-signed_on", "-id")[:200])
    return render(request, "rewards/items.html", {
        "decisions": decisions, "to_recover": services.items_to_recover(request.user)[:500],
        "recovery_form": RecoveryForm(prefix="r"),
    })


@login_required
def decision_items(request, pk):
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    decision = get_visible_or_404(Decision.objects.select_related("dossier"), request.user, pk=pk)
    hand_form = HandOverForm(request.POST if "hand_over" in request.POST else None, prefix="h")
    if request.method == "POST":
        if "issue" in request.POST:
            n = services.issue_items(request.user, decision)
            messages.success(request, _("Đã cấp %(n)s hiện vật.") % {"n": n})
            return redirect("rewards:decision_items", pk=decision.pk)
        if "hand_over" in request.POST and hand_form.is_valid():
            chosen = list(IssuedItem.objects.filter(decision=decision, pk__in=request.POST.getlist("item"),
                                                    status=IssuedItem.Status.ISSUED))
            try:
                n = services.hand_over(request.user, chosen, **hand_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(hand_form, exc)
            else:
                messages.success(request, _("Đã ghi nhận trao %(n)s hiện vật.") % {"n": n})
                return redirect("rewards:decision_items", pk=decision.pk)
    rows = (IssuedItem.objects.filter(decision=decision)
            .select_related("award", "award__award_type", "award__person", "award__unit")
            .order_by("award__sort_key", "award_id", "kind", "id"))
    return render(request, "rewards/decision_items.html", {"decision": decision, "rows": rows,
                                                          "hand_form": hand_form})


@login_required
def reissue(request, pk):
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    item = get_visible_or_404(IssuedItem.objects.select_related("award", "award__award_type", "award__person",
                                                                "award__unit", "decision"), request.user, pk=pk)
    form = ReissueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.reissue(request.user, item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cấp hiện vật mới số hiệu %(serial)s; số hiệu %(old)s đã thay thế.")
                             % {"serial": new.serial, "old": item.serial})
            return redirect("rewards:request_form", pk=new.pk)
    return render(request, "rewards/reissue.html", {"item": item, "form": form})


@login_required
@require_GET
def reissues(request):
    """The register of exchange/replacement requests (cấp đổi, cấp lại) by request date, with the list the province
    sends on with its letter as XLSX (mẫu 4.4 Phụ lục IV Nghị định 85/2014/NĐ-CP for cấp lại)."""
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    form = ReissueRegisterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = services.reissued_items(request.user, since=filters.get("since"), until=filters.get("until"),
                                   kind=filters.get("kind", ""))
    if request.GET.get("xlsx") and (not form.is_bound or form.is_valid()):
        chosen = list(rows[:EXPORT_LIMIT])
        content = exports.reissue_xlsx(chosen, kind=filters.get("kind", ""), since=filters.get("since"),
                                       until=filters.get("until"),
                                       sender=f"Ủy ban nhân dân tỉnh {settings.THIDUA_PROVINCE_NAME}")
        record_export(request, rows=len(chosen), note="Danh sách đề nghị cấp đổi, cấp lại hiện vật khen thưởng")
        return download(content, "danh-sach-cap-doi-cap-lai.xlsx")
    context = listing(request, rows, order=["requested_on", "id"])
    return render(request, "rewards/reissues.html", {"form": form, "rows": context["page"].rows, **context})


@login_required
@require_GET
def request_form(request, pk):
    """The printable request (đơn đề nghị cấp đổi / cấp lại hiện vật khen thưởng) of a re-issued item."""
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    item = get_visible_or_404(IssuedItem.objects.select_related("award", "award__award_type", "award__person",
                                                                "award__unit", "replaces"), request.user, pk=pk)
    if not item.replaces_id:
        raise PermissionDenied(_("Hiện vật này được cấp lần đầu, không có đơn đề nghị."))
    collective = item.award.recipient_kind == item.award.RecipientKind.COLLECTIVE
    return render(request, "rewards/request_form.html", {"item": item, "old": item.replaces,
                                                         "collective": collective})


@login_required
@require_POST
def recover(request):
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    form = RecoveryForm(request.POST, prefix="r")
    chosen = list(services.items_to_recover(request.user).filter(pk__in=request.POST.getlist("item")))
    if not form.is_valid() or not chosen:
        messages.error(request, _("Chọn hiện vật, ghi ngày thu hồi và người thu hồi."))
        return redirect("rewards:items")
    try:
        n = services.record_recovery(request.user, chosen, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi nhận thu hồi %(n)s hiện vật.") % {"n": n})
    return redirect("rewards:items")
