"""Reads of the outreach area that aggregate: a course's counts by unit, a delegation's composition (the plan's
priority: women and direct workers, I.2.b and II.9), and the propaganda report for KH 90/KH-UBND (task 20).
Every function takes querysets already scoped by the caller, or the user to scope with."""

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from thidua.core.scoping import is_province_wide, unit_path_q
from thidua.outreach.models import (
    Delegate,
    Exemplar,
    MediaCoverage,
    Sector,
    Training,
    TrainingAttendee,
)

ROLE_ORDER = {Delegate.Role.HEAD: 0, Delegate.Role.DEPUTY: 1, Delegate.Role.MEMBER: 2}


def share(part: int, total: int) -> float | None:
    return round(100.0 * part / total, 1) if total else None


# Training ---------------------------------------------------------------------------------------------------------


@dataclass
class UnitCount:
    unit_id: int
    unit_name: str
    seats: int | None = None
    registered: int = 0
    attended: int = 0
    absent: int = 0
    invitation_id: int | None = None


def training_summary(training: Training, user) -> list[UnitCount]:
    """Seats, registered, attended and absent per unit, for the units the user may see."""
    rows: dict[int, UnitCount] = OrderedDict()
    attendees = TrainingAttendee.objects.visible_to(user).filter(training=training)
    invitations = training.invitations.select_related("unit").order_by("unit__sort_key")
    if not is_province_wide(user):
        invitations = invitations.filter(unit_path_q(user, "unit"))
    for inv in invitations:
        rows[inv.unit_id] = UnitCount(inv.unit_id, inv.unit.name, seats=inv.seats, invitation_id=inv.pk)
    counts = (attendees.values("unit_id", "unit__name", "unit__sort_key")
              .annotate(n=Count("id"), present=Count("id", filter=Q(attended=True)),
                        away=Count("id", filter=Q(attended=False)))
              .order_by("unit__sort_key"))
    for c in counts:
        row = rows.setdefault(c["unit_id"], UnitCount(c["unit_id"], c["unit__name"]))
        row.registered, row.attended, row.absent = c["n"], c["present"], c["away"]
    return list(rows.values())


# Delegations ------------------------------------------------------------------------------------------------------


@dataclass
class Composition:
    total: int = 0
    women: int = 0
    direct_workers: int = 0
    by_category: list = field(default_factory=list)
    by_role: list = field(default_factory=list)

    @property
    def women_share(self):
        return share(self.women, self.total)

    @property
    def direct_share(self):
        return share(self.direct_workers, self.total)


def composition(delegates) -> Composition:
    """Composition of a list of delegates (the confirmed ones, usually)."""
    rows = list(delegates.values("person__gender", "person__direct_worker", "category", "role"))
    c = Composition(total=len(rows))
    c.women = sum(1 for r in rows if r["person__gender"] == "female")
    c.direct_workers = sum(1 for r in rows if r["person__direct_worker"] or r["category"] == Delegate.Category.DIRECT_WORKER)
    cats = Counter(r["category"] for r in rows)
    c.by_category = [(label, cats[value], share(cats[value], c.total)) for value, label in Delegate.Category.choices
                     if cats[value]]
    roles = Counter(r["role"] for r in rows)
    c.by_role = [(label, roles[value]) for value, label in Delegate.Role.choices if roles[value]]
    return c


def ordered_delegates(qs):
    return sorted(qs, key=lambda d: (0 if d.status == Delegate.Status.CONFIRMED else 1, ROLE_ORDER.get(d.role, 9),
                                     d.sort_key, d.pk))


# The propaganda report (KH 90/KH-UBND, task 20) --------------------------------------------------------------------


@dataclass
class PropagandaReport:
    start: dt.date
    end: dt.date
    exemplars_by_sector: list  # (sector label, person, collective, model, total)
    exemplar_totals: tuple
    exemplars_by_category: list  # (label, n)
    coverage_by_outlet: list  # (outlet, print, online, radio, tv, other, total)
    coverage_by_medium: list  # (label, n)
    coverage_total: int
    trainings: list  # Training with .n_registered, .n_attended, .n_units
    training_totals: tuple  # (courses, registered, attended, units)


def propaganda_report(user, start: dt.date, end: dt.date) -> PropagandaReport:
    exemplars = Exemplar.objects.visible_to(user).published().filter(year__gte=start.year, year__lte=end.year)
    by_sector = {}
    for row in exemplars.values("sector", "kind").annotate(n=Count("id")):
        by_sector.setdefault(row["sector"], Counter())[row["kind"]] += row["n"]
    sector_rows = []
    totals = Counter()
    for value, label in Sector.choices:
        c = by_sector.get(value)
        if not c:
            continue
        p, col, m = c[Exemplar.Kind.PERSON], c[Exemplar.Kind.COLLECTIVE], c[Exemplar.Kind.MODEL]
        sector_rows.append((label, p, col, m, p + col + m))
        totals.update({"p": p, "c": col, "m": m})
    cats = Counter(dict(exemplars.values_list("category").annotate(n=Count("id"))))
    by_category = [(label, cats[value]) for value, label in Exemplar.Category.choices]

    coverage = MediaCoverage.objects.visible_to(user).filter(published_on__gte=start, published_on__lte=end)
    outlets: dict[str, Counter] = {}
    for row in coverage.values("outlet", "medium").annotate(n=Count("id")):
        outlets.setdefault(row["outlet"], Counter())[row["medium"]] += row["n"]
    M = MediaCoverage.Medium
    outlet_rows = sorted(
        ((name, c[M.PRINT], c[M.ONLINE], c[M.RADIO], c[M.TELEVISION], c[M.SOCIAL] + c[M.OTHER], sum(c.values()))
         for name, c in outlets.items()),
        key=lambda r: (-r[-1], r[0]),
    )
    media = Counter(dict(coverage.values_list("medium").annotate(n=Count("id"))))
    by_medium = [(label, media[value]) for value, label in M.choices]

    attendees = TrainingAttendee.objects.visible_to(user)
    trainings = list(
        Training.objects.visible_to(user).filter(start__gte=start, start__lte=end)
        .exclude(status=Training.Status.CANCELLED).select_related("organiser").order_by("start", "id")
    )
    stats = {
        r["training_id"]: r for r in attendees.filter(training__in=trainings).values("training_id").annotate(
            n=Count("id"), present=Count("id", filter=Q(attended=True)), units=Count("unit_id", distinct=True))
    }
    for t in trainings:
        s = stats.get(t.pk, {})
        t.n_registered, t.n_attended, t.n_units = s.get("n", 0), s.get("present", 0), s.get("units", 0)
    units_total = attendees.filter(training__in=trainings).values("unit_id").distinct().count()
    return PropagandaReport(
        start=start, end=end, exemplars_by_sector=sector_rows,
        exemplar_totals=(totals["p"], totals["c"], totals["m"], totals["p"] + totals["c"] + totals["m"]),
        exemplars_by_category=by_category, coverage_by_outlet=outlet_rows, coverage_by_medium=by_medium,
        coverage_total=sum(media.values()), trainings=trainings,
        training_totals=(len(trainings), sum(t.n_registered for t in trainings),
                         sum(t.n_attended for t in trainings), units_total),
    )
