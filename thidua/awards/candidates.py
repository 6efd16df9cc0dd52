"""Candidate suggestion: who qualifies for each award in a year, and who misses by exactly one criterion.

The eligibility round reads every fact an individual rule of LAW.md §2 looks at with ONE SQL query, then judges
with the pure engine (`thidua.awards.rules`). For years in `person_facts.SUMMARY_YEARS` (1996–2052) the query
reads the per-person summary `awards_personfacts` — one narrow row per person with absolute-year bit masks,
kept exact by database triggers (`person_facts.py`) — and cuts each mask to the rules' windows with a shift
and an AND (`summary_round_sql`). Otherwise it aggregates the history itself (`round_sql`: ratings of
year-4..year, a bit mask of years per award code, initiative and discipline masks); both give the same rows.

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
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from thidua.awards.facts import (
    COUNTING_TYPE,
    INDIVIDUAL_AWARDS,
    default_received_on,
    pending_kinds,
    pending_labels,
)
from thidua.awards.param_store import load_overrides

MASK_BITS = 6  # bits 0..5 = years year..year-5; bit 6 = some year before year-5
OLDER_BIT = 1 << MASK_BITS
LONG_SERVICE = -1  # months bucket: at least the province's minimum (the exact number is never quoted then)

# The award codes an individual rule reads in the history (prerequisites and intervals). LĐTT records — most of
# an award book — are never read (ldtt_standard is judged on the rating), so the round does not scan them.
PREREQUISITE_CODES = ("CSTD_CO_SO", "CSTD_TINH", "BK_TINH", "BK_TTG", "HCLD_3")

# The reduced facts of one person: everything any individual rule reads, cut to the rules' windows. People with
# equal reduced facts are grouped by the database; a row of the round is one such group.
REDUCED = (
    "months",  # months in service to 31/12, exact below the minimum, LONG_SERVICE at or above it, NULL unknown
    "r0", "r1", "r2", "r3", "r4",  # rating rank (HTXSNV 4 … KHTNV 1) of year, year-1, … year-4; NULL = none
    "cstd",  # CSTĐ cơ sở in year-b, b = 0..4 (bits)
    "tinh",  # CSTĐ cấp tỉnh in year (bit 0) and year-3 (bit 3)
    "bk",  # Bằng khen tỉnh in year, year-1 (bits 0, 1)
    "bk_old",  # a Bằng khen tỉnh in a year ≤ year-5
    "ttg",  # Bằng khen Thủ tướng in year-b, b = 0..4
    "ttg_old",  # a Bằng khen Thủ tướng in a year ≤ year-5
    "hcld",  # Huân chương Lao động hạng Ba in year-b, b = 0..4
    "i_any",  # an unused initiative recognised in year (bit 0)
    "i_tinh",  # an unused initiative of scope ≥ tỉnh in year-b, b = 0..2
    "i_tq",  # an unused initiative of scope toàn quốc in year-b, b = 0..5
    "i_n",  # unused initiatives recognised in year-1..year, counted up to 2 (the rule needs 2)
    "d",  # discipline in year-b, b = 0..5
    "pend",  # open matters (bit per PendingProceeding.Kind)
)
_I = {name: i for i, name in enumerate(REDUCED)}
# (field, bit offset, width) of the packed facts column of the round query.
PACKED = (("cstd", 0, 5), ("tinh", 5, 4), ("bk", 9, 2), ("bk_old", 11, 1), ("ttg", 12, 5), ("ttg_old", 17, 1),
          ("hcld", 18, 5), ("i_any", 23, 1), ("i_tinh", 24, 3), ("i_tq", 27, 6), ("i_n", 33, 2), ("d", 35, 6),
          ("pend", 41, 8))


def _unpack(months, ratings: int, packed: int) -> tuple:
    """A round query row's three grouping integers back to the REDUCED fields."""
    values = {"months": months}
    for b in range(5):
        values[f"r{b}"] = (ratings >> (3 * b)) & 7 or None
    for name, shift, width in PACKED:
        values[name] = (packed >> shift) & ((1 << width) - 1)
    return tuple(values[name] for name in REDUCED)
(MONTHS, R0, R1, R2, R3, R4, CSTD, TINH, BK, BK_OLD, TTG, TTG_OLD, HCLD, I_ANY, I_TINH, I_TQ, I_N, D,
 PEND) = range(len(REDUCED))

