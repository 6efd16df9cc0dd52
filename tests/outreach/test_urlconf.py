"""Generated from the URL conf: every page of the outreach area needs a signed-in user (a new page without a rule
fails here), missing objects are 404 (never 500), and the public pages answer without login."""

import pytest
from django.urls import reverse

from thidua.outreach import public_urls
from thidua.outreach import urls as outreach_urls


def _routes(patterns):
    for pattern in patterns:
        kwargs = {}
        for name, conv in pattern.pattern.converters.items():
            kwargs[name] = 999999 if conv.regex == "[0-9]+" else "submit"
        yield pattern.name, kwargs


ROUTES = list(_routes(outreach_urls.urlpatterns))
PUBLIC = list(_routes(public_urls.urlpatterns))


def test_the_area_has_routes():
    assert len(ROUTES) > 30 and len(PUBLIC) == 6


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, db, name, kwargs):
    url = reverse(f"outreach:{name}", kwargs=kwargs)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (name, method)


@pytest.mark.parametrize(("name", "kwargs"), [(n, k) for n, k in ROUTES if k])
def test_missing_object_is_404_for_everyone(staff_client, name, kwargs):
    url = reverse(f"outreach:{name}", kwargs=kwargs)
    assert staff_client.get(url).status_code in (404, 405)
    assert staff_client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC)
def test_public_pages_need_no_login(client, db, name, kwargs):
    url = reverse(f"outreach_public:{name}", kwargs=kwargs)
    assert client.get(url).status_code == (200 if not kwargs else 404)
    assert client.post(url).status_code == 405
