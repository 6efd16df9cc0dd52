"""The fund (allocations, payouts from signed decisions, balance, the warning before signing) and award items
(issue with serials, hand-over, re-issue with the old certificate refused by the verification page, recovery)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.rewards.conftest import people, prepared_dossier, sign, units
from thidua.dossiers import services as dossier_services
from thidua.rewards import services
from thidua.rewards.models import Allocation, IssuedItem, Payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(staff, province):
    fund = services.create_fund(staff, year=2026, holder=province, issuer="UBND")
    services.add_allocation(staff, fund, source=Allocation.Source.BUDGET, amount=5_000_000,
                            received_on=dt.date(2026, 1, 15), reference="QĐ 12/QĐ-UBND")
    services.add_allocation(staff, fund, source=Allocation.Source.CARRIED, amount=1_000_000,
                            received_on=dt.date(2026, 1, 2))
    return fund


def three_awards(unit_a):
    lan, minh = people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh"])
    [to] = units(unit_a, ["Phòng Giáo dục mầm non"])
    return prepared_dossier(unit_a, [(lan, "LDTT"), (minh, "BK_TINH"), (to, "TTLDTT")], year=2026)


def test_signing_creates_payouts_and_the_balance_follows(staff, leader, unit_a, fund,
                                                         django_capture_on_commit_callbacks):
    # 760,000 + 3,800,000 + 2,030,000 = 6,590,000 on 15/7/2026 (hand-computed in test_decision_amounts)
    with django_capture_on_commit_callbacks(execute=True):  # payouts are created once the signing commits
        decision = sign(leader, three_awards(unit_a), dt.date(2026, 7, 15))
    payouts = list(Payout.objects.filter(decision=decision).order_by("amount"))
    assert [p.amount for p in payouts] == [760_000, 2_030_000, 3_800_000]
    assert all(p.status == Payout.Status.PENDING and p.fund == fund for p in payouts)
    assert [p.unconfirmed for p in payouts] == [False, False, True]
    b = services.balance(fund)
    assert (b.allocated, b.pending, b.paid, b.available) == (6_000_000, 6_590_000, 0, -590_000)

    assert services.mark_paid(staff, payouts[:2], paid_on=dt.date(2026, 7, 20), voucher="PC 15") == 2
    services.cancel_payout(staff, payouts[2], note="Đối tượng từ chối nhận")
    b = services.balance(fund)
    assert (b.paid, b.pending, b.available, b.cash) == (2_790_000, 0, 3_210_000, 3_210_000)
    # idempotent: running it again creates nothing
    assert services.create_payouts(staff, decision).created == 0


def test_warning_before_signing_when_the_balance_cannot_pay(client, leader, unit_a, fund):
    dossier = three_awards(unit_a)
    warnings = services.signing_warnings(dossier, dt.date(2026, 7, 15), 6_590_000)
    assert len(warnings) == 1 and "6.000.000" in warnings[0] and "590.000" in warnings[0]
    assert services.signing_warnings(dossier, dt.date(2026, 7, 15), 6_000_000) == []
    assert "Chưa có Quỹ" in services.signing_warnings(dossier, dt.date(2027, 1, 5), 1)[0]
    client.force_login(leader)
    html = client.get(f"/ho-so/{dossier.pk}/quyet-dinh/", {"signed_on": "15/07/2026"}).content.decode()
    assert "data-signing-warning" in html  # today's date (no fund, or not enough) warns before the form


def test_items_issue_hand_over_reissue_and_verification(client, staff, leader, unit_a):
    decision = sign(leader, three_awards(unit_a), dt.date(2026, 7, 15))
    count = services.issue_items(staff, decision, issued_on=dt.date(2026, 7, 20))
    # LĐTT: bằng; Bằng khen: bằng + khung; Tập thể LĐTT: bằng + khung
    assert count == 5
    items = list(IssuedItem.objects.order_by("id"))
    assert len({i.serial for i in items}) == 5 and all(i.serial.startswith("2026-") for i in items)
    assert services.issue_items(staff, decision) == 0  # once per award

    lan_cert = IssuedItem.objects.get(award__person__full_name="Nguyễn Thị Lan", kind="bang")
    services.hand_over(staff, [lan_cert], handed_to="Nguyễn Thị Lan", handed_on=dt.date(2026, 7, 25),
                       handed_by="Trần Quốc Văn")
    lan_cert.refresh_from_db()
    assert lan_cert.status == IssuedItem.Status.HANDED_OVER and lan_cert.handed_to == "Nguyễn Thị Lan"

    old_code = lan_cert.code
    assert client.get(f"/xac-minh/{old_code}").status_code == 200
    with pytest.raises(ValidationError):
        services.reissue(staff, lan_cert, kind="cap_lai", reason="", requested_by="Nguyễn Thị Lan",
                         requested_on=dt.date(2026, 9, 1))
    new = services.reissue(staff, lan_cert, kind="cap_lai", reason="Bị mất do ngập lụt",
                           requested_by="Nguyễn Thị Lan", requested_on=dt.date(2026, 9, 1))
    lan_cert.refresh_from_db()
    assert lan_cert.status == IssuedItem.Status.REPLACED and new.replaces == lan_cert
    assert new.serial != lan_cert.serial and new.code and new.code != old_code

    old_page = client.get(f"/xac-minh/{old_code}")
    assert old_page.status_code == 410
    html = old_page.content.decode()
    assert "Đã thay thế" in html and "không còn giá trị" in html and lan_cert.serial in html
    assert "có hiệu lực" not in html
    # the old paper's serial, typed into the verification form, is refused the same way
    assert client.get(f"/xac-minh/{lan_cert.serial}").status_code == 410
    by_new_serial = client.get(f"/xac-minh/{new.serial}")
    assert by_new_serial.status_code == 302 and by_new_serial["Location"].endswith(f"/xac-minh/{new.code}")
    new_page = client.get(f"/xac-minh/{new.code}")
    assert new_page.status_code == 200 and "đang có hiệu lực" in new_page.content.decode()
    # a replaced item cannot be replaced again
    with pytest.raises(ValidationError):
        services.reissue(staff, lan_cert, kind="cap_doi", reason="x", requested_by="x",
                         requested_on=dt.date(2026, 9, 2))


def test_revocation_records_the_items_recovery(staff, leader, unit_a):
    decision = sign(leader, three_awards(unit_a), dt.date(2026, 7, 15))
    services.issue_items(staff, decision)
    minh_award = IssuedItem.objects.filter(award__person__full_name="Lê Văn Minh").first().award
    lan_item = IssuedItem.objects.filter(award__person__full_name="Nguyễn Thị Lan").first()
    with pytest.raises(ValidationError):
        services.record_recovery(staff, [lan_item], recovered_on=dt.date(2026, 10, 1), recovered_by="A")
    dossier_services.revoke_award(staff, minh_award, reason="Khai man thành tích", decision_number="99/QĐ-UBND")
    due = list(services.items_to_recover(staff))
    assert {i.kind for i in due} == {"bang", "khung"} and all(i.award_id == minh_award.pk for i in due)
    assert services.record_recovery(staff, due, recovered_on=dt.date(2026, 10, 1), recovered_by="Đỗ Minh Tuấn",
                                    note="Thu hồi tại Sở") == 2
    assert not services.items_to_recover(staff).exists()
    assert set(IssuedItem.objects.filter(award=minh_award).values_list("status", flat=True)) == {"recovered"}
