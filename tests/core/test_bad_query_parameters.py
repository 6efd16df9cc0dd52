"""Bad input in query parameters answers 400 (or is ignored), never 500, on every page and the API: a NUL byte in a
search (PostgreSQL refuses it in a text parameter), non-ASCII digits ('٣', '²'), numbers longer than any integer
column — and values that pass that guard but are out of range for a year or an id still do not break a page.
Generated from the URL conf, so a new page is covered without being listed here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from thidua.core.middleware import bad_parameter

# Every query parameter a page or an endpoint reads (grep request.GET in thidua/), plus the API's.
PARAMS = ["action", "active", "actor", "award", "cap-tren", "dai_hoi", "danh-hieu", "den_nam", "dien_hinh",
          "don-vi", "don_vi", "field", "ke_hoach", "ket-qua", "kind", "ky", "loai", "lop", "ma", "model", "nam",
          "nhiem_vu", "period", "phong_trao", "q", "qua_han", "quy", "sap_xep", "tinh_trang", "trang",
          "trang_thai", "tu_nam", "unit", "vai_tro", "view", "status", "movement", "sector", "year", "medium",
          "outlet", "level", "category", "limit", "cursor", "number", "gender", "direct_worker", "plan", "unit_id"]
REFUSED = ["a\x00b", "٣", "²", "99999999999999999999", "12\x1b"]
ODD_BUT_ALLOWED = ["-1", "999999999999999999"]


def _get_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            route = str(entry.pattern)
            if route.startswith(("quan-tri/", "i18n/")):
                continue
            yield from _get_routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            route = str(entry.pattern)
            if "<" in route or "(?P" in route or "^" in route:
                continue  # needs an object; the apps' URL-conf tests cover those
            yield "/" + prefix + route


ROUTES = sorted(set(_get_routes()) - {"/dang-xuat/"})


def test_guard():
    assert all(bad_parameter(v) for v in REFUSED)
    assert not any(bad_parameter(v) for v in ODD_BUT_ALLOWED + ["Nguyễn Văn An", "196/KH-UBND", "dòng 1\ndòng 2"])


def test_there_are_routes():
    assert len(ROUTES) > 60 and "/api/v1/orgs/people" in ROUTES


@pytest.mark.parametrize("route", ROUTES)
def test_nul_byte_answers_400(staff_client, route):
    response = staff_client.get(route, {"q": "a\x00b"})
    assert response.status_code == 400, (route, response.status_code)
    if route.startswith("/api/"):
        assert "detail" in response.json()


@pytest.mark.parametrize("route", ["/to-chuc/ca-nhan/", "/nhat-ky/", "/api/v1/orgs/people", "/api/v1/plans"])
@pytest.mark.parametrize("value", REFUSED)
def test_refused_values_answer_400(staff_client, route, value):
    for param in ("q", "don_vi", "nam", "unit", "limit"):
        assert staff_client.get(route, {param: value}).status_code == 400, (route, param, value)


@pytest.mark.parametrize("route", ROUTES)
def test_odd_values_never_500(staff_client, route):
    for value in ODD_BUT_ALLOWED:
        response = staff_client.get(route, {p: value for p in PARAMS})
        assert response.status_code < 500, (route, value, response.status_code)
    # A year outside 1–9999 is refused before a `__year` lookup can fail.
    assert staff_client.get(route, {"nam": "99999", "year": "0"}).status_code == 400


@pytest.mark.parametrize("route", ["/dien-hinh-tien-tien/", "/thu-vien-van-ban/", "/dang-nhap/"])
def test_public_pages_refuse_nul_for_anonymous_too(client, db, route):
    assert client.get(route, {"q": "a\x00"}).status_code == 400
