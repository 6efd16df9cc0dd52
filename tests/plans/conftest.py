"""Plans fixtures: the demo plan 196/KH-UBND on top of the units its cells name (so links resolve), and a unit
sub-plan owned by unit A."""

import datetime as dt

import pytest

from tests.factories import UnitFactory, UserFactory
from tests.media import media_root  # noqa: F401 (autouse for this folder)
from thidua.core.roles import Role
from thidua.plans import demo, services


@pytest.fixture
def named_units(province):
    return {
        code: UnitFactory(name=name, short_name=short, code=code, parent=province)
        for code, name, short in [
            ("so-noi-vu", "Sở Nội vụ", "SNV"),
            ("van-phong-ubnd", "Văn phòng UBND tỉnh", "VP UBND"),
            ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
            ("bao-hung-yen", "Báo Hưng Yên", "Báo HY"),
            ("dai-pt-th", "Đài Phát thanh và Truyền hình", "Đài PT-TH"),
        ]
    }


def make_plan_196(unit):
    data = demo.plan_data()
    fields = {k: data[k] for k in ("number", "title", "place", "issuer", "year", "signer", "signer_title",
                                   "preamble", "closing", "recipients", "appendix_title")}
    fields.update(issued_on=dt.date(2024, 12, 24), unit=unit)
    return services.create_plan(None, fields=fields, sections=data["sections"], rows=demo.rows_of(data))


@pytest.fixture
def plan_196(province, named_units):
    return make_plan_196(province)


@pytest.fixture
def snv_officer(named_units):
    return UserFactory(username="canbo_snv", role=Role.PROVINCE_STAFF, unit=named_units["so-noi-vu"])


@pytest.fixture
def gddt_officer(named_units):
    return UserFactory(username="canbo_gddt", role=Role.UNIT_OFFICER, unit=named_units["so-gddt"])


@pytest.fixture
def sub_plan_a(plan_196, officer_a):
    """Unit A's own plan derived from 196/KH-UBND, with one task of its own."""
    plan = services.derive_sub_plan(officer_a, plan_196, number="12/KH-A", title="Kế hoạch TĐKT của đơn vị A",
                                    issued_on=dt.date(2025, 1, 8), task_ids=[])
    services.save_task(officer_a, plan, None, content="Phát động thi đua nội bộ đơn vị A", schedule="Quý I,II",
                       lead_unit_text=officer_a.unit.name, coordinating_text="", lead_unit=officer_a.unit)
    return plan

