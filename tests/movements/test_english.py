"""A bonus / penalty section named after its kind is shown once, in the page's language (not "Điểm thưởng Bonus
points" in English, nor "Điểm thưởng Điểm thưởng" in Vietnamese)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_bonus_section_is_not_mixed_in_english(staff_client, rubric):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = staff_client.get(f"/thi-dua/cham-diem/{rubric.pk}/").content.decode()
    assert "Bonus points" in page
    assert "Điểm thưởng" not in page and "Điểm trừ" not in page
    assert "Được Trung ương khen thưởng" in page  # criteria typed by the province stay as typed


def test_bonus_section_is_named_once_in_vietnamese(staff_client, rubric):
    page = staff_client.get(f"/thi-dua/cham-diem/{rubric.pk}/").content.decode()
    assert page.count("Điểm thưởng") == 1
