"""The Vietnamese citation of each article form the rule book uses (pages and documents never show "Art")."""

import pytest

from thidua.awards.rules import RULE_BOOK, RULE_SETS, citation, criteria_for

LAW = "Luật Thi đua, khen thưởng"


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("Luật Art 74.1.d", f"điểm d khoản 1 Điều 74 {LAW}"),
        ("Luật Art 74.1.đ", f"điểm đ khoản 1 Điều 74 {LAW}"),
        ("Luật Art 74.2", f"khoản 2 Điều 74 {LAW}"),
        ("Luật Art 74", f"Điều 74 {LAW}"),
        ("Luật Art 22.a", f"điểm a Điều 22 {LAW}"),
        ("Luật Art 21", f"Điều 21 {LAW}"),
        ("NĐ 152/2025 Art 4.4", "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"),
        ("NĐ 98 Art 30.9", "khoản 9 Điều 30 Nghị định 98/2023/NĐ-CP"),
        ("NĐ 98/2023 Art 30.7", "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP"),
        (
            "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)",
            "khoản 9 Điều 30 Nghị định 98/2023/NĐ-CP (tiếp tục áp dụng, chưa xác nhận)",
        ),
        ("Luật Art 28; provincial rule", f"Điều 28 {LAW}; quy định của tỉnh"),
        (
            "TT 12/2019 practice, kept as province default (carried over, unconfirmed under TT 15/2025/TT-BNV)",
            "thực tiễn áp dụng Thông tư 12/2019/TT-BNV, giữ làm mặc định của tỉnh "
            "(tiếp tục áp dụng, chưa xác nhận theo Thông tư 15/2025/TT-BNV)",
        ),
        (
            "Luật Art 44.1.g; NĐ 152 Art 21 (tenure thresholds, P6), Art 4.7 (women leaders −1/3)",
            f"điểm g khoản 1 Điều 44 {LAW}; Điều 21 Nghị định 152/2025/NĐ-CP (ngưỡng thời gian giữ chức vụ), "
            "khoản 7 Điều 4 Nghị định 152/2025/NĐ-CP (nữ lãnh đạo được giảm 1/3 thời gian)",
        ),
        (
            "Luật Art 96; NĐ 28/2024 (article not in the research)",
            f"Điều 96 {LAW}; Nghị định 28/2024/NĐ-CP (chưa xác định điều, khoản)",
        ),
        (
            "Luật Art 96; NĐ 152/2025 (replaces NĐ 28/2024) — 24 months (carried over, unconfirmed)",
            f"Điều 96 {LAW}; Nghị định 152/2025/NĐ-CP (thay thế Nghị định 28/2024/NĐ-CP) — 24 tháng "
            "(tiếp tục áp dụng, chưa xác nhận)",
        ),
        (
            "Luật Art 73.2 (best understanding, unconfirmed)",
            f"khoản 2 Điều 73 {LAW} (cách hiểu hiện có, chưa xác nhận)",
        ),
        (
            "Luật Art 75; Bắc Ninh QĐ 86/2025 Art 4.3 (default parameter)",
            f"Điều 75 {LAW}; khoản 3 Điều 4 Quyết định 86/2025 của Ủy ban nhân dân tỉnh Bắc Ninh (tham số mặc định)",
        ),
        ("TT 15/2025/TT-BXD pattern (default parameter)", "theo mẫu Thông tư 15/2025/TT-BXD (tham số mặc định)"),
        ("Luật Art 20; NĐ 129/2025 Art 59", f"Điều 20 {LAW}; Điều 59 Nghị định 129/2025/NĐ-CP"),
        ("Luật Art 74.1.a, 74.2", f"điểm a khoản 1 Điều 74 {LAW}, khoản 2 Điều 74 {LAW}"),
        # the catalogue's own form
        ("Luật TĐKT 2022 Điều 24.2; NĐ 152/2025 Điều 50", f"khoản 2 Điều 24 {LAW}; Điều 50 Nghị định 152/2025/NĐ-CP"),
        ("Luật TĐKT 2022 Điều 72, 73; NĐ 152/2025 Điều 52", f"Điều 72, 73 {LAW}; Điều 52 Nghị định 152/2025/NĐ-CP"),
        ("Luật TĐKT 2022 Điều 33–58", f"Điều 33–58 {LAW}"),
        (
            "Luật TĐKT 2022 Điều 96; NĐ 152/2025 (thay NĐ 28/2024)",
            f"Điều 96 {LAW}; Nghị định 152/2025/NĐ-CP (thay Nghị định 28/2024/NĐ-CP)",
        ),
        # an already Vietnamese citation stays as it is
        ("khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP", "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"),
        ("", ""),
    ],
)
def test_citation(article, expected):
    assert citation(article) == expected


def test_every_article_of_every_rule_set_reads_in_vietnamese():
    for rule_set in RULE_SETS:
        articles = set(rule_set.articles.values())
        for award, kind in RULE_BOOK:
            articles |= {c.article for c in criteria_for(award, kind, rule_set.version)}
        for article in articles:
            text = citation(article)
            assert text and "Art" not in text, article
            for english in ("carried over", "unconfirmed", "default", "provincial", "practice", "pattern"):
                assert english not in text, (article, text)
