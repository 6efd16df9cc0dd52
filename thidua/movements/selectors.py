"""Reads of the movements area, set-wise. `group_ranks` is what the eligibility fact gathering calls for
`collective.group_rank` (Cờ thi đua: the collective leading its Cụm/Khối, Luật TĐKT Art 25.1, 26)."""

from django.db.models import Count, Prefetch, Q, Sum

from thidua.movements.models import (
    Criterion,
    Pact,
    PactSignature,
    Registration,
    RegistrationTitle,
    Score,
    Scorecard,
    ScoringRubric,
)
from thidua.orgs.models import Period


def group_ranks(unit_ids, year: int) -> dict[int, int]:
    """{unit_id: rank} from the finalised rankings of Cụm/Khối that count in `year`.

    A calendar-year round counts in its year; a school-year round (Sept–Aug) counts in the year it ends, so the
    universities block's 2024-2025 ranking counts in 2025. Multi-year stages are not yearly rankings and are
    ignored. A unit ranked in several groups gets its best rank. Units without a finalised rank are absent.
    One query, whatever the number of units."""
    unit_ids = [int(u) for u in unit_ids]
    if not unit_ids:
        return {}
    rows = (
        Scorecard.objects.filter(
            unit_id__in=unit_ids,
            rank__isnull=False,
            rubric__status=ScoringRubric.Status.FINALISED,
            rubric__period__kind__in=[Period.Kind.YEAR, Period.Kind.SCHOOL_YEAR],
            rubric__period__end__year=int(year),
        )
        .values_list("unit_id", "rank")
    )
    ranks: dict[int, int] = {}
    for unit_id, rank in rows:
        if unit_id not in ranks or rank < ranks[unit_id]:
            ranks[unit_id] = rank
    return ranks


def registrations_for(user):
    return (
        Registration.objects.visible_to(user)
        .select_related("unit", "person", "period", "movement")
        .annotate(title_count=Count("titles"))
    )


def pacts_for(user):
    return (
        Pact.objects.visible_to(user)
        .select_related("group", "period")
        .annotate(signature_count=Count("signatures", distinct=True))
    )


def pact_with_signatures(pact):
    return list(PactSignature.objects.filter(pact=pact).select_related("unit").order_by("unit__sort_key", "id"))


def rubrics_for(user):
    return (
        ScoringRubric.objects.visible_to(user)
        .select_related("group", "period")
        .annotate(
            card_count=Count("scorecards", distinct=True),
            submitted_count=Count("scorecards", filter=~Q(scorecards__status=Scorecard.Status.DRAFT), distinct=True),
        )
    )


def criteria_of(rubric) -> list[Criterion]:
    return list(rubric.criteria.order_by("position", "id"))


def ranking(rubric) -> list[Scorecard]:
    """The group's members in ranking order (ranked first, then unscored), with their units."""
    cards = list(Scorecard.objects.filter(rubric=rubric).select_related("unit"))
    return sorted(cards, key=lambda c: (c.rank is None, c.rank or 0, c.unit.sort_key, c.pk))


def scorecard_rows(scorecard) -> list[tuple[Criterion, Score | None]]:
    """Criteria of the scorecard's rubric in table order, each with its score row (None for section rows)."""
    criteria = criteria_of(scorecard.rubric)
    scores = {s.criterion_id: s for s in Score.objects.filter(scorecard=scorecard)}
    return [(c, scores.get(c.pk)) for c in criteria]


def scorecards_with_scores(rubric):
    return Scorecard.objects.filter(rubric=rubric).select_related("unit").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )


def title_summary(registrations) -> list[dict]:
    """How many registrations name each title, and how many people in total (one aggregate query): what the
    province compiles from the units' registrations."""
    labels = dict(RegistrationTitle._meta.get_field("code").choices)
    rows = (
        RegistrationTitle.objects.filter(registration__in=registrations.values("pk"))
        .exclude(code="OTHER")
        .values("code")
        .annotate(registrations=Count("registration", distinct=True), quantity=Sum("quantity"))
        .order_by("-registrations", "code")
    )
    return [{"code": r["code"], "label": labels.get(r["code"], r["code"]), "registrations": r["registrations"],
             "quantity": r["quantity"]} for r in rows]
