"""Typed facts of one case (DESIGN.md §4.2, LAW.md §4) and the parser that builds them from a JSON case.

`Facts` holds what the rules read, already reduced to what counts: ratings by year, the counting awards
(type `cong_trang`, not revoked) as code → years, the unused initiatives as (year, scope rank), the years with a
discipline record. The Django side can build `Facts` directly (`Facts.from_records`) and skip JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .criteria import COLLECTIVE, INDIVIDUAL, KINDS

# Ratings, best first (LAW.md §0). Ranks: a higher number is a better rating.
HTXSNV, HTTNV, HTNV, KHTNV = 4, 3, 2, 1
RATINGS = {"HTXSNV": HTXSNV, "HTTNV": HTTNV, "HTNV": HTNV, "KHTNV": KHTNV}
RATING_CODES = {rank: code for code, rank in RATINGS.items()}
GOOD = HTTNV  # "good or better"

SCOPES = {"co_so": 1, "tinh": 2, "toan_quoc": 3}
AWARD_TYPES = ("cong_trang", "dot_xuat", "chuyen_de", "phong_trao", "phong_trao_chuyen_de")
COUNTING_TYPE = "cong_trang"
DISCIPLINE_FORMS = ("khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec")
COLLECTIVE_FIELDS = (
    "members",
    "members_completed",
    "members_ldtt",
    "members_cstd_co_so",
    "members_disciplined_canh_cao_or_more",
    "group_rank",
)


class CaseError(ValueError):
    """The case is malformed; the message (Vietnamese) says where."""


@dataclass(frozen=True, slots=True)
class CollectiveFacts:
    members: int | None = None
    members_completed: int | None = None
    members_ldtt: int | None = None
    members_cstd_co_so: int | None = None
    members_disciplined_canh_cao_or_more: int | None = None
    group_rank: int | None = None


@dataclass(frozen=True, slots=True)
class BallotFacts:
    council_members: int | None
    votes_yes: int | None


class Basis(NamedTuple):
    """A declared basis (LAW-V2.md §B.1): the route, whether the dossier attaches its proof (JSON true only),
    and for `pm_movement_leader` the years of leading the movement (None when not given)."""

    route: str
    evidence: bool
    movement_years: int | float | None = None


GENDERS = ("male", "female")
KNC = "KNC_BO_NGANH"

_EMPTY: frozenset[int] = frozenset()


@dataclass(slots=True)
class Facts:
    """What the rules read about one nominee for one award year.

    - `ratings`: year → rank (HTXSNV=4 … KHTNV=1);
    - `awards`: code → years, counting awards only (type cong_trang, not revoked);
    - `initiatives`: (year, scope rank) of the initiatives not yet used for another award;
    - `discipline_years`: years with any discipline record;
    - `months_in_service`, `collective`, `ballot`: None when absent;
    - rule book v2 (LAW-V2.md §G): `bases` (declared bases), `gender`, `years_in_sector`, `knc_type` and
      `knc_awards` ((year, knc_type) of the counting KNC_BO_NGANH of the history), `tnxp_months`, `martyr`."""

    kind: str
    year: int
    ratings: Mapping[int, int] = field(default_factory=dict)
    awards: Mapping[str, frozenset[int]] = field(default_factory=dict)
    initiatives: tuple[tuple[int, int], ...] = ()
    discipline_years: frozenset[int] = _EMPTY
    pending: tuple[str, ...] = ()
    months_in_service: int | float | None = None
    collective: CollectiveFacts | None = None
    ballot: BallotFacts | None = None
    received_on: dt.date | None = None
    bases: tuple[Basis, ...] = ()
    gender: str | None = None
    years_in_sector: int | float | None = None
    knc_type: str | None = None
    knc_awards: tuple[tuple[int, str | None], ...] = ()
    tnxp_months: int | None = None
    martyr: bool | None = None

    def award_years(self, code: str) -> frozenset[int]:
        return self.awards.get(code, _EMPTY)

    @classmethod
    def from_records(
        cls,
        kind: str,
        year: int,
        *,
        ratings: Iterable[tuple[int, str | int]] = (),
        awards: Iterable[tuple] = (),
        initiatives: Iterable[tuple] = (),
        discipline_years: Iterable[int] = (),
        pending: Iterable[str] = (),
        months_in_service: int | float | None = None,
        collective: CollectiveFacts | None = None,
        ballot: BallotFacts | None = None,
        received_on: dt.date | None = None,
        bases: Iterable[Basis | tuple] = (),
        gender: str | None = None,
        years_in_sector: int | float | None = None,
    ) -> Facts:
        """Build facts from plain records, applying LAW.md §0's counting rules.

        ratings: (year, "HTXSNV"|rank); awards: (code, year[, type[, revoked]]);
        initiatives: (year, scope[, used_for]) with scope "co_so"/"tinh"/"toan_quoc" or its rank."""
        rating_map = {y: (RATINGS[r] if isinstance(r, str) else r) for y, r in ratings}
        award_map: dict[str, set[int]] = {}
        for row in awards:
            code, award_year = row[0], row[1]
            award_type = row[2] if len(row) > 2 and row[2] else COUNTING_TYPE
            revoked = bool(row[3]) if len(row) > 3 else False
            if award_type == COUNTING_TYPE and not revoked:
                award_map.setdefault(code, set()).add(award_year)
        unused = tuple(
            (row[0], SCOPES[row[1]] if isinstance(row[1], str) else row[1])
            for row in initiatives
            if not (len(row) > 2 and row[2])
        )
        return cls(
            kind=kind,
            year=year,
            ratings=rating_map,
            awards={code: frozenset(years) for code, years in award_map.items()},
            initiatives=unused,
            discipline_years=frozenset(discipline_years),
            pending=tuple(pending),
            months_in_service=months_in_service,
            collective=collective,
            ballot=ballot,
            received_on=received_on,
            bases=tuple(b if isinstance(b, Basis) else Basis(*b) for b in bases),
            gender=gender,
            years_in_sector=years_in_sector,
        )


# ---------------------------------------------------------------- parsing a JSON case

_MISSING = object()


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, int | float):
        return "số"
    if isinstance(value, str):
        return "chuỗi"
    if isinstance(value, list):
        return "mảng"
    if isinstance(value, dict):
        return "đối tượng"
    return type(value).__name__


def _int_field(value: Any, where: str, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise CaseError(f"'{where}' phải là số nguyên (nhận được {_type_name(value)}: {value!r}).")
    if value < minimum:
        raise CaseError(f"'{where}' phải lớn hơn hoặc bằng {minimum} (nhận được {value}).")
    if maximum is not None and value > maximum:
        raise CaseError(f"'{where}' phải nhỏ hơn hoặc bằng {maximum} (nhận được {value}).")
    return value


def _year_field(value: Any, where: str) -> int:
    if value is _MISSING or value is None:
        raise CaseError(f"thiếu '{where}' (năm).")
    return _int_field(value, where, 1, 9998)


def _list_field(case: Mapping, key: str) -> list:
    value = case.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"'{key}' phải là một mảng (nhận được {_type_name(value)}).")
    return value


def _object_item(item: Any, where: str) -> Mapping:
    if not isinstance(item, dict):
        raise CaseError(f"'{where}' phải là một đối tượng (nhận được {_type_name(item)}).")
    return item


def _choice(value: Any, where: str, choices: Iterable[str]) -> str:
    choices = tuple(choices)
    if value is _MISSING or value is None:
        raise CaseError(f"thiếu '{where}' (một trong: {', '.join(choices)}).")
    if not isinstance(value, str) or value not in choices:
        raise CaseError(f"'{where}' không hợp lệ: {value!r} (một trong: {', '.join(choices)}).")
    return value


def parse_date(value: Any, where: str) -> dt.date:
    if not isinstance(value, str):
        raise CaseError(f"'{where}' phải là ngày dạng YYYY-MM-DD (nhận được {_type_name(value)}).")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()  # a timestamp: its date counts
    except ValueError:
        raise CaseError(f"'{where}' không phải ngày hợp lệ dạng YYYY-MM-DD: {value!r}.")


def parse_header(case: Mapping) -> tuple[str, int]:
    """The award code and year, the minimum needed to judge anything."""
    award = case.get("award", _MISSING)
    if award is _MISSING or award is None:
        raise CaseError("thiếu mã khen thưởng 'award'.")
    if not isinstance(award, str) or not award.strip():
        raise CaseError(f"'award' phải là mã khen thưởng dạng chuỗi (nhận được {_type_name(award)}).")
    year = _year_field(case.get("year", _MISSING), "year")
    return award, year


def parse_kind(case: Mapping) -> str:
    nominee = case.get("nominee")
    if nominee is None:
        return ""
    nominee = _object_item(nominee, "nominee")
    kind = nominee.get("kind")
    if kind is None:
        return ""
    return _choice(kind, "nominee.kind", KINDS)


def parse_facts(case: Mapping, award: str, year: int, kind: str, needs_ballot: bool) -> tuple[Facts, dt.date]:
    """Everything else of the case, validated. `kind` is already resolved (individual or collective)."""
    received_raw = case.get("received_on")
    received_on = (
        parse_date(received_raw, "received_on") if received_raw is not None else dt.date(year, 12, 1)
    )

    nominee = case.get("nominee") or {}
    months = None
    if kind == INDIVIDUAL:
        raw = nominee.get("months_in_service")
        if raw is not None:
            if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw or raw < 0:
                raise CaseError(f"'nominee.months_in_service' phải là số tháng không âm (nhận được {raw!r}).")
            months = raw
    direct_worker = nominee.get("direct_worker")
    if direct_worker is not None and not isinstance(direct_worker, bool):
        raise CaseError(f"'nominee.direct_worker' phải là true/false (nhận được {direct_worker!r}).")
    gender = nominee.get("gender")
    if gender is not None:
        gender = _choice(gender, "nominee.gender", GENDERS)
    years_in_sector = _number_field(nominee.get("years_in_sector"), "nominee.years_in_sector")
    tnxp_months = _number_field(nominee.get("tnxp_months"), "nominee.tnxp_months")
    martyr = nominee.get("martyr")
    if martyr is not None and not isinstance(martyr, bool):
        raise CaseError(f"'nominee.martyr' phải là true/false (nhận được {martyr!r}).")
    knc_type = _knc_type(case.get("knc_type"), "knc_type")
    bases = parse_bases(case.get("bases"))

    ratings: dict[int, int] = {}
    for i, item in enumerate(_list_field(case, "ratings")):
        where = f"ratings[{i}]"
        item = _object_item(item, where)
        rating_year = _year_field(item.get("year", _MISSING), f"{where}.year")
        rank = RATINGS[_choice(item.get("rating", _MISSING), f"{where}.rating", RATINGS)]
        previous = ratings.get(rating_year)
        if previous is not None and previous != rank:
            raise CaseError(
                f"năm {rating_year} có hai xếp loại khác nhau ({RATING_CODES[previous]} và {RATING_CODES[rank]})."
            )
        ratings[rating_year] = rank

    award_years: dict[str, set[int]] = {}
    knc_awards: list[tuple[int, str | None]] = []
    for i, item in enumerate(_list_field(case, "awards")):
        where = f"awards[{i}]"
        item = _object_item(item, where)
        award_year = _year_field(item.get("year", _MISSING), f"{where}.year")
        code = item.get("award", _MISSING)
        if code is _MISSING or code is None:
            raise CaseError(f"thiếu '{where}.award' (mã khen thưởng).")
        if not isinstance(code, str) or not code.strip():
            raise CaseError(f"'{where}.award' phải là mã khen thưởng dạng chuỗi (nhận được {code!r}).")
        award_type = item.get("type")
        if award_type is None:
            award_type = COUNTING_TYPE
        elif not isinstance(award_type, str) or not award_type.strip():
            raise CaseError(
                f"'{where}.type' phải là loại khen thưởng dạng chuỗi (nhận được {_type_name(award_type)}: "
                f"{award_type!r}; một trong: {', '.join(AWARD_TYPES)}…)."
            )
        # LAW-V2.md §A.4: any type other than cong_trang never counts (phong_trao_chuyen_de, cong_hien, nien_han…).
        revoked = item.get("revoked")
        if revoked is not None and not isinstance(revoked, bool):
            raise CaseError(f"'{where}.revoked' phải là true/false (nhận được {revoked!r}).")
        item_knc_type = _knc_type(item.get("knc_type"), f"{where}.knc_type")
        issuer_level = item.get("issuer_level")  # LAW-V2.md §E: read by the workflow, ignored when counting
        if issuer_level is not None and not isinstance(issuer_level, str):
            raise CaseError(f"'{where}.issuer_level' phải là chuỗi (nhận được {_type_name(issuer_level)}).")
        if award_type == COUNTING_TYPE and not revoked:
            award_years.setdefault(code, set()).add(award_year)
            if code == KNC:
                knc_awards.append((award_year, item_knc_type))

    initiatives: list[tuple[int, int]] = []
    for i, item in enumerate(_list_field(case, "initiatives")):
        where = f"initiatives[{i}]"
        item = _object_item(item, where)
        initiative_year = _year_field(item.get("year", _MISSING), f"{where}.year")
        scope = SCOPES[_choice(item.get("scope", _MISSING), f"{where}.scope", SCOPES)]
        initiative_id = item.get("id")
        if initiative_id is not None and not isinstance(initiative_id, str | int):
            raise CaseError(f"'{where}.id' phải là chuỗi (nhận được {_type_name(initiative_id)}).")
        used_for = item.get("used_for")
        if used_for is not None and not isinstance(used_for, str):
            raise CaseError(f"'{where}.used_for' phải là mã khen thưởng hoặc null (nhận được {used_for!r}).")
        if not used_for:
            initiatives.append((initiative_year, scope))

    discipline_years = set()
    for i, item in enumerate(_list_field(case, "discipline")):
        where = f"discipline[{i}]"
        item = _object_item(item, where)
        discipline_years.add(_year_field(item.get("year", _MISSING), f"{where}.year"))
        form = item.get("form")
        if form is not None:
            _choice(form, f"{where}.form", DISCIPLINE_FORMS)

    pending = []
    for i, item in enumerate(_list_field(case, "pending")):
        if not isinstance(item, str):
            raise CaseError(f"'pending[{i}]' phải là chuỗi mô tả vụ việc (nhận được {_type_name(item)}).")
        pending.append(item)

    collective = None
    if kind == COLLECTIVE:
        collective = _parse_collective(case.get("collective"))

    ballot = None
    if needs_ballot and case.get("ballot") is not None:
        ballot = _parse_ballot(case["ballot"])

    facts = Facts(
        kind=kind,
        year=year,
        ratings=ratings,
        awards={code: frozenset(years) for code, years in award_years.items()},
        initiatives=tuple(initiatives),
        discipline_years=frozenset(discipline_years),
        pending=tuple(pending),
        months_in_service=months,
        collective=collective,
        ballot=ballot,
        received_on=received_on,
        bases=bases,
        gender=gender,
        years_in_sector=years_in_sector,
        knc_type=knc_type,
        knc_awards=tuple(sorted(knc_awards, key=lambda k: (k[0], k[1] or ""))),
        tnxp_months=tnxp_months,
        martyr=martyr,
    )
    return facts, received_on


def _number_field(value: Any, where: str) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
        raise CaseError(f"'{where}' phải là số không âm (nhận được {value!r}).")
    return value


def _knc_type(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CaseError(f"'{where}' phải là chuỗi (nhận được {_type_name(value)}).")
    return value


def parse_bases(raw: Any) -> tuple[Basis, ...]:
    """`bases` (LAW-V2.md §B.1): a list of {"route": str, "evidence": bool[, "movement_years": n]}; absent = [].

    Not a list, or an item without a string `route`: malformed. `evidence` counts only when it is JSON true.
    A `movement_years` that is not a number is malformed too (the rule book cannot compare it with 5 years)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CaseError(f"'bases' phải là một mảng (nhận được {_type_name(raw)}).")
    out = []
    for i, item in enumerate(raw):
        where = f"bases[{i}]"
        item = _object_item(item, where)
        route = item.get("route")
        if not isinstance(route, str):
            raise CaseError(f"'{where}.route' phải là mã căn cứ dạng chuỗi (nhận được {_type_name(route)}).")
        years = item.get("movement_years")
        if years is not None and (isinstance(years, bool) or not isinstance(years, int | float) or years != years):
            raise CaseError(f"'{where}.movement_years' phải là số năm (nhận được {years!r}).")
        out.append(Basis(route, item.get("evidence") is True, years))
    return tuple(out)


