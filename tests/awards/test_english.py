"""A person's eligibility page in English: criteria titles and unmet messages translated by criterion code (the
engine's contract output stays Vietnamese)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory
from thidua.awards.models import Rating

pytestmark = pytest.mark.django_db


def test_person_eligibility_page_is_english(officer_a, unit_a):
    person = PersonFactory(unit=unit_a, full_name="Nguyễn Văn An", joined_on=dt.date(2015, 1, 1))
    Rating.objects.create(person=person, year=2025, rating="HTTNV")
    client = Client()
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("awards:person_eligibility", args=[person.pk]), {"nam": 2025}).content.decode()
    assert "No disciplinary measure during the period of the achievements" in page
    assert "Not met: neither excellent task completion nor a recognised initiative in the year considered." in page
    for vietnamese in ("Không bị kỷ luật trong thời gian lấy thành tích", "Chưa đạt", "Năm 2025 xếp loại",
                       "thiếu thông tin", "Căn cứ:"):
        assert vietnamese not in page, vietnamese
    vi = Client()
    vi.force_login(officer_a)
    page = vi.get(reverse("awards:person_eligibility", args=[person.pk]), {"nam": 2025}).content.decode()
    assert "Không bị kỷ luật trong thời gian lấy thành tích" in page