# What each individual rule of LAW.md §2 reads (thidua/awards/rules/individual.py, DISCIPLINE_WINDOWS): groups
# equal on these get the same verdict, messages included.
_AWARD_KEYS = {
    "LDTT": lambda r: (r[MONTHS], r[R0], r[D] & 1, r[PEND]),
    "CSTD_CO_SO": lambda r: (r[MONTHS], r[R0], r[I_ANY], r[D] & 1, r[PEND]),
    "CSTD_TINH": lambda r: (r[CSTD] & 7, r[I_TINH], r[D] & 7, r[PEND]),
    "CSTD_TOAN_QUOC": lambda r: (r[TINH], r[I_TQ], r[D], r[PEND]),
    "BK_TINH": lambda r: (r[R0], r[R1], r[CSTD] & 3, r[BK], r[I_N], r[D] & 3, r[PEND]),
    "BK_TTG": lambda r: (r[R0], r[R1], r[R2], r[R3], r[R4], r[BK_OLD], r[CSTD], r[TTG], r[D] & 31, r[PEND]),
    "HCLD_3": lambda r: (r[R0], r[R1], r[R2], r[R3], r[R4], r[TTG_OLD], r[CSTD], r[HCLD], r[D] & 31, r[PEND]),
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


def _false() -> str:
    return "false" if connection.vendor == "postgresql" else "0"


def _year_month_sql(column: str) -> tuple[str, str]:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)", f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)", f"CAST(strftime('%%m', {column}) AS integer)"


