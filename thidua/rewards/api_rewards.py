"""The rewards area's API at /api/v1/rewards (issue #14's money and things, issue #15 item 3): the emulation fund
(Quỹ thi đua, khen thưởng), a decision's bonuses, award items (hiện vật), the national exchange of a decision's
awards and printing on blanks (phôi).

Same rights, scoping, forms and services as the pages (rewards/views*.py): the fund and the amounts are for the
province's TĐKT staff and leaders (`rewards.view_fund`, `awards.view_amounts`; writing: staff), the rest for the
province's TĐKT staff (`rewards.manage`). Objects outside the caller's scope are 404; bad input 400/422 with
`{"detail": …}` in Vietnamese; lists are keyset pages `{items, next_cursor}`."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, Detail, choices, documented, page
from thidua.awards import bonus
from thidua.awards.models import Award, AwardType, ImportBatch, ImportRow
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import DOCX, XLSX
from thidua.documents.views import attachment
from thidua.dossiers.models import Decision
from thidua.rewards import blanks, exchange, exports, services
from thidua.rewards.forms import (
    AllocationForm,
    FundForm,
    HandOverForm,
    PaidForm,
    RecoveryForm,
    ReissueForm,
    ReissueRegisterForm,
)
from thidua.rewards.models import LAYOUT_FIELDS, Allocation, BlankLayout, Fund, IssuedItem, ItemKind, Payout
from thidua.rewards.permissions import BLANKS_ONLY, EXCHANGE_ONLY, MONEY_ONLY, PROVINCE_ONLY

router = Router(tags=["rewards"])

PDF_MIME = "application/pdf"
FILES = {
    "xlsx": {"200": {"description": "Tệp Excel (.xlsx)", "content": {XLSX: {}}}},
    "docx": {"200": {"description": "Tệp Word (.docx)", "content": {DOCX: {}}}},
    "json": {"200": {"description": "Tài liệu trao đổi (JSON, docs/exchange.md)",
                     "content": {"application/json": {"schema": {"type": "object"}}}}},
    "pdf": {"200": {"description": "Tệp PDF", "content": {PDF_MIME: {}}}},
}


def _valid(form_class, data: dict) -> dict:
    """The page's form validating the same fields: its cleaned data, or 400 with its Vietnamese messages."""
    form = form_class(data={k: v for k, v in data.items() if v is not None})
    if form.is_valid():
        return form.cleaned_data
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    raise HttpError(400, "; ".join(parts))


def _decision(request, decision_id: int) -> Decision:
    return get_visible_or_404(Decision.objects.select_related("dossier", "dossier__unit"), request.user,
                              pk=decision_id)


# --- the fund -------------------------------------------------------------------------------------------------


class BalanceOut(Schema):
    allocated: int
    paid: int
    pending: int
    available: int  # what is left once every payout created (paid or not) is paid
    cash: int  # allocated − paid


class FundOut(Schema):
    id: int
    year: int
    issuer: str
    name: str
    holder_id: int
    holder: str
    balance: BalanceOut


class FundPage(Schema):
    items: list[FundOut]
    next_cursor: str | None


class AllocationOut(Schema):
    id: int
    source: documented(Allocation.Source)
    source_label: str
    amount: int
    received_on: dt.date
    reference: str
    note: str


class FundDecisionOut(Schema):
    decision_id: int
    number: str
    signed_on: dt.date
    payouts: int  # lines not cancelled
    amount: int
    paid: int
    pending: int


class FundDetailOut(FundOut):
    allocations: list[AllocationOut]
    decisions: list[FundDecisionOut]  # the fund's payouts summed per decision
    decisions_without_payouts: list[FundDecisionOut]  # the issuer's decisions of the year not yet in the fund


class PayoutOut(Schema):
    id: int
    decision_id: int
    decision_number: str
    award_id: int
    payee: str
    award_name: str
    multiple: float
    base_salary: int
    amount: int
    unconfirmed: bool
    status: documented(Payout.Status)
    paid_on: dt.date | None
    voucher: str
    status_note: str


class PayoutPage(Schema):
    items: list[PayoutOut]
    next_cursor: str | None


class FundIn(Schema):
    year: int
    issuer: str = "UBND"
    name: str = "Quỹ Thi đua, khen thưởng"


class AllocationIn(Schema):
    source: choices(Allocation.Source)
    amount: int
    received_on: dt.date
    reference: str = ""
    note: str = ""


class PayoutsPaidIn(Schema):
    payout_ids: list[int]
    paid_on: dt.date
    voucher: str = ""


class PayoutsPaidOut(Schema):
    paid: int
    balance: BalanceOut


