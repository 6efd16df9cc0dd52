"""Cross-cutting criteria (LAW.md §1) and the helpers every check uses.

A check is `check(facts, params) -> None | SKIP | message()`: None when met, SKIP when the criterion does not
apply to this case (ballot absent, months of service absent), otherwise a zero-argument callable that builds the
Vietnamese message (messages cost time; bulk screening can do without them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .facts import Facts
from .text import MISSING, join, percent, span, year_list

SKIP: Any = object()  # sentinel: criterion not evaluated for this case

Check = Callable[[Facts, Any], Any]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def compose(parts: list[str], lead: str = "") -> str:
    """One message from its parts; parts about missing facts come first, so such a message starts with
    'thiếu thông tin', then the lead (what is not achieved) and the other reasons."""
    missing = [p for p in parts if p.startswith(MISSING)]
    others = [_lower_first(p) if lead else p for p in parts if not p.startswith(MISSING)]
    if missing:
        text = join(missing)
        if lead:
            text += f" — {_lower_first(lead)}"
            if others:
                text += ": " + join(others)
        elif others:
            text += "; " + join(others)
        return text + "."
    text = join(others)
    if lead:
        return f"{lead}: {text}."
    return text[:1].upper() + text[1:] + "."


def no_pending_proceedings(facts: Facts, params):
    if not facts.pending:
        return None
    return lambda: (
        "Đang trong thời gian bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại hoặc tố cáo chưa kết luận: "
        + ("; ".join(facts.pending) + ".")
    )


def no_discipline_in_window(back_first: int | None, back_last: int = 0) -> Check:
    """Any discipline record in year-back_first .. year-back_last fails (NĐ 152/2025 Art 4.4); `back_first`
    None = every year up to year-back_last (KNC_BO_NGANH, LAW-V2.md §C.2)."""

    def check(facts: Facts, params):
        if not facts.discipline_years:
            return None
        last = facts.year - back_last
        first = None if back_first is None else facts.year - back_first
        hits = [y for y in facts.discipline_years if (first is None or first <= y) and y <= last]
        if not hits:
            return None
        window = f"đến năm {last}" if first is None else span(first, last)
        return lambda: (
            f"Có quyết định kỷ luật năm {year_list(hits)}, trong thời gian lấy thành tích ({window}); "
            "thành tích chỉ được tính từ sau khi chấp hành xong kỷ luật."
        )

    return check


def ballot_threshold(award: str) -> Check:
    """Votes in favour over ALL council members ≥ the award's threshold (NĐ 98/2023 Art 30.7)."""

    def check(facts: Facts, params):
        ballot = facts.ballot
        if ballot is None:
            return SKIP
        if ballot.council_members is None or ballot.votes_yes is None:
            absent = (
                "số thành viên Hội đồng (ballot.council_members)"
                if ballot.council_members is None
                else ("số phiếu đồng ý (ballot.votes_yes)")
            )
            return lambda: f"{MISSING} kết quả bỏ phiếu: thiếu {absent}."
        threshold = params.ballot_thresholds[award]
        if ballot.votes_yes * threshold.denominator >= threshold.numerator * ballot.council_members:
            return None
        share = percent(ballot.votes_yes / ballot.council_members)
        return lambda: (
            f"Số phiếu đồng ý {ballot.votes_yes}/{ballot.council_members} tổng số thành viên Hội đồng ({share}), "
            f"chưa đạt tỷ lệ {percent(threshold)}."
        )

    return check
