"""A small hand-counted fixture: unit A with a sub-unit A1 (a small collective), sibling unit B.

Awards in 2025 (revoked one excluded):
  unit A : LĐTT to W1 (woman, direct worker), LĐTT to M1 (man), CSTĐ cơ sở to W1, TTLĐXS to A (not small: has A1),
           Bằng khen tỉnh to M1 REVOKED
  unit A1: LĐTT to W2 (woman, not direct), TTLĐXS to A1 (small collective)
  unit B : LĐTT to B1 (man, direct worker), TTLĐXS to B (small collective)
and in 2024: LĐTT to W1.
"""

import pytest

from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import Award, AwardType

YEAR = 2025


def give(code, *, year=YEAR, person=None, unit=None, **kw):
    return Award.objects.create(
        award_type=AwardType.objects.get(code=code), person=person, unit=unit or person.unit,
        recipient_kind="individual" if person else "collective", year=year, **kw)


@pytest.fixture
def unit_a1(unit_a):
    return UnitFactory(name="Phòng Giáo dục Trung học", code="so-a-phong-1", parent=unit_a)


@pytest.fixture
def awards(province, unit_a, unit_a1, unit_b):
    w1 = PersonFactory(full_name="Trần Thị Hoa", unit=unit_a, gender="female", direct_worker=True)
    m1 = PersonFactory(full_name="Lê Văn Nam", unit=unit_a, gender="male")
    w2 = PersonFactory(full_name="Phạm Thị Lan", unit=unit_a1, gender="female")
    b1 = PersonFactory(full_name="Đỗ Văn Bình", unit=unit_b, gender="male", direct_worker=True)
    give("LDTT", person=w1)
    give("LDTT", person=m1)
    give("CSTD_CO_SO", person=w1)
    give("TTLDXS", unit=unit_a)
    give("BK_TINH", person=m1, revoked=True, revoked_reason="Khai man thành tích")
    give("LDTT", person=w2)
    give("TTLDXS", unit=unit_a1)
    give("LDTT", person=b1)
    give("TTLDXS", unit=unit_b)
    give("LDTT", person=w1, year=YEAR - 1)
    return {"w1": w1, "m1": m1, "w2": w2, "b1": b1}
