"""Title counts and shares per unit and year, with the province's caps (issue #3 item 6; LAW.md §5).

For every unit in scope, over the unit and its sub-units: people (active), each individual title/form awarded in
the year (distinct people, revoked awards excluded), people awarded anything and among them women and direct
workers (the seed's II.9 priority: "khen thưởng tập thể nhỏ, người lao động trực tiếp"; Luật Art 5.2.d,
NĐ 152/2025 Art 4.6), collective awards and how many went to small collectives, and each cap in force flagged
when exceeded. Set-wise: four grouped queries by the records' own unit, rolled up the unit tree in Python.

A "small collective" (tập thể nhỏ) is a unit without sub-units (a phòng, khoa, tổ, school, commune office …):
the lowest level of the tree, which is what provincial plans mean when they ask to reward small collectives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

# Individual titles and forms shown as columns (others appear when awarded in the scope).
MAIN_CODES = ("LDTT", "CSTD_CO_SO", "CSTD_TINH", "BK_TINH", "GIAY_KHEN")


@dataclass
class CapCheck:
    award_code: str
    base: str
    base_label: str
    max_ratio: Decimal
    count: int
    base_count: int
    allowed: int
    exceeded: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.count / self.base_count if self.base_count else None


@dataclass
class QuotaRow:
    unit_id: int | None
    name: str
    depth: int
    people: int = 0
    women: int = 0
    direct: int = 0
    titles: dict[str, int] = field(default_factory=dict)
    awardees: int = 0
    awardees_women: int = 0
    awardees_direct: int = 0
    collective_awards: int = 0
    small_collective_awards: int = 0
    caps: list[CapCheck] = field(default_factory=list)

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def women_share(self):
        return self.share(self.awardees_women, self.awardees)

    @property
    def direct_share(self):
        return self.share(self.awardees_direct, self.awardees)

    @property
    def small_share(self):
        return self.share(self.small_collective_awards, self.collective_awards)

    def title_share(self, code: str):
        return self.share(self.titles.get(code, 0), self.people)

    @property
    def exceeded(self) -> list[CapCheck]:
        return [c for c in self.caps if c.exceeded]


@dataclass
class QuotaReport:
    year: int
    total: QuotaRow
    rows: list[QuotaRow]
    codes: list[str]
    code_names: dict[str, str]
    caps_in_force: list


def _add(target: dict, key, values: dict):
    bucket = target.setdefault(key, defaultdict(int))
    for k, v in values.items():
        bucket[k] += v


def quota_report(units, year: int, scope_root=None) -> QuotaReport:
    """Counts and shares for each unit of the `units` queryset (each over its own subtree) and their total.

    `scope_root`: the unit whose subtree is the scope (None = the whole province)."""
    from thidua.awards.models import Award, AwardType, QuotaCap
    from thidua.orgs.models import Person, Unit

    unit_list = list(units.order_by("path").values_list("pk", "name", "path"))
    in_scope = {pk for pk, _n, _p in unit_list}
    parents_with_children = set(Unit.objects.exclude(parent=None).values_list("parent_id", flat=True))
    scope_q = Q(unit__path__startswith=scope_root.path) if scope_root is not None else Q()

    own: dict[int, dict] = {}
    for uid, n, women, direct in Person.objects.filter(scope_q, active=True).values("unit_id").annotate(
        n=Count("id"), women=Count("id", filter=Q(gender="female")), direct=Count("id", filter=Q(direct_worker=True))
    ).values_list("unit_id", "n", "women", "direct"):
        _add(own, uid, {"people": n, "women": women, "direct": direct})

    individual = Award.objects.filter(scope_q, year=year, revoked=False, recipient_kind="individual")
    codes_seen = set()
    for uid, code, n in individual.values("unit_id", "award_type__code").annotate(
        n=Count("person_id", distinct=True)
    ).values_list("unit_id", "award_type__code", "n"):
        codes_seen.add(code)
        _add(own, uid, {f"title:{code}": n})
    for uid, n, women, direct in individual.values("unit_id").annotate(
        n=Count("person_id", distinct=True),
        women=Count("person_id", distinct=True, filter=Q(person__gender="female")),
        direct=Count("person_id", distinct=True, filter=Q(person__direct_worker=True)),
    ).values_list("unit_id", "n", "women", "direct"):
        _add(own, uid, {"awardees": n, "awardees_women": women, "awardees_direct": direct})
    for uid, n in Award.objects.filter(scope_q, year=year, revoked=False, recipient_kind="collective").values(
        "unit_id"
    ).annotate(n=Count("id")).values_list("unit_id", "n"):
        _add(own, uid, {"collective": n, "small": n if uid not in parents_with_children else 0})

    # Roll up: each unit's own counts go to itself and every ancestor on its path.
    paths = dict(Unit.objects.filter(pk__in=list(own)).values_list("pk", "path"))
    rolled: dict[int, dict] = {}
    total: dict = defaultdict(int)
    for uid, values in own.items():
        for ancestor in (int(x) for x in paths.get(uid, "").strip("/").split("/") if x):
            if ancestor in in_scope:
                _add(rolled, ancestor, values)
        for k, v in values.items():
            total[k] += v

    codes = [c for c in MAIN_CODES if c in ("LDTT", "CSTD_CO_SO") or c in codes_seen]
    codes += sorted(codes_seen - set(codes))
    names = dict(AwardType.objects.filter(code__in=codes).values_list("code", "short_name"))
    full_names = dict(AwardType.objects.filter(code__in=codes).values_list("code", "name"))
    code_names = {c: names.get(c) or full_names.get(c) or c for c in codes}
    caps = QuotaCap.in_force(dt.date(year, 12, 31))

    def build(uid, name, depth, values) -> QuotaRow:
        row = QuotaRow(
            unit_id=uid, name=name, depth=depth, people=values.get("people", 0), women=values.get("women", 0),
            direct=values.get("direct", 0), titles={c: values.get(f"title:{c}", 0) for c in codes},
            awardees=values.get("awardees", 0), awardees_women=values.get("awardees_women", 0),
            awardees_direct=values.get("awardees_direct", 0), collective_awards=values.get("collective", 0),
            small_collective_awards=values.get("small", 0),
        )
        for cap in caps:
            count = values.get(f"title:{cap.award_code}", 0)
            base_count = row.people if cap.base == QuotaCap.Base.MEMBERS else values.get(f"title:{cap.base}", 0)
            allowed = int(cap.max_ratio * base_count)  # floor: a cap of 15% of 10 LĐTT allows 1
            row.caps.append(CapCheck(cap.award_code, cap.base, str(cap.get_base_display()), cap.max_ratio, count,
                                     base_count, allowed, count > allowed, cap.note))
        return row

    root_depth = scope_root.path.count("/") if scope_root is not None else 2
    rows = [build(pk, name, max(path.count("/") - root_depth, 0), rolled.get(pk, {})) for pk, name, path in unit_list]
    total_row = build(scope_root.pk if scope_root else None, scope_root.name if scope_root else "", 0, total)
    return QuotaReport(year=year, total=total_row, rows=rows, codes=codes, code_names=code_names, caps_in_force=caps)
