"""Builders for the rewards tests: a leader, and signed decisions of given awards (the dossier is set up at the
'for decision' step directly; signing goes through dossiers.services.decide like the page does)."""

import datetime as dt

import pytest

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards.models import AwardType
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import Dossier, DossierState, Nomination


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def leader(province):
    return UserFactory(username="lanhdao", role=Role.LEADER, unit=province, first_name="Văn", last_name="Trần Quốc")


def prepared_dossier(unit, lines, *, year=2025, title="Khen thưởng năm"):
    """A dossier ready to sign: `lines` = [(Person or Unit, award code)], every nomination accepted."""
    dossier = Dossier.objects.create(unit=unit, title=f"{title} {year}", year=year, state=DossierState.FOR_DECISION)
    for subject, code in lines:
        award_type = AwardType.objects.get(code=code)
        is_person = hasattr(subject, "full_name")
        Nomination.objects.create(
            dossier=dossier, award_type=award_type, achievement_summary="Hòan thành xuất sắc nhiệm vụ",
            person=subject if is_person else None, nominee_unit=None if is_person else subject,
            appraisal=Nomination.Appraisal.ACCEPTED,
        )
    return dossier


def sign(leader, dossier, signed_on):
    return services.decide(leader, dossier, signed_on=signed_on, signer_name="Trần Quốc Văn",
                           signer_title="Phó Chủ tịch Ủy ban nhân dân tỉnh")


def people(unit, names):
    return [PersonFactory(unit=unit, full_name=name, birth_date=dt.date(1980, 1, 1 + i)) for i, name in
            enumerate(names)]


def units(parent, names):
    return [UnitFactory(parent=parent, name=name) for name in names]