def round_sql(year: int, as_of: dt.date, people_sql: str | None, award_type_ids: dict[str, int],
              minimum_months) -> str:
    """The one query of a round: reduced facts per person, grouped; each row ends with the group's size and ids.

    `people_sql` restricts to a subquery of person ids (None = everyone)."""
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating
    from thidua.orgs.models import Person

    only = f" AND person_id IN ({people_sql})" if people_sql else ""
    person_only = f" WHERE p.id IN ({people_sql})" if people_sql else ""
    rank = "CASE rating WHEN 'HTXSNV' THEN 4 WHEN 'HTTNV' THEN 3 WHEN 'HTNV' THEN 2 WHEN 'KHTNV' THEN 1 END"
    rating_cols = f"SUM(({rank}) * (CASE year {' '.join(f'WHEN {year - b} THEN {8 ** b}' for b in range(5))} END)) AS rp"

    def award_mask(code):
        if code not in award_type_ids:
            return "0"
        return _bits_agg(f"CASE WHEN award_type_id = {award_type_ids[code]} THEN {_year_mask_sql(year)} END")

    type_ids = ", ".join(str(v) for v in award_type_ids.values()) or "NULL"
    first = year - MASK_BITS + 1
    init_mask = _year_mask_sql(year, older=False)
    open_on = as_of.isoformat()
    pending_mask = "CASE kind " + " ".join(f"WHEN '{k}' THEN {1 << i}" for i, k in enumerate(pending_kinds())) + " END"
    joined_year, joined_month = _year_month_sql("p.joined_on")
    months = f"(({year} - {joined_year}) * 12 + 12 - {joined_month})"  # whole months to 31 December
    aggregate = "array_agg(x.id)" if connection.vendor == "postgresql" else "GROUP_CONCAT(x.id)"
    old = OLDER_BIT | (1 << (MASK_BITS - 1))  # year-5 or before
    reduced = {
        "months": f"CASE WHEN x.months IS NULL THEN NULL WHEN x.months >= {minimum_months} THEN {LONG_SERVICE} "
                  f"WHEN x.months < 0 THEN 0 ELSE x.months END",
        "cstd": "(COALESCE(x.a_cstd, 0) & 31)",
        "tinh": "(COALESCE(x.a_tinh, 0) & 9)",
        "bk": "(COALESCE(x.a_bk, 0) & 3)",
        "bk_old": f"CASE WHEN (COALESCE(x.a_bk, 0) & {old}) <> 0 THEN 1 ELSE 0 END",
        "ttg": "(COALESCE(x.a_ttg, 0) & 31)",
        "ttg_old": f"CASE WHEN (COALESCE(x.a_ttg, 0) & {old}) <> 0 THEN 1 ELSE 0 END",
        "hcld": "(COALESCE(x.a_hcld, 0) & 31)",
        "i_any": "(COALESCE(x.i_any, 0) & 1)",
        "i_tinh": "(COALESCE(x.i_tinh, 0) & 7)",
        "i_tq": "COALESCE(x.i_tq, 0)",
        "i_n": "CASE WHEN COALESCE(x.i_n, 0) > 2 THEN 2 ELSE COALESCE(x.i_n, 0) END",
        "d": "COALESCE(x.d, 0)",
        "pend": "COALESCE(x.pend, 0)",
    }
    # The database groups people on three integers: the months bucket, the ratings, and every other reduced fact
    # packed into one 64-bit integer (PACKED); a narrow sort/hash key makes the grouping cheap.
    packed = " + ".join(f"CAST({reduced[name]} AS BIGINT) * {1 << shift}" for name, shift, _width in PACKED)
    columns = f"{reduced['months']}, COALESCE(x.rp, 0), {packed}"
    return f"""
SELECT {columns}, COUNT(*), {aggregate}
FROM (
  SELECT p.id, CASE WHEN p.joined_on IS NULL THEN NULL ELSE {months} END AS months,
         r.rp, a.a_cstd, a.a_tinh, a.a_bk, a.a_ttg, a.a_hcld,
         i.i_any, i.i_tinh, i.i_tq, i.i_n, d.d, pe.pend
  FROM {Person._meta.db_table} p
  LEFT JOIN (SELECT person_id, {rating_cols} FROM {Rating._meta.db_table}
             WHERE person_id IS NOT NULL AND year BETWEEN {year - 4} AND {year}{only} GROUP BY person_id) r
         ON r.person_id = p.id
  LEFT JOIN (SELECT person_id, {award_mask("CSTD_CO_SO")} AS a_cstd, {award_mask("CSTD_TINH")} AS a_tinh,
                    {award_mask("BK_TINH")} AS a_bk, {award_mask("BK_TTG")} AS a_ttg, {award_mask("HCLD_3")} AS a_hcld
             FROM {Award._meta.db_table}
             WHERE person_id IS NOT NULL AND year <= {year} AND revoked = {_false()}
               AND commendation_type = '{COUNTING_TYPE}' AND award_type_id IN ({type_ids}){only}
             GROUP BY person_id) a
         ON a.person_id = p.id
  LEFT JOIN (SELECT person_id,
                    {_bits_agg(init_mask)} AS i_any,
                    {_bits_agg(f"CASE WHEN scope IN ('tinh', 'toan_quoc') THEN {init_mask} END")} AS i_tinh,
                    {_bits_agg(f"CASE WHEN scope = 'toan_quoc' THEN {init_mask} END")} AS i_tq,
                    SUM(CASE WHEN year >= {year - 1} THEN 1 ELSE 0 END) AS i_n
             FROM {Initiative._meta.db_table}
             WHERE person_id IS NOT NULL AND used_by_award_id IS NULL AND year BETWEEN {first} AND {year}{only}
             GROUP BY person_id) i
         ON i.person_id = p.id
  LEFT JOIN (SELECT person_id, {_bits_agg(_year_mask_sql(year, older=False))} AS d
             FROM {Discipline._meta.db_table} WHERE year BETWEEN {first} AND {year}{only} GROUP BY person_id) d
         ON d.person_id = p.id
  LEFT JOIN (SELECT person_id, {_bits_agg(pending_mask)} AS pend FROM {PendingProceeding._meta.db_table}
             WHERE person_id IS NOT NULL AND opened_on <= '{open_on}'
               AND (closed_on IS NULL OR closed_on > '{open_on}'){only}
             GROUP BY person_id) pe
         ON pe.person_id = p.id
  {person_only}
) x
GROUP BY 1, 2, 3
"""


# The same reduced facts read from the per-person summary (awards/person_facts.py): each field is a window of an
# absolute-year mask, cut in SQL with one shift and one AND; bits come in year order (oldest first) and are put
# back in the REDUCED order (bit b = year-b) in Python, once per group. (field, mask column, width, reversed)
SUMMARY_WINDOWS = (("cstd", "cstd", 5, True), ("tinh", "cstd_tinh", 4, True), ("bk", "bk_tinh", 2, True),
                   ("ttg", "bk_ttg", 5, True), ("hcld", "hcld3", 5, True), ("i_tinh", "init_tinh", 3, True),
                   ("i_tq", "init_tq", 6, True), ("d", "discipline", 6, True))
SUMMARY_FLAGS = ("bk_old", "ttg_old", "i_any")
SUMMARY_I_N_WIDTH = 3  # unused initiatives of year-1..year, 0..4 before the cap of 2


