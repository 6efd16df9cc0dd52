"""Publishing a signed decision on the public results page through the API (issue #15): the same service as the
documents page (documents.services.publish_decision / withdraw_decision), province TĐKT staff only; the decision's
unit sees whether it is published, another unit gets a 404."""

import pytest
from django.test import Client

from tests.api.test_journey import Caller, ok
from thidua.documents.models import Certificate, Publication

pytestmark = pytest.mark.django_db


def test_publish_and_withdraw_a_decision(client, decided_a, staff, officer_a, officer_b):
    api, unit, other = Caller(client, staff), Caller(client, officer_a), Caller(client, officer_b)
    url = f"/decisions/{decided_a.pk}/publication"
    assert ok(unit.get(url)) == {"decision_id": decided_a.pk, "published": False, "published_at": None,
                                 "awardee_count": None, "url": None}
    refused = unit.post(url)
    assert refused.status_code == 403 and "cấp tỉnh" in refused.json()["detail"]
    assert other.get(url).status_code == 404 and other.post(url).status_code == 404
    assert not Publication.objects.exists()

    body = ok(api.post(url))
    assert body["published"] is True and body["awardee_count"] == 4 and body["url"].startswith("/cong-khai/")
    assert "Nguyễn Văn An" in Client().get(body["url"]).content.decode()
    assert Certificate.objects.count() == 4
    assert ok(api.post(url))["awardee_count"] == 4  # again: refreshed, not duplicated
    assert Publication.objects.count() == 1 and ok(unit.get(url))["published"] is True

    assert unit.delete(url).status_code == 403
    assert ok(api.delete(url))["published"] is False
    assert not Publication.objects.exists()
    assert Client().get(body["url"]).status_code == 404
    assert ok(api.delete(url))["published"] is False  # withdrawing twice changes nothing
    assert api.post("/decisions/999999/publication").status_code == 404
