"""Constants of the rule book (LAW.md + LAW-V2.md): kinds, award names, cross-cutting codes, windows, ballots.

The criteria themselves, award by award, are data in `book.py`; the checks live in `individual.py`,
`collective.py` and `crosscutting.py`; the rule sets (dates, parameters, article texts that differ) in
`params.py`."""

from __future__ import annotations

from dataclasses import dataclass

INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"
KINDS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD)

# Award codes the rule book judges and their Vietnamese names (used in messages). A rule set may rename one
# (`RuleSet.names`: XA_TIEU_BIEU, LAW-V2.md §A.2).
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
    # Rule book v2 (LAW-V2.md §C)
    "CSTT": "Chiến sĩ tiên tiến",
    "CSTD_BO_NGANH": "Chiến sĩ thi đua Bộ, ban, ngành, đoàn thể Trung ương",
    "BK_BO_NGANH": "Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương",
    "GIAY_KHEN": "Giấy khen",
    "GIAY_KHEN_XA": "Giấy khen của Chủ tịch UBND cấp xã",
    "KNC_BO_NGANH": "Kỷ niệm chương của Bộ, ban, ngành, đoàn thể Trung ương",
    "HCTNXP_VE_VANG": "Huy chương Thanh niên xung phong vẻ vang",
    "DVTT": "Đơn vị tiên tiến",
    "DVQT": "Đơn vị quyết thắng",
    "CO_BO_NGANH": "Cờ thi đua của Bộ, ban, ngành, đoàn thể Trung ương",
    "XA_TIEU_BIEU": "Xã, phường, đặc khu tiêu biểu",
    "THON_VAN_HOA": "Thôn, tổ dân phố văn hóa",
    "GIA_DINH_VAN_HOA": "Gia đình văn hóa",
}

# Equivalent codes in chains (LAW-V2.md §C.1): where a rule reads a prerequisite, these count alike.
# `interval` reads only the same code; CSTD_CO_SO has no equivalent.
EQUIVALENT = {
    "CSTD_TINH": ("CSTD_TINH", "CSTD_BO_NGANH"),
    "BK_TINH": ("BK_TINH", "BK_BO_NGANH"),
    "CO_TINH": ("CO_TINH", "CO_BO_NGANH"),
    "TTLDXS": ("TTLDXS", "DVQT"),
}

# Cross-cutting criteria (LAW.md §1).
NO_PENDING = "no_pending_proceedings"
NO_DISCIPLINE = "no_discipline_in_window"
BALLOT = "ballot_threshold"
# Route-group criterion of a group without a computable route when nothing was declared (LAW-V2.md §B.2).
DECLARED_BASIS = "declared_basis"

# Awards that need a council vote (LAW.md §1, LAW-V2.md §C.5): the threshold is a parameter (params.py).
BALLOT_AWARDS = frozenset(
    {"CSTD_TINH", "CSTD_TOAN_QUOC", "CSTD_CO_SO", "CO_TINH", "CO_CP", "CSTD_BO_NGANH", "CO_BO_NGANH"}
)

ALL_YEARS = None  # a discipline window reaching back to every year ≤ year (KNC_BO_NGANH)
# Window of `no_discipline_in_window` for individual awards, as (years back, years back): year-a .. year-b
# (LAW.md §2, LAW-V2.md §C.5).
DISCIPLINE_WINDOWS: dict[str, tuple[int | None, int]] = {
    "LDTT": (0, 0),
    "CSTD_CO_SO": (0, 0),
    "CSTD_TINH": (2, 0),
    "CSTD_TOAN_QUOC": (5, 0),
    "BK_TINH": (1, 0),
    "BK_TTG": (4, 0),
    "HCLD_3": (4, 0),
    "CSTT": (0, 0),
    "GIAY_KHEN": (0, 0),
    "GIAY_KHEN_XA": (0, 0),
    "HCTNXP_VE_VANG": (0, 0),
    "CSTD_BO_NGANH": (2, 0),
    "BK_BO_NGANH": (1, 0),
    "KNC_BO_NGANH": (ALL_YEARS, 0),
}


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    article: str
    title: str  # what the criterion requires, in Vietnamese (for pages that list the criteria)
    declared: bool = False  # a declared basis (route) only the council can judge (LAW-V2.md §B)