class PayoutsCreateIn(Schema):
    decision_id: int


class PayoutsCreatedOut(Schema):
    created: int
    skipped: int  # awards already paid out of a fund
    unpriced: list[str]  # recipients whose award the bonus rules cannot price


class PayoutCancelIn(Schema):
    note: str


def _balance(fund) -> dict:
    b = services.balance(fund)
    return {"allocated": b.allocated, "paid": b.paid, "pending": b.pending, "available": b.available,
            "cash": b.cash}


def _fund_out(fund) -> dict:
    return {"id": fund.pk, "year": fund.year, "issuer": fund.issuer, "name": fund.name, "holder_id": fund.holder_id,
            "holder": fund.holder.name, "balance": _balance(fund)}


def _allocation_out(a) -> dict:
    return {"id": a.pk, "source": a.source, "source_label": a.get_source_display(), "amount": a.amount,
            "received_on": a.received_on, "reference": a.reference, "note": a.note}


def _payout_out(p) -> dict:
    return {"id": p.pk, "decision_id": p.decision_id, "decision_number": p.decision.number, "award_id": p.award_id,
            "payee": p.payee, "award_name": p.award_name, "multiple": float(p.multiple), "base_salary": p.base_salary,
            "amount": p.amount, "unconfirmed": p.unconfirmed, "status": p.status, "paid_on": p.paid_on,
            "voucher": p.voucher, "status_note": p.status_note}


def _fund(request, fund_id: int) -> Fund:
    require(request.user, "rewards.view_fund", message=MONEY_ONLY)
    return get_visible_or_404(Fund.objects.select_related("holder"), request.user, pk=fund_id)


@router.get("/funds", response={200: FundPage, 403: Detail},
            summary="Quỹ thi đua, khen thưởng (theo năm, đơn vị quản lý quỹ; kèm số dư)")
def list_funds(request, year: int | None = None, holder: int | None = None, issuer: str = "",
               cursor: str | None = None, limit: int = 50):
    require(request.user, "rewards.view_fund", message=MONEY_ONLY)
    qs = Fund.objects.visible_to(request.user).select_related("holder")
    if year is not None:
        qs = qs.filter(year=year)
    if holder is not None:
        qs = qs.filter(holder_id=holder)
    if issuer.strip():
        qs = qs.filter(issuer=issuer.strip())
    result = page(qs, ["-year", "issuer", "id"], cursor, limit)
    return {"items": [_fund_out(f) for f in result.rows], "next_cursor": result.next_cursor}


@router.post("/funds", response={201: FundOut, **WRITE_ERRORS},
             summary="Lập quỹ của một năm (đơn vị quản lý: đơn vị của người lập; cán bộ TĐKT tỉnh)")
def create_fund(request, payload: FundIn):
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    data = _valid(FundForm, payload.dict())
    fund = services.create_fund(request.user, holder=request.user.unit, **data)
    return Status(201, _fund_out(fund))


@router.get("/funds/{int:fund_id}", response={200: FundDetailOut, 403: Detail, **READ_ERRORS},
            summary="Một quỹ: nguồn quỹ, khoản chi theo quyết định, số dư")
def get_fund(request, fund_id: int):
    from django.db.models import Count, Q, Sum

    fund = _fund(request, fund_id)
    pending, paid = Payout.Status.PENDING, Payout.Status.PAID
    sums = (fund.payouts.exclude(status=Payout.Status.CANCELLED)
            .values("decision_id", "decision__number", "decision__signed_on")
            .annotate(n=Count("id"), total=Sum("amount"), paid_sum=Sum("amount", filter=Q(status=paid)),
                      pending_sum=Sum("amount", filter=Q(status=pending)))
            .order_by("decision__signed_on", "decision_id"))
    decisions = [{"decision_id": s["decision_id"], "number": s["decision__number"],
                  "signed_on": s["decision__signed_on"], "payouts": s["n"], "amount": s["total"] or 0,
                  "paid": s["paid_sum"] or 0, "pending": s["pending_sum"] or 0} for s in sums]
    without = (Decision.objects.visible_to(request.user).filter(issuer=fund.issuer, signed_on__year=fund.year)
               .annotate(lines=Count("payouts")).filter(lines=0).order_by("signed_on", "id"))
    return {**_fund_out(fund), "allocations": [_allocation_out(a) for a in fund.allocations.all()],
            "decisions": decisions,
            "decisions_without_payouts": [{"decision_id": d.pk, "number": d.number, "signed_on": d.signed_on,
                                           "payouts": 0, "amount": 0, "paid": 0, "pending": 0} for d in without]}


