"""Keeps bench/ working: the generator and the round run on a tiny province, and agree with the naive loop."""

import pytest

from bench.bench_eligibility_round import naive_round
from bench.generate_province import generate
from thidua.awards.candidates import eligibility_round
from thidua.awards.facts import INDIVIDUAL_AWARDS
from thidua.awards.models import Award, Rating
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_generator_and_round_on_a_tiny_province():
    counts = generate(people=80, years=10, last_year=2025, verbose=False, migrate=False)
    assert counts["people"] == Person.objects.count() == 80
    assert Rating.objects.count() == 800 and Award.objects.count() == counts["awards"] > 80
    with pytest.raises(SystemExit):
        generate(people=5, verbose=False, migrate=False)  # never writes into a database that has people

    result = eligibility_round(2025, overrides=[])
    assert result.people == 80
    ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    _seconds, naive_eligible = naive_round(ids, 2025, INDIVIDUAL_AWARDS, [])
    assert naive_eligible == sum(len(r.eligible_ids()) for r in result.awards.values()) > 0
