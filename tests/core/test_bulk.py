"""core/bulk.py: rows written with COPY / executemany read back exactly through the ORM, reserved ids never
collide with ids the ORM hands out afterwards, and the database's triggers still run (summaries stay exact)."""

import datetime as dt

import pytest

from tests.factories import PersonFactory
from thidua.awards.models import Award, AwardStat, AwardType, ImportBatch, ImportRow, PersonFacts
from thidua.core.bulk import TableWriter, reserve_ids
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_reserved_ids_and_orm_ids_do_not_collide(unit_a):
    PersonFactory(unit=unit_a)
    ids = reserve_ids(Person, 3)
    assert len(set(ids)) == 3 and min(ids) > Person.objects.order_by("-id").first().pk
    TableWriter(Person, ["id", "full_name", "gender", "birth_date", "unit_id", "search_text", "sort_key"]).insert(
        [(i, f"Lê Văn Số{i}", "male", dt.date(1980, 1, 2), unit_a.pk, f"le van so{i}", "k") for i in ids])
    later = PersonFactory(unit=unit_a)  # the ORM's next id comes after the reserved ones
    assert later.pk > max(ids)
    p = Person.objects.get(pk=ids[0])
    assert (p.birth_date, p.active, p.direct_worker, p.position) == (dt.date(1980, 1, 2), True, False, "")
    assert PersonFacts.objects.filter(person_id__in=ids).count() == 3  # the person table's trigger ran


def test_json_dates_and_award_triggers(unit_a, staff):
    person = PersonFactory(unit=unit_a, gender="female")
    batch = ImportBatch.objects.create(unit=unit_a, created_by=staff, original_name="x.xlsx")
    TableWriter(ImportRow, ["batch_id", "row_number", "status", "candidate_ids", "errors", "decision_date"]).insert(
        [(batch.pk, 2, "error", [4, 5], [{"column": "Năm", "message": "sai"}], dt.date(2024, 5, 6))])
    row = ImportRow.objects.get(batch=batch)
    assert (row.candidate_ids, row.errors[0]["message"], row.decision_date) == ([4, 5], "sai", dt.date(2024, 5, 6))
    kind = AwardType.objects.get(code="LDTT")
    TableWriter(Award, ["award_type_id", "person_id", "unit_id", "recipient_kind", "year"]).insert(
        [(kind.pk, person.pk, unit_a.pk, "individual", 2024)])
    award = Award.objects.get(person=person)
    assert award.created_at is not None and not award.revoked and award.commendation_type == "cong_trang"
    cell = AwardStat.objects.get(unit=unit_a, year=2024, award_type=kind)
    assert (cell.total, cell.women) == (1, 1)
