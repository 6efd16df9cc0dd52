"""Merging two records of one person: the whole history follows the record kept, identical ratings are not
doubled, real conflicts stop the merge with a message, only province staff may merge, and the eligibility facts
follow (the per-person summary is rebuilt by the database)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory
from thidua.awards.models import Award, AwardType, Discipline, Initiative, PersonFacts, Rating
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.orgs.merge import MergeRefused, merge, plan
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(unit_a, unit_b):
    """The same teacher, once in each unit (moved schools; the old award book was imported separately)."""
    keep = PersonFactory(full_name="Nguyễn Thị Lan", unit=unit_b, birth_date=dt.date(1985, 3, 2), citizen_id="")
    drop = PersonFactory(full_name="Nguyễn Thị Lan", unit=unit_a, birth_date=dt.date(1985, 3, 2),
                         citizen_id="034185001234", joined_on=dt.date(2008, 9, 1))
    cstd = AwardType.objects.get(code="CSTD_CO_SO")
    Award.objects.create(award_type=cstd, person=drop, unit=unit_a, recipient_kind="individual", year=2022)
    Rating.objects.create(person=drop, year=2022, rating="HTXSNV")
    Rating.objects.create(person=drop, year=2023, rating="HTTNV")
    Rating.objects.create(person=keep, year=2023, rating="HTTNV")  # the same fact, recorded in both units
    Initiative.objects.create(person=drop, title="Sáng kiến dạy học", year=2022, scope="co_so")
    Discipline.objects.create(person=drop, year=2019, form="khien_trach")
    return keep, drop


def test_the_history_moves_to_the_record_kept(pair, staff):
    keep, drop = pair
    preview = plan(keep, drop)
    assert preview.possible and preview.dropped and preview.filled["citizen_id"] == ("", "034185001234")
    merge(staff, keep, drop)
    assert not Person.objects.filter(pk=drop.pk).exists()
    assert list(keep.awards.values_list("year", flat=True)) == [2022]
    assert sorted(Rating.objects.filter(person=keep).values_list("year", "rating")) == [(2022, "HTXSNV"),
                                                                                       (2023, "HTTNV")]
    assert keep.initiatives.count() == 1 and keep.disciplines.count() == 1
    keep.refresh_from_db()
    assert keep.citizen_id == "034185001234" and keep.joined_on == dt.date(2008, 9, 1)  # blanks filled
    assert keep.unit_id != drop.unit_id  # the kept record's unit stays
    entry = AuditEntry.objects.filter(model="orgs.Person", object_id=str(keep.pk), action="update").latest("id")
    assert "Nguyễn Thị Lan" in entry.note and entry.changes["merged_person"][0].startswith("Nguyễn Thị Lan")
    # the eligibility round's facts follow the history
    facts = PersonFacts.objects.get(person_id=keep.pk)
    assert facts.cstd == 1 << (2022 - 1990)
    assert not PersonFacts.objects.filter(person_id=drop.pk).exists()


def test_different_ratings_for_one_year_stop_the_merge(pair, staff):
    keep, drop = pair
    Rating.objects.create(person=keep, year=2022, rating="HTNV")
    preview = plan(keep, drop)
    assert not preview.possible
    assert any("xếp loại" in c and "2022" in c for c in preview.conflicts)
    with pytest.raises(MergeRefused):
        merge(staff, keep, drop)
    assert Person.objects.filter(pk=drop.pk).exists()
    assert Rating.objects.filter(person=drop).count() == 2  # nothing moved


def test_two_logins_stop_the_merge(pair, staff):
    keep, drop = pair
    UserFactory(username="gv1", role=Role.UNIT_OFFICER, person=keep, unit=keep.unit)
    UserFactory(username="gv2", role=Role.UNIT_OFFICER, person=drop, unit=drop.unit)
    assert not plan(keep, drop).possible


def test_merge_page_for_province_staff(pair, staff_client):
    keep, drop = pair
    url = reverse("orgs:person_merge")
    page = staff_client.get(url, {"giu": keep.pk, "bo": drop.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "Sẽ chuyển sang hồ sơ giữ lại" in html
    response = staff_client.post(url, {"giu": keep.pk, "bo": drop.pk})
    assert response.status_code == 302 and response["Location"] == reverse("orgs:person_detail", args=[keep.pk])
    assert not Person.objects.filter(pk=drop.pk).exists()


def test_merge_page_explains_conflicts(pair, staff_client):
    keep, drop = pair
    Rating.objects.create(person=keep, year=2022, rating="HTNV")
    html = staff_client.post(reverse("orgs:person_merge"), {"giu": keep.pk, "bo": drop.pk}).content.decode()
    assert "Chưa thể hợp nhất" in html and "sửa hoặc xóa một bản trước khi hợp nhất" in html
    assert Person.objects.filter(pk=drop.pk).exists()


def test_unit_officers_cannot_merge(pair, client_a):
    keep, drop = pair
    url = reverse("orgs:person_merge")
    assert client_a.get(url, {"giu": keep.pk, "bo": drop.pk}).status_code == 403
    assert client_a.post(url, {"giu": keep.pk, "bo": drop.pk}).status_code == 403
    assert Person.objects.filter(pk=drop.pk).exists()


def test_duplicates_report_links_to_the_merge(pair, staff_client):
    keep, drop = pair
    html = staff_client.get(reverse("awards:duplicates")).content.decode()
    assert reverse("orgs:person_merge") in html


def test_bad_parameters_are_explained(staff_client, pair):
    keep, _drop = pair
    response = staff_client.get(reverse("orgs:person_merge"), {"giu": keep.pk, "bo": "x"}, follow=True)
    assert "Chọn hồ sơ giữ lại" in response.content.decode()
    assert staff_client.get(reverse("orgs:person_merge"), {"giu": keep.pk, "bo": 999999}).status_code == 404
    same = staff_client.get(reverse("orgs:person_merge"), {"giu": keep.pk, "bo": keep.pk}).content.decode()
    assert "Hai hồ sơ là một" in same