@router.post("/funds/{int:fund_id}/allocations", response={201: AllocationOut, **WRITE_ERRORS},
             summary="Ghi một nguồn vào quỹ (ngân sách, đóng góp, kết dư…; cán bộ TĐKT tỉnh)")
def add_allocation(request, fund_id: int, payload: AllocationIn):
    fund = _fund(request, fund_id)
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    data = _valid(AllocationForm, payload.dict())
    return Status(201, _allocation_out(services.add_allocation(request.user, fund, **data)))


@router.get("/funds/{int:fund_id}/payouts", response={200: PayoutPage, 403: Detail, **READ_ERRORS},
            summary="Các khoản chi thưởng của quỹ (lọc theo trạng thái, quyết định)")
def list_payouts(request, fund_id: int, status: choices(Payout.Status) | None = None, decision: int | None = None,
                 cursor: str | None = None, limit: int = 50):
    fund = _fund(request, fund_id)
    qs = fund.payouts.select_related("decision")
    if status:
        qs = qs.filter(status=status)
    if decision is not None:
        qs = qs.filter(decision_id=decision)
    result = page(qs, ["decision_id", "id"], cursor, limit)
    return {"items": [_payout_out(p) for p in result.rows], "next_cursor": result.next_cursor}


@router.post("/funds/{int:fund_id}/payouts", response={201: PayoutsCreatedOut, **WRITE_ERRORS},
             summary="Tạo khoản chi cho mọi khen thưởng của một quyết định đã ký (bỏ qua khoản đã có)")
def create_payouts(request, fund_id: int, payload: PayoutsCreateIn):
    fund = _fund(request, fund_id)
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    decision = _decision(request, payload.decision_id)
    result = services.create_payouts(request.user, decision, fund)
    return Status(201, {"created": result.created, "skipped": result.skipped, "unpriced": result.unpriced})


@router.post("/funds/{int:fund_id}/payouts/paid", response={200: PayoutsPaidOut, **WRITE_ERRORS},
             summary="Ghi đã chi các khoản chi (ngày chi, số phiếu chi; cán bộ TĐKT tỉnh)")
def payouts_paid(request, fund_id: int, payload: PayoutsPaidIn):
    fund = _fund(request, fund_id)
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    data = _valid(PaidForm, {"paid_on": payload.paid_on, "voucher": payload.voucher})
    ids = set(payload.payout_ids)
    if not ids:
        raise HttpError(400, _("Chọn khoản chi và ghi ngày chi."))
    chosen = list(fund.payouts.filter(pk__in=ids))
    if len(chosen) != len(ids):
        raise Http404
    not_pending = [p.payee for p in chosen if p.status != Payout.Status.PENDING]
    if not_pending:
        raise HttpError(409, _("Khoản chi không còn ở trạng thái chưa chi: %(names)s.")
                        % {"names": ", ".join(not_pending)})
    n = services.mark_paid(request.user, chosen, **data)
    return {"paid": n, "balance": _balance(fund)}


@router.post("/funds/{int:fund_id}/payouts/{int:payout_id}/cancel", response={200: PayoutOut, **WRITE_ERRORS},
             summary="Hủy một khoản chi chưa chi (ghi lý do; cán bộ TĐKT tỉnh)")
def cancel_payout(request, fund_id: int, payout_id: int, payload: PayoutCancelIn):
    fund = _fund(request, fund_id)
    require(request.user, "rewards.manage", message=PROVINCE_ONLY)
    payout = fund.payouts.select_related("decision").filter(pk=payout_id).first()
    if payout is None:
        raise Http404
    if payout.status != Payout.Status.PENDING:
        raise HttpError(409, _("Khoản chi không còn ở trạng thái chưa chi."))
    return _payout_out(services.cancel_payout(request.user, payout, note=payload.note))


@router.get("/funds/{int:fund_id}/book.xlsx", response={200: None, 403: Detail, **READ_ERRORS},
            summary="Sổ quỹ (XLSX, cùng tệp với trang quỹ)", openapi_extra={"responses": FILES["xlsx"]})
def fund_book(request, fund_id: int):
    fund = _fund(request, fund_id)
    return attachment(exports.fund_xlsx(fund), XLSX, exports.fund_filename(fund))


# --- a decision's bonuses -------------------------------------------------------------------------------------


class BonusLineOut(Schema):
    award_id: int
    recipient: str
    recipient_kind: documented(Award.RecipientKind)
    person_id: int | None
    unit_id: int | None
    award: str  # the catalogue code
    award_name: str
    multiple: float | None
    base_salary: int | None
    amount: int | None
    unconfirmed: bool
    error: str | None  # why the bonus rules cannot price this award (then no amount)


