"""Statistics for the "Báo cáo" area: every number is an aggregate over what the user may see.

Each function runs a fixed number of grouped queries (no per-row queries) over `visible_to(user)` querysets and
returns plain data (dataclasses, dicts) that pages, XLSX exports and the API all render.

Shares (LAW.md §5, the seed's II.9 priority): among individual awards, how many went to women and to direct
workers (người lao động trực tiếp); among collective awards, how many went to small collectives. A "small
collective" is a unit without sub-units (the same definition as the awards quota page, `awards/quota.py`).
Revoked awards (Luật Art 93) never count; they are counted separately.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.scoping import is_province_wide


def scope_name(user, unit=None) -> str:
    """What a report covers: the chosen unit, the user's unit subtree, or the whole province."""
    if unit is not None:
        return unit.name
    root = scope_root(user)
    return root.name if root is not None else _("Toàn tỉnh")


def scope_root(user):
    """The unit whose subtree the user sees (None = the whole province)."""
    if is_province_wide(user):
        return None
    return getattr(user, "unit", None)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(value):
    return None if value is None else round(100 * value, 1)


def _small_unit_ids(unit_ids) -> set[int]:
    """Of these units, those without sub-units (small collectives). One query."""
    from thidua.orgs.models import Unit

    with_children = set(
        Unit.objects.filter(parent_id__in=list(unit_ids)).order_by().values_list("parent_id", flat=True).distinct()
    )
    return {uid for uid in unit_ids if uid not in with_children}


# --------------------------------------------------------------------------------------------------------------
# Award statistics


