"""Criteria for individuals (LAW.md §2): one check per criterion row; `CHECKS[award][code]`."""

from __future__ import annotations

from .crosscutting import SKIP, compose
from .facts import GOOD, HTXSNV, Facts
from .text import MISSING, RATING_LABELS, award_name, missing_ratings, span, year_list

CSTD_CO_SO = "CSTD_CO_SO"
CSTD_TINH = "CSTD_TINH"


def _months(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def rating_good_in_year(facts: Facts, params) -> str | None:
    """Rated good or better (HTTNV or HTXSNV) in `year` (Luật Art 24.1.a; for collectives Art 28)."""
    rank = facts.ratings.get(facts.year)
    if rank is None:
        return f"{MISSING} xếp loại năm {facts.year} (cần từ hoàn thành tốt nhiệm vụ trở lên)."
    if rank >= GOOD:
        return None
    return f"Năm {facts.year} xếp loại {RATING_LABELS[rank]}, chưa đạt mức hoàn thành tốt nhiệm vụ trở lên."


def service_months(facts: Facts, params) -> str | None:
    """Months in service in `year` ≥ the province's minimum (default 10); skipped when not given."""
    months = facts.months_in_service
    if months is None:
        return SKIP
    minimum = params.ldtt_service_months
    if months >= minimum:
        return None
    return f"Thời gian công tác trong năm {facts.year} là {_months(months)} tháng, chưa đủ {_months(minimum)} tháng."


def ldtt_standard(facts: Facts, params) -> str | None:
    """The LDTT rows (rating_good_in_year, service_months) hold for `year` (Luật Art 23.1)."""
    parts = []
    for check in (rating_good_in_year, service_months):
        result = check(facts, params)
        if result is not None and result is not SKIP:
            parts.append(result.rstrip("."))
    if not parts:
        return None
    return compose(parts, f"Chưa đạt tiêu chuẩn Lao động tiên tiến năm {facts.year}")


def excellence_or_initiative(facts: Facts, params) -> str | None:
    """HTXSNV in `year`, or an unused initiative (any scope) recognised in `year` (Luật Art 23.2)."""
    year = facts.year
    rank = facts.ratings.get(year)
    if rank == HTXSNV:
        return None
    for initiative_year, _scope in facts.initiatives:
        if initiative_year == year:
            return None
    no_initiative = f"không có sáng kiến (chưa dùng làm căn cứ khen thưởng khác) được công nhận năm {year}"
    if rank is None:
        return compose([missing_ratings([year]), no_initiative])
    return compose([f"năm {year} xếp loại {RATING_LABELS[rank]}, không phải HTXSNV", no_initiative])


def _all_of(code: str, years: list[int]):
    def check(facts: Facts, params) -> str | None:
        held = facts.award_years(code)
        needed = [facts.year - back for back in years]
        absent = [y for y in needed if y not in held]
        if not absent:
            return None
        wanted = (
            " và ".join(f"năm {y}" for y in sorted(needed))
            if len(needed) == 2
            else span(min(needed), max(needed))
        )
        return f"Không có danh hiệu {award_name(code)} năm {year_list(absent)} (cần có {wanted})."

    return check


cstd_co_so_3_consecutive = _all_of(CSTD_CO_SO, [2, 1, 0])  # Luật Art 22.a
cstd_tinh_2_consecutive = _all_of(CSTD_TINH, [3, 0])  # Luật Art 21


def _initiative_in_window(back: int, min_scope: int, scope_text: str):
    def check(facts: Facts, params) -> str | None:
        first, last = facts.year - back, facts.year
        for initiative_year, scope in facts.initiatives:
            if scope >= min_scope and first <= initiative_year <= last:
                return None
        return (
            f"Không có sáng kiến phạm vi {scope_text} (chưa dùng làm căn cứ khen thưởng khác) được công nhận "
            f"trong {span(first, last)}."
        )

    return check


initiative_scope_tinh = _initiative_in_window(2, 2, "cấp tỉnh trở lên")  # Luật Art 22.b
initiative_scope_toan_quoc = _initiative_in_window(5, 3, "toàn quốc")  # Luật Art 21


def two_year_record(facts: Facts, params) -> str | None:
    """CSTD_CO_SO in year-1 and year; or HTXSNV in both years with ≥ 2 unused initiatives in them (Art 74.1.d)."""
    year = facts.year
    years = (year - 1, year)
    held = facts.award_years(CSTD_CO_SO)
    no_title = [y for y in years if y not in held]
    if not no_title:
        return None
    ratings = facts.ratings
    unrated = [y for y in years if ratings.get(y) is None]
    not_excellent = [y for y in years if ratings.get(y) is not None and ratings[y] != HTXSNV]
    count = sum(1 for initiative_year, _scope in facts.initiatives if initiative_year in years)
    if not unrated and not not_excellent and count >= 2:
        return None
    parts = [f"không có danh hiệu {award_name(CSTD_CO_SO)} năm {year_list(no_title)}"]
    if unrated:
        parts.append(missing_ratings(unrated))
    for y in not_excellent:
        parts.append(f"năm {y} xếp loại {RATING_LABELS[ratings[y]]}, không phải HTXSNV")
    if count < 2:
        parts.append(
            f"có {count} sáng kiến chưa dùng làm căn cứ khen thưởng khác trong {span(year - 1, year)} (cần ít nhất 2)"
        )
    return compose(parts, f"Chưa đạt thành tích hai năm {year - 1}–{year}")


def interval(code: str, back: int):
    """No counting award of `code` in year-back .. year (NĐ 98/2023 Art 30.9)."""

    def check(facts: Facts, params) -> str | None:
        first, last = facts.year - back, facts.year
        hits = [y for y in facts.award_years(code) if first <= y <= last]
        if not hits:
            return None
        return (
            f"Đã được tặng {award_name(code)} năm {year_list(hits)}; lần đề nghị tiếp theo phải dựa trên thành tích "
            f"các năm sau năm {max(hits)}."
        )

    return check


def prior(code: str, back: int = 5):
    """A counting award of `code` in a year ≤ year-back."""

    def check(facts: Facts, params) -> str | None:
        limit = facts.year - back
        for y in facts.award_years(code):
            if y <= limit:
                return None
        return f"Chưa có {award_name(code)} (khen theo công trạng) từ năm {limit} trở về trước."

    return check


def five_years_good(facts: Facts, params) -> str | None:
    """Good or better in each of year-4..year (Luật Art 73.1.b, 44.1.e)."""
    first, last = facts.year - 4, facts.year
    ratings = facts.ratings
    unrated = []
    below = []
    for y in range(first, last + 1):
        rank = ratings.get(y)
        if rank is None:
            unrated.append(y)
        elif rank < GOOD:
            below.append(f"năm {y} xếp loại {RATING_LABELS[rank]}")
    if not unrated and not below:
        return None
    parts = ([missing_ratings(unrated)] if unrated else []) + below
    return compose(parts, f"Chưa đủ 5 năm liên tục hoàn thành tốt nhiệm vụ trở lên, {span(first, last)}")


def one_year_excellent(facts: Facts, params) -> str | None:
    """At least one HTXSNV in year-4..year (Luật Art 44.1.e)."""
    first, last = facts.year - 4, facts.year
    ratings = facts.ratings
    if any(ratings.get(y) == HTXSNV for y in range(first, last + 1)):
        return None
    unrated = [y for y in range(first, last + 1) if y not in ratings]
    text = f"không có năm nào xếp loại HTXSNV trong {span(first, last)}"
    if unrated:
        return compose([missing_ratings(unrated), text])
    return compose([text])


def three_cstd_co_so(facts: Facts, params) -> str | None:
    """At least 3 CSTD_CO_SO in year-4..year (Luật Art 73.1.b, 44.1.e)."""
    first, last = facts.year - 4, facts.year
    held = sorted(y for y in facts.award_years(CSTD_CO_SO) if first <= y <= last)
    if len(held) >= 3:
        return None
    if not held:
        return f"Không có lần nào đạt danh hiệu {award_name(CSTD_CO_SO)} trong {span(first, last)}, cần ít nhất 3 lần."
    return (
        f"Chỉ có {len(held)} lần đạt danh hiệu {award_name(CSTD_CO_SO)} trong {span(first, last)} "
        f"(năm {year_list(held)}), cần ít nhất 3 lần."
    )


CHECKS = {
    "LDTT": {"rating_good_in_year": rating_good_in_year, "service_months": service_months},
    "CSTD_CO_SO": {"ldtt_standard": ldtt_standard, "excellence_or_initiative": excellence_or_initiative},
    "CSTD_TINH": {
        "cstd_co_so_3_consecutive": cstd_co_so_3_consecutive,
        "initiative_scope_tinh": initiative_scope_tinh,
    },
    "CSTD_TOAN_QUOC": {
        "cstd_tinh_2_consecutive": cstd_tinh_2_consecutive,
        "initiative_scope_toan_quoc": initiative_scope_toan_quoc,
    },
    "BK_TINH": {"two_year_record": two_year_record, "interval": interval("BK_TINH", 1)},
    "BK_TTG": {
        "prior_bk_tinh": prior("BK_TINH"),
        "five_years_good": five_years_good,
        "three_cstd_co_so": three_cstd_co_so,
        "interval": interval("BK_TTG", 4),
    },
    "HCLD_3": {
        "prior_bk_ttg": prior("BK_TTG"),
        "five_years_good": five_years_good,
        "one_year_excellent": one_year_excellent,
        "three_cstd_co_so": three_cstd_co_so,
        "interval": interval("HCLD_3", 4),
    },
}