class DecisionBonusesOut(Schema):
    decision_id: int
    number: str
    signed_on: dt.date
    count: int  # awards of the decision
    total: int  # the sum of every priced amount (the whole decision, not only this page)
    unpaid: int  # awards the rules cannot price
    unconfirmed: int
    items: list[BonusLineOut]
    next_cursor: str | None


def _amounts_allowed(request):
    if not bonus.may_see_amounts(request.user):
        raise HttpError(403, _("Chỉ cán bộ TĐKT cấp tỉnh và lãnh đạo UBND tỉnh được xem tiền thưởng."))


@router.get("/decisions/{int:decision_id}/bonuses", response={200: DecisionBonusesOut, 403: Detail, **READ_ERRORS},
            summary="Tiền thưởng của từng người, tập thể trong quyết định và tổng số (cán bộ TĐKT tỉnh, lãnh đạo)")
def decision_bonuses(request, decision_id: int, cursor: str | None = None, limit: int = 50):
    _amounts_allowed(request)
    decision = _decision(request, decision_id)
    awards, priced = services.price_decision(decision)
    result = page(services.decision_awards(decision), ["sort_key", "id"], cursor, limit)
    items = []
    for a in result.rows:
        answer = priced.answers[a.pk]
        items.append({
            "award_id": a.pk, "recipient": a.recipient_name, "recipient_kind": a.recipient_kind,
            "person_id": a.person_id, "unit_id": a.unit_id, "award": a.award_type.code,
            "award_name": a.award_type.name, "multiple": answer.get("multiple"),
            "base_salary": answer.get("base_salary"), "amount": answer.get("amount"),
            "unconfirmed": bool(answer.get("unconfirmed")), "error": answer.get("error"),
        })
    return {"decision_id": decision.pk, "number": decision.number, "signed_on": decision.signed_on,
            "count": len(awards), "total": priced.total, "unpaid": priced.unpaid, "unconfirmed": priced.unconfirmed,
            "items": items, "next_cursor": result.next_cursor}


@router.get("/decisions/{int:decision_id}/bonuses.docx", response={200: None, 403: Detail, **READ_ERRORS},
            summary="Danh sách kèm theo quyết định có tiền thưởng (DOCX; cán bộ TĐKT tỉnh, lãnh đạo)",
            openapi_extra={"responses": FILES["docx"]})
def decision_bonuses_docx(request, decision_id: int):
    _amounts_allowed(request)
    from thidua.rewards.documents import annex_file

    data, filename = annex_file(request.user, _decision(request, decision_id))
    return attachment(data, DOCX, filename)


# --- award items (hiện vật) -----------------------------------------------------------------------------------

REISSUE_KINDS = [IssuedItem.Reissue.EXCHANGE.value, IssuedItem.Reissue.REPLACE.value]


class IssuedItemOut(Schema):
    id: int
    serial: str
    kind: documented(ItemKind)
    status: documented(IssuedItem.Status)
    code: str | None  # the verification code printed on a certificate (QR)
    award_id: int
    award: str
    award_name: str
    recipient: str
    award_revoked: bool
    decision_id: int | None
    issued_on: dt.date
    handed_to: str
    handed_on: dt.date | None
    handed_by: str
    replaces_id: int | None
    reissue: documented(IssuedItem.Reissue)  # "" for a first issue
    reissue_reason: str
    requested_by: str
    requested_on: dt.date | None
    recovered_on: dt.date | None
    recovered_by: str
    recovery_note: str


class IssuedItemPage(Schema):
    items: list[IssuedItemOut]
    next_cursor: str | None


class ItemsIssuedOut(Schema):
    issued: int


class HandOverIn(Schema):
    item_ids: list[int]
    handed_to: str
    handed_on: dt.date
    handed_by: str


class HandedOverOut(Schema):
    handed_over: int


class ReissueIn(Schema):
    kind: choices(REISSUE_KINDS)
    reason: str
    requested_by: str
    requested_on: dt.date


class RecoveryIn(Schema):
    item_ids: list[int]
    recovered_on: dt.date
    recovered_by: str
    note: str = ""


class RecoveredOut(Schema):
    recovered: int


ITEM_RELATED = ("award", "award__award_type", "award__person", "award__unit")


def _item_out(i) -> dict:
    a = i.award
    return {"id": i.pk, "serial": i.serial, "kind": i.kind, "status": i.status, "code": i.code, "award_id": a.pk,
            "award": a.award_type.code, "award_name": a.award_type.name, "recipient": a.recipient_name,
            "award_revoked": a.revoked, "decision_id": i.decision_id, "issued_on": i.issued_on,
            "handed_to": i.handed_to, "handed_on": i.handed_on, "handed_by": i.handed_by,
            "replaces_id": i.replaces_id, "reissue": i.reissue, "reissue_reason": i.reissue_reason,
            "requested_by": i.requested_by, "requested_on": i.requested_on, "recovered_on": i.recovered_on,
            "recovered_by": i.recovered_by, "recovery_note": i.recovery_note}


