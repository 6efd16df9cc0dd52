"""Candidate suggestion: who qualifies for each award in a year, and who misses by exactly one criterion.

The eligibility round reads every fact an individual rule of LAW.md §2 looks at with ONE aggregated SQL query
(one row per person: ratings of year-4..year, a bit mask of years per award code, initiative and discipline
masks, open proceedings), then judges with the pure engine (`thidua.awards.rules`).

People whose facts are identical for an award get the identical verdict (the engine is a pure function of the
case), so the round judges one representative per distinct combination of the facts that award's rule reads
(`_AWARD_KEYS`) and shares the verdict. On a province of 500,000 people this is what makes a full round take
seconds instead of an hour (bench/bench_eligibility_round.py). `tests/awards/test_candidates.py` checks, on
random histories, that the round gives exactly the verdicts of `facts.gather_person_cases` + the engine.

Bit masks: bit b (0..5) is the year `year - b`; bit 6 is "some year before year-5". A rule never needs more:
the longest window is CSTD_TOAN_QUOC's year-5..year, and "a prior award in a year ≤ year-5" is bits 5–6.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from thidua.awards.facts import (
    COUNTING_TYPE,
    INDIVIDUAL_AWARDS,
    NOT_SEVERE_DISCIPLINE,
    default_received_on,
    months_between,
    pending_kinds,
    pending_labels,
    service_reference_date,
)

RATING_RANK = {"HTXSNV": 4, "HTTNV": 3, "HTNV": 2, "KHTNV": 1}
RATING_OF_RANK = {v: k for k, v in RATING_RANK.items()}
MASK_BITS = 6  # bits 0..5 = years year..year-5; bit 6 = older
OLDER_BIT = 1 << MASK_BITS
# Months in service above this are all "long service"; a province threshold above 20 years is not plausible.
MONTHS_CAP = 240

# Column layout of a round row.
PID, JOINED, DIRECT, R0, R1, R2, R3, R4 = range(8)
_AWARD_COL = {code: 8 + i for i, code in enumerate(INDIVIDUAL_AWARDS)}
I_ANY, I_TINH, I_TQ, I_N0, I_N1, D_ANY, D_SEVERE, PENDING = range(8 + len(INDIVIDUAL_AWARDS), 16 + len(INDIVIDUAL_AWARDS))
MONTHS = PENDING + 1  # appended in Python

_M = _AWARD_COL


def _window(bits: int) -> int:
    """Mask of years year..year-(bits-1)."""
    return (1 << bits) - 1


# What each individual rule of LAW.md §2 reads (thidua/awards/rules/individual.py), with its window: people
# equal on these get the same verdict, messages included. Cross-cutting facts (open matters; discipline years in
# the award's window, DISCIPLINE_WINDOWS) are in every key.
_AWARD_KEYS = {
    "LDTT": lambda r: (r[MONTHS], r[R0], r[D_ANY] & 1, r[PENDING]),
    "CSTD_CO_SO": lambda r: (r[MONTHS], r[R0], r[I_ANY] & 1, r[D_ANY] & 1, r[PENDING]),
    "CSTD_TINH": lambda r: (r[_M["CSTD_CO_SO"]] & 7, r[I_TINH] & 7, r[D_ANY] & 7, r[PENDING]),
    "CSTD_TOAN_QUOC": lambda r: (r[_M["CSTD_TINH"]] & 0b1001, r[I_TQ], r[D_ANY], r[PENDING]),
    "BK_TINH": lambda r: (
        r[R0], r[R1], r[_M["CSTD_CO_SO"]] & 3, r[_M["BK_TINH"]] & 3, (r[I_N0] or 0) + (r[I_N1] or 0),
        r[D_ANY] & 3, r[PENDING],
    ),
    "BK_TTG": lambda r: (
        r[R0], r[R1], r[R2], r[R3], r[R4], bool(r[_M["BK_TINH"]] & 0b1100000), r[_M["CSTD_CO_SO"]] & 31,
        r[_M["BK_TTG"]] & 31, r[D_ANY] & 31, r[PENDING],
    ),
    "HCLD_3": lambda r: (
        r[R0], r[R1], r[R2], r[R3], r[R4], bool(r[_M["BK_TTG"]] & 0b1100000), r[_M["CSTD_CO_SO"]] & 31,
        r[_M["HCLD_3"]] & 31, r[D_ANY] & 31, r[PENDING],
    ),
}


def _year_mask_sql(year: int, column: str = "year", older: bool = True) -> str:
    whens = " ".join(f"WHEN {year - b} THEN {1 << b}" for b in range(MASK_BITS))
    tail = f" ELSE {OLDER_BIT}" if older else ""
    return f"CASE {column} {whens}{tail} END"


def _bits_agg(expr: str) -> str:
    # PostgreSQL: BIT_OR keeps the hash aggregate; SQLite has no BIT_OR, but each year maps to its own power of
    # two, so the sum of the distinct values is the same mask.
    if connection.vendor == "postgresql":
        return f"BIT_OR({expr})"
    return f"SUM(DISTINCT {expr})"


def round_sql(year: int, as_of: dt.date, people_sql: str | None, award_type_ids: dict[str, int]) -> str:
    """The one query of a round. `people_sql` restricts to a subquery of person ids (None = everyone)."""
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating
    from thidua.orgs.models import Person

    person_t = Person._meta.db_table
    rating_t = Rating._meta.db_table
    award_t = Award._meta.db_table
    init_t = Initiative._meta.db_table
    disc_t = Discipline._meta.db_table
    pend_t = PendingProceeding._meta.db_table
    only = f" AND person_id IN ({people_sql})" if people_sql else ""
    person_only = f" WHERE p.id IN ({people_sql})" if people_sql else ""

    rank = "CASE rating WHEN 'HTXSNV' THEN 4 WHEN 'HTTNV' THEN 3 WHEN 'HTNV' THEN 2 WHEN 'KHTNV' THEN 1 END"
    rating_cols = ", ".join(f"MAX(CASE WHEN year = {year - b} THEN {rank} END) AS r{b}" for b in range(5))
    award_cols = ", ".join(
        f"{_bits_agg(f'CASE WHEN award_type_id = {award_type_ids[code]} THEN {_year_mask_sql(year)} END')} AS a{i}"
        if code in award_type_ids else f"NULL AS a{i}"
        for i, code in enumerate(INDIVIDUAL_AWARDS)
    )
    type_ids = ", ".join(str(v) for v in award_type_ids.values()) or "NULL"
    first = year - MASK_BITS + 1
    init_mask = _year_mask_sql(year, older=False)
    open_on = as_of.isoformat()
    pending_mask = "CASE kind " + " ".join(f"WHEN '{k}' THEN {1 << i}" for i, k in enumerate(pending_kinds())) + " END"
    return f"""
