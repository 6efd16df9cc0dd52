"""Personas and builders for the dossier workflow: a unit officer of unit A, province staff, a leader, a council
secretary and council members (users), and helpers to take a dossier to any state."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards.models import AwardType, Rating
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import Council, CouncilMember, Dossier, Nomination

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="to-trinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def leader(province):
    return UserFactory(username="lanhdao", role=Role.LEADER, unit=province, first_name="Văn", last_name="Trần Quốc")


@pytest.fixture
def secretary(province):
    return UserFactory(username="thuongtruc", role=Role.COUNCIL_SECRETARY, unit=province)


@pytest.fixture
def unit_leader_a(unit_a):
    return UserFactory(username="lanhdao_a", role=Role.UNIT_LEADER, unit=unit_a)


@pytest.fixture
def person_a(unit_a):
    person = PersonFactory(full_name="Nguyễn Thị Lan", gender="female", unit=unit_a, joined_on=dt.date(2010, 1, 1))
    for year in (2024, 2025, 2026):
        Rating.objects.create(person=person, year=year, rating="HTXSNV")
    return person


@pytest.fixture
def ldtt(db):
    return AwardType.objects.get(code="LDTT")


@pytest.fixture
def cstd_co_so(db):
    return AwardType.objects.get(code="CSTD_CO_SO")


def make_dossier(officer, *, kind=Dossier.Kind.MERIT, year=2025, title="Đề nghị khen thưởng năm 2025"):
    return services.create_dossier(officer, unit=officer.unit, title=title, kind=kind, year=year)


def add_nomination(officer, dossier, person, award_type, summary="Hòan thành xuất sắc nhiệm vụ", justification=""):
    return services.save_nomination(officer, dossier, Nomination(person=person, award_type=award_type,
                                                                 achievement_summary=summary,
                                                                 justification=justification))


def ready_dossier(officer, person, award_type, **kwargs):
    """A draft with one nomination and the required attachments."""
    dossier = make_dossier(officer, **kwargs)
    add_nomination(officer, dossier, person, award_type)
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    services.add_attachment(officer, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
    return dossier


@pytest.fixture
def council(province, secretary):
    """A council of 10: the secretary (standing member) and nine members with logins in varied units."""
    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", unit=province)
    CouncilMember.objects.create(council=council, user=secretary, full_name="Đỗ Minh Tuấn", unit=province,
                                 role=CouncilMember.Role.STANDING)
    for i in range(9):
        unit = UnitFactory(parent=province)
        user = UserFactory(username=f"uyvien{i}", role=Role.COUNCIL_MEMBER, unit=unit)
        CouncilMember.objects.create(council=council, user=user, full_name=f"Ủy viên {i}", unit=unit,
                                     role=CouncilMember.Role.CHAIR if i == 0 else CouncilMember.Role.MEMBER)
    return council


def members(council):
    return list(council.members.select_related("user").order_by("id"))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many personas per test
    return settings.MEDIA_ROOT
