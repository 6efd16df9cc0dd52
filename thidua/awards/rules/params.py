"""Parameters of the rule sets: defaults per rule set (versioned by effective date) and a province's overrides.

A rule set is chosen by the date the dossier was received (`received_on`); overrides are
`ParameterOverride(name, value, effective_from)` rows (stored by the Django side in `awards.RuleParameter`)
and the one in force on `received_on` with the latest `effective_from` wins. Resolution is cached per date, so
evaluating many cases received on the same day costs one resolution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


class ParameterError(ValueError):
    """An override names an unknown parameter or carries a value of the wrong kind (message in Vietnamese)."""


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    kind: str  # "ratio" (fraction 0..1), "number" (>= 0), "int" (>= 0), "month_day" ("MM-DD"), "bool"
    default: Any
    description: str


def _ratio(value: Any) -> Fraction:
    """0.7, "0.7", "70%", 70 (a number above 1 is read as a percentage) or "2/3" → an exact fraction."""
    if isinstance(value, bool):
        raise ParameterError("Giá trị tỷ lệ không hợp lệ.")
    if isinstance(value, Fraction):
        frac = value
    elif isinstance(value, int | float):
        frac = Fraction(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        percent = text.endswith("%")
        try:
            frac = Fraction(text.rstrip("%").strip())
        except (ValueError, ZeroDivisionError):
            raise ParameterError(f"Giá trị tỷ lệ không hợp lệ: {value!r}.")
        if percent:
            frac /= 100
    else:
        raise ParameterError(f"Giá trị tỷ lệ không hợp lệ: {value!r}.")
    if 1 < frac <= 100:
        frac /= 100
    if not 0 <= frac <= 1:
        raise ParameterError(f"Tỷ lệ phải nằm trong khoảng 0–100%: {value!r}.")
    return frac


def _number(value: Any) -> int | float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise ParameterError(f"Giá trị số không hợp lệ: {value!r}.")
        if value.is_integer():
            value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
        raise ParameterError(f"Giá trị phải là số không âm: {value!r}.")
    return value


def _int(value: Any) -> int:
    number = _number(value)
    if number != int(number):
        raise ParameterError(f"Giá trị phải là số nguyên không âm: {value!r}.")
    return int(number)


def _month_day(value: Any) -> tuple[int, int]:
    try:
        if isinstance(value, str):
            month, day = (int(part) for part in value.strip().split("-"))
        else:
            month, day = (int(part) for part in value)
        dt.date(2024, month, day)  # a leap year accepts 02-29
    except (TypeError, ValueError):
        raise ParameterError(f"Ngày trong năm phải có dạng MM-DD: {value!r}.")
    return (month, day)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in (
        "true",
        "1",
        "yes",
        "có",
        "false",
        "0",
        "no",
        "không",
    ):
        return value.strip().lower() in ("true", "1", "yes", "có")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ParameterError(f"Giá trị phải là đúng/sai: {value!r}.")


_NORMALISERS = {"ratio": _ratio, "number": _number, "int": _int, "month_day": _month_day, "bool": _bool}


def _spec(name, kind, default, description):
    return ParamSpec(name, kind, _NORMALISERS[kind](default), description)


# Rule set v1 (LAW.md), in force from 2024-01-01 (Luật Thi đua, khen thưởng 06/2022/QH15).
_V1_SPECS = (
    _spec(
        "ldtt_service_months", "number", 10, "Số tháng công tác tối thiểu trong năm để xét Lao động tiên tiến"
    ),
    _spec("ldtt_ratio", "ratio", "0.70", "Tỷ lệ thành viên đạt Lao động tiên tiến để xét danh hiệu tập thể"),
    _spec(
        "ballot_threshold.CSTD_TINH",
        "ratio",
        "0.90",
        "Tỷ lệ phiếu đồng ý (trên tổng số thành viên Hội đồng): CSTĐ cấp tỉnh",
    ),
    _spec("ballot_threshold.CSTD_TOAN_QUOC", "ratio", "0.90", "Tỷ lệ phiếu đồng ý: CSTĐ toàn quốc"),
    _spec("ballot_threshold.CSTD_CO_SO", "ratio", "0.80", "Tỷ lệ phiếu đồng ý: CSTĐ cơ sở"),
    _spec("ballot_threshold.CO_TINH", "ratio", "0.80", "Tỷ lệ phiếu đồng ý: Cờ thi đua của UBND tỉnh"),
    _spec("ballot_threshold.CO_CP", "ratio", "0.80", "Tỷ lệ phiếu đồng ý: Cờ thi đua của Chính phủ"),
    # Rule book v2 (LAW-V2.md §C): the new codes apply in every rule set, so their defaults do too.
    _spec(
        "ballot_threshold.CSTD_BO_NGANH",
        "ratio",
        "0.90",
        "Tỷ lệ phiếu đồng ý: CSTĐ Bộ, ban, ngành, đoàn thể Trung ương",
    ),
    _spec(
        "ballot_threshold.CO_BO_NGANH",
        "ratio",
        "0.80",
        "Tỷ lệ phiếu đồng ý: Cờ thi đua của Bộ, ban, ngành, đoàn thể Trung ương",
    ),
    _spec("knc_years_male", "number", 20, "Kỷ niệm chương: số năm công tác trong ngành tối thiểu của nam"),
    _spec("knc_years_female", "number", 15, "Kỷ niệm chương: số năm công tác trong ngành tối thiểu của nữ"),
    _spec(
        "knc_second_type_years",
        "int",
        3,
        "Kỷ niệm chương loại khác: số năm tối thiểu kể từ lần được tặng trước",
    ),
    _spec("tnxp_min_months", "number", 24, "Huy chương TNXP vẻ vang: số tháng tham gia thanh niên xung phong"),
    _spec(
        "bk_ttg_collective_excellent_years",
        "int",
        2,
        "Bằng khen Thủ tướng (tập thể): số năm HTXSNV hoặc TTLĐXS/ĐVQT trong 5 năm xét",
    ),
    _spec(
        "pm_movement_min_years",
        "number",
        5,
        "Cờ thi đua của Chính phủ: số năm dẫn đầu phong trào do Thủ tướng phát động",
    ),
    # Beyond eligibility (LAW.md §5): defaults the workflow reads from the same versioned store.
    _spec(
        "women_priority_ratio",
        "ratio",
        "0.70",
        "Tỷ lệ nữ để tập thể được ưu tiên khi bằng điểm (khoản 6 Điều 4 Nghị định 152/2025/NĐ-CP)",
    ),
    _spec("deadline_return_incomplete_working_days", "int", 5, "Số ngày làm việc để trả hồ sơ chưa đầy đủ"),
    _spec("deadline_appraise_working_days", "int", 20, "Số ngày làm việc để thẩm định và trình"),
    _spec(
        "deadline_send_decision_working_days",
        "int",
        10,
        "Số ngày làm việc để gửi quyết định cho người được khen",
    ),
    _spec(
        "dossier_due_province", "month_day", "12-10", "Hạn nộp hồ sơ khen thưởng năm cấp tỉnh (trước ngày)"
    ),
    _spec(
        "dossier_due_education",
        "month_day",
        "07-10",
        "Hạn nộp hồ sơ khen thưởng năm học ngành giáo dục (trước ngày)",
    ),
    _spec("public_posting_working_days", "int", 5, "Số ngày làm việc công khai danh sách trước khi đề nghị"),
    _spec("council_quorum_ratio", "ratio", "2/3", "Tỷ lệ thành viên Hội đồng tối thiểu để phiên họp hợp lệ"),
    _spec(
        "council_titles_presence_ratio",
        "ratio",
        "0.80",
        "Tỷ lệ thành viên có mặt khi xét danh hiệu, hình thức",
    ),
    _spec(
        "numbering_single_sequence",
        "bool",
        False,
        "Một dãy số chung cho mọi loại văn bản của cơ quan ban hành",
    ),
)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One rule set of the rule book (LAW-V2.md §A): in force for dossiers received in
    [effective_from, effective_to] (None = open-ended), with its own parameter defaults, article texts and names.

    `articles` maps an article key (see `book.ARTICLE_KEYS`) to the citation text of this set; `names` overrides
    award names in messages; `flags_unconfirmed` adds the `unconfirmed` verdict key (A.3) and `confirmed` lists the
    criteria never flagged. A later set (v4) is one more row of RULE_SETS: older verdicts do not change."""

    version: str
    effective_from: dt.date
    specs: tuple[ParamSpec, ...]
    effective_to: dt.date | None = None
    articles: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    flags_unconfirmed: bool = False
    confirmed: frozenset[str] = frozenset()


