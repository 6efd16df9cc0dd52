"""Award types show in the UI's language on pages (AwardType.label) and keep their Vietnamese legal name in
documents; every catalogue name is in the translation catalogue (awards/catalogue_names.py)."""

import pytest
from django.utils import translation

from thidua.awards import catalogue
from thidua.awards.catalogue_names import NAMES
from thidua.awards.models import AwardType

pytestmark = pytest.mark.django_db


def test_every_catalogue_name_is_listed_for_translation():
    names = {e["name"] for attr in ("ENTRIES", "TITLES", "MERIT", "MEDALS", "HONORARY", "PRIZES", "RECOGNITION",
                                    "COMMEMORATIVE", "HISTORICAL") for e in getattr(catalogue, attr)}
    assert names <= set(NAMES)


def test_label_follows_the_language_and_the_name_stays_vietnamese():
    bk = AwardType.objects.get(code="BK_TINH")
    with translation.override("en"):
        assert bk.label == "Certificate of Merit of the Chairman of the Provincial People's Committee"
        assert str(bk) == bk.name == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    with translation.override("vi"):
        assert bk.label == bk.name
    local = AwardType(code="LOCAL", name="Giải thưởng Phố Hiến")
    with translation.override("en"):
        assert local.label == "Giải thưởng Phố Hiến"  # a province's own award keeps its name


def test_award_register_in_english_shows_english_award_names(client, staff, unit_a):
    from tests.factories import PersonFactory
    from thidua.awards.models import Award

    person = PersonFactory(unit=unit_a)
    Award.objects.create(award_type=AwardType.objects.get(code="LDTT"), person=person, unit=unit_a,
                         recipient_kind="individual", year=2025)
    from django.conf import settings

    client.force_login(staff)
    assert "Lao động tiên tiến" in client.get("/khen-thuong/so-khen-thuong/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/khen-thuong/so-khen-thuong/").content.decode()
    assert "Advanced Worker" in html and "Lao động tiên tiến" not in html
