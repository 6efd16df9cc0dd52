"""The movements demo (plan 196 tasks 1, 2, 4, 6, 11, 21, 24, 25) loads on top of the orgs demo, twice without
change, and gives every demo Cụm/Khối a finalised ranking that group_ranks reports."""

from thidua.core.middleware import acting_as
from thidua.movements import demo as movements_demo
from thidua.movements.models import Movement, Pact, Registration, Score, ScoringRubric
from thidua.movements.selectors import group_ranks
from thidua.orgs import demo as orgs_demo
from thidua.orgs.models import EmulationGroup, GroupLeadership, Period


def test_demo_loads_idempotently_with_a_leader_per_group(db):
    ctx = {}
    with acting_as(None):
        orgs_demo.load(ctx)
        movements_demo.load(ctx)
        counts = (Movement.objects.count(), Registration.objects.count(), Pact.objects.count(),
                  ScoringRubric.objects.count(), Score.objects.count())
        movements_demo.load(ctx)
    assert counts == (Movement.objects.count(), Registration.objects.count(), Pact.objects.count(),
                      ScoringRubric.objects.count(), Score.objects.count())
    kinds = set(Movement.objects.values_list("kind", flat=True))
    assert kinds == {"regular", "thematic", "stage"}
    province_reg = Registration.objects.get(unit=ctx["units"]["ubnd-tinh"])
    assert "Đồng bằng sông Hồng" in province_reg.registered_with
    finalised = ScoringRubric.objects.filter(status="finalised")
    assert finalised.count() == EmulationGroup.objects.count()
    member_ids = [u.pk for u in ctx["units"].values()]
    ranks = group_ranks(member_ids, 2025)
    assert sum(1 for r in ranks.values() if r == 1) == EmulationGroup.objects.count()
    # the universities block's school-year round (2024-2025) counts in 2025 and has its head unit
    uni = EmulationGroup.objects.get(cycle="school_year")
    assert GroupLeadership.objects.filter(group=uni, period=Period.school_year(2024), role="head").exists()
    assert ScoringRubric.objects.filter(group=uni, period=Period.school_year(2025), status="open").exists()
