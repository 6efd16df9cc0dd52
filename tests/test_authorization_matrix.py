"""Authorization matrix generated from the URL conf and the OpenAPI schema (CONVENTIONS.md "Permissions: one
layer"): every route × anonymous / every role. A new page that answers an anonymous visitor fails here unless it is
declared public in `PUBLIC_ROUTES`; a new API operation without authentication fails unless declared in
`PUBLIC_API`. Routes to objects that do not exist (or are outside the user's scope, which answers the same) are
404 for every role, never 500; pages without an object answer every role without a server error."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UnitFactory, UserFactory
from thidua.core.roles import Role

# Pages anyone may open without signing in (DESIGN.md §1 "public"), by URL name.
PUBLIC_ROUTES = {
    "login", "logout", "healthz", "public:results", "public:decision", "public:verify", "public:verify_form",
    "outreach_public:exemplar_list", "outreach_public:exemplar_detail", "outreach_public:exemplar_photo",
    "outreach_public:legal_list", "outreach_public:legal_detail", "outreach_public:legal_download",
}
# API operations without authentication (auth=None), "METHOD path".
PUBLIC_API = {"POST /api/v1/auth/token", "POST /api/v1/eligibility/check", "POST /api/v1/bonus/check",
              "GET /api/v1/eligibility/rules", "GET /api/v1/outreach/public/exemplars",
              "GET /api/v1/outreach/public/exemplars/{exemplar_id}", "GET /api/v1/outreach/public/legal-documents",
              "GET /api/v1/outreach/public/legal-documents/{document_id}"}

MISSING = {"int": "999999", "str": "khong-ton-tai", "slug": "khong-ton-tai", "uuid": "00000000-0000-0000-0000-000000000000",
           "path": "khong-ton-tai"}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            route = str(entry.pattern)
            if route.startswith(("quan-tri/", "api/", "i18n/")):
                continue  # Django admin (its own login), the API (below), the language switch
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _walk(entry, prefix + route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, prefix + str(entry.pattern), entry


def _url(route: str) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: MISSING.get(m.group(1) or "str", "1"), route)


ROUTES = sorted({(name, _url(route), "<" in route) for name, route, pattern in _walk(
    get_resolver()) if "(?P" not in route and "^" not in route})
ROLES = [r.value for r in Role]


def test_the_matrix_covers_the_site():
    assert len(ROUTES) > 200
    names = {n for n, _, _ in ROUTES}
    assert PUBLIC_ROUTES <= names, PUBLIC_ROUTES - names


@pytest.mark.parametrize(("name", "url", "has_object"), ROUTES)
def test_anonymous_is_sent_to_sign_in_unless_public(client, db, name, url, has_object):
    response = client.get(url)
    assert response.status_code < 500, (name, url, response.status_code)
    if name in PUBLIC_ROUTES:
        return
    if response.status_code == 302 and "/dang-nhap/" not in response["Location"]:
        response = client.get(response["Location"])  # an area's index sends to its first page
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (
        f"{name} ({url}) answers an anonymous visitor with {response.status_code}: add a login rule, or declare it "
        "in PUBLIC_ROUTES if it really is public")


@pytest.fixture
def personas(db):
    province = UnitFactory(code="tinh-ma-tran", kind="province")
    unit = UnitFactory(code="don-vi-ma-tran", parent=province)
    return {role: UserFactory(username=f"mt_{role}", role=role,
                              unit=province if role in ("province_staff", "council_secretary", "council_member",
                                                        "leader") else unit)
            for role in ROLES}


@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u, has_object in ROUTES if has_object and n not in PUBLIC_ROUTES])
def test_missing_or_outside_objects_are_404(client, personas, name, url):
    # A unit officer (scoped to a unit) and a leader (province-wide reader): 404, never 500. The apps' own URL-conf
    # tests cover province staff.
    client.force_login(personas["unit_officer"])
    assert client.get(url).status_code in (404, 405, 403), (name, url, "unit_officer")
    assert client.post(url).status_code in (404, 405, 403), (name, url, "unit_officer", "POST")
    client.force_login(personas["leader"])
    assert client.get(url).status_code in (404, 405, 403), (name, url, "leader")


@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u, has_object in ROUTES
                                           if not has_object and n not in PUBLIC_ROUTES and n != "logout"])
def test_pages_answer_other_roles_without_server_error(client, personas, name, url):
    for role in ("unit_officer", "council_member"):
        client.force_login(personas[role])
        response = client.get(url)
        assert response.status_code < 500, (name, url, role, response.status_code)


def test_api_operations_need_authentication_unless_declared_public(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            key = f"{method.upper()} {path}"
            if not operation.get("security"):
                assert key in PUBLIC_API, f"{key} has no authentication: add one, or declare it in PUBLIC_API"
                continue
            url = path
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    url = url.replace("{" + param["name"] + "}", "999999")
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
            assert response.status_code == 401, (key, response.status_code)