# Article texts that differ between the sets (LAW-V2.md §A.2); every other article is the same in all sets.
_V1_ARTICLES = {
    "ballot": "NĐ 98/2023 Art 30.7",
    "interval": "NĐ 98 Art 30.9",
    "service_months": "TT 12/2019 practice, kept as province default",
    "long_contribution": "Luật Art 44.1.g",
    "tnxp_service": "Luật Art 96; NĐ 28/2024 (article not in the research)",
    "proceedings": "NĐ 152/2025 Art 4.4",
}
_V2_ARTICLES = {
    "ballot": "NĐ 98/2023 Art 30.7 (carried over, unconfirmed)",
    "interval": "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)",
    "service_months": (
        "TT 12/2019 practice, kept as province default (carried over, unconfirmed under TT 15/2025/TT-BNV)"
    ),
    "long_contribution": "Luật Art 44.1.g; NĐ 152 Art 21 (tenure thresholds, P6), Art 4.7 (women leaders −1/3)",
    "tnxp_service": "Luật Art 96; NĐ 152/2025 (replaces NĐ 28/2024) — 24 months (carried over, unconfirmed)",
    "proceedings": "NĐ 152/2025 Art 4.4",
}
_V1_NAMES = {"XA_TIEU_BIEU": "Xã, phường, thị trấn tiêu biểu"}  # Luật 06/2022 wording
_V2_NAMES = {"XA_TIEU_BIEU": "Xã, phường, đặc khu tiêu biểu"}  # NĐ 152/2025 Art 50
# NĐ 152/2025 Art 4.4, a decree verified in force: never in v3's `unconfirmed` (A.3).
_CONFIRMED = frozenset({"no_pending_proceedings", "no_discipline_in_window"})