def _summary_layout():
    layout, shift = [], 0
    for name, _column, width, _rev in SUMMARY_WINDOWS:
        layout.append((name, shift, width))
        shift += width
    for name in SUMMARY_FLAGS:
        layout.append((name, shift, 1))
        shift += 1
    layout.append(("i_n", shift, SUMMARY_I_N_WIDTH))
    return tuple(layout)


SUMMARY_PACKED = _summary_layout()
_REVERSED = {name: width for name, _column, width, rev in SUMMARY_WINDOWS if rev}


def _reverse_table(width: int) -> tuple[int, ...]:
    return tuple(sum(1 << (width - 1 - k) for k in range(width) if v & (1 << k)) for v in range(1 << width))


_REVERSE = {width: _reverse_table(width) for width in set(_REVERSED.values())}
# (position in REDUCED, shift, mask, bit-reversal table or None) of each packed field.
_SUMMARY_SLOTS = tuple((REDUCED.index(name), shift, (1 << width) - 1, _REVERSE.get(_REVERSED.get(name)))
                       for name, shift, width in SUMMARY_PACKED)
_RATING_LEVELS = (4, 3, 2, 1)


@lru_cache(maxsize=4096)
def _ratings_of(windows: int) -> tuple:
    """The ranks of year, year-1 … year-4 from the four oldest-first 5-bit windows (HTXSNV … KHTNV)."""
    ranks = []
    for b in range(5):
        k = 4 - b
        ranks.append(next((value for level, value in enumerate(_RATING_LEVELS) if (windows >> (5 * level + k)) & 1),
                          None))
    return tuple(ranks)


_I_N_SLOT = REDUCED.index("i_n")


def _unpack_summary(months, ratings: int, packed: int) -> list:
    """A summary round row's grouping integers back to the REDUCED fields (the shape `_unpack` gives); `pend`
    is left None for the caller to fill from the query's own column."""
    values = [None] * len(REDUCED)
    values[0] = months
    values[1:6] = _ratings_of(ratings)
    for slot, shift, mask, reverse in _SUMMARY_SLOTS:
        value = (packed >> shift) & mask
        values[slot] = reverse[value] if reverse else value
    if values[_I_N_SLOT] > 2:
        values[_I_N_SLOT] = 2
    return values


def summary_round_sql(year: int, as_of: dt.date, people_sql: str | None, minimum_months) -> str:
    """The round's one query on the per-person summary: one narrow table and the few open proceedings."""
    from thidua.awards.models import PendingProceeding
    from thidua.awards.person_facts import BASE_YEAR, TABLE

    def window(column: str, width: int) -> str:
        return f"((s.{column} >> {year - (width - 1) - BASE_YEAR}) & {(1 << width) - 1})"

    older = (1 << (year - 5 - BASE_YEAR + 1)) - 1  # bits of the years up to year-5
    terms = {name: window(column, width) for name, column, width, _rev in SUMMARY_WINDOWS}
    terms["bk_old"] = f"(CASE WHEN (s.bk_tinh & {older}) <> 0 THEN 1 ELSE 0 END)"
    terms["ttg_old"] = f"(CASE WHEN (s.bk_ttg & {older}) <> 0 THEN 1 ELSE 0 END)"
    terms["i_any"] = f"((s.init_any >> {year - BASE_YEAR}) & 1)"
    this, last = year - BASE_YEAR, year - 1 - BASE_YEAR
    terms["i_n"] = (f"(((s.init_any >> {this}) & 1) + ((s.init_two >> {this}) & 1) + ((s.init_any >> {last}) & 1) "
                    f"+ ((s.init_two >> {last}) & 1))")
    packed = " + ".join(f"CAST({terms[name]} AS BIGINT) * {1 << shift}" for name, shift, _w in SUMMARY_PACKED)
    ratings = " + ".join(f"{window(column, 5)} * {1 << (5 * level)}" for level, column in
                         enumerate(("rating_htxsnv", "rating_httnv", "rating_htnv", "rating_khtnv")))
    months = f"({year * 12 + 11} - s.joined_month)"  # whole months to 31 December, as round_sql counts them
    months_bucket = (f"CASE WHEN s.joined_month IS NULL THEN NULL WHEN {months} >= {minimum_months} "
                     f"THEN {LONG_SERVICE} WHEN {months} < 0 THEN 0 ELSE {months} END")
    open_on = as_of.isoformat()
    pending_mask = "CASE kind " + " ".join(f"WHEN '{k}' THEN {1 << i}" for i, k in enumerate(pending_kinds())) + " END"
    only = f" AND person_id IN ({people_sql})" if people_sql else ""
    where = f" WHERE s.person_id IN ({people_sql})" if people_sql else ""
    aggregate = "array_agg(s.person_id)" if connection.vendor == "postgresql" else "GROUP_CONCAT(s.person_id)"
    return f"""
SELECT {months_bucket}, {ratings}, {packed}, COALESCE(pe.pend, 0), COUNT(*), {aggregate}
FROM {TABLE} s
LEFT JOIN (SELECT person_id, {_bits_agg(pending_mask)} AS pend FROM {PendingProceeding._meta.db_table}
           WHERE person_id IS NOT NULL AND opened_on <= '{open_on}'
             AND (closed_on IS NULL OR closed_on > '{open_on}'){only}
           GROUP BY person_id) pe
       ON pe.person_id = s.person_id
{where}
GROUP BY 1, 2, 3, 4
"""


