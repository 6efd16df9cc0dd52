"""Outreach fixtures: people in units A and B, a unit leader and a province leader, image/PDF bytes, and media
files written to a throw-away folder."""

import datetime as dt
import io

import pytest
from PIL import Image

from tests.factories import PersonFactory, UserFactory
from tests.media import media_root  # noqa: F401 (autouse for this folder)
from thidua.core.roles import Role
from thidua.orgs.models import Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(buf, format="JPEG")
    return buf.getvalue()


@pytest.fixture
def person_a(unit_a):
    return PersonFactory(full_name="Nguyễn Thị Hoa", gender=Person.Gender.FEMALE, unit=unit_a,
                         birth_date=dt.date(1980, 3, 14), citizen_id="033180001234", position="Giáo viên",
                         direct_worker=True)


@pytest.fixture
def person_a2(unit_a):
    return PersonFactory(full_name="Trần Văn Bình", gender=Person.Gender.MALE, unit=unit_a, position="Trưởng phòng")


@pytest.fixture
def person_b(unit_b):
    return PersonFactory(full_name="Lê Văn Cường", gender=Person.Gender.MALE, unit=unit_b, position="Bác sĩ")


@pytest.fixture
def leader_a(unit_a):
    return UserFactory(username="lanhdao_a", role=Role.UNIT_LEADER, unit=unit_a)


@pytest.fixture
def province_leader(province):
    return UserFactory(username="chu_tich", role=Role.LEADER, unit=province)

