"""The per-person fact summary read by the eligibility round stays exact on every write path.

The summary (`awards_personfacts`) is maintained by database triggers, so forms, the admin, bulk inserts of the
legacy import, `QuerySet.update()` and raw SQL all keep it current. Each test changes the history one way and
checks the table against a full recomputation from the history (`select_sql` over everyone)."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from tests.factories import PersonFactory
from thidua.awards import catalogue, person_facts
from thidua.awards.models import (
    Award,
    AwardType,
    BaseSalary,
    Discipline,
    Initiative,
    PersonFacts,
    Rating,
)
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

BIT = {y: 1 << (y - person_facts.BASE_YEAR) for y in range(person_facts.BASE_YEAR, person_facts.LAST_YEAR + 1)}


def stored() -> dict:
    return {row[0]: row for row in PersonFacts.objects.order_by("person_id").values_list(*person_facts.COLUMNS)}


def recomputed() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(person_facts.select_sql(connection.vendor, lambda column: "1 = 1"))
        return {row[0]: tuple(row) for row in cursor.fetchall()}


def assert_exact():
    assert stored() == recomputed()


def facts_of(person) -> PersonFacts:
    return PersonFacts.objects.get(person_id=person.pk)


def award(person, code, year, **extra):
    return Award.objects.create(award_type=AwardType.objects.get(code=code), person=person, unit=person.unit,
                                recipient_kind="individual", year=year, **extra)


def test_a_new_person_has_an_empty_row(unit_a):
    person = PersonFactory(unit=unit_a, joined_on=dt.date(2020, 3, 1))
    row = facts_of(person)
    assert row.joined_month == 2020 * 12 + 2  # March 2020: year × 12 + month − 1
    assert all(getattr(row, column) == 0 for column in person_facts.MASK_COLUMNS)
    assert_exact()


def test_awards_count_only_when_counting_and_not_revoked(unit_a):
    person = PersonFactory(unit=unit_a)
    kept = award(person, "CSTD_CO_SO", 2024)
    award(person, "CSTD_CO_SO", 2023, commendation_type="dot_xuat")  # sudden awards never count
    award(person, "LDTT", 2024)  # not a prerequisite the round reads
    assert facts_of(person).cstd == BIT[2024]
    Award.objects.filter(pk=kept.pk).update(revoked=True)  # a bulk update, no model signal
    assert facts_of(person).cstd == 0
    Award.objects.filter(pk=kept.pk).update(revoked=False, award_type=AwardType.objects.get(code="BK_TINH"))
    row = facts_of(person)
    assert (row.cstd, row.bk_tinh) == (0, BIT[2024])
    kept.delete()
    assert facts_of(person).bk_tinh == 0
    assert_exact()


def test_bulk_inserts_of_the_legacy_import_are_seen(unit_a):
    people = [PersonFactory(unit=unit_a) for _ in range(3)]
    ttg = AwardType.objects.get(code="BK_TTG")
    Award.objects.bulk_create([Award(award_type=ttg, person=p, unit=unit_a, recipient_kind="individual", year=y)
                               for p in people for y in (2019, 2022)])
    for p in people:
        assert facts_of(p).bk_ttg == BIT[2019] | BIT[2022]
    assert_exact()


def test_moving_an_award_to_another_person_refreshes_both(unit_a):
    first, second = PersonFactory(unit=unit_a), PersonFactory(unit=unit_a)
    record = award(first, "HCLD_3", 2021)
    Award.objects.filter(pk=record.pk).update(person=second)
    assert (facts_of(first).hcld3, facts_of(second).hcld3) == (0, BIT[2021])
    assert_exact()


def test_ratings_follow_changes(unit_a):
    person = PersonFactory(unit=unit_a)
    rating = Rating.objects.create(person=person, year=2025, rating="HTTNV")
    Rating.objects.create(person=person, year=2024, rating="HTXSNV")
    row = facts_of(person)
    assert (row.rating_httnv, row.rating_htxsnv) == (BIT[2025], BIT[2024])
    rating.rating = "KHTNV"
    rating.save()
    row = facts_of(person)
    assert (row.rating_httnv, row.rating_khtnv) == (0, BIT[2025])
    assert_exact()


def test_initiatives_by_scope_count_and_use(unit_a):
    person = PersonFactory(unit=unit_a)
    first = Initiative.objects.create(person=person, title="Sáng kiến 1", year=2025, scope="co_so")
    Initiative.objects.create(person=person, title="Sáng kiến 2", year=2025, scope="toan_quoc")
    Initiative.objects.create(person=person, title="Sáng kiến 3", year=2023, scope="tinh")
    row = facts_of(person)
    assert row.init_any == BIT[2025] | BIT[2023]
    assert row.init_two == BIT[2025]
    assert row.init_tinh == BIT[2025] | BIT[2023] and row.init_tq == BIT[2025]
    used_for = award(person, "CSTD_CO_SO", 2024)
    Initiative.objects.filter(pk=first.pk).update(used_by_award=used_for)  # used initiatives never count again
    assert facts_of(person).init_two == 0
    assert_exact()


def test_discipline_and_service_start(unit_a):
    person = PersonFactory(unit=unit_a, joined_on=None)
    measure = Discipline.objects.create(person=person, year=2022, form="canh_cao")
    assert facts_of(person).discipline == BIT[2022]
    Person.objects.filter(pk=person.pk).update(joined_on=dt.date(2024, 9, 1))
    assert facts_of(person).joined_month == 2024 * 12 + 8
    measure.delete()
    assert facts_of(person).discipline == 0
    assert_exact()


def test_years_outside_the_kept_range(unit_a):
    person = PersonFactory(unit=unit_a)
    award(person, "BK_TINH", 1975)  # folds into the first bit: "some year long before"
    award(person, "BK_TINH", person_facts.LAST_YEAR + 1)  # beyond the range: the round aggregates instead
    assert facts_of(person).bk_tinh == 1
    assert_exact()


def test_deleting_a_person_removes_the_row(unit_a):
    person = PersonFactory(unit=unit_a)
    Rating.objects.create(person=person, year=2025, rating="HTNV")
    Initiative.objects.create(person=person, title="Sáng kiến", year=2025, scope="co_so")
    Discipline.objects.create(person=person, year=2025, form="khien_trach")
    pk = person.pk
    Rating.objects.filter(person_id=pk).delete()
    person.delete()  # cascades to initiatives and discipline first; their triggers must not resurrect the row
    assert not PersonFacts.objects.filter(person_id=pk).exists()
    assert_exact()


def test_rebuild_recomputes_everything(unit_a):
    person = PersonFactory(unit=unit_a)
    award(person, "CSTD_TINH", 2024)
    PersonFacts.objects.all().delete()
    assert person_facts.rebuild() == Person.objects.count()
    assert facts_of(person).cstd_tinh == BIT[2024]
    assert_exact()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
def test_concurrent_writers_for_one_person_leave_the_summary_exact(unit_a):
    """Two transactions add awards to the same person at once: the second waits for the first's summary row and
    recomputes from a snapshot that sees it, so neither award is lost from the summary."""
    catalogue.sync(AwardType, BaseSalary)
    person = PersonFactory(unit=unit_a)
    barrier = threading.Barrier(2)
    errors = []

    def write(code, year):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                award(person, code, year)
                # Hold the transaction open a moment so the two overlap.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(0.3)")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=args) for args in (("CSTD_CO_SO", 2024), ("BK_TINH", 2025))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    row = facts_of(person)
    assert (row.cstd, row.bk_tinh) == (BIT[2024], BIT[2025])
    assert_exact()


def test_rebuild_command(unit_a):
    from io import StringIO

    from django.core.management import call_command

    person = PersonFactory(unit=unit_a)
    award(person, "BK_TTG", 2023)
    PersonFacts.objects.all().delete()
    out = StringIO()
    call_command("rebuild_person_facts", stdout=out)
    assert "Đã tính lại" in out.getvalue()
    assert facts_of(person).bk_ttg == BIT[2023]