@dataclass
class AwardCounts:
    """Counts of one group of awards (revoked excluded, except `revoked`)."""

    total: int = 0
    individual: int = 0
    women: int = 0
    direct: int = 0
    collective: int = 0
    small: int = 0
    household: int = 0
    revoked: int = 0

    def add(self, other: AwardCounts):
        for name in ("total", "individual", "women", "direct", "collective", "small", "household", "revoked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def women_share(self):
        return share(self.women, self.individual)

    @property
    def direct_share(self):
        return share(self.direct, self.individual)

    @property
    def small_share(self):
        return share(self.small, self.collective)

    @property
    def women_pct(self):
        return _pct(self.women_share)

    @property
    def direct_pct(self):
        return _pct(self.direct_share)

    @property
    def small_pct(self):
        return _pct(self.small_share)

    def as_dict(self) -> dict:
        return {
            "total": self.total, "individual": self.individual, "women": self.women, "direct_workers": self.direct,
            "collective": self.collective, "small_collectives": self.small, "household": self.household,
            "revoked": self.revoked, "women_share": self.women_share, "direct_worker_share": self.direct_share,
            "small_collective_share": self.small_share,
        }


@dataclass
class AwardRow:
    year: int
    award_code: str
    award_name: str
    category: str
    level: str
    unit_id: int | None
    unit_name: str
    counts: AwardCounts


@dataclass
class AwardStats:
    year_from: int
    year_to: int
    root: object  # the unit filtered on, or the user's scope root, or None (province)
    rows: list[AwardRow]
    total: AwardCounts
    by_year: dict[int, AwardCounts]
    by_type: list[tuple[str, str, str, AwardCounts]]  # code, name, category, counts
    by_level: list[tuple[str, str, AwardCounts]]  # level code, label, counts
    by_unit: list[tuple[int | None, str, AwardCounts]]
    by_commendation: list[tuple[str, str, AwardCounts]] = field(default_factory=list)  # code, label, counts
    # Cụm/Khối: (group id, name, kind label, counts); an award counts in every group its unit (or a unit above it)
    # belongs to today, so these need not add up to the total
    by_group: list[tuple[int, str, str, str, AwardCounts]] = field(default_factory=list)  # id, name, kind, label, …
    comparison: Comparison | None = None  # the same numbers for the period just before, of the same length


@dataclass
class Change:
    """One line of a year-on-year comparison: awards (not revoked) this period and the period before."""

    key: object
    label: str
    current: int
    previous: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def change_pct(self) -> float | None:
        """Change in per cent of the previous period (None when it had none)."""
        return round(100 * (self.current - self.previous) / self.previous, 1) if self.previous else None

    def as_dict(self) -> dict:
        return {"current": self.current, "previous": self.previous, "difference": self.difference,
                "change_pct": self.change_pct}


@dataclass
class Comparison:
    year_from: int
    year_to: int  # the previous period
    totals: list[Change]  # one line per count (total, individual, women, …)
    by_level: list[Change]
    by_type: list[Change]
    by_commendation: list[Change]
    by_unit: list[Change]
    by_group: list[Change]


def _subtree_q(unit, prefix: str = "unit"):
    """Records of `unit`'s subtree, and of the units that became (part of) a unit of it (lineage: their records are
    counted under their successor today)."""
    q = Q(**{f"{prefix}__path__startswith": unit.path})
    successors = successors_today()
    inside = _subtree_ids(unit) if successors else set()
    moved_in = [pred for pred, succ in successors.items() if succ in inside]
    if moved_in:
        q |= Q(**{f"{prefix}_id__in": moved_in})
    return q


def _subtree_ids(unit) -> set[int]:
    from thidua.orgs.models import Unit

    return set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def successors_today() -> dict[int, int]:
    """{unit id: the unit it is part of today} for every unit merged, renamed or moved into another (lineage
    followed to its end: A → B → C gives A: C). A unit split into several keeps its own records (they cannot be
    divided); a unit dissolved without successor too. One query over the lineage table."""
    from thidua.orgs.models import UnitLineage

    nexts: dict[int, set[int]] = defaultdict(set)
    for pred, succ in UnitLineage.objects.exclude(successor=None).values_list("predecessor_id", "successor_id"):
        nexts[pred].add(succ)
    out = {}
    for start in nexts:
        unit, seen = start, {start}
        while len(nexts.get(unit, ())) == 1:
            (following,) = nexts[unit]
            if following in seen:  # a cycle in the records: stop where it closes
                break
            seen.add(following)
            unit = following
        if unit != start:
            out[start] = unit
    return out


def award_queryset(user, *, unit=None, year_from=None, year_to=None, category=""):
    """Scoped awards, revoked included (callers split them): the one place the filters are applied."""
    from thidua.awards.models import Award, AwardType

    qs = Award.objects.visible_to(user)
    if unit is not None:
        qs = qs.filter(_subtree_q(unit))
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    if category in AwardType.Category.values:
        qs = qs.filter(award_type__category=category)
    return qs


# Rows of the grouped reads: (year, award type id, unit id, commendation type, total, individual, women, direct,
# collective, household, revoked), totals excluding revoked awards.
_COUNT_NAMES = ("total", "individual", "women", "direct", "collective", "household", "revoked")


def _grouped_from_awards(user, *, year_from, year_to, unit=None, category="") -> list[tuple]:
    """The raw query: counts per (year, award type, unit) aggregated over the award book joined to people."""
    qs = award_queryset(user, unit=unit, year_from=year_from, year_to=year_to, category=category)
    return list(
        qs.order_by().values("year", "award_type_id", "unit_id", "commendation_type").annotate(
            total=Count("id", filter=Q(revoked=False)),
            individual=Count("id", filter=Q(revoked=False, recipient_kind="individual")),
            women=Count("id", filter=Q(revoked=False, recipient_kind="individual", person__gender="female")),
            direct=Count("id", filter=Q(revoked=False, recipient_kind="individual", person__direct_worker=True)),
            collective=Count("id", filter=Q(revoked=False, recipient_kind="collective")),
            household=Count("id", filter=Q(revoked=False, recipient_kind="household")),
            revoked=Count("id", filter=Q(revoked=True)),
        ).values_list("year", "award_type_id", "unit_id", "commendation_type", *_COUNT_NAMES)
    )


def _summary_queryset(user, *, year_from, year_to, unit=None, category=""):
    from thidua.awards.models import AwardStat, AwardType

    qs = AwardStat.objects.visible_to(user)
    if unit is not None:
        qs = qs.filter(_subtree_q(unit))
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    if category in AwardType.Category.values:
        qs = qs.filter(award_type__category=category)
    return qs.order_by()


def _grouped_from_summary(user, *, year_from, year_to, unit=None, category="") -> list[tuple]:
    """The same counts from the trigger-maintained cells (`awards_awardstat`, awards/award_stats.py). A cell is
    already one (unit, year, award type, commendation type): read as is, without the per-row conversions of the ORM
    (plain integers and text; a province's five years are ~40,000 cells)."""
    qs = _summary_queryset(user, year_from=year_from, year_to=year_to, unit=unit, category=category)
    # cells emptied by deletions are not rows of the raw query
    qs = qs.filter(Q(total__gt=0) | Q(revoked__gt=0)).values_list(
        "year", "award_type_id", "unit_id", "commendation_type", *_COUNT_NAMES)
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add_into(table: dict, key, acc: list[int]) -> None:
    """table[key] += acc, element-wise, on plain lists of the eight counts (AwardCounts order)."""
    into = table.get(key)
    if into is None:
        table[key] = acc[:]
    else:
        for i, value in enumerate(acc):
            into[i] += value


def awards_by_year(user, *, year_from: int, year_to: int) -> dict[int, AwardCounts]:
    """Province- (or scope-) wide counts per year from the cells: one small grouped query (the dashboard's
    five-year trend)."""
    from thidua.orgs.models import Unit

    qs = _summary_queryset(user, year_from=year_from, year_to=year_to)
    childless = ~Exists(Unit.objects.filter(parent_id=OuterRef("unit_id")))
    out = {y: AwardCounts() for y in range(year_from, year_to + 1)}
    for row in qs.values("year").annotate(**{f"n_{c}": Sum(c) for c in _COUNT_NAMES},
                                          n_small=Sum("collective", filter=childless)).values_list(
            "year", *(f"n_{c}" for c in _COUNT_NAMES), "n_small"):
        year, total, individual, women, direct, collective, household, revoked, small = row
        out[year] = AwardCounts(total=total, individual=individual, women=women, direct=direct,
                                collective=collective, small=small or 0, household=household, revoked=revoked)
    return out


def award_stats(user, *, year_from: int, year_to: int, unit=None, category="", source: str = "summary",
                compare: bool = False) -> AwardStats:
    """Awards by year × award type × reporting unit (the filter unit's direct sub-units, each over its subtree),
    with breakdowns by level, award type, commendation type (loại hình), reporting unit and Cụm/Khối; with
    `compare`, the same numbers for the period of the same length just before (year-on-year comparison).

    Lineage: a unit merged, renamed or moved into another counts under its successor today (`successors_today`):
    its awards join the successor's reporting unit, Cụm/Khối and subtree filter.

    Queries: one grouped count over the pre-aggregated cells (`source="awards"`: over the award book itself, the
    reference the cells are tested against), one for the award types, a few for the units, the lineage and the
    Cụm/Khối memberships; twice with `compare`. Revoked awards are counted in `revoked` only."""
    from thidua.awards.models import AwardType, CommendationType
    from thidua.orgs.models import Unit

    root = unit if unit is not None else scope_root(user)
    read = _grouped_from_summary if source == "summary" else _grouped_from_awards
    grouped = read(user, year_from=year_from, year_to=year_to, unit=unit, category=category)
    successors = successors_today()
    unit_ids = {g[2] for g in grouped}
    counted_as = {uid: successors.get(uid, uid) for uid in unit_ids}  # the unit an award counts under today
    wanted = unit_ids | set(counted_as.values())
    if len(wanted) > 200:  # most of a province: read the unit table once (paths, and who has children)
        table = list(Unit.objects.order_by().values_list("pk", "path", "parent_id"))
        paths = {pk: path for pk, path, _parent in table if pk in wanted}
        parents = {parent for _pk, _path, parent in table}
        small = {uid for uid in unit_ids if uid not in parents}
    else:
        paths = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
        small = _small_unit_ids(unit_ids)
    types = {t.pk: t for t in AwardType.objects.filter(pk__in={g[1] for g in grouped})}

    # The reporting unit of a record: the direct sub-unit of the root its unit (today) lies under (the root itself
    # for the root's own records; the unit itself for records outside the tree that the scope brings in).
    # Province-wide: break down by the agencies and localities under the province's own unit (the top of the tree).
    group_root = root if root is not None else (
        Unit.objects.filter(parent=None, kind=Unit.Kind.PROVINCE).order_by("pk").only("pk", "path").first())
    root_path = group_root.path if group_root is not None else "/"
    head_ids = set()
    head_of: dict[int, int | None] = {}
    for uid, today_id in counted_as.items():
        path = paths.get(today_id, "")
        if unit is not None and not path.startswith(unit.path):
            head_of[uid] = None  # merged into a unit outside the filter: counted there, not here
            continue
        if path.startswith(root_path):
            rest = [x for x in path[len(root_path):].split("/") if x]
            head = int(rest[0]) if rest else (group_root.pk if group_root is not None else today_id)
        else:
            head = today_id
        head_of[uid] = head
        head_ids.add(head)
    head_names = dict(Unit.objects.filter(pk__in=head_ids).values_list("pk", "name")) if head_ids else {}

    # One pass over the cells into two small tables of plain lists: per (year, type, reporting unit, commendation
    # type) — every breakdown but Cụm/Khối is a sum of it — and per unit (for Cụm/Khối, by the unit counted under
    # today). A province's five years are ~40,000 cells; no objects are made per cell.
    coarse: dict[tuple, list[int]] = {}
    per_unit: dict[int, list[int]] = {}
    for year, type_id, unit_id, ctype, total_, individual, women, direct, collective, household, revoked in grouped:
        head = head_of[unit_id]
        if head is None:
            continue
        row = [total_, individual, women, direct, collective, collective if unit_id in small else 0, household,
               revoked]
        for table, key in ((coarse, (year, type_id, head, ctype)), (per_unit, unit_id)):
            acc = table.get(key)
            if acc is None:
                table[key] = row[:]
            else:
                acc[0] += row[0]
                acc[1] += row[1]
                acc[2] += row[2]
                acc[3] += row[3]
                acc[4] += row[4]
                acc[5] += row[5]
                acc[6] += row[6]
                acc[7] += row[7]
    per_today: dict[int, list[int]] = {}
    for unit_id, acc in per_unit.items():
        _add_into(per_today, counted_as[unit_id], acc)
    groups_of = _groups_today(set(per_today), paths)
    by_group_acc: dict[int, list[int]] = {}
    for today_id, acc in per_today.items():
        for group_id in groups_of.get(today_id, ()):
            _add_into(by_group_acc, group_id, acc)
    total_acc: list[int] = [0] * 8
    tables: dict[str, dict] = {name: {} for name in ("cells", "year", "type", "level", "unit", "ctype")}
    for (year, type_id, head, ctype), acc in coarse.items():
        for i, value in enumerate(acc):
            total_acc[i] += value
        _add_into(tables["cells"], (year, type_id, head), acc)
        _add_into(tables["year"], year, acc)
        _add_into(tables["type"], type_id, acc)
        _add_into(tables["level"], types[type_id].level, acc)
        _add_into(tables["unit"], head, acc)
        _add_into(tables["ctype"], ctype, acc)

    def counts(name: str) -> dict:
        return {key: AwardCounts(*acc) for key, acc in tables[name].items()}

    total = AwardCounts(*total_acc)
    by_year: dict[int, AwardCounts] = {y: AwardCounts() for y in range(year_from, year_to + 1)}
    by_year.update(counts("year"))
    by_type, by_level, by_unit, by_ctype = counts("type"), counts("level"), counts("unit"), counts("ctype")
    by_group = {group_id: AwardCounts(*acc) for group_id, acc in by_group_acc.items()}
    cells = counts("cells")
    rows = []
    for (year, type_id, head), c in cells.items():
        t = types[type_id]
        rows.append(AwardRow(year, t.code, t.name, t.category, t.level, head, head_names.get(head, ""), c))
    order = {pk: (t.order, t.code) for pk, t in types.items()}
    code_order = {t.code: (t.order, t.code) for t in types.values()}
    rows.sort(key=lambda r: (-r.year, code_order[r.award_code], r.unit_name))
    level_labels = dict(AwardType.Level.choices)
    ctype_labels = dict(CommendationType.choices)
    group_rows = _group_rows(by_group)
    stats = AwardStats(
        year_from=year_from, year_to=year_to, root=root, rows=rows, total=total,
        by_year=dict(sorted(by_year.items())),
        by_type=[(types[pk].code, types[pk].name, types[pk].category, c)
                 for pk, c in sorted(by_type.items(), key=lambda kv: order[kv[0]])],
        by_level=[(lv, str(level_labels[lv]), by_level[lv]) for lv in AwardType.Level.values if lv in by_level],
        by_unit=sorted(((h, head_names.get(h, ""), c) for h, c in by_unit.items()), key=lambda x: -x[2].total),
        by_commendation=[(ct, str(ctype_labels[ct]), by_ctype[ct]) for ct in CommendationType.values
                         if ct in by_ctype] + [(ct, ct, c) for ct, c in by_ctype.items() if ct not in ctype_labels],
        by_group=group_rows,
    )
    if compare:
        span = year_to - year_from + 1
        before = award_stats(user, year_from=year_from - span, year_to=year_to - span, unit=unit, category=category,
                             source=source)
        stats.comparison = compare_stats(stats, before)
    return stats


def _groups_today(unit_ids, paths: dict[int, str]) -> dict[int, list[int]]:
    """{unit id: ids of the Cụm/Khối it belongs to today, itself or through a unit above it}. One query."""
    from thidua.orgs.models import GroupMembership

    today = timezone.localdate()
    member_groups: dict[str, list[int]] = defaultdict(list)
    for group_id, path in GroupMembership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=today)).filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=today)).values_list("group_id", "unit__path"):
        member_groups[path].append(group_id)
    if not member_groups:
        return {}
    out = {}
    for uid in unit_ids:
        path = paths.get(uid, "")
        found: list[int] = []
        prefix = "/"
        for part in [x for x in path.split("/") if x]:
            prefix += part + "/"
            found.extend(g for g in member_groups.get(prefix, ()) if g not in found)
        if found:
            out[uid] = found
    return out


