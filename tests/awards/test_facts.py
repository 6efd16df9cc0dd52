"""Facts gathered from the database into §4.2 cases: the right records, set-wise, lineage followed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, UnitFactory
from thidua.awards import facts
from thidua.awards.models import Award, AwardType, Discipline, Initiative, PendingProceeding, Rating
from thidua.orgs.models import Person, UnitLineage

pytestmark = pytest.mark.django_db


def award(code, year, person=None, unit=None, **kw):
    unit = unit or person.unit
    kind = "individual" if person else "collective"
    return Award.objects.create(award_type=AwardType.objects.get(code=code), person=person, unit=unit,
                                recipient_kind=kind, year=year, **kw)


def test_person_case_has_every_fact_of_the_window(unit_a):
    p = PersonFactory(unit=unit_a, joined_on=dt.date(2024, 2, 15), direct_worker=True)
    Rating.objects.create(person=p, year=2024, rating="HTTNV")
    Rating.objects.create(person=p, year=2025, rating="HTXSNV")
    Rating.objects.create(person=p, year=2026, rating="HTNV")  # after the year judged: not a fact
    ldtt = award("LDTT", 2024, p)
    award("BK_TINH", 2025, p, commendation_type="dot_xuat")
    award("CSTD_CO_SO", 2023, p, revoked=True)
    award("BK_TINH", 2001, p)  # older than the window: kept as the latest of its code
    award("BK_TINH", 1999, p)
    Initiative.objects.create(person=p, title="Số hóa", year=2025, scope="tinh")
    Initiative.objects.create(person=p, title="Cũ", year=2024, scope="co_so", used_by_award=ldtt)
    Discipline.objects.create(person=p, year=2025, form="khien_trach")
    PendingProceeding.objects.create(person=p, kind="complaint", opened_on=dt.date(2025, 6, 1))
    PendingProceeding.objects.create(person=p, kind="investigation", opened_on=dt.date(2025, 1, 1),
                                     closed_on=dt.date(2025, 3, 1))

    case = facts.gather_person_cases([p.pk], ["CSTD_CO_SO", "LDTT"], 2025)[p.pk]

    assert case["award"] == "CSTD_CO_SO" and case["year"] == 2025 and case["id"] == str(p.pk)
    assert case["nominee"] == {"kind": "individual", "direct_worker": True, "months_in_service": 22, "gender": "male"}
    assert case["ratings"] == [{"year": 2024, "rating": "HTTNV"}, {"year": 2025, "rating": "HTXSNV"}]
    assert {"year": 2024, "award": "LDTT", "type": "cong_trang", "revoked": False} in case["awards"]
    assert {"year": 2025, "award": "BK_TINH", "type": "dot_xuat", "revoked": False} in case["awards"]
    assert {"year": 2023, "award": "CSTD_CO_SO", "type": "cong_trang", "revoked": True} in case["awards"]
    assert {"year": 2001, "award": "BK_TINH", "type": "cong_trang", "revoked": False} in case["awards"]
    assert not [a for a in case["awards"] if a["year"] == 1999]
    assert sorted((i["year"], i["scope"], i["used_for"]) for i in case["initiatives"]) == [
        (2024, "co_so", "LDTT"), (2025, "tinh", None)]
    assert case["discipline"] == [{"year": 2025, "form": "khien_trach"}]
    assert case["pending"] == ["Có đơn khiếu nại đang giải quyết"]  # the investigation closed before 1 December


def test_received_on_decides_what_is_pending(unit_a):
    p = PersonFactory(unit=unit_a)
    PendingProceeding.objects.create(person=p, kind="complaint", opened_on=dt.date(2025, 6, 1),
                                     closed_on=dt.date(2025, 9, 1))
    early = facts.gather_person_cases([p], ["LDTT"], 2025, received_on=dt.date(2025, 7, 1))[p.pk]
    late = facts.gather_person_cases([p], ["LDTT"], 2025)[p.pk]
    assert early["pending"] == ["Có đơn khiếu nại đang giải quyết"] and early["received_on"] == "2025-07-01"
    assert late["pending"] == [] and "received_on" not in late


def test_unknown_start_date_leaves_months_absent(unit_a):
    p = PersonFactory(unit=unit_a, joined_on=None)
    case = facts.gather_person_cases(Person.objects.filter(pk=p.pk), ["LDTT"], 2025)[p.pk]
    assert "months_in_service" not in case["nominee"]
    assert case["ratings"] == [] and case["awards"] == [] and case["pending"] == []


def test_queries_do_not_grow_with_people(unit_a):
    def run(n):
        people = [PersonFactory(unit=unit_a) for _ in range(n)]
        for p in people:
            Rating.objects.create(person=p, year=2025, rating="HTTNV")
            award("LDTT", 2024, p)
        with CaptureQueriesContext(connection) as ctx:
            cases = facts.gather_person_cases(Person.objects.filter(pk__in=[p.pk for p in people]), ["LDTT"], 2025)
        assert len(cases) == n
        return len(ctx.captured_queries)

    assert run(2) == run(30)


def test_chunks_of_ids_give_the_same_cases(unit_a, monkeypatch):
    people = [PersonFactory(unit=unit_a) for _ in range(5)]
    for i, p in enumerate(people):
        Rating.objects.create(person=p, year=2025, rating="HTTNV" if i % 2 else "HTXSNV")
    whole = facts.gather_person_cases([p.pk for p in people], ["LDTT"], 2025)
    monkeypatch.setattr(facts, "_chunk_size", lambda: 2)
    chunked = facts.gather_person_cases([p.pk for p in people], ["LDTT"], 2025)
    assert whole == chunked


def test_unit_case_follows_lineage_and_counts_members(province):
    old = UnitFactory(name="Sở Khoa học và Công nghệ (cũ)", parent=province)
    new = UnitFactory(name="Sở Khoa học và Công nghệ", parent=province)
    office = UnitFactory(name="Văn phòng Sở", parent=new)
    UnitLineage.objects.create(kind="merge", predecessor=old, successor=new, effective_on=dt.date(2025, 3, 1))
    Rating.objects.create(unit=old, year=2024, rating="HTXSNV")
    Rating.objects.create(unit=new, year=2025, rating="HTXSNV")
    award("TTLDXS", 2024, unit=old)
    a, b, c = (PersonFactory(unit=new), PersonFactory(unit=office), PersonFactory(unit=office))
    PersonFactory(unit=office, active=False)  # no longer working: not a member
    for p, r in ((a, "HTXSNV"), (b, "HTTNV"), (c, "KHTNV")):
        Rating.objects.create(person=p, year=2025, rating=r)
    award("LDTT", 2025, a)
    award("LDTT", 2025, b)
    award("CSTD_CO_SO", 2025, a)
    award("LDTT", 2025, c, revoked=True)
    Discipline.objects.create(person=c, year=2025, form="canh_cao")
    Discipline.objects.create(person=b, year=2025, form="khien_trach")

    cases = facts.gather_unit_cases([new.pk, office.pk], ["TTLDXS"], 2025)
    case = cases[new.pk]
    assert case["nominee"] == {"kind": "collective"}
    assert case["ratings"] == [{"year": 2024, "rating": "HTXSNV"}, {"year": 2025, "rating": "HTXSNV"}]
    assert case["awards"] == [{"year": 2024, "award": "TTLDXS", "type": "cong_trang", "revoked": False}]
    assert case["collective"] == {"members": 3, "members_completed": 2, "members_ldtt": 2, "members_cstd_co_so": 1,
                                  "members_disciplined_canh_cao_or_more": 1}
    assert cases[office.pk]["collective"]["members"] == 2
    assert cases[office.pk]["awards"] == []


def test_lineage_keeps_one_rating_per_year(province):
    old_a = UnitFactory(name="Sở Tài chính (cũ)", parent=province)
    old_b = UnitFactory(name="Sở Kế hoạch và Đầu tư (cũ)", parent=province)
    new = UnitFactory(name="Sở Tài chính", parent=province)
    for old in (old_a, old_b):
        UnitLineage.objects.create(kind="merge", predecessor=old, successor=new, effective_on=dt.date(2025, 3, 1))
    Rating.objects.create(unit=old_a, year=2024, rating="HTXSNV")
    Rating.objects.create(unit=old_b, year=2024, rating="HTTNV")
    Rating.objects.create(unit=old_a, year=2025, rating="HTTNV")
    Rating.objects.create(unit=new, year=2025, rating="HTXSNV")
    case = facts.gather_unit_cases([new.pk], ["BK_TINH"], 2025)[new.pk]
    assert case["ratings"] == [{"year": 2024, "rating": "HTTNV"}, {"year": 2025, "rating": "HTXSNV"}]


def test_case_for_changes_only_the_award(unit_a):
    p = PersonFactory(unit=unit_a)
    case = facts.gather_person_cases([p], ["LDTT", "CSTD_CO_SO"], 2025)[p.pk]
    other = facts.case_for(case, "CSTD_CO_SO")
    assert other["award"] == "CSTD_CO_SO" and case["award"] == "LDTT"
    assert {k: v for k, v in other.items() if k != "award"} == {k: v for k, v in case.items() if k != "award"}
