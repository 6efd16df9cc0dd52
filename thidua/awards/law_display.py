"""How pages and documents speak the rule book: Vietnamese citations, rule-set labels, route (basis) labels.

The contract (CLI/API) keeps the rule book's compact article codes ("Luật Art 74.1.d"); Vietnamese pages and
documents cite "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng" (`rules.citation`). The English UI keeps the
compact form, its Vietnamese words in English ("Law Art 74.1.d")."""

from __future__ import annotations

import re

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thidua.awards.rules import RULE_BOOK, citation

RULE_SET_LABELS = {
    "v1": _(
        "Bộ quy tắc v1: Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP "
        "(hồ sơ nhận từ 01/01/2024 đến 30/06/2025)"
    ),
    "v2": _(
        "Bộ quy tắc v2: Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP "
        "(hồ sơ nhận từ 01/07/2025 đến 30/09/2026)"
    ),
    "v3": _(
        "Bộ quy tắc v3: Luật Thi đua, khen thưởng sửa đổi, có hiệu lực từ 01/10/2026 (chưa đối chiếu văn bản), "
        "và Nghị định 152/2025/NĐ-CP (hồ sơ nhận từ 01/10/2026)"
    ),
}

# The declared bases a proposing unit can choose (LAW-V2.md §B.4), as the nomination form names them.
ROUTE_LABELS = {
    "movement_achievement": _("Thành tích xuất sắc, được bình xét trong phong trào thi đua"),
    "many_or_sudden_achievements": _("Nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng"),
    "socioeconomic_contribution": _("Đóng góp vào phát triển kinh tế - xã hội, khoa học công nghệ, an sinh xã hội"),
    "worker_achievements": _("Công nhân, nông dân, người lao động có nhiều thành tích ở cấp xã, đơn vị"),
    "household_contribution": _("Hộ gia đình đóng góp công sức, đất đai, tài sản cho địa phương"),
    "long_contribution": _("Quá trình cống hiến (thời gian giữ chức vụ)"),
    "central_group_leader": _("Dẫn đầu Cụm, Khối thi đua do Hội đồng TĐKT Trung ương tổ chức"),
    "pm_movement_leader": _("Dẫn đầu phong trào thi đua do Thủ tướng phát động (từ 5 năm trở lên)"),
    "model_commune": _("Đạt tiêu chuẩn xã, phường, đặc khu tiêu biểu"),
    "cultural_village": _("Đạt tiêu chuẩn thôn, tổ dân phố văn hóa"),
    "cultural_family": _("Đạt tiêu chuẩn Gia đình văn hóa"),
}


def cite(article: str) -> str:
    """The article as the page's language cites it: Vietnamese legal form, or the compact code in English."""
    language = get_language() or "vi"
    if language.startswith("vi"):
        return citation(article)
    return _english_citation(article or "")


# The compact code's Vietnamese words, in English ("Luật Art 74.1.d" → "Law Art 74.1.d"): the English UI does not mix
# languages (issue #13).
_ENGLISH_WORDS = [(re.compile(r"\bLuật TĐKT\b"), "Law on Emulation and Commendation"), (re.compile(r"\bLuật\b"), "Law"),
                  (re.compile(r"\bNĐ\b"), "Decree"), (re.compile(r"\bTT\b"), "Circular"),
                  (re.compile(r"\bQĐ\b"), "Decision")]


def _english_citation(article: str) -> str:
    for pattern, word in _ENGLISH_WORDS:
        article = pattern.sub(word, article)
    return article


def rule_set_label(version: str | None) -> str:
    if not version:
        return str(_("Không có bộ quy tắc nào có hiệu lực vào ngày nhận hồ sơ"))
    return str(RULE_SET_LABELS.get(version, version))


def routes_for(award_code: str, kind: str) -> list[tuple[str, str]]:
    """(route code, label) of the declared bases the rule book accepts for an award and nominee kind."""
    rule = RULE_BOOK.get((award_code, kind))
    if rule is None or rule.group is None:
        return []
    return [(route.code, str(ROUTE_LABELS.get(route.code, route.code))) for route in rule.group.declared]


def all_routes() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in ROUTE_LABELS.items()]