def _group_rows(by_group: dict[int, AwardCounts]) -> list[tuple[int, str, str, str, AwardCounts]]:
    from thidua.orgs.models import EmulationGroup

    if not by_group:
        return []
    kinds = dict(EmulationGroup.Kind.choices)
    return [(g.pk, g.name, g.kind, str(kinds.get(g.kind, g.kind)), by_group[g.pk])
            for g in EmulationGroup.objects.filter(pk__in=by_group).order_by("kind", "sort_key", "pk")]


COMPARED_COUNTS = (("total", gettext_lazy("Tổng số (không kể bị hủy)")), ("individual", gettext_lazy("Cá nhân")),
                   ("women", gettext_lazy("Trong đó nữ")), ("direct", gettext_lazy("Người lao động trực tiếp")),
                   ("collective", gettext_lazy("Tập thể")), ("small", gettext_lazy("Trong đó tập thể nhỏ")),
                   ("household", gettext_lazy("Hộ gia đình")))


def compare_stats(now: AwardStats, before: AwardStats) -> Comparison:
    """Year-on-year lines: every count of the totals, and the total of each level, award type, commendation type,
    reporting unit and Cụm/Khối met in either period (this period's order first, then what only the previous
    period had)."""

    def lines(current: list[tuple], previous: list[tuple], key, label) -> list[Change]:
        prev = {key(x): x for x in previous}
        out = [Change(key(x), label(x), x[-1].total, prev[key(x)][-1].total if key(x) in prev else 0)
               for x in current]
        seen = {c.key for c in out}
        out += [Change(key(x), label(x), 0, x[-1].total) for x in previous if key(x) not in seen]
        return out

    first, second = (lambda x: x[0]), (lambda x: x[1])
    return Comparison(
        year_from=before.year_from, year_to=before.year_to,
        totals=[Change(name, str(label), getattr(now.total, name), getattr(before.total, name))
                for name, label in COMPARED_COUNTS],
        by_level=lines(now.by_level, before.by_level, first, second),
        by_type=lines(now.by_type, before.by_type, first, second),
        by_commendation=lines(now.by_commendation, before.by_commendation, first, second),
        by_unit=lines(now.by_unit, before.by_unit, first, second),
        by_group=lines(now.by_group, before.by_group, first, second),
    )


