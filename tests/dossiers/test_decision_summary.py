"""The default trích yếu of a decision reads as Vietnamese officials write it: a dossier "Đề nghị tặng Bằng khen …"
gives "Về việc tặng Bằng khen …", never "Về việc khen thưởng Đề nghị tặng …"; it stays Vietnamese in English mode,
as it is printed on the decision."""

import pytest
from django.utils import translation

from thidua.dossiers.services import decision_summary


@pytest.mark.parametrize(("title", "summary"), [
    ("Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026"),
    ("đề nghị  công nhận Lao động tiên tiến năm 2025", "Về việc công nhận Lao động tiên tiến năm 2025"),
    ("ĐỀ NGHỊ khen thưởng tổng kết năm học", "Về việc khen thưởng tổng kết năm học"),
    ("Tổng kết phong trào thi đua năm 2025", "Về việc khen thưởng Tổng kết phong trào thi đua năm 2025"),
])
def test_the_default_summary_of_a_decision(title, summary):
    assert decision_summary(title) == summary


def test_the_summary_stays_vietnamese_in_english_mode():
    with translation.override("en"):
        assert decision_summary("Đề nghị tặng Giấy khen") == "Về việc tặng Giấy khen"
