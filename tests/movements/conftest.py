"""Personas and a small Cụm/Khối for the movements area: group G of units A, B and C (period 2025, head unit A),
a group head user of A, and a rubric with two sections, a bonus and a penalty row."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.movements import services
from thidua.movements.models import ScoringRubric
from thidua.orgs.models import EmulationGroup, GroupLeadership, GroupMembership, Period


@pytest.fixture
def year2025(db):
    return Period.year(2025)


@pytest.fixture
def unit_c(province):
    return UnitFactory(name="Sở Tài chính", code="so-c", parent=province)


@pytest.fixture
def group(unit_a, unit_b, unit_c, year2025):
    g = EmulationGroup.objects.create(name="Khối thử nghiệm", kind=EmulationGroup.Kind.BLOCK)
    for u in (unit_a, unit_b, unit_c):
        GroupMembership.objects.create(group=g, unit=u)
    GroupLeadership.objects.create(group=g, period=year2025, unit=unit_a, role=GroupLeadership.Role.HEAD)
    return g


@pytest.fixture
def other_group(province, year2025):
    d = UnitFactory(name="UBND huyện Đông", code="huyen-d", parent=province, kind="locality")
    e = UnitFactory(name="UBND huyện Tây", code="huyen-e", parent=province, kind="locality")
    g = EmulationGroup.objects.create(name="Cụm thử nghiệm", kind=EmulationGroup.Kind.CLUSTER)
    for u in (d, e):
        GroupMembership.objects.create(group=g, unit=u)
    return g


@pytest.fixture
def head_a(unit_a):
    return UserFactory(username="truong_khoi_a", role=Role.GROUP_HEAD, unit=unit_a)


@pytest.fixture
def officer_c(unit_c):
    return UserFactory(username="canbo_c", role=Role.UNIT_OFFICER, unit=unit_c)


CRITERIA = [
    services.CriterionRow("I", "Thực hiện nhiệm vụ chính trị", None, "standard"),
    services.CriterionRow("I.1", "Hòan thành chỉ tiêu kế hoạch", Decimal("30")),
    services.CriterionRow("I.2", "Cải cách hành chính", Decimal("20")),
    services.CriterionRow("II", "Công tác thi đua, khen thưởng", None, "standard"),
    services.CriterionRow("II.1", "Tổ chức phong trào thi đua", Decimal("30")),
    services.CriterionRow("II.2", "Báo cáo đúng hạn", Decimal("20")),
    services.CriterionRow("III", "Điểm thưởng", Decimal("5"), "bonus"),
    services.CriterionRow("III.1", "Được Trung ương khen thưởng", Decimal("5")),
    services.CriterionRow("IV", "Điểm trừ", None, "penalty"),
    services.CriterionRow("IV.1", "Vi phạm kỷ luật", Decimal("10")),
]


@pytest.fixture
def rubric(group, year2025, staff):
    r = ScoringRubric.objects.create(group=group, period=year2025, title="Bộ tiêu chí Khối thử nghiệm 2025")
    services.save_criteria(r, [services.CriterionRow(c.code, c.name, c.max_points, c.kind) for c in CRITERIA], user=staff)
    return r


@pytest.fixture
def open_rubric(rubric, staff):
    services.open_scoring(rubric, user=staff)
    rubric.refresh_from_db()
    return rubric


def score_unit(card, values: dict, user, layer="self", submit=True):
    """values: {code: points}"""
    ids = {c.code: c.pk for c in card.rubric.criteria.all()}
    services.save_scores(card, layer, {ids[k]: v for k, v in values.items()}, user=user)
    if submit and layer == "self":
        card.refresh_from_db()
        services.submit_self_score(card, user=user)
    card.refresh_from_db()
    return card


SIGNED = dt.date(2025, 2, 20)