SELECT p.id, p.joined_on, p.direct_worker,
       r.r0, r.r1, r.r2, r.r3, r.r4,
       {", ".join(f"a.a{i}" for i in range(len(INDIVIDUAL_AWARDS)))},
       i.i_any, i.i_tinh, i.i_tq, i.i_n0, i.i_n1, d.d_any, d.d_severe, pe.n
FROM {person_t} p
LEFT JOIN (SELECT person_id, {rating_cols} FROM {rating_t}
           WHERE person_id IS NOT NULL AND year BETWEEN {year - 4} AND {year}{only} GROUP BY person_id) r
       ON r.person_id = p.id
LEFT JOIN (SELECT person_id, {award_cols} FROM {award_t}
           WHERE person_id IS NOT NULL AND year <= {year} AND revoked = {_false()}
             AND commendation_type = '{COUNTING_TYPE}' AND award_type_id IN ({type_ids}){only}
           GROUP BY person_id) a
       ON a.person_id = p.id
LEFT JOIN (SELECT person_id,
                  {_bits_agg(init_mask)} AS i_any,
                  {_bits_agg(f"CASE WHEN scope IN ('tinh', 'toan_quoc') THEN {init_mask} END")} AS i_tinh,
                  {_bits_agg(f"CASE WHEN scope = 'toan_quoc' THEN {init_mask} END")} AS i_tq,
                  SUM(CASE WHEN year = {year} THEN 1 ELSE 0 END) AS i_n0,
                  SUM(CASE WHEN year = {year - 1} THEN 1 ELSE 0 END) AS i_n1
           FROM {init_t}
           WHERE person_id IS NOT NULL AND used_by_award_id IS NULL AND year BETWEEN {first} AND {year}{only}
           GROUP BY person_id) i
       ON i.person_id = p.id
