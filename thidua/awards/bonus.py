"""Bonus amounts (tiền thưởng) of the bonus contract (LAW-V2.md §F, DESIGN.md §4.5). Pure Python, no Django.

`compute(item)` turns one item `{"id", "award", "kind", "decided_on"}` into
`{"id", "multiple", "base_salary", "amount", "unconfirmed"}` or `{"id", "error"}`; the CLI (`thidua bonus`), the
API (`POST /api/v1/bonus/check`), the decision pages and the fund all call it, so they cannot disagree.

- Base salary (lương cơ sở) in force on `decided_on`: the catalogue's rows from 01/7/2024 on (NĐ 73/2024/NĐ-CP:
  2.340.000 đ; NĐ 161/2026/NĐ-CP Điều 3 khoản 2: 2.530.000 đ from 01/7/2026). Earlier dates: error (NĐ 152/2025
  Art 49 pays on the base salary in force when the decision is signed; the tables before it are not in the research).
- Multiples (× lương cơ sở; NĐ 152/2025/NĐ-CP Điều 50–54): the table below is the contract's, not the catalogue's
  `bonus_multiple` columns (the catalogue also holds multiples no source confirms; LAW-V2.md §H).
- amount = multiple × base salary, exact (Decimal), rounded UP to the next multiple of 10.000 đ (Art 49).
- Households: 1.5 × the individual multiple, only for codes whose catalogue kinds include households.
- `unconfirmed`: the multiple is derived (individual = collective ÷ 2, marked "d"), or decided_on < 01/7/2025
  (NĐ 98/2023's own table is not in the research; NĐ 152's is applied as a default).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from thidua.awards.catalogue import BASE_SALARIES, ENTRIES

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "individual", "collective", "household"
KINDS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD)
HOUSEHOLD_FACTOR = Decimal("1.5")
ROUNDING_STEP = 10_000
FIRST_DAY = dt.date(2024, 7, 1)  # the earliest base salary the contract pays on
CONFIRMED_FROM = dt.date(2025, 7, 1)  # NĐ 152/2025 in force
ARTICLE = "Điều 49 – Điều 54 Nghị định số 152/2025/NĐ-CP"


@dataclass(frozen=True)
class Multiple:
    value: Decimal
    derived: bool = False


def _m(text: str | None) -> Multiple | None:
    if text is None:
        return None
    derived = text.endswith(" d")
    return Multiple(Decimal(text.removesuffix(" d")), derived)


# code(s) → (individual, collective); "d" = derived. LAW-V2.md §F verbatim.
_TABLE: list[tuple[tuple[str, ...], str | None, str | None]] = [
    (("CSTD_TOAN_QUOC",), "4.5", None),
    (("CSTD_BO_NGANH", "CSTD_TINH"), "3.0", None),
    (("CSTD_CO_SO",), "1.0", None),
    (("LDTT", "CSTT"), "0.3", None),
    (("CO_CP",), None, "12"),
    (("CO_BO_NGANH", "CO_TINH"), None, "8.0"),
    (("TTLDXS", "DVQT"), None, "1.5"),
    (("TTLDTT", "DVTT"), None, "0.8"),
    (("XA_TIEU_BIEU",), None, "2.0"),
    (("THON_VAN_HOA",), None, "1.5"),
    (("BK_TTG",), "3.5 d", "7"),
    (("BK_BO_NGANH", "BK_TINH"), "1.5 d", "3"),
    (("GIAY_KHEN", "GIAY_KHEN_XA"), "0.3", "0.6"),
    (("HC_SAO_VANG",), "46", "92"),
    (("HC_HO_CHI_MINH",), "30.5", "61"),
    (("HC_DOC_LAP_1", "HC_QUAN_CONG_1"), "15", "30"),
    (("HC_DOC_LAP_2", "HC_QUAN_CONG_2"), "12.5 d", "25"),
    (("HCLD_1", "HC_CHIEN_CONG_1", "HC_BAO_VE_TO_QUOC_1"), "9 d", "18"),
    (("HCLD_2", "HC_CHIEN_CONG_2", "HC_BAO_VE_TO_QUOC_2", "HC_DAI_DOAN_KET"), "7.5 d", "15"),
    (("HCLD_3", "HC_CHIEN_CONG_3", "HC_BAO_VE_TO_QUOC_3"), "4.5 d", "9"),
    (("HC_DUNG_CAM",), "4.5 d", None),
    (("AH_LLVTND", "AH_LAO_DONG"), None, "31"),  # individual: not confirmed by any source → error
]

MULTIPLES: dict[str, dict[str, Multiple]] = {}
for _codes, _ind, _col in _TABLE:
    for _code in _codes:
        row = {}
        if _ind is not None:
            row[INDIVIDUAL] = _m(_ind)
        if _col is not None:
            row[COLLECTIVE] = _m(_col)
        MULTIPLES[_code] = row

CATALOGUE_KINDS: dict[str, list[str]] = {e["code"]: list(e["subject_kinds"]) for e in ENTRIES}
AWARD_NAMES: dict[str, str] = {e["code"]: e["name"] for e in ENTRIES}

# (effective_from, amount, legal basis), newest first, only those the contract pays on.
SALARIES: list[tuple[dt.date, int, str]] = sorted(
    (
        (dt.date.fromisoformat(since), amount, basis)
        for amount, since, basis in BASE_SALARIES
        if dt.date.fromisoformat(since) >= FIRST_DAY
    ),
    reverse=True,
)


class BonusError(ValueError):
    """An item the contract cannot pay; the message is Vietnamese and goes into the answer's `error`."""


