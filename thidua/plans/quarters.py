"""The "Thời gian thực hiện" cell of a plan appendix: "Quý I", "Quý I,II", "Quý III, IV", "Quý I,II,III,IV".

Pure functions, no Django: parse the cell into quarter numerals and compute the due date (the last day of the last
quarter of the plan year)."""

import datetime as dt
import re

ROMAN = ["I", "II", "III", "IV"]
_ARABIC = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_WHOLE_YEAR = ("ca nam", "trong nam", "thuong xuyen", "hang quy", "quy i-iv", "quy i - iv")


class ScheduleError(ValueError):
    pass


def _fold(text: str) -> str:
    from unicodedata import category, normalize

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in normalize("NFD", text) if category(c) != "Mn").lower()


def parse_quarters(text: str) -> list[str]:
    """'Quý I,II' → ['I', 'II']; 'Quý III, IV' → ['III', 'IV']; 'Quý 1-3' → ['I', 'II', 'III']; 'Cả năm' → all.

    Raises ScheduleError (Vietnamese message) when the cell names no quarter."""
    raw = " ".join((text or "").split())
    folded = _fold(raw).strip(" .;")
    if not folded:
        raise ScheduleError("Thiếu thời gian thực hiện (ví dụ «Quý I,II»).")
    if folded in _WHOLE_YEAR:
        return list(ROMAN)
    body = re.sub(r"\bquy\b", " ", folded)
    body = re.sub(r"\s*(?:-|–|den)\s*", "-", body.strip())
    found: list[int] = []
    for part in re.split(r"[,;/]|\bva\b", body):
        part = part.strip(" .").upper()
        if not part:
            continue
        bounds = part.split("-")
        try:
            nums = [ROMAN.index(_ARABIC.get(b.strip(), b.strip())) + 1 for b in bounds]
        except ValueError:
            raise ScheduleError(f"Không hiểu thời gian thực hiện «{raw}»: ghi theo dạng «Quý I,II».")
        if len(nums) == 2 and nums[0] <= nums[1]:
            found.extend(range(nums[0], nums[1] + 1))
        elif len(nums) == 1:
            found.append(nums[0])
        else:
            raise ScheduleError(f"Không hiểu thời gian thực hiện «{raw}»: ghi theo dạng «Quý I,II».")
    if not found:
        raise ScheduleError(f"Không hiểu thời gian thực hiện «{raw}»: ghi theo dạng «Quý I,II».")
    return [ROMAN[n - 1] for n in sorted(set(found))]


def quarter_end(year: int, quarter: str) -> dt.date:
    q = ROMAN.index(quarter) + 1
    if q == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)


def due_on(year: int, quarters: list[str]) -> dt.date:
    """Last day of the last quarter: Quý I → 31/3, Quý I,II → 30/6."""
    return quarter_end(year, max(quarters, key=ROMAN.index))


def schedule_text(quarters: list[str]) -> str:
    return "Quý " + ",".join(quarters)
