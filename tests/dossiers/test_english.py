"""English mode on the council pages: recusal reasons shown in English, stored in Vietnamese for the minutes."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import members, ready_dossier
from thidua.dossiers import services
from thidua.dossiers.models import CouncilMember, Dossier, DossierState, Nomination, Recusal

pytestmark = pytest.mark.django_db


def test_recusal_reason_is_english_on_the_session_page_and_vietnamese_in_the_record(
        officer_a, secretary, council, person_a, cstd_co_so, unit_a):
    same_unit = members(council)[3]
    CouncilMember.objects.filter(pk=same_unit.pk).update(unit=unit_a)
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    ballots = services.add_to_agenda(secretary, session, list(Nomination.objects.filter(dossier=dossier).select_related("dossier")))
    services.open_session(secretary, session, BALLOT_PASSPHRASE, BALLOT_PASSPHRASE)
    client = Client()
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The secretary works in English when the ballot opens: the record stays Vietnamese (it goes into the minutes).
    from django.utils import translation

    with translation.override("en"):
        services.open_ballot(secretary, ballots[0])
    assert Recusal.objects.get(member=same_unit).reason == "Cùng đơn vị với đối tượng được đề nghị"

    page = client.get(reverse("dossiers:session", args=[session.pk])).content.decode()
    assert "Same unit as the nominee" in page
    assert "Cùng đơn vị với đối tượng được đề nghị" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(reverse("dossiers:session", args=[session.pk])).content.decode()
    assert "không bỏ phiếu (Cùng đơn vị với đối tượng được đề nghị)" in page


def test_minutes_page_heading_is_not_mixed_in_english(one_ballot_session):
    client, session = one_ballot_session
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dossiers:minutes", args=[session.pk])).content.decode()
    import re

    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()
    assert heading == "Session minutes"
    assert "Hội đồng" not in heading


@pytest.fixture
def one_ballot_session(officer_a, secretary, council, person_a, cstd_co_so):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    services.add_to_agenda(secretary, session, list(Nomination.objects.filter(dossier=dossier).select_related("dossier")))
    client = Client()
    client.force_login(secretary)
    return client, session