RULE_SETS: tuple[RuleSet, ...] = (
    # Luật 06/2022/QH15 + NĐ 98/2023/NĐ-CP.
    RuleSet("v1", dt.date(2024, 1, 1), _V1_SPECS, dt.date(2025, 6, 30), _V1_ARTICLES, _V1_NAMES),
    # NĐ 152/2025/NĐ-CP in force 01/7/2025 (Art 59.1), repealing NĐ 98/2023 and NĐ 28/2024.
    RuleSet("v2", dt.date(2025, 7, 1), _V1_SPECS, dt.date(2026, 9, 30), _V2_ARTICLES, _V2_NAMES),
    # The amended Law in force 01/10/2026 (text not read): v2 except what is confirmed — nothing yet (A.1, A.3).
    RuleSet("v3", dt.date(2026, 10, 1), _V1_SPECS, None, _V2_ARTICLES, _V2_NAMES, True, _CONFIRMED),
)
RULE_SETS_BY_VERSION: dict[str, RuleSet] = {rule_set.version: rule_set for rule_set in RULE_SETS}

# name -> spec, over every rule set (the newest spec of a name wins).
PARAMETERS: dict[str, ParamSpec] = {spec.name: spec for rule_set in RULE_SETS for spec in rule_set.specs}


def normalise(name: str, value: Any) -> Any:
    """Check an override's value against its parameter; return it in the engine's type (Fraction for ratios)."""
    spec = PARAMETERS.get(name)
    if spec is None:
        raise ParameterError(f"Không có tham số tên {name!r}.")
    return _NORMALISERS[spec.kind](value)


@dataclass(frozen=True, slots=True)
class ParameterOverride:
    name: str
    value: Any
    effective_from: dt.date


class Params:
    """Parameters in force on one date: `values` by name, plus the ones the engine reads on every call."""

    __slots__ = ("rule_set", "on", "values", "ldtt_service_months", "ldtt_ratio", "ballot_thresholds")

    def __init__(self, rule_set: RuleSet, on: dt.date, values: dict[str, Any]):
        self.rule_set = rule_set
        self.on = on
        self.values = values
        self.ldtt_service_months = values["ldtt_service_months"]
        self.ldtt_ratio: Fraction = values["ldtt_ratio"]
        prefix = "ballot_threshold."
        self.ballot_thresholds: dict[str, Fraction] = {
            name[len(prefix) :]: value for name, value in values.items() if name.startswith(prefix)
        }

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __repr__(self) -> str:
        return f"Params({self.rule_set.version}, on={self.on.isoformat()})"


def rule_set_on(on: dt.date) -> RuleSet | None:
    """The rule set in force on `on` (its date range holds `on`), or None when none is."""
    for rule_set in RULE_SETS:
        if rule_set.effective_from <= on and (rule_set.effective_to is None or on <= rule_set.effective_to):
            return rule_set
    return None


class ParamResolver:
    """Resolves the parameters in force on a date from the rule sets and a province's overrides (cached)."""

    def __init__(self, overrides: Iterable[ParameterOverride] = ()):
        rows = []
        for position, override in enumerate(overrides):
            if isinstance(override, Mapping):
                override = ParameterOverride(override["name"], override["value"], override["effective_from"])
            elif not isinstance(override, ParameterOverride):
                override = ParameterOverride(*override)
            if isinstance(override.effective_from, str):
                try:
                    since = dt.date.fromisoformat(override.effective_from)
                except ValueError:
                    raise ParameterError(f"Ngày hiệu lực của tham số {override.name!r} không hợp lệ.")
                override = ParameterOverride(override.name, override.value, since)
            if isinstance(override.effective_from, dt.datetime) or not isinstance(
                override.effective_from, dt.date
            ):
                raise ParameterError(f"Ngày hiệu lực của tham số {override.name!r} không hợp lệ.")
            rows.append(
                (override.effective_from, position, override.name, normalise(override.name, override.value))
            )
        rows.sort()
        self._overrides = tuple(rows)
        self._cache: dict[dt.date, Params | None] = {}

    def at(self, on: dt.date) -> Params | None:
        """Parameters in force on `on`; None when no rule set is in force then."""
        try:
            return self._cache[on]
        except KeyError:
            pass
        rule_set = rule_set_on(on)
        params = None
        if rule_set is not None:
            values = {spec.name: spec.default for spec in rule_set.specs}
            for effective_from, _position, name, value in self._overrides:
                if effective_from > on:
                    break
                if name in values:
                    values[name] = value
            params = Params(rule_set, on, values)
        self._cache[on] = params
        return params


def resolve_params(on: dt.date, overrides: Iterable[ParameterOverride] = ()) -> Params | None:
    return ParamResolver(overrides).at(on)


def default_received_on(year: int) -> dt.date:
    """LAW.md §0: without `received_on`, the dossier counts as received on 1 December of its year."""
    return dt.date(year, 12, 1)
