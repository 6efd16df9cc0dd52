"""Gather the facts of eligibility cases from the database, set-wise (DESIGN.md §4.2, LAW.md §4).

The engine in `thidua/awards/rules/` is pure: facts in, verdict out. This module is the only Django code that
turns records (ratings, awards, initiatives, discipline, open proceedings, people, units) into §4.2 case dicts.
It reads with a constant number of queries whatever the number of people: each table is read once per chunk of
subjects with `values_list`, restricted to the window of years the rules look at, and the rows are grouped in
Python. Never call it per person in a loop; give it all the people at once.

Individuals: `gather_person_cases(people, award_codes, year)`. Collectives: `gather_unit_cases(units, …)`; a
unit's history includes the units that became (part of) it (`UnitLineage`), and its collective counts
(members, members_completed, members_ldtt, …) are over the active people of the unit and its sub-units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

# Award codes of LAW.md judged for everyone by the eligibility round and the person/unit pages, by subject. The
# codes rule book v2 adds (LAW-V2.md §C) are judged where a unit proposes them (nominations), with their bases.
INDIVIDUAL_AWARDS = ("LDTT", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC", "BK_TINH", "BK_TTG", "HCLD_3")
COLLECTIVE_AWARDS = ("TTLDTT", "TTLDXS", "BK_TINH", "CO_TINH", "CO_CP")

# The rules look back at most 5 years (CSTD_TOAN_QUOC, "prior award ≤ year-5"); records older than the window
# are summarised as "the latest award of each code before the window", which is all a rule can ask of them.
WINDOW_YEARS = 10

COUNTING_TYPE = "cong_trang"
NOT_SEVERE_DISCIPLINE = "khien_trach"
RATINGS_COMPLETED = ("HTXSNV", "HTTNV", "HTNV")
RATING_ORDER = {"KHTNV": 1, "HTNV": 2, "HTTNV": 3, "HTXSNV": 4}


def default_received_on(year: int) -> dt.date:
    """LAW.md §0: the date the dossier is received defaults to 1 December of the year."""
    return dt.date(year, 12, 1)


def months_between(start: dt.date | None, end: dt.date) -> int | None:
    """Whole months from `start` to `end` (None when the start is unknown; 0 when it is after `end`)."""
    if start is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    return max(months, 0)


def service_reference_date(year: int) -> dt.date:
    """Months in service count to the end of the year judged (LĐTT: ≥ 10 months in the year)."""
    return dt.date(year, 12, 31)


def _chunk_size() -> int:
    # SQLite limits bound parameters; PostgreSQL takes large IN lists but they plan worse than a subquery.
    return 900 if connection.vendor == "sqlite" else 10000


def _id_filters(subjects, field: str) -> list[Q]:
    """One Q per chunk of subjects: a subquery for a queryset, chunks of ids for an iterable."""
    if isinstance(subjects, QuerySet):
        return [Q(**{f"{field}__in": subjects.values("pk")})]
    ids = sorted({int(s.pk if hasattr(s, "pk") else s) for s in subjects})
    size = _chunk_size()
    return [Q(**{f"{field}__in": ids[i : i + size]}) for i in range(0, len(ids), size)]


def _rows(model, filters: list[Q], extra: Q, *fields):
    for q in filters:
        yield from model.objects.filter(q & extra).values_list(*fields)


def _award_entry(code: str, year: int, ctype: str, revoked: bool) -> dict:
    return {"year": year, "award": code, "type": ctype or COUNTING_TYPE, "revoked": bool(revoked)}


def _history(model_filters, year: int, subject_field: str, ids_map=None):
    """Ratings, awards, initiatives of subjects (persons or units) within the window, plus older awards.

    `ids_map` maps a record's subject id to the case ids that inherit it (unit lineage); default identity."""
    from thidua.awards.models import Award, Initiative, Rating

    first = year - WINDOW_YEARS

    def owners(sid):
        return ids_map.get(sid, ()) if ids_map is not None else (sid,)

    # One rating per year. Through lineage a successor may inherit a predecessor's rating for a year it was
    # also rated itself: its own rating wins; between predecessors the lower one (the merged unit's record is
    # only as good as its weakest part).
    by_year: dict = {}
    for sid, y, value in _rows(Rating, model_filters, Q(year__gte=first, year__lte=year), subject_field, "year", "rating"):
        for owner in owners(sid):
            own = sid == owner
            previous = by_year.get((owner, y))
            if previous is None or (own and not previous[0]) or (
                own == previous[0] and RATING_ORDER[value] < RATING_ORDER[previous[1]]
            ):
                by_year[(owner, y)] = (own, value)
    ratings = defaultdict(list)
    for (owner, y), (_own, value) in by_year.items():
        ratings[owner].append({"year": y, "rating": value})

    awards = defaultdict(list)
    extra = Q(year__gte=first, year__lte=year)
    if subject_field == "unit_id":
        extra &= Q(person__isnull=True)
    for sid, code, y, ctype, revoked in _rows(
        Award, model_filters, extra, subject_field, "award_type__code", "year", "commendation_type", "revoked"
    ):
        for owner in owners(sid):
            awards[owner].append(_award_entry(code, y, ctype, revoked))
    # Older than the window: the latest counting award of each code (enough for "a prior award ≤ year-5" and
    # for the interval since the last award of the same code).
    older = Q(year__lt=first, revoked=False, commendation_type=COUNTING_TYPE)
    if subject_field == "unit_id":
        older &= Q(person__isnull=True)
    latest: dict = {}
    for sid, code, y in _rows(Award, model_filters, older, subject_field, "award_type__code", "year"):
        for owner in owners(sid):
            if latest.get((owner, code), -1) < y:
                latest[(owner, code)] = y
    for (owner, code), y in latest.items():
        awards[owner].append(_award_entry(code, y, COUNTING_TYPE, False))

    initiatives = defaultdict(list)
    for iid, sid, y, scope, used_code in _rows(
        Initiative, model_filters, Q(year__gte=first, year__lte=year),
        "id", subject_field, "year", "scope", "used_by_award__award_type__code",
    ):
        for owner in owners(sid):
            initiatives[owner].append({"id": str(iid), "year": y, "scope": scope, "used_for": used_code})
    for store in (ratings, awards, initiatives):
        for entries in store.values():
            entries.sort(key=lambda e: (e["year"], e.get("award", ""), e.get("id", "")))
    return ratings, awards, initiatives


