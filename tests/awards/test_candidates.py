"""The set-wise eligibility round gives exactly the verdicts of gathering each person's case and judging it."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, UnitFactory
from thidua.awards import candidates, facts
from thidua.awards.models import (
    Award,
    AwardType,
    Discipline,
    Initiative,
    PendingProceeding,
    Rating,
    RuleParameter,
)
from thidua.awards.rules import evaluate
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

YEAR = 2025
CODES = facts.INDIVIDUAL_AWARDS


def _random_history(rng, unit, n):
    types = dict(AwardType.objects.filter(code__in=CODES).values_list("code", "pk"))
    people = [
        PersonFactory(unit=unit, joined_on=rng.choice([None, dt.date(2025, 4, 1), dt.date(2025, 2, 20), dt.date(2010, 1, 1)]))
        for _ in range(n)
    ]
    awards, ratings = [], []
    for p in people:
        skill = rng.random()
        for y in range(YEAR - 7, YEAR + 1):
            if rng.random() < 0.9:
                r = rng.random() * 0.6 + skill * 0.4
                ratings.append(Rating(person=p, year=y, rating="HTXSNV" if r > 0.6 else "HTTNV" if r > 0.25 else
                                      "HTNV" if r > 0.1 else "KHTNV"))
            for code in CODES:
                chance = {"LDTT": 0.7, "CSTD_CO_SO": 0.5, "CSTD_TINH": 0.25, "BK_TINH": 0.2}.get(code, 0.12)
                if y < YEAR + (1 if code == "LDTT" else 0) and rng.random() < chance * skill:
                    awards.append(Award(award_type_id=types[code], person=p, unit=unit, recipient_kind="individual",
                                        year=y, revoked=rng.random() < 0.05,
                                        commendation_type="dot_xuat" if rng.random() < 0.08 else "cong_trang"))
            if rng.random() < 0.25 * skill:
                Initiative.objects.create(person=p, title="Sáng kiến", year=y,
                                          scope=rng.choice(["co_so", "co_so", "tinh", "toan_quoc"]))
            if rng.random() < 0.04:
                Discipline.objects.create(person=p, year=y, form=rng.choice(["khien_trach", "canh_cao"]))
        if rng.random() < 0.1:
            PendingProceeding.objects.create(person=p, kind=rng.choice(["complaint", "investigation"]),
                                             opened_on=dt.date(YEAR, 5, 1))
    Rating.objects.bulk_create(ratings)
    Award.objects.bulk_create(awards)
    # Some initiatives were already used for an award: they never count again.
    for idea in Initiative.objects.filter(person__in=people).order_by("id")[::4]:
        idea.used_by_award = Award.objects.filter(person=idea.person).first()
        idea.save()
    return people


def _strip(verdict):
    return {k: v for k, v in verdict.items() if k != "id"}


@pytest.mark.parametrize("use_summary", [True, False], ids=["person-facts-summary", "history-aggregate"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_matches_case_by_case(unit_a, seed, use_summary):
    """Both ways of reading the facts — the trigger-maintained summary and the aggregate of the history — give
    every person exactly the verdict of their full case."""
    rng = random.Random(seed)
    people = _random_history(rng, unit_a, 40)
    result = candidates.eligibility_round(YEAR, Person.objects.filter(unit=unit_a), use_summary=use_summary)
    assert result.people == len(people)
    cases = facts.gather_person_cases([p.pk for p in people], CODES, YEAR)
    overrides = candidates.load_overrides()
    eligible_somewhere = 0
    for code in CODES:
        by_person = result.awards[code].verdict_of()
        for p in people:
            expected = evaluate(facts.case_for(cases[p.pk], code), overrides)
            assert _strip(by_person[p.pk]) == _strip(expected), (code, p.pk, cases[p.pk])
            eligible_somewhere += bool(expected["eligible"])
    assert eligible_somewhere  # the random histories do make someone eligible
    assert result.evaluations < len(people) * len(CODES)


def test_round_counts_only_the_people_given(unit_a, unit_b):
    a = PersonFactory(unit=unit_a)
    PersonFactory(unit=unit_b)
    Rating.objects.create(person=a, year=YEAR, rating="HTTNV")
    result = candidates.eligibility_round(YEAR, Person.objects.filter(unit=unit_a), award_codes=["LDTT"])
    assert result.people == 1
    assert result.awards["LDTT"].eligible_ids() == [a.pk]


def test_near_miss_names_the_one_criterion(unit_a):
    p = PersonFactory(unit=unit_a)
    Rating.objects.create(person=p, year=YEAR, rating="HTTNV")  # good, not excellent, no initiative
    result = candidates.eligibility_round(YEAR, Person.objects.filter(pk=p.pk), award_codes=["CSTD_CO_SO"])
    miss = result.awards["CSTD_CO_SO"].near_miss()
    assert miss[p.pk]["criterion"] == "excellence_or_initiative"
    assert "Luật" in miss[p.pk]["article"] and "HTXSNV" in miss[p.pk]["message"]


def test_round_uses_province_parameters(unit_a):
    p = PersonFactory(unit=unit_a, joined_on=dt.date(YEAR, 2, 1))  # 10 months by the end of the year
    Rating.objects.create(person=p, year=YEAR, rating="HTTNV")
    people = Person.objects.filter(pk=p.pk)
    assert candidates.eligibility_round(YEAR, people, award_codes=["LDTT"]).awards["LDTT"].eligible_ids() == [p.pk]
    RuleParameter.objects.create(name="ldtt_service_months", value=11, effective_from=dt.date(2025, 1, 1))
    after = candidates.eligibility_round(YEAR, people, award_codes=["LDTT"]).awards["LDTT"]
    assert after.eligible_ids() == [] and after.near_miss()[p.pk]["criterion"] == "service_months"


def test_round_is_one_query_whatever_the_size(unit_a):
    other = UnitFactory(parent=unit_a)
    for unit, n in ((unit_a, 3), (other, 25)):
        for _ in range(n):
            Rating.objects.create(person=PersonFactory(unit=unit), year=YEAR, rating="HTTNV")
    counts = []
    for unit in (unit_a, other):
        with CaptureQueriesContext(connection) as ctx:
            candidates.eligibility_round(YEAR, Person.objects.filter(unit=unit), overrides=[])
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 5


@pytest.mark.parametrize("use_summary", [True, False], ids=["person-facts-summary", "history-aggregate"])
def test_round_counts_ministry_forms_like_provincial_ones(unit_a, use_summary):
    """LAW-V2.md §C.1: CSTĐ Bộ, ngành stands for CSTĐ cấp tỉnh (CSTĐ toàn quốc), Bằng khen Bộ, ngành for Bằng khen
    tỉnh (Bằng khen Thủ tướng); the round gives these people the verdict of their full case."""
    types = dict(AwardType.objects.filter(code__in=["CSTD_BO_NGANH", "CSTD_TINH", "BK_BO_NGANH", "CSTD_CO_SO"])
                 .values_list("code", "pk"))
    ministry = PersonFactory(unit=unit_a)
    provincial = PersonFactory(unit=unit_a)
    for person, first in ((ministry, "CSTD_BO_NGANH"), (provincial, "CSTD_TINH")):
        Award.objects.create(award_type_id=types[first], person=person, unit=unit_a, recipient_kind="individual",
                             year=YEAR - 3)
        Award.objects.create(award_type_id=types["CSTD_TINH"], person=person, unit=unit_a,
                             recipient_kind="individual", year=YEAR)
        Initiative.objects.create(person=person, title="Giải pháp", year=YEAR - 1, scope="toan_quoc")
    bk = PersonFactory(unit=unit_a)
    Award.objects.create(award_type_id=types["BK_BO_NGANH"], person=bk, unit=unit_a, recipient_kind="individual",
                         year=YEAR - 6)
    for y in range(YEAR - 4, YEAR + 1):
        Rating.objects.create(person=bk, year=y, rating="HTTNV")
    for y in (YEAR - 4, YEAR - 2, YEAR):
        Award.objects.create(award_type_id=types["CSTD_CO_SO"], person=bk, unit=unit_a, recipient_kind="individual",
                             year=y)
    people = Person.objects.filter(unit=unit_a)
    result = candidates.eligibility_round(YEAR, people, use_summary=use_summary)
    assert sorted(result.awards["CSTD_TOAN_QUOC"].eligible_ids()) == sorted([ministry.pk, provincial.pk])
    assert result.awards["BK_TTG"].eligible_ids() == [bk.pk]
    assert result.awards["CSTD_TOAN_QUOC"].count() == 2 and result.awards["CSTD_TOAN_QUOC"].count(False) == 1
    cases = facts.gather_person_cases([p.pk for p in people], CODES, YEAR)
    for code in CODES:
        by_person = result.awards[code].verdict_of()
        for p in people:
            assert _strip(by_person[p.pk]) == _strip(evaluate(facts.case_for(cases[p.pk], code))), (code, p.pk)