def _manage(request, message=PROVINCE_ONLY):
    require(request.user, "rewards.manage", message=message)


def _chosen(qs, ids: list[int]) -> list:
    """The items named by `ids` among `qs` (the caller's scope): 400 for an empty choice, 404 for any other id."""
    ids = set(ids)
    if not ids:
        raise HttpError(400, _("Chọn ít nhất một hiện vật (item_ids)."))
    chosen = list(qs.filter(pk__in=ids))
    if len(chosen) != len(ids):
        raise Http404
    return chosen


@router.get("/items", response={200: IssuedItemPage, 403: Detail},
            summary="Hiện vật đã cấp (lọc theo quyết định, trạng thái, loại; to_recover: phải thu hồi)")
def list_items(request, decision: int | None = None, status: choices(IssuedItem.Status) | None = None,
               kind: choices(ItemKind) | None = None, award: int | None = None, serial: str = "",
               to_recover: bool = False, cursor: str | None = None, limit: int = 50):
    _manage(request)
    qs = services.items_to_recover(request.user) if to_recover else IssuedItem.objects.visible_to(request.user)
    qs = qs.select_related(*ITEM_RELATED)
    if decision is not None:
        qs = qs.filter(decision_id=decision)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if award is not None:
        qs = qs.filter(award_id=award)
    if serial.strip():
        qs = qs.filter(serial=serial.strip())
    result = page(qs, ["award_id", "kind", "id"], cursor, limit)
    return {"items": [_item_out(i) for i in result.rows], "next_cursor": result.next_cursor}


@router.get("/items/{int:item_id}", response={200: IssuedItemOut, 403: Detail, **READ_ERRORS},
            summary="Một hiện vật đã cấp")
def get_item(request, item_id: int):
    _manage(request)
    return _item_out(get_visible_or_404(IssuedItem.objects.select_related(*ITEM_RELATED), request.user, pk=item_id))


@router.post("/decisions/{int:decision_id}/items", response={200: ItemsIssuedOut, **WRITE_ERRORS},
             summary="Cấp hiện vật cho mọi khen thưởng của quyết định (mỗi hiện vật một số hiệu; bỏ qua khen thưởng "
                     "đã cấp, đã hủy bỏ)")
def issue_items(request, decision_id: int):
    _manage(request)
    return {"issued": services.issue_items(request.user, _decision(request, decision_id))}


@router.post("/decisions/{int:decision_id}/items/hand-over", response={200: HandedOverOut, **WRITE_ERRORS},
             summary="Ghi nhận trao hiện vật của quyết định (người nhận, ngày trao, người trao)")
def hand_over(request, decision_id: int, payload: HandOverIn):
    _manage(request)
    decision = _decision(request, decision_id)
    data = _valid(HandOverForm, payload.dict(exclude={"item_ids"}))
    chosen = _chosen(IssuedItem.objects.visible_to(request.user).filter(decision=decision), payload.item_ids)
    done = [i.serial for i in chosen if i.status != IssuedItem.Status.ISSUED]
    if done:
        raise HttpError(409, _("Hiện vật không ở trạng thái đã cấp, chưa trao: %(serials)s.")
                        % {"serials": ", ".join(done)})
    return {"handed_over": services.hand_over(request.user, chosen, **data)}


@router.post("/items/{int:item_id}/reissue", response={201: IssuedItemOut, **WRITE_ERRORS},
             summary="Cấp đổi hoặc cấp lại hiện vật theo đơn đề nghị (hiện vật mới, số hiệu mới; mã xác minh cũ "
                     "hết hiệu lực)")
def reissue(request, item_id: int, payload: ReissueIn):
    _manage(request)
    item = get_visible_or_404(IssuedItem.objects.select_related(*ITEM_RELATED, "decision"), request.user, pk=item_id)
    data = _valid(ReissueForm, payload.dict())
    new = services.reissue(request.user, item, **data)
    return Status(201, _item_out(IssuedItem.objects.select_related(*ITEM_RELATED).get(pk=new.pk)))


@router.get("/reissues", response={200: IssuedItemPage, 400: Detail, 403: Detail},
            summary="Sổ cấp đổi, cấp lại hiện vật (theo ngày đơn đề nghị; lọc khoảng ngày và hình thức)")
