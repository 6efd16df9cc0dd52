"""Demo: the province's Quỹ thi đua, khen thưởng for each year with signed decisions (a budget allocation and
last year's balance), payouts of those decisions (the older ones paid), the items of the first decision issued,
and one blank layout. Idempotent."""

import datetime as dt


def load(ctx):
    """Nothing before users exist."""


def load_after_users(ctx):
    from thidua.dossiers.models import Decision
    from thidua.rewards import services
    from thidua.rewards.models import Allocation, BlankLayout, Fund, IssuedItem, Payout

    staff = ctx.get("users", {}).get("sonoivu")
    if staff is None:
        return
    BlankLayout.objects.get_or_create(name="Phôi Bằng khen của Chủ tịch UBND tỉnh (A4 ngang)")
    decisions = list(Decision.objects.filter(issuer="UBND").order_by("signed_on", "id"))
    for year in sorted({d.signed_on.year for d in decisions}):
        fund, created = Fund.objects.get_or_create(year=year, issuer="UBND", defaults={"holder": staff.unit})
        if created:
            services.add_allocation(staff, fund, source=Allocation.Source.BUDGET, amount=800_000_000,
                                    received_on=dt.date(year, 1, 20), reference=f"QĐ giao dự toán ngân sách {year}",
                                    note="Dự toán chi thi đua, khen thưởng")
            services.add_allocation(staff, fund, source=Allocation.Source.CARRIED, amount=35_000_000,
                                    received_on=dt.date(year, 1, 2), note="Kết dư năm trước")
    for decision in decisions:
        if not decision.payouts.exists():
            try:
                services.create_payouts(staff, decision)
            except Exception:  # noqa: BLE001 (a decision without a fund is left for the page)
                continue
    for decision in decisions[:-1]:  # all but the newest decision are paid
        pending = list(Payout.objects.filter(decision=decision, status=Payout.Status.PENDING))
        if pending:
            services.mark_paid(staff, pending, paid_on=decision.signed_on + dt.timedelta(days=10),
                               voucher=f"PC {decision.number}")
    if decisions and not IssuedItem.objects.filter(decision=decisions[0]).exists():
        services.issue_items(staff, decisions[0], issued_on=decisions[0].signed_on + dt.timedelta(days=7))
