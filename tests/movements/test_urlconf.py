"""Generated from the URL conf: every page of the movements area needs a signed-in user (a new page without a rule
fails here), and objects that do not exist or are out of scope are 404, never 500."""

import pytest
from django.urls import reverse

from thidua.movements import urls as movement_urls


def _routes():
    for pattern in movement_urls.urlpatterns:
        kwargs = {}
        converters = pattern.pattern.converters
        for name, conv in converters.items():
            kwargs[name] = 999999 if conv.regex == "[0-9]+" else "submit"
        yield pattern.name, kwargs


ROUTES = list(_routes())


def test_the_area_has_routes():
    assert len(ROUTES) > 20


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, db, name, kwargs):
    url = reverse(f"movements:{name}", kwargs=kwargs)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (name, method)


@pytest.mark.parametrize(("name", "kwargs"), [(n, k) for n, k in ROUTES if k])
def test_missing_object_is_404_for_everyone(staff_client, name, kwargs):
    url = reverse(f"movements:{name}", kwargs=kwargs)
    assert staff_client.get(url).status_code in (404, 405)
    assert staff_client.post(url).status_code == 404