LEFT JOIN (SELECT person_id, {_bits_agg(_year_mask_sql(year, older=False))} AS d_any,
                  {_bits_agg(f"CASE WHEN form <> '{NOT_SEVERE_DISCIPLINE}' THEN {_year_mask_sql(year, older=False)} END")}
                  AS d_severe
           FROM {disc_t} WHERE year BETWEEN {first} AND {year}{only} GROUP BY person_id) d
       ON d.person_id = p.id
LEFT JOIN (SELECT person_id, {_bits_agg(pending_mask)} AS n FROM {pend_t}
           WHERE person_id IS NOT NULL AND opened_on <= '{open_on}'
             AND (closed_on IS NULL OR closed_on > '{open_on}'){only}
           GROUP BY person_id) pe
       ON pe.person_id = p.id
{person_only}
"""


def _false() -> str:
    return "false" if connection.vendor == "postgresql" else "0"


def _pending_of(mask) -> list[str]:
    if not mask:
        return []
    kinds = pending_kinds()
    return pending_labels({k for i, k in enumerate(kinds) if mask & (1 << i)})


def case_from_row(row, year: int, award: str, received_on: dt.date | None = None) -> dict:
    """A §4.2 case with exactly the facts of a round row (enough for every individual rule)."""
    nominee = {"kind": "individual", "direct_worker": bool(row[DIRECT])}
    if row[MONTHS] is not None:
        nominee["months_in_service"] = row[MONTHS]
    ratings = [
        {"year": year - b, "rating": RATING_OF_RANK[row[R0 + b]]} for b in range(4, -1, -1) if row[R0 + b]
    ]
    awards = []
    for code, col in _AWARD_COL.items():
        mask = row[col] or 0
        for b in range(MASK_BITS, -1, -1):
            if mask & (1 << b):
                awards.append({"year": year - b, "award": code, "type": COUNTING_TYPE, "revoked": False})
    initiatives = []
    for b in range(MASK_BITS - 1, -1, -1):
        bit = 1 << b
        if not (row[I_ANY] or 0) & bit:
            continue
        scope = "toan_quoc" if (row[I_TQ] or 0) & bit else "tinh" if (row[I_TINH] or 0) & bit else "co_so"
        count = row[I_N0] if b == 0 else row[I_N1] if b == 1 else 1
        for k in range(max(int(count or 1), 1)):
            initiatives.append({"id": f"{year - b}-{k}", "year": year - b, "scope": scope if k == 0 else "co_so",
                                "used_for": None})
    discipline = []
    for b in range(MASK_BITS - 1, -1, -1):
        bit = 1 << b
        if (row[D_ANY] or 0) & bit:
            form = "canh_cao" if (row[D_SEVERE] or 0) & bit else NOT_SEVERE_DISCIPLINE
            discipline.append({"year": year - b, "form": form})
    case = {
        "id": str(row[PID]), "award": award, "year": year, "nominee": nominee, "ratings": ratings, "awards": awards,
        "initiatives": initiatives, "discipline": discipline, "pending": _pending_of(row[PENDING]),
    }
    if received_on is not None:
        case["received_on"] = received_on.isoformat()
    return case


@dataclass
class AwardRound:
    """Verdicts of one award for everyone in a round, shared by people with equal facts."""

    award: str
    groups: list[tuple[dict, list[int]]] = field(default_factory=list)  # (verdict, person ids)

    def verdict_of(self) -> dict[int, dict]:
        return {pid: verdict for verdict, pids in self.groups for pid in pids}

    def eligible_ids(self) -> list[int]:
        return [pid for verdict, pids in self.groups if verdict.get("eligible") for pid in pids]

    def near_miss(self) -> dict[int, dict]:
        """{person_id: the one unmet criterion} for people who miss by exactly one criterion."""
        out = {}
        for verdict, pids in self.groups:
            unmet = verdict.get("unmet") or []
            if verdict.get("eligible") is False and len(unmet) == 1:
                for pid in pids:
                    out[pid] = unmet[0]
        return out


@dataclass
class RoundResult:
    year: int
    people: int
    awards: dict[str, AwardRound]
    evaluations: int  # engine calls actually made


def load_overrides():
    """The province's parameter overrides (RuleParameter rows) for the engine."""
    try:
        from thidua.awards.param_store import load_overrides as stored
    except ImportError:  # the store module lands separately; read the rows directly meanwhile
        from thidua.awards.models import RuleParameter
        from thidua.awards.rules import ParameterOverride

        return [ParameterOverride(name, value, start)
                for name, value, start in RuleParameter.objects.values_list("name", "value", "effective_from")]
    return stored()