# --------------------------------------------------------------------------------------------------------------
# Leader dashboard


@dataclass
class Dashboard:
    year: int
    root: object
    awards: AwardStats
    dossier_states: list[tuple[str, str, int]]  # state, label, count
    dossiers_total: int
    dossiers_open: int
    dossiers_overdue: int
    plan: object
    tasks: dict[str, int]
    registrations: dict[str, int]
    registration_states: list[tuple[str, str, int]]
    awards_by_year: dict[int, AwardCounts] = field(default_factory=dict)


def dossier_counts(user, year: int, today: dt.date):
    from thidua.dossiers.models import FINAL_STATES, Dossier, DossierState

    qs = Dossier.objects.visible_to(user).filter(year=year)
    counts = dict(qs.values("state").annotate(n=Count("id")).values_list("state", "n"))
    overdue = qs.exclude(state__in=FINAL_STATES).filter(due_on__lt=today).count()
    states = [(s, str(label), counts.get(s, 0)) for s, label in DossierState.choices]
    total = sum(counts.values())
    open_count = total - sum(counts.get(s, 0) for s in FINAL_STATES)
    return states, total, open_count, overdue


def task_counts(user, year: int, today: dt.date):
    """Tasks of the province plan of `year` (the user sees the tasks its units lead or co-ordinate)."""
    from thidua.plans.models import Plan, PlanTask, TaskStatus

    plan = Plan.objects.visible_to(user).province_plans().filter(year=year).order_by("-issued_on", "-id").first()
    counts = {s: 0 for s in TaskStatus.values}
    if plan is not None:
        for status, n in (
            PlanTask.objects.visible_to(user).filter(plan=plan).with_effective_status(today)
            .values("effective_status").annotate(n=Count("id")).values_list("effective_status", "n")
        ):
            counts[status] = n
    counts["total"] = sum(counts[s] for s in TaskStatus.values)
    return plan, counts