def list_reissues(request, since: dt.date | None = None, until: dt.date | None = None,
                  kind: choices(REISSUE_KINDS) | None = None, cursor: str | None = None, limit: int = 50):
    _manage(request)
    data = _valid(ReissueRegisterForm, {"since": since, "until": until, "kind": kind or ""})
    rows = services.reissued_items(request.user, since=data.get("since"), until=data.get("until"),
                                   kind=data.get("kind", ""))
    result = page(rows, ["requested_on", "id"], cursor, limit)
    return {"items": [_item_out(i) for i in result.rows], "next_cursor": result.next_cursor}


@router.post("/items/recover", response={200: RecoveredOut, **WRITE_ERRORS},
             summary="Ghi nhận thu hồi hiện vật của khen thưởng đã bị hủy bỏ (Luật TĐKT Điều 93)")
def recover(request, payload: RecoveryIn):
    _manage(request)
    data = _valid(RecoveryForm, payload.dict(exclude={"item_ids"}))
    chosen = _chosen(IssuedItem.objects.visible_to(request.user).select_related("award"), payload.item_ids)
    due = set(services.items_to_recover(request.user).filter(pk__in=[i.pk for i in chosen])
              .values_list("pk", flat=True))
    wrong = [i.serial for i in chosen if i.pk not in due]
    if wrong:
        raise HttpError(409, _("Chỉ thu hồi hiện vật còn hiệu lực của khen thưởng đã bị hủy bỏ: %(serials)s.")
                        % {"serials": ", ".join(wrong)})
    return {"recovered": services.record_recovery(request.user, chosen, **data)}


# --- national exchange ----------------------------------------------------------------------------------------


class ImportRowError(Schema):
    row: int
    column: str
    message: str


class ImportPendingRow(Schema):
    row: int
    full_name: str
    unit: str
    candidates: list[int]  # the people the row may name (ids)


class ImportOut(Schema):
    detail: str
    batch_id: int
    status: documented(ImportBatch.Status)
    rows: int
    committed: int  # awards written to the register
    new_people: int
    duplicates: int  # rows already in the register, skipped
    url: str  # the batch's page


class ImportRefusedOut(Schema):
    detail: str
    batch_id: int | None
    errors: list[ImportRowError]  # the first MAX_ERRORS row errors


class ImportPendingOut(Schema):
    detail: str
    batch_id: int
    url: str  # the batch's page, where the person of each row is chosen and the batch committed
    rows: list[ImportPendingRow]


MAX_ERRORS = 200


def _import_answer(batch) -> dict:
    duplicates = ImportRow.objects.filter(batch=batch, status=ImportRow.Status.DUPLICATE).count()
    return {"batch_id": batch.pk, "status": batch.status, "rows": batch.total_rows,
            "committed": batch.committed_count, "new_people": batch.new_person_count, "duplicates": duplicates,
            "url": reverse("awards:import_detail", args=[batch.pk])}


@router.get("/decisions/{int:decision_id}/exchange.json", response={200: None, 403: Detail, **READ_ERRORS},
            summary="Khen thưởng của quyết định theo định dạng trao đổi (JSON, docs/exchange.md)",
            openapi_extra={"responses": FILES["json"]})
def export_json(request, decision_id: int):
    _manage(request, EXCHANGE_ONLY)
    content, content_type, filename = exchange.export_file(request.user, _decision(request, decision_id), "json")
    return attachment(content, content_type, filename)


@router.get("/decisions/{int:decision_id}/exchange.xlsx", response={200: None, 403: Detail, **READ_ERRORS},
            summary="Khen thưởng của quyết định theo định dạng trao đổi (XLSX, docs/exchange.md)",
            openapi_extra={"responses": FILES["xlsx"]})
def export_xlsx(request, decision_id: int):
    _manage(request, EXCHANGE_ONLY)
    content, content_type, filename = exchange.export_file(request.user, _decision(request, decision_id), "xlsx")
    return attachment(content, content_type, filename)


