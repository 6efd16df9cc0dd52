"""Small helpers for the Vietnamese messages of verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from .criteria import AWARD_NAMES
from .facts import RATING_CODES

RATING_LABELS = {
    4: "HTXSNV (hòan thành xuất sắc nhiệm vụ)",
    3: "HTTNV (hòan thành tốt nhiệm vụ)",
    2: "HTNV (hòan thành nhiệm vụ)",
    1: "KHTNV (không hòan thành nhiệm vụ)",
}
SCOPE_LABELS = {1: "cơ sở", 2: "cấp tỉnh", 3: "toàn quốc"}
MISSING = "thiếu thông tin"


def award_name(code: str) -> str:
    return AWARD_NAMES.get(code, code)


def rating_code(rank: int) -> str:
    return RATING_CODES[rank]


def span(first: int, last: int) -> str:
    """'năm 2025' or 'các năm 2021–2025'."""
    return f"năm {last}" if first == last else f"các năm {first}–{last}"


def year_list(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def percent(value: Fraction | float) -> str:
    """Vietnamese percentage: 70%, 86,7%."""
    number = float(value) * 100
    if abs(number - round(number)) < 1e-9:
        return f"{round(number)}%"
    return f"{number:.1f}".replace(".", ",") + "%"


def join(parts: Iterable[str]) -> str:
    return "; ".join(p for p in parts if p)


def missing_ratings(years: Iterable[int]) -> str:
    years = sorted(years)
    return f"{MISSING} xếp loại năm {year_list(years)}"
