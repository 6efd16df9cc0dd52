"""A signed decision built directly in the database (independent of the workflow's steps): unit A's dossier with
three individuals and one collective, decision 05/QĐ-UBND signed by the chair, awards conferred."""

import datetime as dt

import pytest

from tests.factories import PersonFactory, UnitFactory
from thidua.awards import services as award_services
from thidua.awards.models import AwardType
from thidua.dossiers.authorities import capacity_from_title
from thidua.dossiers.models import Decision, Dossier, Nomination

SIGNED_ON = dt.date(2025, 3, 4)


def nominate(dossier, award_type, *, person=None, unit=None):
    return Nomination.objects.create(dossier=dossier, person=person, nominee_unit=unit, award_type=award_type,
                                     achievement_summary="Hòan thành xuất sắc nhiệm vụ năm 2024",
                                     appraisal=Nomination.Appraisal.ACCEPTED)


def sign(dossier, nominations, *, number="05/QĐ-UBND", signed_on=SIGNED_ON, title="Chủ tịch", name="Trần Quốc Văn"):
    decision = Decision.objects.create(dossier=dossier, issuer="UBND", doc_type="QĐ", year=signed_on.year,
                                       number=number, signed_on=signed_on, signer_name=name, signer_title=title,
                                       signer_capacity=capacity_from_title(title),
                                       summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    for n in nominations:
        award = award_services.confer(award_type=n.award_type, person=n.person,
                                      unit=n.person.unit if n.person_id else n.nominee_unit, year=dossier.year,
                                      decision_number=number, decision_date=signed_on, decision_issuer=title,
                                      source="dossier", nomination_id=n.pk)
        Nomination.objects.filter(pk=n.pk).update(decision=decision, award=award)
    Dossier.objects.filter(pk=dossier.pk).update(state="decided")
    return decision


@pytest.fixture
def bk():
    return AwardType.objects.get(code="BK_TINH")


@pytest.fixture
def dossier_a(unit_a, bk):
    dossier = Dossier.objects.create(unit=unit_a, title="Đề nghị tặng Bằng khen năm 2024", year=2024)
    school = UnitFactory(name="Trường THPT Chuyên Hưng Yên", parent=unit_a)
    people = [
        PersonFactory(full_name="Trần Thị Bình", gender="female", unit=unit_a, position="Phó Giám đốc",
                      citizen_id="034180009999", birth_date=dt.date(1979, 4, 2)),
        PersonFactory(full_name="Nguyễn Văn An", gender="male", unit=school, position="Giáo viên"),
        PersonFactory(full_name="Lê Thị Ánh", gender="female", unit=school, position="Tổ trưởng chuyên môn"),
    ]
    for p in people:
        nominate(dossier, bk, person=p)
    nominate(dossier, bk, unit=UnitFactory(name="Phòng Giáo dục trung học", parent=unit_a))
    return dossier


@pytest.fixture
def decided_a(dossier_a):
    return sign(dossier_a, list(dossier_a.nominations.select_related("person", "nominee_unit", "award_type")))
