"""The pre-aggregated award counts (`awards_awardstat`) stay exact on every write path, and the statistics read
from them equal the raw query over the award book.

The cells are maintained by database triggers (awards/award_stats.py). Each test changes the award book or the
people one way and checks (1) the stored cells against a full recomputation from the awards (`select_sql`) and
(2) `award_stats` from the cells against `award_stats(source="awards")` for the province and a unit officer."""

import pytest
from django.db import connection, transaction

from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.reports.conftest import YEAR, give
from thidua.awards import award_stats
from thidua.awards.models import Award, AwardStat, AwardType
from thidua.core.roles import Role
from thidua.orgs.models import Person
from thidua.reports import selectors as sel

pytestmark = pytest.mark.django_db


K = len(award_stats.KEYS)


def stored() -> dict:
    """Cells holding any award (every award counts in `total` or `revoked`)."""
    return {row[:K]: row[K:] for row in AwardStat.objects.values_list(*award_stats.COLUMNS) if row[K] or row[-1]}


def recomputed() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(award_stats.select_sql(connection.vendor))
        return {tuple(row[:K]): tuple(row[K:]) for row in cursor.fetchall()}


def _stats(user, **kw):
    def flat(s):
        return ([(r.year, r.award_code, r.unit_id, r.counts.as_dict()) for r in s.rows], s.total.as_dict(),
                {y: c.as_dict() for y, c in s.by_year.items()})
    return (flat(sel.award_stats(user, source="summary", **kw)), flat(sel.award_stats(user, source="awards", **kw)))


@pytest.fixture
def officer_a1(unit_a1):
    return UserFactory(username="canbo_a1", role=Role.UNIT_OFFICER, unit=unit_a1)


def assert_exact(*users):
    assert stored() == recomputed()
    for user in users:
        for kw in ({"year_from": YEAR, "year_to": YEAR}, {"year_from": YEAR - 5, "year_to": YEAR},
                   {"year_from": YEAR, "year_to": YEAR, "category": "title"}):
            summary, raw = _stats(user, **kw)
            assert summary == raw


def test_created_awards_are_counted(staff, officer_a, awards):
    assert stored()  # the fixture's awards are already in cells
    assert_exact(staff, officer_a)
    stats = sel.award_stats(staff, year_from=YEAR, year_to=YEAR)
    t = stats.total
    assert (t.total, t.individual, t.women, t.direct, t.collective, t.small, t.revoked) == (8, 5, 3, 3, 3, 2, 1)


def test_bulk_insert_update_and_delete(staff, officer_a, awards, unit_a, unit_b):
    people = [PersonFactory(unit=unit_a, gender="female" if i % 2 else "male", direct_worker=i % 3 == 0)
              for i in range(6)]
    kind = AwardType.objects.get(code="GIAY_KHEN")
    Award.objects.bulk_create([Award(award_type=kind, person=p, unit=p.unit, recipient_kind="individual",
                                     year=YEAR - (i % 3)) for i, p in enumerate(people * 3)])
    assert_exact(staff, officer_a)
    Award.objects.filter(award_type=kind, year=YEAR).update(revoked=True)  # QuerySet.update
    assert_exact(staff, officer_a)
    Award.objects.filter(award_type=kind, year=YEAR - 1).update(unit=unit_b, year=YEAR)  # moves cells
    assert_exact(staff, officer_a)
    Award.objects.filter(award_type=kind).delete()
    assert_exact(staff, officer_a)


def test_single_award_edit_and_revocation(staff, officer_a, awards):
    a = Award.objects.filter(person=awards["w1"], year=YEAR).first()
    a.year = YEAR - 2
    a.save()
    assert_exact(staff, officer_a)
    a.revoked = True
    a.commendation_type = "dot_xuat"
    a.save()
    assert_exact(staff, officer_a)
    a.delete()
    assert_exact(staff, officer_a)


def test_award_moved_to_another_person(staff, officer_a, awards):
    a = Award.objects.filter(person=awards["m1"], revoked=False).first()
    a.person = awards["w2"]
    a.save()
    assert_exact(staff, officer_a)


def test_person_gender_and_direct_worker_changes_move_their_awards(staff, officer_a, awards):
    w1 = awards["w1"]
    w1.gender = "male"
    w1.save()
    assert_exact(staff, officer_a)
    Person.objects.filter(pk__in=[awards["m1"].pk, awards["b1"].pk]).update(direct_worker=False, gender="female")
    assert_exact(staff, officer_a)
    Person.objects.filter(pk=awards["w2"].pk).update(full_name="Phạm Thị Lan Anh")  # nothing to move
    assert_exact(staff, officer_a)
    t = sel.award_stats(staff, year_from=YEAR, year_to=YEAR).total
    assert (t.women, t.direct) == (3, 2)  # W2, M1, B1 now women; W1 a man, still the only direct worker (2)


def test_unit_moved_in_the_tree_is_read_under_its_new_parent(staff, officer_a, officer_b, awards, unit_a1,
                                                             unit_b):
    unit_a1.parent = unit_b
    unit_a1.save()
    assert_exact(staff, officer_a, officer_b)


def test_raw_sql_and_rollback(staff, officer_a, awards, unit_a):
    person = PersonFactory(unit=unit_a, gender="female")
    kind = AwardType.objects.get(code="LDTT")
    with connection.cursor() as cur:
        cur.execute("INSERT INTO awards_award (award_type_id, person_id, unit_id, recipient_kind, year, "
                    "commendation_type, decision_number, decision_issuer, achievement, revoked, revoked_reason, "
                    "revoked_decision, source, search_text, sort_key, created_at, household_name) VALUES "
                    "(%s, %s, %s, 'individual', %s, 'cong_trang', '', '', '', %s, '', '', 'manual', '', '', "
                    "CURRENT_TIMESTAMP, '')", [kind.pk, person.pk, unit_a.pk, YEAR, False])
    assert_exact(staff, officer_a)
    before = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        give("LDTT", person=person)
        raise RuntimeError
    assert stored() == before


def test_rebuild_drops_empty_cells_and_matches(staff, awards, unit_a):
    Award.objects.filter(person=awards["b1"]).delete()
    assert AwardStat.objects.filter(total=0, revoked=0).exists()
    award_stats.rebuild()
    assert not AwardStat.objects.filter(total=0, revoked=0).exists()
    assert_exact(staff)


def test_a_new_unit_with_no_awards_and_the_dashboard(staff, officer_a1, awards, unit_a1):
    UnitFactory(parent=unit_a1, name="Tổ chuyên môn")
    assert_exact(staff, officer_a1)
    board = sel.dashboard(staff, YEAR)
    assert board.awards.total.total == 8 and board.awards_by_year[YEAR - 1].total == 1
