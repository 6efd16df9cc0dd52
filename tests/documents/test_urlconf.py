"""Generated from the URL conf: every documents page needs a signed-in user (a new page without a rule fails
here); missing objects are 404, never 500; the public pages open without login and answer 404 for unknown ids."""

import pytest
from django.urls import reverse

from thidua.documents import public_urls
from thidua.documents import urls as document_urls


def _routes(patterns):
    for pattern in patterns:
        kwargs = {name: (999999 if conv.regex == "[0-9]+" else "KHONGCO") for name, conv in pattern.pattern.converters.items()}
        yield pattern.name, kwargs


ROUTES = list(_routes(document_urls.urlpatterns))
PUBLIC = list(_routes(public_urls.urlpatterns))


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, db, name, kwargs):
    url = reverse(f"documents:{name}", kwargs=kwargs)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (name, method)


@pytest.mark.parametrize(("name", "kwargs"), [(n, k) for n, k in ROUTES if k])
def test_missing_object_is_404(staff_client, name, kwargs):
    url = reverse(f"documents:{name}", kwargs=kwargs)
    assert staff_client.get(url).status_code in (404, 405)
    assert staff_client.post(url).status_code in (404, 405)


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC)
def test_public_pages_need_no_login(client, db, name, kwargs):
    response = client.get(reverse(f"public:{name}", kwargs=kwargs))
    assert response.status_code == (404 if kwargs else 200)
    assert client.post(reverse(f"public:{name}", kwargs=kwargs)).status_code == 405
