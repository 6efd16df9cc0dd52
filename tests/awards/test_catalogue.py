import datetime as dt
from decimal import Decimal

import pytest

from thidua.awards.catalogue import ENTRIES, LAW_CODES
from thidua.awards.models import AwardType, BaseSalary

pytestmark = pytest.mark.django_db

LAW_NAMES = {
    "LDTT": "Lao động tiên tiến",
    "CSTD_CO_SO": "Chiến sĩ thi đua cơ sở",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "CSTD_TOAN_QUOC": "Chiến sĩ thi đua toàn quốc",
    "BK_TINH": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD_3": "Huân chương Lao động hạng Ba",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_TINH": "Cờ thi đua của Ủy ban nhân dân tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
}


def test_every_law_code_is_loaded_with_its_exact_name():
    loaded = dict(AwardType.objects.values_list("code", "name"))
    for code in LAW_CODES:
        assert loaded[code] == LAW_NAMES[code]


def test_catalogue_covers_every_kind_of_the_law():
    groups = set(AwardType.objects.values_list("group", flat=True))
    assert groups == {g.value for g in AwardType.Group}
    names = set(AwardType.objects.values_list("name", flat=True))
    for name in ["Huy chương Thanh niên xung phong vẻ vang", "Huân chương Sao vàng", "Huân chương Độc lập hạng Ba",
                 "Huân chương Bảo vệ Tổ quốc hạng Nhì", "Anh hùng Lao động", "Nhà giáo ưu tú", "Giải thưởng Nhà nước",
                 "Gia đình văn hóa", "Thôn, tổ dân phố văn hóa", "Giấy khen", "Bằng khen của Thủ tướng Chính phủ"]:
        assert name in names
    # The law's catalogue, all conferrable; historical forms of legacy award books are kept apart (never conferred).
    assert AwardType.objects.filter(conferrable=True).count() == len(ENTRIES)
    assert set(AwardType.objects.filter(conferrable=True).values_list("code", flat=True)) == {e["code"] for e in ENTRIES}


def test_ballot_thresholds_follow_nd98_art30():
    t = dict(AwardType.objects.filter(needs_ballot=True).values_list("code", "ballot_threshold"))
    assert t["CSTD_TINH"] == t["CSTD_TOAN_QUOC"] == Decimal("0.90")
    assert t["CSTD_CO_SO"] == t["CO_TINH"] == t["CO_CP"] == Decimal("0.80")
    assert "LDTT" not in t and "BK_TINH" not in t


def test_bonus_amount_uses_base_salary_in_force():
    cstd = AwardType.objects.get(code="CSTD_TINH")
    assert cstd.bonus_amount("individual", dt.date(2025, 1, 1)) == 3 * 2_340_000
    assert cstd.bonus_amount("individual", dt.date(2024, 1, 1)) == 3 * 1_800_000
    assert cstd.bonus_amount("individual", dt.date(2026, 7, 1)) == 3 * 2_530_000
    bk = AwardType.objects.get(code="BK_TINH")
    assert bk.bonus_amount("collective", dt.date(2025, 1, 1)) == 3 * 2_340_000
    # the contract (LAW-V2 §F): 2.25 × 2,340,000 = 5,265,000, rounded up to 5,270,000
    assert bk.bonus_amount("household", dt.date(2025, 1, 1)) == 5_270_000
    ldtt = AwardType.objects.get(code="LDTT")
    assert ldtt.bonus_amount("collective", dt.date(2025, 1, 1)) is None
    assert BaseSalary.in_force(dt.date(2024, 7, 1)).amount == 2_340_000
    assert BaseSalary.in_force(dt.date(2026, 7, 1)).amount == 2_530_000  # NĐ 161/2026