def _pending_of(mask, memo: dict | None = None) -> list[str]:
    if not mask:
        return []
    if memo is not None and mask in memo:
        return memo[mask]
    kinds = pending_kinds()
    labels = pending_labels({k for i, k in enumerate(kinds) if mask & (1 << i)})
    if memo is not None:
        memo[mask] = labels  # per round only: the labels are translated in the language of the request
    return labels


def _years(mask: int, year: int, bits: int = MASK_BITS) -> list[int]:
    return [year - b for b in range(bits) if mask & (1 << b)]


def facts_from_row(row, year: int, received_on: dt.date, minimum_months=10, memo: dict | None = None):
    """The engine's typed facts for a round row: faithful to every fact the rules read (see REDUCED)."""
    from thidua.awards.rules import SCOPES, Facts

    ratings = {year - b: row[R0 + b] for b in range(5) if row[R0 + b]}
    awards = {
        "CSTD_CO_SO": _years(row[CSTD], year),
        "CSTD_TINH": _years(row[TINH], year),
        "BK_TINH": _years(row[BK], year) + ([year - 6] if row[BK_OLD] else []),
        "BK_TTG": _years(row[TTG], year) + ([year - 6] if row[TTG_OLD] else []),
        "HCLD_3": _years(row[HCLD], year),
    }
    initiatives = {}
    for b in range(MASK_BITS):
        if row[I_TQ] & (1 << b):
            initiatives[year - b] = SCOPES["toan_quoc"]
        elif row[I_TINH] & (1 << b):
            initiatives[year - b] = SCOPES["tinh"]
    if row[I_ANY] and year not in initiatives:
        initiatives[year] = SCOPES["co_so"]
    listed = [(y, scope) for y, scope in sorted(initiatives.items())]
    recent = sum(1 for y, _scope in listed if y >= year - 1)
    # Further initiatives counted for BK_TINH go to year-1: none of them is in `year` unless i_any says so.
    listed += [(year - 1, SCOPES["co_so"])] * max(row[I_N] - recent, 0)
    months = row[MONTHS]
    return Facts(
        kind="individual", year=year, ratings=ratings,
        awards={code: frozenset(years) for code, years in awards.items() if years},
        initiatives=tuple(listed), discipline_years=frozenset(_years(row[D], year)),
        pending=tuple(_pending_of(row[PEND], memo)),
        months_in_service=None if months is None else (max(minimum_months, 0) if months == LONG_SERVICE else months),
        received_on=received_on,
    )


@dataclass
class AwardRound:
    """Verdicts of one award for everyone in a round, shared by people with equal facts.

    `groups`: (verdict, lists of person ids): the id lists come as the database grouped them (not copied)."""

    award: str
    groups: list[tuple[dict, list[list[int]]]] = field(default_factory=list)

    def _ids(self, pid_lists):
        for pids in pid_lists:
            yield from pids

    def verdict_of(self) -> dict[int, dict]:
        return {pid: verdict for verdict, lists in self.groups for pid in self._ids(lists)}

    def eligible_ids(self) -> list[int]:
        return [pid for verdict, lists in self.groups if verdict.get("eligible") for pid in self._ids(lists)]

    def near_miss(self) -> dict[int, dict]:
        """{person_id: the one unmet criterion} for people who miss by exactly one criterion."""
        out = {}
        for verdict, lists in self.groups:
            unmet = verdict.get("unmet") or []
            if verdict.get("eligible") is False and len(unmet) == 1:
                for pid in self._ids(lists):
                    out[pid] = unmet[0]
        return out

    def count(self, eligible: bool = True) -> int:
        return sum(len(pids) for verdict, lists in self.groups if bool(verdict.get("eligible")) == eligible
                   for pids in lists)


