"""Authorization matrix generated from the URL conf and the OpenAPI schema (CONVENTIONS.md "Permissions: one
layer").

Every page (URL name) and API operation is declared, with its rule, in its app's `permissions.py` (`ROUTES`,
`API`; the rules are described in thidua/core/permissions.py "route rules"). A new route or operation without a
declared rule fails here, and so does a rule naming a permission that does not exist. Then, for every route:
anonymous visitors go to sign-in unless the route is public; every role (persona of its own unit) gets 403/404 on
a page whose permission it lacks and is let in where it has it; objects that do not exist (or lie outside the
user's scope, which answers the same) are 404, never 500; and for unit-owned objects every role × own unit /
other unit gets exactly what `visible_to` and its permission say."""

import importlib
import re

import pytest
import rules
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.permissions import LOGIN, PUBLIC, WORKFLOW
from thidua.core.roles import PROVINCE_WIDE_ROLES, Role


def _registries():
    routes, api = {}, {}
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError:
            continue
        for name, rule in getattr(module, "ROUTES", {}).items():
            assert name not in routes, f"{name} declared twice"
            routes[name] = rule
        for key, rule in getattr(module, "API", {}).items():
            assert key not in api, f"{key} declared twice"
            api[key] = rule
    return routes, api


ROUTE_RULES, API_RULES = _registries()
PUBLIC_ROUTES = {name for name, rule in ROUTE_RULES.items() if rule == PUBLIC}
PUBLIC_API = {key for key, rule in API_RULES.items() if rule == PUBLIC}

MISSING = {
    "int": "999999",
    "str": "khong-ton-tai",
    "slug": "khong-ton-tai",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "khong-ton-tai",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            route = str(entry.pattern)
            if route.startswith(("quan-tri/", "api/", "i18n/")):
                continue  # Django admin (its own login), the API (below), the language switch
            ns = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _walk(entry, prefix + route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, prefix + str(entry.pattern), entry


def _url(route: str) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: MISSING.get(m.group(1) or "str", "1"), route)


ROUTES = sorted(
    {
        (name, _url(route), "<" in route)
        for name, route, pattern in _walk(get_resolver())
        if "(?P" not in route and "^" not in route
    }
)
ROLES = [r.value for r in Role]


def _read_rule(rule):
    return rule[0] if isinstance(rule, tuple) else rule


def _permissions_of(rule):
    if isinstance(rule, tuple):
        return [p for part in rule for p in _permissions_of(part)]
    if rule in (PUBLIC, LOGIN):
        return []
    if rule == WORKFLOW:
        from thidua.dossiers.workflow import TRANSITIONS

        return sorted({permission for _target, permission, _guard in TRANSITIONS.values()})
    return [rule]


# --- the registry covers the URL conf and the API, and names real permissions ------------------------------------


def test_the_matrix_covers_the_site():
    assert len(ROUTES) > 200
    assert PUBLIC_ROUTES <= {n for n, _, _ in ROUTES}


def test_every_route_has_a_declared_rule():
    names = {name for name, _route, _pattern in _walk(get_resolver())}
    missing = sorted(names - set(ROUTE_RULES))
    assert not missing, (
        "routes without a rule: declare each in its app's permissions.py ROUTES (PUBLIC, LOGIN or "
        f"a permission): {missing}"
    )
    assert not sorted(set(ROUTE_RULES) - names), "rules declared for routes that no longer exist"


def _operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_every_api_operation_has_a_declared_rule(client, db):
    keys = {key for key, _operation in _operations(client)}
    missing = sorted(keys - set(API_RULES))
    assert not missing, (
        f"API operations without a rule: declare each in its app's permissions.py API: {missing}"
    )
    assert not sorted(set(API_RULES) - keys), "rules declared for API operations that no longer exist"


def test_declared_permissions_exist():
    declared = {**ROUTE_RULES, **API_RULES}
    unknown = sorted(
        {
            (where, permission)
            for where, rule in declared.items()
            for permission in _permissions_of(rule)
            if not rules.perm_exists(permission)
        }
    )
    assert not unknown, f"rules naming permissions that no permissions.py defines: {unknown}"


# --- anonymous -------------------------------------------------------------------------------------------------


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
        "PUBLIC in its app's permissions.py if it really is public"
    )


def test_api_operations_need_authentication_unless_declared_public(client, db):
    for key, operation in _operations(client):
        if not operation.get("security"):
            assert key in PUBLIC_API, f"{key} has no authentication: add one, or declare it PUBLIC"
            continue
        assert key not in PUBLIC_API, f"{key} is declared PUBLIC but needs authentication"
        url = key.split(" ", 1)[1]
        for param in operation.get("parameters", []):
            if param["in"] == "path":
                url = url.replace("{" + param["name"] + "}", "999999")
        response = client.generic(key.split(" ")[0], url, "{}", content_type="application/json")
        assert response.status_code == 401, (key, response.status_code)


