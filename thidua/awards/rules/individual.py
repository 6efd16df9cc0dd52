"""Criteria for individuals (LAW.md §2): one check per criterion row; `CHECKS[award][code]`.

A check returns None when the criterion is met, SKIP when it does not apply, otherwise a zero-argument callable
that builds the Vietnamese message (so bulk screening pays for messages only when it asks for them)."""

from __future__ import annotations

from .crosscutting import SKIP, compose
from .facts import GOOD, HTXSNV, Facts
from .text import MISSING, RATING_LABELS, award_name, missing_ratings, span, year_list

CSTD_CO_SO = "CSTD_CO_SO"
CSTD_TINH = "CSTD_TINH"


def _months(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _rating_good_message(year: int, rank: int | None) -> str:
    if rank is None:
        return f"{MISSING} xếp loại năm {year} (cần từ hòan thành tốt nhiệm vụ trở lên)."
    return f"Năm {year} xếp loại {RATING_LABELS[rank]}, chưa đạt mức hòan thành tốt nhiệm vụ trở lên."


def rating_good_in_year(facts: Facts, params):
    """Rated good or better (HTTNV or HTXSNV) in `year` (Luật Art 24.1.a; for collectives Art 28)."""
    year = facts.year
    rank = facts.ratings.get(year)
    if rank is not None and rank >= GOOD:
        return None
    return lambda: _rating_good_message(year, rank)


def service_months(facts: Facts, params):
    """Months in service in `year` ≥ the province's minimum (default 10); skipped when not given."""
    months = facts.months_in_service
    if months is None:
        return SKIP
    minimum = params.ldtt_service_months
    if months >= minimum:
        return None
    return lambda: (
        f"Thời gian công tác trong năm {facts.year} là {_months(months)} tháng, chưa đủ {_months(minimum)} tháng."
    )


def ldtt_standard(facts: Facts, params):
    """The LDTT rows (rating_good_in_year, service_months) hold for `year` (Luật Art 23.1)."""
    rating = rating_good_in_year(facts, params)
    months = service_months(facts, params)
    if rating is None and (months is None or months is SKIP):
        return None

    def message() -> str:
        parts = [r().rstrip(".") for r in (rating, months) if r is not None and r is not SKIP]
        return compose(parts, f"Chưa đạt tiêu chuẩn Lao động tiên tiến năm {facts.year}")

    return message


def excellence_or_initiative(facts: Facts, params):
    """HTXSNV in `year`, or an unused initiative (any scope) recognised in `year` (Luật Art 23.2)."""
    year = facts.year
    rank = facts.ratings.get(year)
    if rank == HTXSNV:
        return None
    for initiative_year, _scope in facts.initiatives:
        if initiative_year == year:
            return None

    def message() -> str:
        no_initiative = (
            f"không có sáng kiến (chưa dùng làm căn cứ khen thưởng khác) được công nhận năm {year}"
        )
        if rank is None:
            return compose([missing_ratings([year]), no_initiative])
        return compose([f"năm {year} xếp loại {RATING_LABELS[rank]}, không phải HTXSNV", no_initiative])

    return message


def _all_of(code: str, backs: tuple[int, ...], equivalent: tuple[str, ...] = ()):
    """A counting award of `code` (or of an equivalent code, LAW-V2.md §C.1) in each of the years year-back for
    back in `backs`."""
    codes = (code, *equivalent)

    def held_years(facts: Facts) -> frozenset[int] | set[int]:
        if not equivalent:
            return facts.awards.get(code) or ()
        years: set[int] = set()
        for c in codes:
            years.update(facts.awards.get(c) or ())
        return years

    def check(facts: Facts, params):
        held = held_years(facts)
        year = facts.year
        if held:
            for back in backs:
                if year - back not in held:
                    break
            else:
                return None

        def message() -> str:
            needed = sorted(year - back for back in backs)
            absent = [y for y in needed if not held or y not in held]
            wanted = (
                " và ".join(f"năm {y}" for y in needed) if len(needed) == 2 else span(needed[0], needed[-1])
            )
            names = award_name(code) + "".join(f" hoặc {award_name(c)}" for c in equivalent)
            return f"Không có danh hiệu {names} năm {year_list(absent)} (cần có {wanted})."

        return message

    return check


cstd_co_so_3_consecutive = _all_of(CSTD_CO_SO, (2, 1, 0))  # Luật Art 22.a
cstd_tinh_2_consecutive = _all_of(CSTD_TINH, (3, 0), ("CSTD_BO_NGANH",))  # Luật Art 21; LAW-V2.md §C.1


def _initiative_in_window(back: int, min_scope: int, scope_text: str):
    def check(facts: Facts, params):
        last = facts.year
        first = last - back
        for initiative_year, scope in facts.initiatives:
            if scope >= min_scope and first <= initiative_year <= last:
                return None
        return lambda: (
            f"Không có sáng kiến phạm vi {scope_text} (chưa dùng làm căn cứ khen thưởng khác) được công nhận "
            f"trong {span(first, last)}."
        )

    return check


initiative_scope_tinh = _initiative_in_window(2, 2, "cấp tỉnh trở lên")  # Luật Art 22.b
initiative_scope_toan_quoc = _initiative_in_window(5, 3, "toàn quốc")  # Luật Art 21


def two_year_record(facts: Facts, params):
    """CSTD_CO_SO in year-1 and year; or HTXSNV in both years with ≥ 2 unused initiatives in them (Art 74.1.d)."""
    year = facts.year
    held = facts.awards.get(CSTD_CO_SO)
    if held and year in held and year - 1 in held:
        return None
    ratings = facts.ratings
    if ratings.get(year) == HTXSNV and ratings.get(year - 1) == HTXSNV:
        count = 0
        for initiative_year, _scope in facts.initiatives:
            if initiative_year == year or initiative_year == year - 1:
                count += 1
        if count >= 2:
            return None

    def message() -> str:
        years = (year - 1, year)
        absent = year_list(y for y in years if not held or y not in held)
        parts = [f"không có danh hiệu {award_name(CSTD_CO_SO)} năm {absent}"]
        unrated = [y for y in years if ratings.get(y) is None]
        if unrated:
            parts.append(missing_ratings(unrated))
        second = []
        for y in years:
            if ratings.get(y) is not None and ratings[y] != HTXSNV:
                second.append(f"năm {y} xếp loại {RATING_LABELS[ratings[y]]}")
        count = sum(1 for initiative_year, _scope in facts.initiatives if initiative_year in years)
        if count < 2:
            second.append(
                f"chỉ có {count} sáng kiến chưa dùng làm căn cứ khen thưởng khác"
                if count
                else "không có sáng kiến nào"
            )
        if second:
            parts.append(
                f"cũng không đạt cách thứ hai (HTXSNV cả hai năm và ít nhất 2 sáng kiến chưa sử dụng): {', '.join(second)}"
            )
        return compose(parts, f"Chưa đạt thành tích hai năm {year - 1}–{year}")

    return message


def interval(code: str, back: int):
    """No counting award of `code` in year-back .. year (NĐ 98/2023 Art 30.9)."""

    def check(facts: Facts, params):
        held = facts.awards.get(code)
        if not held:
            return None
        last = facts.year
        first = last - back
        hits = [y for y in held if first <= y <= last]
        if not hits:
            return None
        return lambda: (
            f"Đã được tặng {award_name(code)} năm {year_list(hits)}; lần đề nghị tiếp theo phải dựa trên thành tích "
            f"các năm sau năm {max(hits)}."
        )

    return check


def prior(code: str, back: int = 5, equivalent: tuple[str, ...] = ()):
    """A counting award of `code` (or of an equivalent code, LAW-V2.md §C.1) in a year ≤ year-back."""
    codes = (code, *equivalent)

    def check(facts: Facts, params):
        limit = facts.year - back
        for c in codes:
            held = facts.awards.get(c)
            if held:
                for y in held:
                    if y <= limit:
                        return None
        names = award_name(code) + "".join(f" hoặc {award_name(c)}" for c in equivalent)
        return lambda: f"Chưa có {names} (khen theo công trạng) từ năm {limit} trở về trước."

    return check


def five_years_good(facts: Facts, params):
    """Good or better in each of year-4..year (Luật Art 73.1.b, 44.1.e)."""
    last = facts.year
    ratings = facts.ratings
    get = ratings.get
    for y in range(last - 4, last + 1):
        rank = get(y)
        if rank is None or rank < GOOD:
            break
    else:
        return None

    def message() -> str:
        first = last - 4
        unrated = [y for y in range(first, last + 1) if y not in ratings]
        below = [
            f"năm {y} xếp loại {RATING_LABELS[ratings[y]]}"
            for y in range(first, last + 1)
            if get(y, GOOD) < GOOD
        ]
        parts = ([missing_ratings(unrated)] if unrated else []) + below
        return compose(parts, f"Chưa đủ 5 năm liên tục hòan thành tốt nhiệm vụ trở lên, {span(first, last)}")

    return message


def one_year_excellent(facts: Facts, params):
    """At least one HTXSNV in year-4..year (Luật Art 44.1.e)."""
    last = facts.year
    get = facts.ratings.get
    for y in range(last - 4, last + 1):
        if get(y) == HTXSNV:
            return None

    def message() -> str:
        first = last - 4
        text = f"không có năm nào xếp loại HTXSNV trong {span(first, last)}"
        unrated = [y for y in range(first, last + 1) if get(y) is None]
        if unrated:
            return compose([missing_ratings(unrated), text])
        return compose([text])

    return message


def three_cstd_co_so(facts: Facts, params):
    """At least 3 CSTD_CO_SO in year-4..year (Luật Art 73.1.b, 44.1.e)."""
    last = facts.year
    first = last - 4
    held = facts.awards.get(CSTD_CO_SO)
    count = 0
    if held:
        for y in held:
            if first <= y <= last:
                count += 1
        if count >= 3:
            return None

    def message() -> str:
        years = sorted(y for y in held or () if first <= y <= last)
        if not years:
            return (
                f"Không có lần nào đạt danh hiệu {award_name(CSTD_CO_SO)} trong {span(first, last)}, "
                "cần ít nhất 3 lần."
            )
        return (
            f"Chỉ có {len(years)} lần đạt danh hiệu {award_name(CSTD_CO_SO)} trong {span(first, last)} "
            f"(năm {year_list(years)}), cần ít nhất 3 lần."
        )

    return message


def task_result_good(facts: Facts, params):
    """Rated good or better in `year`; skipped when `year` has no rating (workers, farmers are not rated).

    GIAY_KHEN, GIAY_KHEN_XA (LAW-V2.md §C.2, C.3; Luật Art 75, a default parameter of Bắc Ninh's rule)."""
    rank = facts.ratings.get(facts.year)
    if rank is None:
        return SKIP
    if rank >= GOOD:
        return None
    return lambda: (
        f"Năm {facts.year} xếp loại {RATING_LABELS[rank]}, chưa đạt mức hòan thành tốt nhiệm vụ trở lên."
    )


def _number(value) -> str:
    return _months(value)


def service_years_by_gender(facts: Facts, params):
    """KNC_BO_NGANH: years in the sector ≥ 20 for men, ≥ 15 for women (default parameters, LAW-V2.md §C.2)."""
    gender, years = facts.gender, facts.years_in_sector
    if gender is None or years is None:
        absent = [
            label
            for label, value in (("giới tính (nominee.gender)", gender), ("số năm công tác trong ngành "
                                 "(nominee.years_in_sector)", years))
            if value is None
        ]
        return lambda: f"{MISSING}: thiếu {' và '.join(absent)}."
    minimum = params["knc_years_male"] if gender == "male" else params["knc_years_female"]
    if years >= minimum:
        return None
    who = "nam" if gender == "male" else "nữ"
    return lambda: (
        f"Thời gian công tác trong ngành {_number(years)} năm, chưa đủ {_number(minimum)} năm (đối với {who})."
    )


def _knc_label(knc_type: str | None) -> str:
    return f"loại {knc_type!r}" if knc_type is not None else "không ghi loại"


def once_per_type(facts: Facts, params):
    """No counting KNC_BO_NGANH of the same `knc_type` in the history (both absent = same type)."""
    same = [y for y, t in facts.knc_awards if t == facts.knc_type]
    if not same:
        return None
    return lambda: (
        f"Đã được tặng {award_name('KNC_BO_NGANH')} ({_knc_label(facts.knc_type)}) năm {year_list(same)}; "
        "mỗi loại Kỷ niệm chương chỉ được tặng một lần."
    )


def second_type_interval(facts: Facts, params):
    """Every counting KNC_BO_NGANH of another `knc_type` is in a year ≤ year-3 (default parameter)."""
    limit = facts.year - params["knc_second_type_years"]
    late = sorted({y for y, t in facts.knc_awards if t != facts.knc_type and y > limit})
    if not late:
        return None
    return lambda: (
        f"Đã được tặng {award_name('KNC_BO_NGANH')} loại khác năm {year_list(late)}; Kỷ niệm chương loại khác "
        f"chỉ được xét khi lần tặng trước từ năm {limit} trở về trước."
    )


def tnxp_service(facts: Facts, params):
    """HCTNXP_VE_VANG: a martyr, or ≥ 24 months of youth volunteer service (LAW-V2.md §C.2)."""
    if facts.martyr is True:
        return None
    months = facts.tnxp_months
    minimum = params["tnxp_min_months"]
    if months is not None and months >= minimum:
        return None
    if months is None:
        return lambda: (
            f"{MISSING}: thiếu số tháng tham gia thanh niên xung phong (nominee.tnxp_months) "
            f"và không phải liệt sĩ (cần từ {_number(minimum)} tháng trở lên hoặc là liệt sĩ)."
        )
    return lambda: (
        f"Thời gian tham gia thanh niên xung phong {_number(months)} tháng, chưa đủ {_number(minimum)} tháng "
        "(và không phải liệt sĩ)."
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
        "prior_bk_tinh": prior("BK_TINH", 5, ("BK_BO_NGANH",)),
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
    # Rule book v2 (LAW-V2.md §C.2)
    "CSTT": {"rating_good_in_year": rating_good_in_year, "service_months": service_months},
    "CSTD_BO_NGANH": {
        "cstd_co_so_3_consecutive": cstd_co_so_3_consecutive,
        "initiative_scope_tinh": initiative_scope_tinh,
    },
    "BK_BO_NGANH": {"two_year_record": two_year_record, "interval": interval("BK_BO_NGANH", 1)},
    "GIAY_KHEN": {"task_result_good": task_result_good},
    "GIAY_KHEN_XA": {"task_result_good": task_result_good},
    "KNC_BO_NGANH": {
        "service_years_by_gender": service_years_by_gender,
        "once_per_type": once_per_type,
        "second_type_interval": second_type_interval,
    },
    "HCTNXP_VE_VANG": {"tnxp_service": tnxp_service},
}