@dataclass
class RoundResult:
    year: int
    people: int
    awards: dict[str, AwardRound]
    evaluations: int  # engine calls actually made
    groups: int = 0  # distinct reduced facts among the people
    seconds_gather: float = 0.0  # the query (the database groups people by facts) and reading its rows
    seconds_judge: float = 0.0  # grouping by each award's facts and the engine


def _award_type_ids(codes) -> dict[str, int]:
    from thidua.awards.models import AwardType

    return dict(AwardType.objects.filter(code__in=list(codes)).values_list("code", "id"))


def round_groups(year: int, people=None, received_on: dt.date | None = None, minimum_months=10,
                 use_summary: bool | None = None):
    """Rows of the round: (reduced facts…, number of people, their ids).

    Reads the per-person summary when the year is inside its range (`person_facts.SUMMARY_YEARS`), otherwise
    aggregates the history (`round_sql`); `use_summary=False` forces the latter (tests compare the two)."""
    from thidua.awards.person_facts import SUMMARY_YEARS

    as_of = received_on or default_received_on(year)
    people_sql, params = (None, ())
    if people is not None:
        people_sql, params = people.values("pk").query.sql_with_params()
    summary = use_summary is not False and year in SUMMARY_YEARS
    if summary:
        query = summary_round_sql(year, as_of, people_sql, minimum_months)
    else:
        query = round_sql(year, as_of, people_sql, _award_type_ids(PREREQUISITE_CODES), minimum_months)
    postgres = connection.vendor == "postgresql"
    # PostgreSQL's JIT spends ~10 s compiling the history aggregate, for a query that runs in seconds. On the
    # summary, the planner cannot know that 500,000 people fall into a few thousand groups and would sort them
    # (on disk) for a GroupAggregate: a hash aggregate in memory is ~25% faster.
    settings = {"jit": "off"}
    if summary:
        settings.update(work_mem="64MB", enable_sort="off")
    with connection.cursor() as cursor:
        if postgres:
            names = list(settings)
            cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names) + ["set_config(%s, %s, false)"]
                                                 * len(names)),
                           names + [x for name in names for x in (name, settings[name])])
            previous = cursor.fetchone()[:len(names)]
        try:
            # The subquery's parameters appear once per derived table that filters on it and once at the end.
            n = query.count("person_id IN (") + query.count("p.id IN (")
            cursor.execute(query, list(params) * n if people_sql else [])
            rows = cursor.fetchall()
        finally:
            if postgres:
                cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, false)"] * len(names)),
                               [x for name, value in zip(names, previous, strict=True) for x in (name, value)])

    def ids(value):
        return value if postgres else [int(x) for x in value.split(",")]

    if summary:
        out = []
        for row in rows:
            reduced = _unpack_summary(*row[:3])
            reduced[PEND] = row[3]
            out.append((*reduced, row[4], ids(row[5])))
        return out
    return [(*_unpack(*row[:3]), row[3], ids(row[4])) for row in rows]


def eligibility_round(
    year: int,
    people=None,
    award_codes=INDIVIDUAL_AWARDS,
    received_on: dt.date | None = None,
    overrides=None,
    use_summary: bool | None = None,
) -> RoundResult:
    """Judge every person (or the people of a queryset) for each individual award of `award_codes`."""
    from thidua.awards.rules import ParamResolver, evaluate_facts

    resolver = ParamResolver(load_overrides() if overrides is None else overrides)
    on = received_on or default_received_on(year)
    params = resolver.at(on)
    minimum = params.ldtt_service_months if params is not None else 10
    started = time.perf_counter()
    rows = round_groups(year, people, received_on, minimum, use_summary)
    gathered = time.perf_counter()
    people_count = sum(row[-2] for row in rows)
    memo: dict = {}
    awards = {}
    evaluations = 0
    for code in award_codes:
        keyer = _AWARD_KEYS.get(code)
        if keyer is None:
            continue
        by_key: dict = {}
        for row in rows:
            key = keyer(row)
            group = by_key.get(key)
            if group is None:
                by_key[key] = [row, row[-1]]
            else:
                group.append(row[-1])
        result = AwardRound(code)
        for group in by_key.values():
            verdict = evaluate_facts(facts_from_row(group[0], year, on, minimum, memo), code, params, None)
            evaluations += 1
            result.groups.append((verdict, group[1:]))
        awards[code] = result
    _judge_equivalent_holders(awards, year, people, received_on, resolver)
    return RoundResult(year=year, people=people_count, awards=awards, evaluations=evaluations, groups=len(rows),
                       seconds_gather=gathered - started, seconds_judge=time.perf_counter() - gathered)


