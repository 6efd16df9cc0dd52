"""Every change to funds, payouts and award items goes through here (inside a transaction, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import bonus
from thidua.core.audit import record
from thidua.core.numbering import next_number
from thidua.core.permissions import require
from thidua.core.transitions import transition_status
from thidua.rewards.items_catalogue import default_items
from thidua.rewards.models import SERIAL_PREFIX, Allocation, AwardItem, Fund, IssuedItem, ItemKind, Payout
from thidua.rewards.permissions import PROVINCE_ONLY

# --- the fund ---------------------------------------------------------------------------------------------


@dataclass
class Balance:
    allocated: int
    paid: int
    pending: int

    @property
    def available(self) -> int:
        """What is left once every payout created (paid or not) is paid."""
        return self.allocated - self.paid - self.pending

    @property
    def cash(self) -> int:
        return self.allocated - self.paid


def balance(fund: Fund) -> Balance:
    allocated = fund.allocations.aggregate(s=Sum("amount"))["s"] or 0
    sums = dict(fund.payouts.exclude(status=Payout.Status.CANCELLED).values("status").annotate(s=Sum("amount"))
                .values_list("status", "s"))
    return Balance(allocated, sums.get(Payout.Status.PAID, 0) or 0, sums.get(Payout.Status.PENDING, 0) or 0)


def fund_for(issuer: str, year: int) -> Fund | None:
    return Fund.objects.filter(issuer=issuer, year=year).select_related("holder").first()


def create_fund(user, *, year: int, holder, issuer: str = "UBND", name: str = "") -> Fund:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    issuer = (issuer or "UBND").strip()
    if Fund.objects.filter(year=year, issuer=issuer).exists():
        raise ValidationError(_("Đã có quỹ năm %(year)s chi thưởng cho quyết định của %(issuer)s.")
                              % {"year": year, "issuer": issuer})
    with transaction.atomic():
        return Fund.objects.create(year=year, holder=holder, issuer=issuer,
                                   name=(name or "Quỹ Thi đua, khen thưởng").strip())


def add_allocation(user, fund: Fund, *, source: str, amount: int, received_on: dt.date, reference: str = "",
                   note: str = "") -> Allocation:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    if amount is None or amount <= 0:
        raise ValidationError(_("Số tiền phải lớn hơn 0."))
    if source not in Allocation.Source.values:
        raise ValidationError(_("Nguồn quỹ không hợp lệ."))
    with transaction.atomic():
        allocation = Allocation.objects.create(fund=fund, source=source, amount=amount, received_on=received_on,
                                               reference=reference.strip(), note=note.strip(), recorded_by=user)
        record(fund, "update", user=user, note=_("Ghi nguồn quỹ %(source)s: %(amount)s đồng")
               % {"source": allocation.get_source_display(), "amount": f"{amount:,}".replace(",", ".")})
    return allocation


def decision_awards(decision):
    """The awards a signed decision conferred (through its nominations), with their type and recipient."""
    from thidua.awards.models import Award

    return (Award.objects.filter(nomination_id__in=decision.nominations.values("pk"))
            .select_related("award_type", "person", "unit").order_by("sort_key", "id"))


def price_decision(decision) -> tuple[list, bonus.PricedAnnex]:
    awards = list(decision_awards(decision))
    kinds = {"village": "collective"}
    priced = bonus.price_annex(
        ((a.pk, a.award_type.code, kinds.get(a.recipient_kind, a.recipient_kind)) for a in awards), decision.signed_on
    )
    return awards, priced


@dataclass
class PayoutResult:
    created: int
    skipped: int  # already paid out of a fund
    unpriced: list[str]  # names whose award the contract cannot price


def create_payouts(user, decision, fund: Fund | None = None) -> PayoutResult:
    """One pending payout per award of the signed decision, priced by the bonus contract on its signing date.
    Idempotent: awards already with a payout are skipped. Awards the contract cannot price are listed, not paid."""
    if user is not None:
        require(user, "rewards.manage", message=PROVINCE_ONLY)
    fund = fund or fund_for(decision.issuer, decision.signed_on.year)
    if fund is None:
        raise ValidationError(_("Chưa có quỹ năm %(year)s chi thưởng cho quyết định của %(issuer)s.")
                              % {"year": decision.signed_on.year, "issuer": decision.issuer})
    awards, priced = price_decision(decision)
    done = set(Payout.objects.filter(award__in=[a.pk for a in awards]).values_list("award_id", flat=True))
    rows, unpriced = [], []
    for award in awards:
        answer = priced.answers[award.pk]
        if award.pk in done:
            continue
        if "error" in answer:
            unpriced.append(award.recipient_name)
            continue
        rows.append(Payout(fund=fund, decision=decision, award=award, payee=award.recipient_name,
                           award_name=award.award_type.name, multiple=str(answer["multiple"]),
                           base_salary=answer["base_salary"], amount=answer["amount"],
                           unconfirmed=answer["unconfirmed"]))
    with transaction.atomic():
        Payout.objects.bulk_create(rows, batch_size=500)
        if rows:
            record(fund, "update", user=user, note=_("Tạo %(n)s khoản chi thưởng theo Quyết định số %(number)s")
                   % {"n": len(rows), "number": decision.number})
    return PayoutResult(len(rows), len(done), unpriced)


def mark_paid(user, payouts, *, paid_on: dt.date | None = None, voucher: str = "") -> int:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    paid_on = paid_on or timezone.localdate()
    count = 0
    with transaction.atomic():
        for payout in payouts:
            transition_status(Payout, payout, [Payout.Status.PENDING], Payout.Status.PAID, user=user,
                              note=_("Đã chi thưởng"), extra={"paid_on": paid_on, "voucher": voucher.strip()})
            count += 1
    return count


def cancel_payout(user, payout, *, note: str) -> Payout:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    if not (note or "").strip():
        raise ValidationError(_("Cần ghi lý do hủy khoản chi."))
    with transaction.atomic():
        return transition_status(Payout, payout, [Payout.Status.PENDING], Payout.Status.CANCELLED, user=user,
                                 note=note.strip(), extra={"status_note": note.strip()[:255]})


def signing_warnings(dossier, decided_on: dt.date, total: int, issuer: str = "UBND") -> list[str]:
    """Before a decision is signed: does the fund that will pay it have the money? (dossiers' signing hook)"""
    if not total:
        return []
    fund = fund_for(issuer, decided_on.year)
    if fund is None:
        return [_("Chưa có Quỹ Thi đua, khen thưởng năm %(year)s để chi %(total)s đồng tiền thưởng của quyết định này.")
                % {"year": decided_on.year, "total": f"{total:,}".replace(",", ".")}]
    left = balance(fund).available
    if left < total:
        return [_("Số dư có thể chi của %(fund)s là %(left)s đồng, không đủ chi %(total)s đồng tiền thưởng của quyết "
                  "định này (thiếu %(gap)s đồng).")
                % {"fund": f"{fund.name} năm {fund.year}", "left": f"{left:,}".replace(",", "."),
                   "total": f"{total:,}".replace(",", "."), "gap": f"{total - left:,}".replace(",", ".")}]
    return []


def payouts_after_signing(decision) -> None:
    """Called after a decision is signed (on commit): create its payouts when a fund for it exists."""
    fund = fund_for(decision.issuer, decision.signed_on.year)
    if fund is None:
        return
    try:
        create_payouts(None, decision, fund)
    except Exception:  # the decision is signed whatever happens here; the fund page offers "Tạo khoản chi" again
        import logging

        logging.getLogger(__name__).exception("payouts of decision %s not created", decision.pk)


# --- award items ------------------------------------------------------------------------------------------


def new_serial(kind: str, year: int) -> str:
    """'2026-B-000123': year, item kind, running number per kind and year (core/numbering: no duplicates)."""
    return f"{year}-{SERIAL_PREFIX[kind]}-{next_number('HIEN_VAT', kind, year):06d}"


def _certificate_code(award) -> str:
    """The award's certificate code (documents.Certificate, the QR code's target), created when missing."""
    from thidua.documents.models import Certificate

    certificate, _created = Certificate.objects.get_or_create(award=award)
    return certificate.code


def issue_items(user, decision, *, issued_on: dt.date | None = None) -> int:
    """Issue every item the decision's awards carry (per award type), each with a new serial. Awards already with
    items are skipped; revoked awards get none. The certificate (bằng) carries the award's verification code."""
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    issued_on = issued_on or timezone.localdate()
    awards = [a for a in decision_awards(decision) if not a.revoked]
    carried = {}
    for item in AwardItem.objects.filter(award_type__in={a.award_type_id for a in awards}):
        carried.setdefault(item.award_type_id, []).append(item)
    for award in awards:  # a type added to the catalogue later: the items of its group until configured
        if award.award_type_id not in carried:
            carried[award.award_type_id] = [AwardItem(award_type=award.award_type, kind=kind) for kind in
                                            default_items(award.award_type)]
    have = set(IssuedItem.objects.filter(award__in=[a.pk for a in awards]).values_list("award_id", flat=True))
    count = 0
    with transaction.atomic():
        rows = []
        for award in awards:
            if award.pk in have:
                continue
            for item in carried.get(award.award_type_id, []):
                for _n in range(item.quantity):
                    rows.append(IssuedItem(
                        award=award, decision=decision, kind=item.kind, serial=new_serial(item.kind, issued_on.year),
                        code=_certificate_code(award) if item.kind == ItemKind.CERTIFICATE and _n == 0 else None,
                        issued_on=issued_on, issued_by=user,
                    ))
        IssuedItem.objects.bulk_create(rows, batch_size=500)
        count = len(rows)
        if count:
            record(decision, "update", user=user, note=_("Cấp %(n)s hiện vật khen thưởng") % {"n": count})
    return count


def hand_over(user, items, *, handed_to: str, handed_on: dt.date, handed_by: str) -> int:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    if not handed_to.strip() or not handed_by.strip() or handed_on is None:
        raise ValidationError(_("Cần ghi người nhận, ngày trao và người trao."))
    with transaction.atomic():
        for item in items:
            transition_status(IssuedItem, item, [IssuedItem.Status.ISSUED], IssuedItem.Status.HANDED_OVER,
                              user=user, note=_("Trao hiện vật"),
                              extra={"handed_to": handed_to.strip(), "handed_on": handed_on,
                                     "handed_by": handed_by.strip()})
    return len(items)


def reissue(user, item: IssuedItem, *, kind: str, reason: str, requested_by: str, requested_on: dt.date,
            issued_on: dt.date | None = None) -> IssuedItem:
    """Cấp đổi / cấp lại on request: a new item with a new serial replaces the old one. For the certificate the
    verification code changes too, so the old paper (and its QR code) shows "đã thay thế" and is no longer valid."""
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    if kind not in (IssuedItem.Reissue.EXCHANGE, IssuedItem.Reissue.REPLACE):
        raise ValidationError(_("Chọn cấp đổi hoặc cấp lại."))
    if not (reason or "").strip() or not (requested_by or "").strip() or requested_on is None:
        raise ValidationError(_("Cần ghi người đề nghị, ngày đơn đề nghị và lý do."))
    if item.award.revoked:
        raise ValidationError(_("Khen thưởng đã bị hủy bỏ: không cấp đổi, cấp lại hiện vật."))
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        transition_status(IssuedItem, item, [IssuedItem.Status.ISSUED, IssuedItem.Status.HANDED_OVER],
                          IssuedItem.Status.REPLACED, user=user,
                          note=_("Thay thế do %(kind)s") % {"kind": IssuedItem.Reissue(kind).label})
        code = None
        if item.code:
            from thidua.documents.models import Certificate, new_code

            code = new_code()
            Certificate.objects.filter(award=item.award_id).update(code=code, issued_at=timezone.now())
        new = IssuedItem.objects.create(
            award=item.award, decision=item.decision, kind=item.kind, serial=new_serial(item.kind, issued_on.year),
            code=code, issued_on=issued_on, issued_by=user, replaces=item, reissue=kind,
            reissue_reason=reason.strip(), requested_by=requested_by.strip(), requested_on=requested_on,
        )
    return new


def reissued_items(user, *, since: dt.date | None = None, until: dt.date | None = None, kind: str = ""):
    """Items issued on a request to exchange or replace (cấp đổi, cấp lại) visible to `user`, by request date: the
    register the province keeps and sends on with its letter (danh sách đề nghị cấp đổi, cấp lại hiện vật khen
    thưởng — mẫu 4.4 Phụ lục IV Nghị định 85/2014/NĐ-CP for cấp lại)."""
    rows = IssuedItem.objects.visible_to(user).exclude(reissue="")
    if kind:
        rows = rows.filter(reissue=kind)
    if since:
        rows = rows.filter(requested_on__gte=since)
    if until:
        rows = rows.filter(requested_on__lte=until)
    return (rows.select_related("award", "award__award_type", "award__person", "award__unit", "replaces")
            .order_by("requested_on", "id"))


def items_to_recover(user):
    """Valid items of revoked awards: Luật Art 93 — the annulled award's items are recovered."""
    return (IssuedItem.objects.visible_to(user)
            .filter(award__revoked=True)
            .filter(Q(status=IssuedItem.Status.ISSUED) | Q(status=IssuedItem.Status.HANDED_OVER))
            .select_related("award", "award__award_type", "award__person", "award__unit"))


def record_recovery(user, items, *, recovered_on: dt.date, recovered_by: str, note: str = "") -> int:
    require(user, "rewards.manage", message=PROVINCE_ONLY)
    if not recovered_by.strip() or recovered_on is None:
        raise ValidationError(_("Cần ghi ngày thu hồi và người thu hồi."))
    with transaction.atomic():
        for item in items:
            if not item.award.revoked:
                raise ValidationError(_("Chỉ thu hồi hiện vật của khen thưởng đã bị hủy bỏ."))
            transition_status(IssuedItem, item, [IssuedItem.Status.ISSUED, IssuedItem.Status.HANDED_OVER],
                              IssuedItem.Status.RECOVERED, user=user, note=_("Thu hồi hiện vật"),
                              extra={"recovered_on": recovered_on, "recovered_by": recovered_by.strip(),
                                     "recovery_note": note.strip()[:255]})
    return len(items)


def decision_links(user, decision) -> list[tuple[str, str]]:
    """Links on a signed decision's page (dossiers hook): amounts for staff and leaders, the rest for staff."""
    from django.urls import reverse

    links = []
    if bonus.may_see_amounts(user):
        links.append((_("Danh sách có tiền thưởng (DOCX)"), reverse("rewards:annex_docx", args=[decision.pk])))
    if user.has_perm("rewards.manage"):
        links += [
            (_("Hiện vật khen thưởng"), reverse("rewards:decision_items", args=[decision.pk])),
            (_("In trên phôi (PDF)"), reverse("rewards:decision_pdf", args=[decision.pk])),
            (_("Trao đổi (JSON)"), reverse("rewards:export_json", args=[decision.pk])),
            (_("Trao đổi (XLSX)"), reverse("rewards:export_xlsx", args=[decision.pk])),
        ]
    return links
