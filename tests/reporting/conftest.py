"""Personas of report requests: the province officer (`staff`), the officers of units A and B (tests/conftest.py),
their heads, and a third unit C; `events` collects what `core.events.announce` sent after commit."""

import datetime as dt

import pytest

from tests.factories import UnitFactory, UserFactory
from thidua.core.events import happened
from thidua.core.roles import Role
from thidua.reporting import services


@pytest.fixture
def unit_c(province):
    return UnitFactory(name="UBND xã Nghĩa Trụ", code="xa-c", parent=province, kind="locality")


@pytest.fixture
def leader_a(unit_a):
    return UserFactory(username="lanhdao_a", role=Role.UNIT_LEADER, unit=unit_a)


@pytest.fixture
def leader_b(unit_b):
    return UserFactory(username="lanhdao_b", role=Role.UNIT_LEADER, unit=unit_b)


@pytest.fixture
def officer_c(unit_c):
    return UserFactory(username="canbo_c", role=Role.UNIT_OFFICER, unit=unit_c)


@pytest.fixture
def events():
    got = []

    def listen(sender, event, **kwargs):
        got.append(event)

    happened.connect(listen, dispatch_uid="reporting-test-events")
    yield got
    happened.disconnect(dispatch_uid="reporting-test-events")


FIELDS = [
    {"label": "Số phong trào thi đua đã phát động", "kind": "number", "required": True},
    {"label": "Số tập thể, cá nhân được khen thưởng", "kind": "number", "required": True},
    {"label": "Khó khăn, vướng mắc, kiến nghị", "kind": "text", "required": False},
    {"label": "Ngày tổ chức sơ kết", "kind": "date", "required": False},
]

TODAY = dt.date(2025, 7, 1)  # a Tuesday


@pytest.fixture
def half_year(staff, unit_a, unit_b, unit_c):
    """A 6-month report requested on 01/7/2025 from units A, B, C, due 10/7/2025."""
    return services.issue_request(
        staff,
        kind="half_year",
        title="Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2025",
        year=2025,
        due_on=dt.date(2025, 7, 10),
        fields=FIELDS,
        units=[unit_a, unit_b, unit_c],
        today=TODAY,
    )
