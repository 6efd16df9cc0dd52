"""The demo looks like today's province: no district level after 01/7/2025 (communes and wards under the province,
the former districts dissolved with lineage), jobs that fit the unit, and a council whose members can all sign in
and vote in a session that is open."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login
from thidua.core import demo
from thidua.dossiers.models import Ballot, CouncilMember, CouncilSession
from thidua.orgs.models import Person, Unit, UnitLineage

AFTER = dt.date(2025, 7, 1)


@pytest.fixture
def loaded(db):
    return demo.load()


def test_no_district_level_after_the_reorganisation(loaded):
    districts = Unit.objects.filter(kind=Unit.Kind.LOCALITY, name__startswith="UBND huyện")
    assert districts.exists()
    assert not districts.filter(active_to__isnull=True).exists()
    assert not Unit.objects.active_on(AFTER).filter(name__startswith="UBND huyện").exists()
    communes = Unit.objects.active_on(AFTER).filter(kind=Unit.Kind.LOCALITY)
    assert communes.filter(name__startswith="UBND xã").count() >= 10
    assert communes.filter(name__startswith="UBND phường").count() >= 3
    province = Unit.objects.get(code="ubnd-tinh")
    assert set(communes.values_list("parent_id", flat=True)) == {province.pk}
    van_lam = Unit.objects.get(code="ubnd-van-lam")
    successors = set(UnitLineage.objects.filter(predecessor=van_lam).values_list("successor__code", flat=True))
    assert {"xa-nhu-quynh", "xa-lac-dao"} <= successors
    # nobody works in a former district today
    assert not Person.objects.filter(unit__in=districts).exists()


def test_jobs_fit_the_unit(loaded):
    at_schools = set(Person.objects.filter(unit__kind=Unit.Kind.SCHOOL).values_list("position", flat=True))
    assert not at_schools & {"Bác sĩ", "Điều dưỡng", "Phóng viên", "Công nhân"}
    assert "Giáo viên" in at_schools
    nurses = Person.objects.filter(position="Điều dưỡng")
    assert nurses.exists() and set(nurses.values_list("unit__code", flat=True)) == {"benh-vien-da-khoa"}
    given = {p.full_name.rsplit(" ", 1)[1] for p in Person.objects.all()}
    assert "Ăn" not in given


def test_every_council_member_signs_in_and_can_vote_in_the_open_session(loaded, client):
    session = CouncilSession.objects.get(state=CouncilSession.State.OPEN)
    ballots = Ballot.objects.filter(session=session, state=Ballot.State.OPEN).select_related("nomination__person")
    assert ballots.exists()
    members = CouncilMember.objects.filter(council=session.council, active=True).select_related("user")
    assert members.count() >= 12
    for member in members:
        assert member.user.has_usable_password()
        assert member.user.check_password(demo.demo_password()), member.user.username
    voter = members.get(user__username="hd_uyvien03").user
    c = login(client, voter)
    page = c.get(reverse("dossiers:vote", args=[session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(b.nomination.person.full_name in html for b in ballots)