# Rule book v2 (LAW-V2.md §C.1): where these rules read a prerequisite, the ministry form counts like the
# provincial one. The round's reduced facts hold only the provincial codes, so the few people holding a ministry
# form are judged on their full case instead (one query to find them; none hold one in most provinces).
EQUIVALENT_READERS = {"CSTD_TOAN_QUOC": ("CSTD_BO_NGANH",), "BK_TTG": ("BK_BO_NGANH",)}


def _equivalent_holders(year: int, people, codes) -> set[int]:
    from thidua.awards.models import Award

    found = Award.objects.filter(award_type__code__in=list(codes), year__lte=year, revoked=False,
                                 commendation_type=COUNTING_TYPE, person__isnull=False)
    if people is not None:
        found = found.filter(person__in=people.values("pk"))
    return set(found.values_list("person_id", flat=True).distinct())


def _judge_equivalent_holders(awards: dict, year: int, people, received_on, resolver) -> None:
    readers = [code for code in awards if code in EQUIVALENT_READERS]
    if not readers:
        return
    holders = _equivalent_holders(year, people, {c for code in readers for c in EQUIVALENT_READERS[code]})
    if not holders:
        return
    from thidua.awards.facts import gather_person_cases
    from thidua.awards.rules import evaluate

    cases = gather_person_cases(sorted(holders), readers, year, received_on)
    for code in readers:
        result = awards[code]
        result.groups = [(verdict, [[pid for pid in pids if pid not in holders] for pids in lists])
                         for verdict, lists in result.groups]
        for pid in sorted(holders):
            if pid in cases:
                result.groups.append((evaluate(dict(cases[pid], award=code, id=None), resolver=resolver), [[pid]]))


# ------------------------------------------------------------------------------------------------------------
# Verdicts for pages: every criterion of the award, met / unmet / not judged, with its article.

def article_display(article: str) -> str:
    """The rule book's basis ("Luật Art 24.1.a") as the page's language cites it: in Vietnamese "điểm a khoản 1
    Điều 24 Luật Thi đua, khen thưởng" (`rules.citation`), in English the compact code."""
    from thidua.awards.law_display import cite

    return cite(article)


def explain(verdict: dict, kind: str = "individual") -> dict:
    """A verdict with every criterion of the award in the rule book's order, for display: met / unmet / judged by
    the council (a declared basis with evidence) / declarable / not judged; plus the rule set and the criteria
    whose basis is unconfirmed (rule set v3)."""
    from thidua.awards.law_display import rule_set_label
    from thidua.awards.rules import RULE_SETS_BY_VERSION, award_name_in, criteria_for

    code = verdict.get("award") or ""
    version = verdict.get("rule_set")
    met = {m["criterion"] for m in verdict.get("met", [])}
    unmet = {u["criterion"]: u for u in verdict.get("unmet", [])}
    judged = {j["criterion"]: j for j in verdict.get("needs_judgement") or []}
    unconfirmed = set(verdict.get("unconfirmed") or [])
    rows = []
    try:
        criteria = criteria_for(code, kind, version)
    except (KeyError, ValueError):
        criteria = ()
    for criterion in criteria:
        if criterion.code in unmet:
            status, message = "unmet", unmet[criterion.code]["message"]
        elif criterion.code in judged:
            status, message = "judgement", judged[criterion.code]["message"]
        elif criterion.code in met:
            status, message = "met", ""
        elif criterion.declared:
            status, message = "declarable", ""
        else:
            status, message = "skipped", ""
        rows.append({"code": criterion.code, "title": criterion.title, "article": article_display(criterion.article),
                     "status": status, "message": message, "unconfirmed": criterion.code in unconfirmed})
    return {
        "award": code,
        "name": award_name_in(code, RULE_SETS_BY_VERSION.get(version or "")),
        "eligible": verdict.get("eligible"),
        "error": verdict.get("error", ""),
        "unmet_count": len(unmet),
        "rule_set": version,
        "rule_set_label": rule_set_label(version),
        "judgement_count": len(judged),
        "unconfirmed_count": len(unconfirmed),
        "criteria": rows,
    }