def _pending(model_filters, subject_field: str, as_of: dt.date, ids_map=None) -> dict:
    """Matters open on `as_of` (opened on or before it, not closed by then): they hold any award."""
    from thidua.awards.models import PendingProceeding

    kinds = defaultdict(set)
    open_q = Q(opened_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    for sid, kind in _rows(PendingProceeding, model_filters, open_q, subject_field, "kind"):
        for owner in ids_map.get(sid, ()) if ids_map is not None else (sid,):
            kinds[owner].add(kind)
    return {owner: pending_labels(found) for owner, found in kinds.items()}


def pending_kinds() -> list[str]:
    from thidua.awards.models import PendingProceeding

    return list(PendingProceeding.Kind.values)


def pending_labels(kinds) -> list[str]:
    """The Vietnamese descriptions of the open matters (the verdict quotes them), in a fixed order."""
    from thidua.awards.models import PendingProceeding

    return [str(PendingProceeding.Kind(k).label) for k in pending_kinds() if k in kinds]


def _base_case(case_id, award_codes, year, received_on, nominee) -> dict:
    case = {"id": str(case_id), "award": award_codes[0] if award_codes else "", "year": year, "nominee": nominee}
    if received_on is not None:
        case["received_on"] = received_on.isoformat()
    return case


def gather_person_cases(
    people, award_codes: Iterable[str], year: int, received_on: dt.date | None = None
) -> dict[int, dict]:
    """{person_id: §4.2 case} for individuals (a queryset of Person, Person objects or ids).

    The case's `award` is the first of `award_codes`; the facts cover every code given, so the same case serves
    any of them: `dict(case, award=code)`. A constant number of queries per chunk of people (one subquery when
    `people` is a queryset)."""
    from thidua.awards.models import Discipline
    from thidua.orgs.models import Person

    award_codes = tuple(award_codes)
    as_of = received_on or default_received_on(year)
    filters = _id_filters(people, "person_id")
    person_filters = _id_filters(people, "id")

    cases: dict[int, dict] = {}
    ref = service_reference_date(year)
    for pid, joined_on, direct, gender in _rows(Person, person_filters, Q(), "id", "joined_on", "direct_worker",
                                                "gender"):
        nominee = {"kind": "individual", "direct_worker": bool(direct)}
        if gender in ("male", "female"):  # read by KNC_BO_NGANH (LAW-V2.md §C.2)
            nominee["gender"] = gender
        months = months_between(joined_on, ref)
        if months is not None:
            nominee["months_in_service"] = months
        cases[pid] = _base_case(pid, award_codes, year, received_on, nominee)
    if not cases:
        return cases

    ratings, awards, initiatives = _history(filters, year, "person_id")
    discipline = defaultdict(list)
    for pid, y, form in _rows(
        Discipline, filters, Q(year__gte=year - WINDOW_YEARS, year__lte=year), "person_id", "year", "form"
    ):
        discipline[pid].append({"year": y, "form": form})
    pending = _pending(filters, "person_id", as_of)

    for pid, case in cases.items():
        case["ratings"] = ratings.get(pid, [])
        case["awards"] = awards.get(pid, [])
        case["initiatives"] = initiatives.get(pid, [])
        case["discipline"] = sorted(discipline.get(pid, []), key=lambda d: d["year"])
        case["pending"] = pending.get(pid, [])
    return cases


def lineage_map(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """{unit_id: the unit and every unit that became (part of) it, transitively}; one query for all units."""
    from thidua.orgs.models import UnitLineage

    edges: dict[int, set[int]] = defaultdict(set)
    for pred, succ in UnitLineage.objects.exclude(successor=None).values_list("predecessor_id", "successor_id"):
        edges[succ].add(pred)
    result = {}
    for uid in unit_ids:
        seen, stack = {uid}, [uid]
        while stack:
            for pred in edges.get(stack.pop(), ()):
                if pred not in seen:
                    seen.add(pred)
                    stack.append(pred)
        result[uid] = seen
    return result


def group_ranks(unit_ids: Iterable[int], year: int) -> dict[int, int]:
    """Rank of each unit in its Cụm/Khối for `year`, where the movements app records rankings.

    LAW.md §4: `group_rank` is optional; without a ranking it is absent and CO_TINH/CO_CP report it as missing."""
    try:
        from thidua.movements import selectors as movement_selectors
    except ImportError:
        return {}
    ranks = getattr(movement_selectors, "group_ranks", None)
    if ranks is None:
        return {}
    return dict(ranks(list(unit_ids), year))


def member_counts(unit_ids: Iterable[int], year: int) -> dict[int, dict]:
    """Collective counts of LAW.md §3 for each unit, over the active people of the unit and its sub-units.

    Set-wise: one grouped query per fact, grouped by the person's own unit, then rolled up the unit tree."""
    from thidua.awards.models import Award, Discipline, Rating
    from thidua.orgs.models import Person, Unit

    unit_ids = list(unit_ids)
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    if not paths:
        return {}
    scope = Q(pk__in=[])
    for path in set(paths.values()):
        scope |= Q(unit__path__startswith=path)
    members_qs = Person.objects.filter(scope, active=True)
    unit_path = dict(Unit.objects.filter(pk__in=members_qs.values("unit_id")).values_list("pk", "path"))

    def tally(pairs) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for own_unit, n in pairs:
            counts[own_unit] += n
        return counts

    from django.db.models import Count

    members = tally(members_qs.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    completed = tally(
        Rating.objects.filter(person__in=members_qs, year=year, rating__in=RATINGS_COMPLETED)
        .values("person__unit_id").annotate(n=Count("person_id", distinct=True)).values_list("person__unit_id", "n")
    )
    counting = Award.objects.filter(
        person__in=members_qs, year=year, revoked=False, commendation_type=COUNTING_TYPE
    )
    ldtt = tally(
        counting.filter(award_type__code="LDTT").values("person__unit_id")
        .annotate(n=Count("person_id", distinct=True)).values_list("person__unit_id", "n")
    )
    cstd = tally(
        counting.filter(award_type__code="CSTD_CO_SO").values("person__unit_id")
        .annotate(n=Count("person_id", distinct=True)).values_list("person__unit_id", "n")
    )
    disciplined = tally(
        Discipline.objects.filter(person__in=members_qs, year=year).exclude(form=NOT_SEVERE_DISCIPLINE)
        .values("person__unit_id").annotate(n=Count("person_id", distinct=True)).values_list("person__unit_id", "n")
    )

    result = {}
    for uid, path in paths.items():
        inside = [u for u, p in unit_path.items() if p.startswith(path)]
        result[uid] = {
            "members": sum(members.get(u, 0) for u in inside),
            "members_completed": sum(completed.get(u, 0) for u in inside),
            "members_ldtt": sum(ldtt.get(u, 0) for u in inside),
            "members_cstd_co_so": sum(cstd.get(u, 0) for u in inside),
            "members_disciplined_canh_cao_or_more": sum(disciplined.get(u, 0) for u in inside),
        }
    return result


def gather_unit_cases(
    units, award_codes: Iterable[str], year: int, received_on: dt.date | None = None
) -> dict[int, dict]:
    """{unit_id: §4.2 case} for collectives (a queryset of Unit, Unit objects or ids).

    A unit's ratings and awards include those of its predecessors (merged/renamed units)."""
    award_codes = tuple(award_codes)
    as_of = received_on or default_received_on(year)
    unit_ids = sorted({int(u.pk if hasattr(u, "pk") else u) for u in units}) if not isinstance(units, QuerySet) else list(
        units.values_list("pk", flat=True)
    )
    if not unit_ids:
        return {}
    lineage = lineage_map(unit_ids)
    owners_of: dict[int, set[int]] = defaultdict(set)
    for uid, ids in lineage.items():
        for sid in ids:
            owners_of[sid].add(uid)
    filters = _id_filters(list(owners_of), "unit_id")
    ratings, awards, initiatives = _history(filters, year, "unit_id", ids_map=owners_of)
    pending = _pending(filters, "unit_id", as_of, ids_map=owners_of)
    counts = member_counts(unit_ids, year)
    ranks = group_ranks(unit_ids, year)

    cases = {}
    for uid in unit_ids:
        case = _base_case(uid, award_codes, year, received_on, {"kind": "collective"})
        case["ratings"] = ratings.get(uid, [])
        case["awards"] = awards.get(uid, [])
        case["initiatives"] = initiatives.get(uid, [])
        case["pending"] = pending.get(uid, [])
        collective = dict(counts.get(uid, {"members": 0}))
        if uid in ranks:
            collective["group_rank"] = ranks[uid]
        case["collective"] = collective
        cases[uid] = case
    return cases


def case_for(case: dict, award_code: str) -> dict:
    """The same facts judged for another award."""
    return dict(case, award=award_code)