def _parse_collective(raw: Any) -> CollectiveFacts | None:
    if raw is None:
        return None
    raw = _object_item(raw, "collective")
    values: dict[str, int | None] = {}
    for name in COLLECTIVE_FIELDS:
        value = raw.get(name)
        minimum = 1 if name in ("members", "group_rank") else 0
        values[name] = None if value is None else _int_field(value, f"collective.{name}", minimum)
    members = values["members"]
    if members is not None:
        for name in (
            "members_completed",
            "members_ldtt",
            "members_cstd_co_so",
            "members_disciplined_canh_cao_or_more",
        ):
            if values[name] is not None and values[name] > members:
                raise CaseError(
                    f"'collective.{name}' ({values[name]}) lớn hơn tổng số thành viên ({members})."
                )
    return CollectiveFacts(**values)


def _parse_ballot(raw: Any) -> BallotFacts:
    raw = _object_item(raw, "ballot")
    members = raw.get("council_members")
    votes = raw.get("votes_yes")
    members = None if members is None else _int_field(members, "ballot.council_members", 1)
    votes = None if votes is None else _int_field(votes, "ballot.votes_yes", 0)
    if members is not None and votes is not None and votes > members:
        raise CaseError(f"'ballot.votes_yes' ({votes}) lớn hơn số thành viên Hội đồng ({members}).")
    return BallotFacts(members, votes)