def registration_counts(user, date_from: dt.date, date_to: dt.date):
    """Registrations for periods overlapping [date_from, date_to]: by status, collective vs individual."""
    from thidua.movements.models import Registration

    qs = Registration.objects.visible_to(user).filter(period__start__lte=date_to, period__end__gte=date_from)
    agg = qs.aggregate(
        total=Count("id"),
        collective=Count("id", filter=Q(person__isnull=True)),
        individual=Count("id", filter=Q(person__isnull=False)),
        units=Count("unit_id", distinct=True),
    )
    by_status = dict(qs.values("status").annotate(n=Count("id")).values_list("status", "n"))
    states = [(s, str(label), by_status.get(s, 0)) for s, label in Registration.Status.choices]
    return agg, states


def dashboard(user, year: int, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    # The year in full detail, and the five-year trend as five rows: each read once, from the cells.
    awards = award_stats(user, year_from=year, year_to=year)
    trend = awards_by_year(user, year_from=year - 4, year_to=year)
    states, total, open_count, overdue = dossier_counts(user, year, today)
    plan, tasks = task_counts(user, year, today)
    regs, reg_states = registration_counts(user, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return Dashboard(
        year=year, root=scope_root(user), awards=awards, dossier_states=states, dossiers_total=total,
        dossiers_open=open_count, dossiers_overdue=overdue, plan=plan, tasks=tasks, registrations=regs,
        registration_states=reg_states, awards_by_year=trend,
    )


# --------------------------------------------------------------------------------------------------------------
# Periodic report (báo cáo sơ kết 6 tháng / tổng kết năm to the province through the Sở Nội vụ)


HALF = "6thang"
FULL = "nam"


@dataclass
class StepTimeliness:
    label: str
    limit_days: int
    done: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.done - self.on_time

    @property
    def rate(self):
        return share(self.on_time, self.done)

    @property
    def rate_pct(self):
        return _pct(self.rate)


@dataclass
class PeriodicReport:
    year: int
    kind: str
    date_from: dt.date
    date_to: dt.date
    root: object
    movements: list  # Movement rows launched in the period
    movements_by_kind: list[tuple[str, str, int]]
    registrations: dict[str, int]
    registration_states: list[tuple[str, str, int]]
    awards_by_level: list[tuple[str, str, AwardCounts]]
    awards_by_type: list[tuple[str, str, str, AwardCounts]]
    awards_total: AwardCounts
    dossiers_received: int
    dossiers_decided: int
    dossiers_rejected: int
    dossiers_returned: int
    steps: list[StepTimeliness]
    decisions: int
    open_overdue: int
    plan: object
    tasks: dict[str, int]

    @property
    def title(self) -> str:
        if self.kind == HALF:
            return _("Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm %(year)s") % {"year": self.year}
        return _("Báo cáo tổng kết công tác thi đua, khen thưởng năm %(year)s") % {"year": self.year}

    @property
    def on_time(self) -> StepTimeliness:
        s = StepTimeliness(_("Tất cả các bước có thời hạn"), 0)
        for step in self.steps:
            s.done += step.done
            s.on_time += step.on_time
        return s


def report_range(year: int, kind: str) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), (dt.date(year, 6, 30) if kind == HALF else dt.date(year, 12, 31))


def dossier_timeliness(user, date_from: dt.date, date_to: dt.date):
    """Steps with a legal deadline completed in the period, and how many within it (working days, LAW.md §5):
    submitted → received or returned within 5; received → appraised within 20; decision → sent within 10.

    Two queries (the events of the dossiers that moved in the period; the decisions sent in it) and one calendar."""
    from thidua.core import workdays
    from thidua.dossiers.models import Decision, DossierEvent
    from thidua.dossiers.services import DAYS_TO_APPRAISE, DAYS_TO_RECEIVE_OR_RETURN, DAYS_TO_SEND_DECISION

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    events = DossierEvent.objects.visible_to(user).filter(
        dossier__in=DossierEvent.objects.visible_to(user).filter(at__gte=start, at__lt=end).values("dossier_id")
    ).filter(at__lt=end).order_by("dossier_id", "at", "id").values_list("dossier_id", "to_state", "at")

    receive = StepTimeliness(_("Tiếp nhận hoặc trả lại hồ sơ"), DAYS_TO_RECEIVE_OR_RETURN)
    appraise = StepTimeliness(_("Thẩm định, trình khen thưởng"), DAYS_TO_APPRAISE)
    send = StepTimeliness(_("Gửi quyết định cho đơn vị"), DAYS_TO_SEND_DECISION)
    cal = workdays.calendar()
    counts = {"received": 0, "decided": 0, "rejected": 0, "returned": 0}
    submitted_at: dict[int, dt.date] = {}
    received_at: dict[int, dt.date] = {}
    for dossier_id, to_state, at in events:
        day = timezone.localtime(at, tz).date()
        in_period = date_from <= day <= date_to
        if to_state in ("submitted", "resubmitted"):
            submitted_at[dossier_id] = day
        elif to_state in ("received", "returned"):
            sent = submitted_at.pop(dossier_id, None)
            if in_period:
                counts[to_state] += 1
                if sent is not None:
                    receive.done += 1
                    receive.on_time += day <= cal.add_working_days(sent, DAYS_TO_RECEIVE_OR_RETURN)
            if to_state == "received":
                received_at[dossier_id] = day
        elif to_state == "appraised":
            got = received_at.pop(dossier_id, None)
            if in_period and got is not None:
                appraise.done += 1
                appraise.on_time += day <= cal.add_working_days(got, DAYS_TO_APPRAISE)
        elif to_state in ("decided", "rejected") and in_period:
            counts[to_state] += 1
    decisions = Decision.objects.visible_to(user).filter(signed_on__gte=date_from, signed_on__lte=date_to)
    n_decisions = decisions.count()
    for signed_on, sent_on in Decision.objects.visible_to(user).filter(
        sent_on__gte=date_from, sent_on__lte=date_to
    ).values_list("signed_on", "sent_on"):
        send.done += 1
        send.on_time += sent_on <= cal.add_working_days(signed_on, DAYS_TO_SEND_DECISION)
    return counts, [receive, appraise, send], n_decisions


def periodic_report(user, year: int, kind: str = FULL, today: dt.date | None = None) -> PeriodicReport:
    from thidua.awards.models import AwardType
    from thidua.dossiers.models import FINAL_STATES, Dossier
    from thidua.movements.models import Movement

    today = today or timezone.localdate()
    date_from, date_to = report_range(year, kind)
    root = scope_root(user)

    movements = Movement.objects.visible_to(user).exclude(status=Movement.Status.DRAFT).filter(
        Q(launch_doc_date__gte=date_from, launch_doc_date__lte=date_to)
        | Q(launch_doc_date__isnull=True, start__gte=date_from, start__lte=date_to)
    )
    if root is not None:
        # A unit reports the movements it (or a unit below it) launched.
        movements = movements.filter(lead_unit__path__startswith=root.path)
    movements = list(movements.select_related("lead_unit").order_by("launch_doc_date", "start", "id"))
    kind_counts = defaultdict(int)
    for m in movements:
        kind_counts[m.kind] += 1
    movements_by_kind = [(k, str(label), kind_counts.get(k, 0)) for k, label in Movement.Kind.choices]

    regs, reg_states = registration_counts(user, date_from, date_to)

    # Awards conferred in the period: by decision date; records without one count in their achievement year
    # (annual report only, since a half-year cannot place them).
    from thidua.awards.models import Award

    in_period = Q(decision_date__gte=date_from, decision_date__lte=date_to)
    if kind == FULL:
        in_period |= Q(decision_date__isnull=True, year=year)
    grouped = list(
        Award.objects.visible_to(user).filter(in_period).values("award_type_id", "unit_id").annotate(
            total=Count("id", filter=Q(revoked=False)),
            individual=Count("id", filter=Q(revoked=False, recipient_kind="individual")),
            women=Count("id", filter=Q(revoked=False, recipient_kind="individual", person__gender="female")),
            direct=Count("id", filter=Q(revoked=False, recipient_kind="individual", person__direct_worker=True)),
            collective=Count("id", filter=Q(revoked=False, recipient_kind="collective")),
            household=Count("id", filter=Q(revoked=False, recipient_kind="household")),
            revoked=Count("id", filter=Q(revoked=True)),
        )
    )
    small = _small_unit_ids({g["unit_id"] for g in grouped})
    types = {t.pk: t for t in AwardType.objects.filter(pk__in={g["award_type_id"] for g in grouped})}
    by_type: dict[int, AwardCounts] = defaultdict(AwardCounts)
    by_level: dict[str, AwardCounts] = defaultdict(AwardCounts)
    total = AwardCounts()
    for g in grouped:
        c = AwardCounts(
            total=g["total"], individual=g["individual"], women=g["women"], direct=g["direct"],
            collective=g["collective"], small=g["collective"] if g["unit_id"] in small else 0,
            household=g["household"], revoked=g["revoked"],
        )
        by_type[g["award_type_id"]].add(c)
        by_level[types[g["award_type_id"]].level].add(c)
        total.add(c)
    level_labels = dict(AwardType.Level.choices)

    counts, steps, n_decisions = dossier_timeliness(user, date_from, date_to)
    open_overdue = (
        Dossier.objects.visible_to(user).exclude(state__in=FINAL_STATES).filter(due_on__lt=min(today, date_to)).count()
    )
    plan, tasks = task_counts(user, year, min(today, date_to))
    return PeriodicReport(
        year=year, kind=kind, date_from=date_from, date_to=date_to, root=root, movements=movements,
        movements_by_kind=movements_by_kind, registrations=regs, registration_states=reg_states,
        awards_by_level=[(lv, str(level_labels[lv]), by_level[lv]) for lv in AwardType.Level.values if lv in by_level],
        awards_by_type=[(types[pk].code, types[pk].name, types[pk].category, c)
                        for pk, c in sorted(by_type.items(), key=lambda kv: (types[kv[0]].order, types[kv[0]].code))],
        awards_total=total, dossiers_received=counts["received"], dossiers_decided=counts["decided"],
        dossiers_rejected=counts["rejected"], dossiers_returned=counts["returned"], steps=steps,
        decisions=n_decisions, open_overdue=open_overdue, plan=plan, tasks=tasks,
    )


# --- statistical report forms (TT 02/2023/TT-BNV) -------------------------------------------------------------


def statistics_reporting_year(today: dt.date | None = None) -> int:
    """The latest reporting period already closed (01/12–30/11): in December the year just ended, earlier in the
    year the one before."""
    today = today or timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def statistics_form(user, key: str, year: int, unit_id=None):
    """(result, signoff) of statistical form `key` for `year`: `engine.FormResult` over the unit `unit_id`'s scope
    (default: the user's own scope, else the province) and the unit head's sign-off of it, if any. Http404 for an
    unknown form, a unit outside the user's scope, or an account without a unit. Page and API both call this."""
    from django.http import Http404

    from thidua.core.scoping import get_visible_or_404
    from thidua.orgs.models import Unit
    from thidua.reports.models import StatisticsFormSignoff
    from thidua.reports.statforms import engine

    if engine.form_spec(key) is None:
        raise Http404(_("Không có biểu mẫu này."))
    if unit_id:
        unit = get_visible_or_404(Unit, user, pk=unit_id)
    else:
        unit = scope_root(user) or Unit.objects.visible_to(user).filter(parent=None).order_by("path").first()
        if unit is None:
            raise Http404(_("Tài khoản chưa gắn với đơn vị nào."))
    result = engine.compute(user, key, year, unit)
    signoff = StatisticsFormSignoff.objects.visible_to(user).filter(
        circular=result.circular["circular"], form=key, year=year, unit=unit).first()
    return result, signoff
