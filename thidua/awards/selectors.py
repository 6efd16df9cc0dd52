"""Reads of award history for pages: timelines (a handful of queries each, whatever the history's length)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating


@dataclass
class YearEntry:
    year: int
    rating: Rating | None = None
    awards: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    member_awards: list = field(default_factory=list)  # (award type, count) for a unit's people
    other_ratings: list = field(default_factory=list)  # ratings of units merged into this one

    @property
    def empty(self) -> bool:
        return not (self.rating or self.other_ratings or self.awards or self.initiatives or self.disciplines or self.member_awards)


def _years(entries: dict[int, YearEntry]) -> list[YearEntry]:
    return [entries[y] for y in sorted(entries, reverse=True)]


def person_timeline(person) -> dict:
    """Everything about one person, by year: rating, awards (revoked ones stay, marked), initiatives, discipline;
    and the proceedings (open ones first)."""
    entries: dict[int, YearEntry] = {}

    def at(year):
        return entries.setdefault(year, YearEntry(year))

    for rating in Rating.objects.filter(person=person):
        at(rating.year).rating = rating
    awards = list(
        Award.objects.filter(person=person).select_related("award_type", "unit", "period").order_by("-year", "award_type__order")
    )
    for award in awards:
        at(award.year).awards.append(award)
    for initiative in Initiative.objects.filter(person=person).select_related("used_by_award__award_type"):
        at(initiative.year).initiatives.append(initiative)
    disciplines = list(Discipline.objects.filter(person=person))
    for d in disciplines:
        at(d.year).disciplines.append(d)
    proceedings = list(PendingProceeding.objects.filter(person=person).order_by("closed_on", "-opened_on"))
    return {
        "years": _years(entries),
        "proceedings": proceedings,
        "open_proceedings": [p for p in proceedings if p.is_open],
        "summary": _summary(awards),
    }


def _summary(awards) -> list[tuple]:
    """(award type, count) of counting awards, highest first: the chain at a glance."""
    counts = Counter(a.award_type for a in awards if not a.revoked)
    return sorted(counts.items(), key=lambda item: item[0].order)


def unit_timeline(unit) -> dict:
    """A unit's history, following its lineage: collective awards, ratings, initiatives and proceedings of the unit
    and every unit that was merged into it, plus its people's awards counted by year and type."""
    lineage = unit.predecessor_ids()
    entries: dict[int, YearEntry] = {}

    def at(year):
        return entries.setdefault(year, YearEntry(year))

    collective = list(
        Award.objects.filter(unit_id__in=lineage)
        .exclude(recipient_kind=Award.RecipientKind.INDIVIDUAL)
        .select_related("award_type", "unit", "period")
        .order_by("-year", "award_type__order")
    )
    for award in collective:
        at(award.year).awards.append(award)
    for rating in Rating.objects.filter(unit_id__in=lineage).select_related("unit").order_by("year", "unit__sort_key"):
        if rating.unit_id == unit.pk:
            at(rating.year).rating = rating
        else:
            at(rating.year).other_ratings.append(rating)
    for initiative in Initiative.objects.filter(unit_id__in=lineage, person=None).select_related("unit"):
        at(initiative.year).initiatives.append(initiative)
    per_type = (
        Award.objects.filter(unit_id__in=lineage, recipient_kind=Award.RecipientKind.INDIVIDUAL, revoked=False)
        .values("year", "award_type__name", "award_type__order")
        .annotate(n=Count("id"))
        .order_by("-year", "award_type__order")
    )
    for row in per_type:
        at(row["year"]).member_awards.append((row["award_type__name"], row["n"]))
    proceedings = list(
        PendingProceeding.objects.filter(unit_id__in=lineage).select_related("unit").order_by("closed_on", "-opened_on")
    )
    predecessors = lineage - {unit.pk}
    return {
        "years": _years(entries),
        "proceedings": proceedings,
        "open_proceedings": [p for p in proceedings if p.is_open],
        "summary": _summary(collective),
        "predecessor_ids": predecessors,
    }


def unused_initiatives(*, person=None, unit=None):
    qs = Initiative.objects.filter(used_by_award=None)
    if person is not None:
        return qs.filter(person=person)
    return qs.filter(unit=unit, person=None)


def duplicate_people(people_qs, limit: int = 300) -> list[dict]:
    """Groups of records that look like the same person: same normalised name and birth date, or same citizen id.
    Two aggregate queries find the keys, one query fetches the people."""
    from thidua.orgs.models import Person

    name_keys = list(
        people_qs.exclude(birth_date=None).values("search_text", "birth_date").annotate(n=Count("id")).filter(n__gt=1)
        .order_by("search_text", "birth_date")[:limit]
    )
    cid_keys = list(
        people_qs.exclude(citizen_id="").values("citizen_id").annotate(n=Count("id")).filter(n__gt=1)
        .order_by("citizen_id")[:limit]
    )
    if not name_keys and not cid_keys:
        return []
    q = Q(pk__in=[])
    for k in name_keys:
        q |= Q(search_text=k["search_text"], birth_date=k["birth_date"])
    if cid_keys:
        q |= Q(citizen_id__in=[k["citizen_id"] for k in cid_keys])
    people = list(Person.objects.filter(q).select_related("unit").annotate(award_count=Count("awards")).order_by("sort_key", "id"))
    groups: dict[tuple, list] = defaultdict(list)
    wanted_names = {(k["search_text"], k["birth_date"]) for k in name_keys}
    wanted_cids = {k["citizen_id"] for k in cid_keys}
    for p in people:
        if p.citizen_id in wanted_cids:
            groups[("cid", p.citizen_id)].append(p)
        if (p.search_text, p.birth_date) in wanted_names:
            groups[("name", p.search_text, p.birth_date)].append(p)
    result = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        result.append({
            "reason": "citizen_id" if key[0] == "cid" else "name_birth",
            "members": members,
            "across_units": len({m.unit_id for m in members}) > 1,
        })
    result.sort(key=lambda g: (g["members"][0].sort_key, g["reason"]))
    return result