# --- every role, own unit / other unit --------------------------------------------------------------------------


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # nine accounts per test
    province = UnitFactory(code="tinh-ma-tran", kind="province")
    own = UnitFactory(code="don-vi-ma-tran", parent=province)
    other = UnitFactory(code="don-vi-khac-ma-tran", parent=province)
    users = {
        role: UserFactory(
            username=f"mt_{role}", role=role, unit=province if role in PROVINCE_WIDE_ROLES else own
        )
        for role in ROLES
    }
    users["administrator"] = UserFactory(
        username="mt_admin", role=Role.UNIT_OFFICER, unit=own, is_superuser=True
    )
    return {"province": province, "own": own, "other": other, "users": users}


@pytest.fixture
def personas(world):
    return world["users"]


PERMISSION_PAGES = [
    (n, u)
    for n, u, has_object in ROUTES
    if not has_object and _read_rule(ROUTE_RULES.get(n)) not in (PUBLIC, LOGIN, None)
]


@pytest.mark.parametrize(("name", "url"), PERMISSION_PAGES)
def test_pages_refuse_every_role_without_their_permission(client, personas, name, url):
    permission = _read_rule(ROUTE_RULES[name])
    for role, user in personas.items():
        client.force_login(user)
        status = client.get(url).status_code
        if status == 405:  # an action: POST without data
            status = client.post(url).status_code
        assert status < 500, (name, role, status)
        if user.has_perm(permission):
            assert status not in (403, 404), f"{name}: {role} has {permission} but the page answers {status}"
        else:
            assert status in (403, 404), f"{name}: {role} lacks {permission} but the page answers {status}"


@pytest.mark.parametrize(
    ("name", "url"), [(n, u) for n, u, has_object in ROUTES if has_object and n not in PUBLIC_ROUTES]
)
def test_missing_or_outside_objects_are_404(client, personas, name, url):
    # A unit officer (scoped to a unit) and a leader (province-wide reader): 404, never 500.
    client.force_login(personas["unit_officer"])
    assert client.get(url).status_code in (404, 405, 403), (name, url, "unit_officer")
    assert client.post(url).status_code in (404, 405, 403), (name, url, "unit_officer", "POST")
    client.force_login(personas["leader"])
    assert client.get(url).status_code in (404, 405, 403), (name, url, "leader")


@pytest.mark.parametrize(
    ("name", "url"),
    [(n, u) for n, u, has_object in ROUTES if not has_object and n not in PUBLIC_ROUTES and n != "logout"],
)
def test_pages_answer_other_roles_without_server_error(client, personas, name, url):
    for role in ("unit_officer", "council_member"):
        client.force_login(personas[role])
        response = client.get(url)
        assert response.status_code < 500, (name, url, role, response.status_code)


# Unit-owned records every persona meets in its own unit and in another: the answer is what `visible_to` (404
# outside scope) and the route's declared rule (403 without the permission) say.
UNIT_OWNED = {
    "orgs:person_detail": "person",
    "orgs:person_edit": "person",
    "awards:person_history": "person",
    "awards:person_eligibility": "person",
    "orgs:unit_detail": "unit",
    "orgs:unit_edit": "unit",
    "awards:unit_history": "unit",
    "awards:unit_eligibility": "unit",
}


@pytest.mark.parametrize("name", sorted(UNIT_OWNED))
@pytest.mark.parametrize("where", ["own", "other"])
def test_every_role_on_own_and_other_units_records(client, world, name, where):
    from django.urls import reverse

    from thidua.orgs.models import Person, Unit

    kind = UNIT_OWNED[name]
    obj = PersonFactory(unit=world[where]) if kind == "person" else UnitFactory(parent=world[where])
    model = Person if kind == "person" else Unit
    rule = _read_rule(ROUTE_RULES[name])
    url = reverse(name, args=[obj.pk])
    for role, user in world["users"].items():
        client.force_login(user)
        status = client.get(url).status_code
        if not model.objects.visible_to(user).filter(pk=obj.pk).exists():
            expected = {404}
        elif rule != LOGIN and not user.has_perm(rule, obj):
            expected = {403}
        else:
            expected = {200}
        assert status in expected, f"{name} ({where} unit) as {role}: {status}, expected {expected}"
        if where == "other" and role not in PROVINCE_WIDE_ROLES and role != "administrator":
            assert status == 404, f"{role} reads another unit's record through {name}"