def base_salary_on(day: dt.date) -> int:
    for since, amount, _basis in SALARIES:
        if day >= since:
            return amount
    raise BonusError(
        f"không có mức lương cơ sở áp dụng cho ngày {day:%d/%m/%Y} (hợp đồng tính thưởng từ ngày 01/7/2024)"
    )


def multiple_for(code: str, kind: str) -> Multiple:
    if code not in CATALOGUE_KINDS:
        raise BonusError(f"mã danh hiệu, hình thức khen thưởng {code!r} không có trong danh mục")
    row = MULTIPLES.get(code)
    if not row:
        raise BonusError(f"{AWARD_NAMES[code]} ({code}) chưa có mức tiền thưởng được xác nhận")
    if kind == HOUSEHOLD:
        individual = row.get(INDIVIDUAL)
        if HOUSEHOLD not in CATALOGUE_KINDS[code] or individual is None:
            raise BonusError(f"{AWARD_NAMES[code]} ({code}) không có mức tiền thưởng cho hộ gia đình")
        return Multiple(individual.value * HOUSEHOLD_FACTOR, individual.derived)
    multiple = row.get(kind)
    if multiple is None:
        label = "cá nhân" if kind == INDIVIDUAL else "tập thể"
        raise BonusError(f"{AWARD_NAMES[code]} ({code}) không có mức tiền thưởng cho {label}")
    return multiple


def round_up(amount: Decimal) -> int:
    """Up to the next multiple of 10.000 đ; an exact multiple stays."""
    steps = (amount / ROUNDING_STEP).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * ROUNDING_STEP


@dataclass(frozen=True)
class Bonus:
    multiple: Decimal
    base_salary: int
    amount: int
    unconfirmed: bool


def bonus(code: str, kind: str, decided_on: dt.date) -> Bonus:
    """The bonus of one award; BonusError when the contract cannot pay it."""
    if kind not in KINDS:
        raise BonusError("trường 'kind' phải là 'individual', 'collective' hoặc 'household'")
    multiple = multiple_for(code, kind)
    base = base_salary_on(decided_on)
    return Bonus(
        multiple=multiple.value,
        base_salary=base,
        amount=round_up(multiple.value * base),
        unconfirmed=multiple.derived or decided_on < CONFIRMED_FROM,
    )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _check_item(item) -> tuple[str, str, dt.date]:
    if not isinstance(item, dict):
        raise BonusError("mỗi mục phải là một đối tượng JSON {\"id\", \"award\", \"kind\", \"decided_on\"}")
    missing = [f for f in ("id", "award", "kind", "decided_on") if item.get(f) in (None, "")]
    if missing:
        raise BonusError("thiếu trường " + ", ".join(repr(f) for f in missing))
    if isinstance(item["id"], bool) or not isinstance(item["id"], str | int):
        raise BonusError("trường 'id' phải là chuỗi hoặc số nguyên")
    if not isinstance(item["award"], str):
        raise BonusError("trường 'award' phải là mã danh hiệu, hình thức khen thưởng (chuỗi)")
    kind = item["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise BonusError("trường 'kind' phải là 'individual', 'collective' hoặc 'household'")
    raw = item["decided_on"]
    try:
        if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
            raise ValueError
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BonusError("trường 'decided_on' phải là ngày dạng YYYY-MM-DD") from None
    return item["award"], kind, day


def compute(item) -> dict:
    """One answer of the contract for one item (never raises for bad input)."""
    item_id = item.get("id") if isinstance(item, dict) else None
    if isinstance(item_id, bool) or not isinstance(item_id, str | int | float | type(None)):
        item_id = None
    try:
        code, kind, day = _check_item(item)
        result = bonus(code, kind, day)
    except BonusError as exc:
        return {"id": item_id, "error": str(exc)}
    return {
        "id": item_id,
        "multiple": _number(result.multiple),
        "base_salary": result.base_salary,
        "amount": result.amount,
        "unconfirmed": result.unconfirmed,
    }


def compute_many(items: list) -> list[dict]:
    return [compute(item) for item in items]


def total(answers: list[dict]) -> int:
    return sum(a.get("amount", 0) for a in answers)


# --- for pages: who sees amounts, and a decision's annex priced ------------------------------------------

def may_see_amounts(user) -> bool:
    """Bonus amounts are shown to the province's TĐKT staff and its leaders only (issue 14): `awards.view_amounts`."""
    return bool(user is not None and user.has_perm("awards.view_amounts"))


@dataclass
class PricedAnnex:
    """Each line's answer (by the caller's key) and the total of the amounts the contract pays."""

    answers: dict
    total: int
    unpaid: int  # lines the contract cannot price (an error)
    unconfirmed: int  # priced lines with a derived multiple or a date before 01/7/2025


def price_annex(lines, decided_on: dt.date) -> PricedAnnex:
    """`lines`: iterable of (key, award code, kind). One answer per key, computed as the contract does."""
    answers, total, unpaid, unconfirmed = {}, 0, 0, 0
    for key, code, kind in lines:
        answer = compute({"id": str(key), "award": code, "kind": kind, "decided_on": decided_on.isoformat()})
        answers[key] = answer
        if "error" in answer:
            unpaid += 1
        else:
            total += answer["amount"]
            unconfirmed += answer["unconfirmed"]
    return PricedAnnex(answers, total, unpaid, unconfirmed)
