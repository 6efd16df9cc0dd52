"""The criteria of rule book v1 (LAW.md §1–3) as data: one row per criterion with its code and legal basis.

The check functions live in `individual.py`, `collective.py` and `crosscutting.py`; this module only says which
criteria each award has, in which order, and on which article each rests. Articles are the basis strings of
LAW.md's tables, verbatim."""

from __future__ import annotations

from dataclasses import dataclass

INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"
KINDS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD)

# Award codes of the rule book and their Vietnamese names (used in messages).
AWARD_NAMES: dict[str, str] = {
    "LDTT": "Lao động tiên tiến",
    "CSTD_CO_SO": "Chiến sĩ thi đua cơ sở",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "CSTD_TOAN_QUOC": "Chiến sĩ thi đua toàn quốc",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD_3": "Huân chương Lao động hạng Ba",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
}

# Cross-cutting criteria (LAW.md §1).
NO_PENDING = "no_pending_proceedings"
NO_DISCIPLINE = "no_discipline_in_window"
BALLOT = "ballot_threshold"
CROSS_CUTTING_ARTICLES = {
    NO_PENDING: "NĐ 152/2025 Art 4.4",
    NO_DISCIPLINE: "NĐ 152/2025 Art 4.4",
    BALLOT: "NĐ 98/2023 Art 30.7",
}

# Awards that need a council vote (LAW.md §1): the threshold itself is a parameter (params.py).
BALLOT_AWARDS = frozenset({"CSTD_TINH", "CSTD_TOAN_QUOC", "CSTD_CO_SO", "CO_TINH", "CO_CP"})

# Window of `no_discipline_in_window` for individual awards, as (years back, years back): year-a .. year-b.
DISCIPLINE_WINDOWS: dict[str, tuple[int, int]] = {
    "LDTT": (0, 0),
    "CSTD_CO_SO": (0, 0),
    "CSTD_TINH": (2, 0),
    "CSTD_TOAN_QUOC": (5, 0),
    "BK_TINH": (1, 0),
    "BK_TTG": (4, 0),
    "HCLD_3": (4, 0),
}


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    article: str
    title: str  # what the criterion requires, in Vietnamese (for pages that list the criteria)


def _c(code: str, article: str, title: str) -> Criterion:
    return Criterion(code, article, title)