@router.post(
    "/exchange/import",
    response={200: ImportOut, 201: ImportOut, 400: ImportRefusedOut, 403: Detail, 409: ImportPendingOut},
    summary="Nhập tệp trao đổi (JSON hoặc XLSX, multipart «file») vào sổ khen thưởng: tất cả hoặc không",
    description=(
        "Đối chiếu như trang nhập sổ khen thưởng (họ tên + ngày sinh + đơn vị, hoặc số CCCD). 201: đã nhập mọi "
        "dòng. 400: tệp không đúng định dạng hoặc có dòng lỗi (errors: dòng, cột, lỗi) — không dòng nào được "
        "nhập. 409: có dòng chưa xác định được cá nhân — chọn ở trang của lần nhập (url) rồi nhập; chưa dòng nào "
        "được nhập. commit=false: chỉ kiểm tra (200, không ghi vào sổ)."
    ),
)
def import_exchange(request, file: File[UploadedFile], commit: Form[bool] = True):
    _manage(request, EXCHANGE_ONLY)
    try:
        batch = exchange.receive(request.user, file)
    except exchange.ExchangeError as exc:
        return Status(400, {"detail": str(exc), "batch_id": None, "errors": []})
    batch = exchange.stage_and_commit(request.user, batch, commit=commit)
    if batch.status == ImportBatch.Status.INVALID:
        errors = []
        for row in (ImportRow.objects.filter(batch=batch, status=ImportRow.Status.ERROR)
                    .order_by("row_number")[:MAX_ERRORS]):
            errors += [{"row": row.row_number, "column": e.get("column", ""), "message": e.get("message", "")}
                       for e in row.errors]
        errors = errors[:MAX_ERRORS]
        if batch.error_count:
            detail = _("Tệp có %(n)s dòng lỗi; không dòng nào được nhập. %(first)s") % {
                "n": batch.error_count,
                "first": "; ".join(_("Dòng %(row)s, %(column)s: %(message)s") % e for e in errors[:5]),
            }
        else:
            detail = _("Không nhập được tệp: %(err)s") % {"err": batch.message}
        return Status(400, {"detail": detail.strip(), "batch_id": batch.pk, "errors": errors})
    if batch.status == ImportBatch.Status.REVIEW and batch.ambiguous_count:
        rows = [{"row": r.row_number, "full_name": r.full_name, "unit": r.unit_name,
                 "candidates": list(r.candidate_ids or [])}
                for r in ImportRow.objects.filter(batch=batch, status=ImportRow.Status.AMBIGUOUS)
                .order_by("row_number")[:MAX_ERRORS]]
        return Status(409, {
            "detail": _("Còn %(n)s dòng chưa xác định được cá nhân; chưa dòng nào được nhập. Chọn cá nhân ở trang "
                        "của lần nhập rồi nhập vào sổ.") % {"n": batch.ambiguous_count},
            "batch_id": batch.pk, "url": reverse("awards:import_detail", args=[batch.pk]), "rows": rows,
        })
    if batch.status == ImportBatch.Status.COMMITTED:
        return Status(201, {**_import_answer(batch), "detail": _(
            "Đã nhập %(n)s khen thưởng vào sổ; %(p)s cá nhân mới.") % {"n": batch.committed_count,
                                                                        "p": batch.new_person_count}})
    if commit:  # the commit was refused (the batch went back to review with the reason)
        raise HttpError(409, batch.message or _("Chưa nhập được tệp."))
    return Status(200, {**_import_answer(batch), "detail": _(
        "Tệp hợp lệ: %(n)s dòng, chưa ghi vào sổ (commit=false).") % {"n": batch.total_rows}})


# --- printing on blanks (phôi) --------------------------------------------------------------------------------

Align = choices(blanks.ALIGNS)


class BoxOut(Schema):
    x: float
    y: float
    w: float
    h: float
    size: float  # font size (pt); the QR code's box has 0
    align: documented(blanks.ALIGNS)


class BoxesOut(Schema):
    name: BoxOut
    award: BoxOut
    unit: BoxOut
    decision: BoxOut
    signer: BoxOut
    qr: BoxOut


class BlankOut(Schema):
    id: int
    name: str
    page_width_mm: float
    page_height_mm: float
    font_family: str
    award_types: list[str]  # the codes of the award types printed on this blank
    has_scan: bool
    boxes: BoxesOut  # positions in millimetres from the top-left corner of the page
    updated_at: dt.datetime


class BlankPage(Schema):
    items: list[BlankOut]
    next_cursor: str | None


class BoxIn(Schema):
    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None
    size: float | None = None
    align: Align | None = None


class BoxesIn(Schema):
    name: BoxIn | None = None
    award: BoxIn | None = None
    unit: BoxIn | None = None
    decision: BoxIn | None = None
    signer: BoxIn | None = None
    qr: BoxIn | None = None


class BlankIn(Schema):
    name: str


class BlankPatch(Schema):
    name: str | None = None
    page_width_mm: float | None = None
    page_height_mm: float | None = None
    boxes: BoxesIn | None = None
    award_types: list[str] | None = None  # codes; replaces the list


class PrintJobOut(Schema):
    detail: str
    job: int  # the background job printing the file
    url: str  # its page: progress, and the file once done


