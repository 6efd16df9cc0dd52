"""Criteria for collectives (LAW.md §3): facts in `Facts.collective`, ratings are the collective's.

Checks follow individual.py's convention: None when met, otherwise a callable building the message."""

from __future__ import annotations

from .crosscutting import compose
from .facts import HTXSNV, Facts
from .individual import five_years_good, interval, prior, rating_good_in_year, task_result_good
from .text import MISSING, RATING_LABELS, award_name, missing_ratings, percent, year_list


def _absent(facts: Facts, *names: str):
    """A 'thiếu thông tin' message builder when the collective block or one of its fields is absent."""
    collective = facts.collective
    if collective is None:
        return lambda: f"{MISSING} về tập thể (không có mục 'collective': {', '.join(names)})."
    absent = [name for name in names if getattr(collective, name) is None]
    if absent:
        return lambda: f"{MISSING} về tập thể: thiếu {', '.join('collective.' + n for n in absent)}."
    return None


def ldtt_ratio(facts: Facts, params):
    """members_ldtt / members ≥ the province's ratio (default 70%), compared exactly."""
    absent = _absent(facts, "members", "members_ldtt")
    if absent:
        return absent
    c = facts.collective
    ratio = params.ldtt_ratio
    if c.members_ldtt * ratio.denominator >= ratio.numerator * c.members:
        return None
    return lambda: (
        f"Có {c.members_ldtt}/{c.members} thành viên đạt Lao động tiên tiến ({percent(c.members_ldtt / c.members)}), "
        f"chưa đạt tỷ lệ {percent(ratio)}."
    )


def no_member_disciplined(facts: Facts, params):
    absent = _absent(facts, "members_disciplined_canh_cao_or_more")
    if absent:
        return absent
    count = facts.collective.members_disciplined_canh_cao_or_more
    if count == 0:
        return None
    return lambda: f"Có {count} thành viên bị kỷ luật từ hình thức cảnh cáo trở lên."


def rating_excellent_in_year(facts: Facts, params):
    year = facts.year
    rank = facts.ratings.get(year)
    if rank == HTXSNV:
        return None
    if rank is None:
        return lambda: f"{MISSING} xếp loại năm {year} của tập thể (cần HTXSNV)."
    return lambda: f"Năm {year} tập thể xếp loại {RATING_LABELS[rank]}, chưa đạt HTXSNV."


def all_members_completed(facts: Facts, params):
    absent = _absent(facts, "members", "members_completed")
    if absent:
        return absent
    c = facts.collective
    if c.members_completed == c.members:
        return None
    return lambda: (
        f"Có {c.members_completed}/{c.members} thành viên hòan thành nhiệm vụ; cần 100% thành viên hòan thành."
    )


def has_cstd_co_so(facts: Facts, params):
    absent = _absent(facts, "members_cstd_co_so")
    if absent:
        return absent
    if facts.collective.members_cstd_co_so >= 1:
        return None
    return lambda: f"Không có thành viên đạt danh hiệu {award_name('CSTD_CO_SO')} năm {facts.year}."


_EXCELLENT = f"{award_name('TTLDXS')} hoặc {award_name('DVQT')}"


def _excellent_titles(facts: Facts) -> set[int]:
    return set(facts.awards.get("TTLDXS") or ()) | set(facts.awards.get("DVQT") or ())


def two_year_record(facts: Facts, params):
    """Each of year-1, year: rated HTXSNV or holds TTLDXS/DVQT (Luật Art 74.2; LAW-V2.md §C.1)."""
    held = _excellent_titles(facts)
    ratings = facts.ratings
    failing = [y for y in (facts.year - 1, facts.year) if ratings.get(y) != HTXSNV and y not in held]
    if not failing:
        return None

    def message() -> str:
        parts = []
        for y in failing:
            rank = ratings.get(y)
            if rank is None:
                parts.append(f"{missing_ratings([y])} và không có danh hiệu {_EXCELLENT} năm {y}")
            else:
                parts.append(f"năm {y} xếp loại {RATING_LABELS[rank]} và không có danh hiệu {_EXCELLENT}")
        return compose(parts, f"Chưa đạt thành tích hai năm {facts.year - 1}–{facts.year}")

    return message


