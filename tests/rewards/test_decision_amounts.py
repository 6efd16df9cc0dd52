"""Each decision shows every awardee's bonus and the total, to province staff and leaders only (issue 14)."""

import datetime as dt

import pytest

from tests.rewards.conftest import people, prepared_dossier, sign, units

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(leader, unit_a):
    """Signed on 15/7/2026 (base salary 2,530,000 đ):
    LĐTT 0.3 → 759,000 ↑ 760,000; Bằng khen tỉnh individual 1.5 d → 3,795,000 ↑ 3,800,000 (unconfirmed);
    Tập thể LĐTT 0.8 → 2,024,000 ↑ 2,030,000. Total 6,590,000."""
    lan, minh = people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh"])
    [to] = units(unit_a, ["Phòng Giáo dục mầm non"])
    dossier = prepared_dossier(unit_a, [(lan, "LDTT"), (minh, "BK_TINH"), (to, "TTLDTT")], year=2026)
    return sign(leader, dossier, dt.date(2026, 7, 15))


def test_staff_and_leader_see_amounts_and_total(client, staff, leader, decision):
    for user in (staff, leader):
        client.force_login(user)
        html = client.get(f"/ho-so/{decision.dossier_id}/quyet-dinh/").content.decode()
        for amount in ('data-bonus="760000"', 'data-bonus="3800000"', 'data-bonus="2030000"'):
            assert amount in html
        assert 'data-bonus-total="6590000"' in html and "6.590.000" in html
        assert "chưa được xác nhận" in html  # the derived Bằng khen multiple is flagged


def test_unit_officer_sees_the_decision_without_amounts(client_a, decision):
    html = client_a.get(f"/ho-so/{decision.dossier_id}/quyet-dinh/").content.decode()
    assert "Nguyễn Thị Lan" in html
    assert "data-bonus" not in html and "Tiền thưởng" not in html and "760.000" not in html