def _award_type_ids(codes) -> dict[str, int]:
    from thidua.awards.models import AwardType

    return dict(AwardType.objects.filter(code__in=list(codes)).values_list("code", "id"))


def round_rows(year: int, people=None, received_on: dt.date | None = None):
    """Yield the round's rows (one per person), with months in service appended."""
    as_of = received_on or default_received_on(year)
    people_sql, params = (None, ())
    if people is not None:
        sql, params = people.values("pk").query.sql_with_params()
        people_sql = sql
    query = round_sql(year, as_of, people_sql, _award_type_ids(INDIVIDUAL_AWARDS))
    ref = service_reference_date(year)
    months_of: dict = {}
    with connection.cursor() as cursor:
        # The subquery's parameters appear once per derived table that filters on it (5) and once at the end.
        n = query.count("person_id IN (") + query.count("p.id IN (")
        cursor.execute(query, list(params) * n if people_sql else [])
        while True:
            chunk = cursor.fetchmany(20000)
            if not chunk:
                break
            for row in chunk:
                joined = row[JOINED]
                if joined not in months_of:
                    if isinstance(joined, str):
                        joined_date = dt.date.fromisoformat(joined)
                    else:
                        joined_date = joined
                    months = months_between(joined_date, ref)
                    months_of[joined] = None if months is None else min(months, MONTHS_CAP)
                yield (*row[:R0], *row[R0:R4 + 1], *[v or 0 for v in row[R4 + 1:]], months_of[joined])


def eligibility_round(
    year: int,
    people=None,
    award_codes=INDIVIDUAL_AWARDS,
    received_on: dt.date | None = None,
    overrides=None,
) -> RoundResult:
    """Judge every person (or the people of a queryset) for each individual award of `award_codes`."""
    from thidua.awards.rules import ParamResolver, evaluate

    resolver = ParamResolver(load_overrides() if overrides is None else overrides)
    codes = [c for c in award_codes if c in _AWARD_KEYS]
    keyers = [(code, _AWARD_KEYS[code], {}) for code in codes]
    people_count = 0
    for row in round_rows(year, people, received_on):
        people_count += 1
        pid = row[PID]
        for _code, keyer, groups in keyers:
            key = keyer(row)
            group = groups.get(key)
            if group is None:
                groups[key] = [row, pid]
            else:
                group.append(pid)
    awards = {}
    evaluations = 0
    for code, _keyer, groups in keyers:
        result = AwardRound(code)
        for group in groups.values():
            verdict = evaluate(case_from_row(group[0], year, code, received_on), resolver=resolver)
            evaluations += 1
            result.groups.append((verdict, group[1:]))
        awards[code] = result
    return RoundResult(year=year, people=people_count, awards=awards, evaluations=evaluations)