# Award-specific criteria, in the order of LAW.md's tables.
_SPECIFIC: dict[tuple[str, str], tuple[Criterion, ...]] = {
    ("LDTT", INDIVIDUAL): (
        _c("rating_good_in_year", "Luật Art 24.1.a", "Xếp loại năm xét từ hoàn thành tốt nhiệm vụ trở lên"),
        _c(
            "service_months",
            "TT 12/2019 practice, kept as province default",
            "Thời gian công tác trong năm đủ số tháng tối thiểu (mặc định 10 tháng)",
        ),
    ),
    ("CSTD_CO_SO", INDIVIDUAL): (
        _c("ldtt_standard", "Luật Art 23.1", "Đạt tiêu chuẩn Lao động tiên tiến trong năm xét"),
        _c(
            "excellence_or_initiative",
            "Luật Art 23.2",
            "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận trong năm xét",
        ),
    ),
    ("CSTD_TINH", INDIVIDUAL): (
        _c("cstd_co_so_3_consecutive", "Luật Art 22.a", "Ba lần liên tục đạt Chiến sĩ thi đua cơ sở"),
        _c(
            "initiative_scope_tinh",
            "Luật Art 22.b",
            "Có sáng kiến phạm vi cấp tỉnh trở lên được công nhận trong ba năm xét",
        ),
    ),
    ("CSTD_TOAN_QUOC", INDIVIDUAL): (
        _c("cstd_tinh_2_consecutive", "Luật Art 21", "Hai lần liên tục đạt Chiến sĩ thi đua cấp tỉnh"),
        _c(
            "initiative_scope_toan_quoc",
            "Luật Art 21",
            "Có sáng kiến phạm vi toàn quốc được công nhận trong sáu năm xét",
        ),
    ),
    ("BK_TINH", INDIVIDUAL): (
        _c(
            "two_year_record",
            "Luật Art 74.1.d",
            "Hai năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc hai năm hoàn thành xuất sắc nhiệm vụ và có 2 sáng kiến",
        ),
        _c("interval", "NĐ 98 Art 30.9", "Chưa được tặng Bằng khen của Chủ tịch UBND tỉnh trong hai năm xét"),
    ),
    ("BK_TTG", INDIVIDUAL): (
        _c("prior_bk_tinh", "Luật Art 73.1.b", "Đã được tặng Bằng khen cấp tỉnh từ năm thứ năm trở về trước"),
        _c("five_years_good", "Luật Art 73.1.b", "Năm năm liên tục hoàn thành tốt nhiệm vụ trở lên"),
        _c("three_cstd_co_so", "Luật Art 73.1.b", "Ba lần Chiến sĩ thi đua cơ sở trong năm năm xét"),
        _c("interval", "NĐ 98 Art 30.9", "Chưa được tặng Bằng khen của Thủ tướng trong năm năm xét"),
    ),
    ("HCLD_3", INDIVIDUAL): (
        _c(
            "prior_bk_ttg",
            "Luật Art 44.1.e",
            "Đã được tặng Bằng khen của Thủ tướng từ năm thứ năm trở về trước",
        ),
        _c("five_years_good", "Luật Art 44.1.e", "Năm năm liên tục hoàn thành tốt nhiệm vụ trở lên"),
        _c(
            "one_year_excellent",
            "Luật Art 44.1.e",
            "Ít nhất một năm hoàn thành xuất sắc nhiệm vụ trong năm năm xét",
        ),
        _c("three_cstd_co_so", "Luật Art 44.1.e", "Ba lần Chiến sĩ thi đua cơ sở trong năm năm xét"),
        _c("interval", "NĐ 98 Art 30.9", "Chưa được tặng Huân chương Lao động hạng Ba trong năm năm xét"),
    ),
    ("TTLDTT", COLLECTIVE): (
        _c("rating_good_in_year", "Luật Art 28", "Tập thể xếp loại từ hoàn thành tốt nhiệm vụ trở lên"),
        _c(
            "ldtt_ratio",
            "Luật Art 28; provincial rule",
            "Tỷ lệ thành viên đạt Lao động tiên tiến (mặc định 70%)",
        ),
        _c(
            "no_member_disciplined",
            "Luật Art 28; provincial rule",
            "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên",
        ),
    ),
    ("TTLDXS", COLLECTIVE): (
        _c("rating_excellent_in_year", "Luật Art 27.1.a", "Tập thể hoàn thành xuất sắc nhiệm vụ"),
        _c("all_members_completed", "Luật Art 27.1.c", "100% thành viên hoàn thành nhiệm vụ"),
        _c("ldtt_ratio", "Luật Art 27.1.c", "Tỷ lệ thành viên đạt Lao động tiên tiến (mặc định 70%)"),
        _c("has_cstd_co_so", "Luật Art 27.1.d", "Có cá nhân đạt Chiến sĩ thi đua cơ sở"),
    ),
    ("BK_TINH", COLLECTIVE): (
        _c(
            "two_year_record",
            "Luật Art 74.2",
            "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc",
        ),
        _c("interval", "NĐ 98 Art 30.9", "Chưa được tặng Bằng khen của Chủ tịch UBND tỉnh trong hai năm xét"),
    ),
    ("CO_TINH", COLLECTIVE): (
        _c("leads_group", "Luật Art 26", "Dẫn đầu Cụm, Khối thi đua của tỉnh"),
        _c("rating_excellent_in_year", "Luật Art 26", "Hoàn thành xuất sắc nhiệm vụ"),
    ),
    ("CO_CP", COLLECTIVE): (
        _c("leads_group", "Luật Art 25.1", "Dẫn đầu Cụm, Khối thi đua"),
        _c("co_tinh_in_year", "Luật Art 25.1", "Được tặng Cờ thi đua của UBND tỉnh trong năm xét"),
    ),
}

_PENDING_ROW = _c(
    NO_PENDING,
    CROSS_CUTTING_ARTICLES[NO_PENDING],
    "Không đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo",
)
_DISCIPLINE_ROW = _c(
    NO_DISCIPLINE, CROSS_CUTTING_ARTICLES[NO_DISCIPLINE], "Không bị kỷ luật trong thời gian lấy thành tích"
)
_BALLOT_ROW = _c(
    BALLOT,
    CROSS_CUTTING_ARTICLES[BALLOT],
    "Đủ tỷ lệ phiếu đồng ý trên tổng số thành viên Hội đồng (khi có kết quả bỏ phiếu)",
)


def _full(award: str, kind: str, rows: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    out = list(rows) + [_PENDING_ROW]
    if kind == INDIVIDUAL:
        out.append(_DISCIPLINE_ROW)
    if award in BALLOT_AWARDS:
        out.append(_BALLOT_ROW)
    return tuple(out)


# (award, kind) -> every criterion the engine may report for it, award-specific rows first, then cross-cutting.
CRITERIA: dict[tuple[str, str], tuple[Criterion, ...]] = {
    key: _full(*key, rows) for key, rows in _SPECIFIC.items()
}

# award code -> {kind: (criterion codes in order)}.
AWARD_RULES: dict[str, dict[str, tuple[str, ...]]] = {}
for (_award, _kind), _rows in CRITERIA.items():
    AWARD_RULES.setdefault(_award, {})[_kind] = tuple(c.code for c in _rows)


def criteria_for(award: str, kind: str = INDIVIDUAL) -> tuple[Criterion, ...]:
    """Every criterion of `award` for nominees of `kind` (empty when the rule book has none)."""
    return CRITERIA.get((award, kind), ())


def kinds_for(award: str) -> tuple[str, ...]:
    return tuple(AWARD_RULES.get(award, {}))