def judge_person(person, year: int, received_on: dt.date | None = None) -> list[dict]:
    """Explained verdicts of every individual award of the rule book for one person."""
    from thidua.awards.facts import gather_person_cases
    from thidua.awards.rules import ParamResolver, evaluate

    case = gather_person_cases([person.pk], INDIVIDUAL_AWARDS, year, received_on).get(person.pk)
    if case is None:
        return []
    resolver = ParamResolver(load_overrides())
    return [explain(evaluate(dict(case, award=code), resolver=resolver), "individual") for code in INDIVIDUAL_AWARDS]


def judge_unit(unit, year: int, received_on: dt.date | None = None) -> list[dict]:
    """Explained verdicts of every collective award of the rule book for one unit."""
    from thidua.awards.facts import COLLECTIVE_AWARDS, gather_unit_cases
    from thidua.awards.rules import ParamResolver, evaluate

    case = gather_unit_cases([unit.pk], COLLECTIVE_AWARDS, year, received_on).get(unit.pk)
    resolver = ParamResolver(load_overrides())
    return [explain(evaluate(dict(case, award=code), resolver=resolver), "collective") for code in COLLECTIVE_AWARDS]


# ------------------------------------------------------------------------------------------------------------
# Candidate suggestion for a scope (a unit's subtree, or the whole province).

ELIGIBLE = "eligible"
NEAR = "near"


@dataclass
class AwardSuggestion:
    code: str
    name: str
    kind: str  # individual | collective
    eligible: list[int]  # subject ids in display order
    near: list[int]
    unmet: dict[int, dict]  # subject id -> the one unmet criterion

    def ids(self, status: str) -> list[int]:
        return self.eligible if status == ELIGIBLE else self.near


@dataclass
class Suggestion:
    year: int
    people: int
    units: int
    individual: list[AwardSuggestion]
    collective: list[AwardSuggestion]

    def find(self, code: str, kind: str) -> AwardSuggestion | None:
        for s in self.individual if kind == "individual" else self.collective:
            if s.code == code:
                return s
        return None


def suggest(people, units, year: int, received_on: dt.date | None = None) -> Suggestion:
    """Who qualifies for each award, and who misses by exactly one criterion.

    `people`: a queryset of the Person in scope; `units`: a queryset of the Unit in scope (collectives). People
    come in Vietnamese name order, units in the order of the unit tree's names. A constant number of queries."""
    from thidua.awards.facts import COLLECTIVE_AWARDS, gather_unit_cases
    from thidua.awards.rules import AWARD_NAMES, ParamResolver, evaluate

    overrides = load_overrides()
    result = eligibility_round(year, people, INDIVIDUAL_AWARDS, received_on, overrides)
    order = list(people.order_by("sort_key", "id").values_list("id", flat=True))
    individual = []
    for code in INDIVIDUAL_AWARDS:
        award_round = result.awards[code]
        eligible = set(award_round.eligible_ids())
        near = award_round.near_miss()
        individual.append(AwardSuggestion(
            code, AWARD_NAMES.get(code, code), "individual",
            [pid for pid in order if pid in eligible], [pid for pid in order if pid in near], near,
        ))

    unit_order = list(units.order_by("sort_key", "id").values_list("id", flat=True))
    cases = gather_unit_cases(unit_order, COLLECTIVE_AWARDS, year, received_on) if unit_order else {}
    resolver = ParamResolver(overrides)
    collective = []
    for code in COLLECTIVE_AWARDS:
        eligible, near, unmet = [], [], {}
        for uid in unit_order:
            verdict = evaluate(dict(cases[uid], award=code), resolver=resolver)
            misses = verdict.get("unmet") or []
            if verdict.get("eligible"):
                eligible.append(uid)
            elif verdict.get("eligible") is False and len(misses) == 1:
                near.append(uid)
                unmet[uid] = misses[0]
        collective.append(AwardSuggestion(code, AWARD_NAMES.get(code, code), "collective", eligible, near, unmet))
    return Suggestion(year=year, people=result.people, units=len(unit_order), individual=individual,
                      collective=collective)