def leads_group(facts: Facts, params):
    absent = _absent(facts, "group_rank")
    if absent:
        return absent
    rank = facts.collective.group_rank
    if rank == 1:
        return None
    return lambda: f"Năm {facts.year} xếp thứ {rank} trong Cụm/Khối thi đua, không dẫn đầu."


def co_tinh_in_year(facts: Facts, params):
    """Holds CO_TINH (or CO_BO_NGANH, LAW-V2.md §C.1) in `year` (Luật Art 25.1)."""
    for code in ("CO_TINH", "CO_BO_NGANH"):
        held = facts.awards.get(code)
        if held and facts.year in held:
            return None
    return lambda: f"Không có {award_name('CO_TINH')} hoặc {award_name('CO_BO_NGANH')} năm {facts.year}."


def excellent_years(facts: Facts, params):
    """BK_TTG collective: ≥ 2 years (default parameter) in year-4..year rated HTXSNV or holding TTLDXS/DVQT; a year
    counts once (LAW-V2.md §C.3, best understanding, unconfirmed)."""
    first, last = facts.year - 4, facts.year
    titles = _excellent_titles(facts)
    years = [y for y in range(first, last + 1) if facts.ratings.get(y) == HTXSNV or y in titles]
    needed = params["bk_ttg_collective_excellent_years"]
    if len(years) >= needed:
        return None
    found = f"chỉ có năm {year_list(years)}" if years else "không có năm nào"
    return lambda: (
        f"Cần ít nhất {needed} năm hòan thành xuất sắc nhiệm vụ hoặc đạt {_EXCELLENT} trong các năm "
        f"{first}–{last}; {found}."
    )


CHECKS = {
    "TTLDTT": {
        "rating_good_in_year": rating_good_in_year,
        "ldtt_ratio": ldtt_ratio,
        "no_member_disciplined": no_member_disciplined,
    },
    "TTLDXS": {
        "rating_excellent_in_year": rating_excellent_in_year,
        "all_members_completed": all_members_completed,
        "ldtt_ratio": ldtt_ratio,
        "has_cstd_co_so": has_cstd_co_so,
    },
    "BK_TINH": {"two_year_record": two_year_record, "interval": interval("BK_TINH", 1)},
    "CO_TINH": {"leads_group": leads_group, "rating_excellent_in_year": rating_excellent_in_year},
    "CO_CP": {"leads_group": leads_group, "co_tinh_in_year": co_tinh_in_year},
    # Rule book v2 (LAW-V2.md §C.3)
    "DVTT": {
        "rating_good_in_year": rating_good_in_year,
        "ldtt_ratio": ldtt_ratio,
        "no_member_disciplined": no_member_disciplined,
    },
    "DVQT": {
        "rating_excellent_in_year": rating_excellent_in_year,
        "all_members_completed": all_members_completed,
        "ldtt_ratio": ldtt_ratio,
        "has_cstd_co_so": has_cstd_co_so,
    },
    "CO_BO_NGANH": {"leads_group": leads_group, "rating_excellent_in_year": rating_excellent_in_year},
    "BK_BO_NGANH": {"two_year_record": two_year_record, "interval": interval("BK_BO_NGANH", 1)},
    "BK_TTG": {
        "prior_bk_tinh": prior("BK_TINH", 5, ("BK_BO_NGANH",)),
        "five_years_good": five_years_good,
        "excellent_years": excellent_years,
        "interval": interval("BK_TTG", 4),
    },
    "GIAY_KHEN": {"task_result_good": task_result_good},
    "GIAY_KHEN_XA": {"task_result_good": task_result_good},
}