def _blank_out(layout) -> dict:
    return {"id": layout.pk, "name": layout.name, "page_width_mm": float(layout.page_width_mm),
            "page_height_mm": float(layout.page_height_mm), "font_family": layout.font_family,
            "award_types": [t.code for t in layout.award_types.all()], "has_scan": bool(layout.scan),
            "boxes": blanks.boxes_of(layout), "updated_at": layout.updated_at}


def _layout(layout_id: int) -> BlankLayout:
    # Layouts belong to the province (no unit scope): every TĐKT staff member of the province sees them all.
    layout = BlankLayout.objects.prefetch_related("award_types").filter(pk=layout_id).first()
    if layout is None:
        raise Http404
    return layout


@router.get("/blanks", response={200: BlankPage, 403: Detail},
            summary="Các mẫu in trên phôi và vị trí các trường (mm)")
def list_blanks(request, cursor: str | None = None, limit: int = 50):
    _manage(request, BLANKS_ONLY)
    result = page(BlankLayout.objects.prefetch_related("award_types"), ["name", "id"], cursor, limit)
    return {"items": [_blank_out(x) for x in result.rows], "next_cursor": result.next_cursor}


@router.post("/blanks", response={201: BlankOut, **WRITE_ERRORS}, summary="Thêm mẫu phôi (vị trí mặc định)")
def create_blank(request, payload: BlankIn):
    _manage(request, BLANKS_ONLY)
    name = payload.name.strip()[:200]
    if not name:
        raise HttpError(400, _("Cần đặt tên mẫu phôi."))
    return Status(201, _blank_out(BlankLayout.objects.create(name=name)))


@router.get("/blanks/{int:layout_id}", response={200: BlankOut, 403: Detail, **READ_ERRORS},
            summary="Một mẫu in trên phôi")
def get_blank(request, layout_id: int):
    _manage(request, BLANKS_ONLY)
    return _blank_out(_layout(layout_id))


@router.patch("/blanks/{int:layout_id}", response={200: BlankOut, **WRITE_ERRORS},
              summary="Sửa mẫu phôi: tên, khổ giấy (50 – 1000 mm), vị trí các trường (mm, trong khổ giấy; cỡ chữ "
                      "0 – 96), loại khen thưởng dùng phôi")
def update_blank(request, layout_id: int, payload: BlankPatch):
    _manage(request, BLANKS_ONLY)
    layout = _layout(layout_id)
    data = {}  # the page's form names, so the page's validation reads them
    if payload.page_width_mm is not None:
        data["page_width_mm"] = payload.page_width_mm
    if payload.page_height_mm is not None:
        data["page_height_mm"] = payload.page_height_mm
    if payload.boxes is not None:
        for key in LAYOUT_FIELDS:
            box = getattr(payload.boxes, key)
            for attr, value in (box.dict() if box is not None else {}).items():
                if value is not None:
                    data[f"{key}-{attr}"] = value
    changes, errors = blanks.read_layout(layout, data)
    if errors:
        raise HttpError(400, " ".join(errors))
    award_types = None
    if payload.award_types is not None:
        codes = set(payload.award_types)
        award_types = list(AwardType.objects.filter(code__in=codes))
        unknown = sorted(codes - {t.code for t in award_types})
        if unknown:
            raise HttpError(400, _("Không có loại khen thưởng mã: %(codes)s.") % {"codes": ", ".join(unknown)})
    if payload.name is not None and not payload.name.strip():
        raise HttpError(400, _("Cần đặt tên mẫu phôi."))
    blanks.save_layout(layout, changes, name=payload.name, award_types=award_types)
    return _blank_out(_layout(layout.pk))


@router.get("/decisions/{int:decision_id}/blanks.pdf",
            response={200: None, 202: PrintJobOut, 400: Detail, 403: Detail, **READ_ERRORS},
            summary="In bằng của quyết định trên phôi (PDF; quyết định lớn: in trong nền, trả về 202 và công việc)",
            openapi_extra={"responses": FILES["pdf"]})
def decision_blanks_pdf(request, decision_id: int, layout: int):
    _manage(request, BLANKS_ONLY)
    decision = get_visible_or_404(Decision.objects.select_related("dossier"), request.user, pk=decision_id)
    printed = blanks.print_decision(request.user, decision, _layout(layout))
    if printed.job is not None:
        return Status(202, {
            "detail": _("Quyết định có %(n)s khen thưởng: bằng được in trên phôi trong nền; tải tệp ở trang công "
                        "việc khi xong.") % {"n": printed.count},
            "job": printed.job.pk, "url": reverse("job_detail", args=[printed.job.pk]),
        })
    return attachment(printed.pdf, PDF_MIME, blanks.decision_filename(decision))
