"""Error pages and health with DEBUG off (DESIGN.md §4.8): Vietnamese pages inside the layout with a way back,
JSON {"detail": …} under /api/ with the same status, 503 while the database does not answer, /healthz, and the
statement/lock timeouts that turn a stuck query into that 503 instead of a hung worker."""

import os
import subprocess
import sys

import pytest
from django import db
from django.db import connection
from django.test import Client, override_settings

from tests.factories import PersonFactory
from thidua import settings as thidua_settings
from thidua.orgs import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client():
    """A client that gets the error page a user would get instead of the exception re-raised into the test."""
    return Client(raise_request_exception=False)


def assert_error_page(response, status, words):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert words in html
    assert 'href="/"' in html, "a way back to the home page"
    assert "vendor/bootstrap" in html, "inside the site's layout"
    assert "Not Found" not in html and "Server Error" not in html


@override_settings(DEBUG=False)
def test_missing_page_is_vietnamese_404_in_layout(client_a):
    r = client_a.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/to-chuc/don-vi/")
    assert_error_page(r, 404, "Không tìm thấy trang")
    assert 'href="http://testserver/to-chuc/don-vi/"' in r.content.decode(), "back to the page the user came from"
    assert "canbo_a" in r.content.decode() or "dropdown" in r.content.decode()  # the signed-in menu is there


@override_settings(DEBUG=False)
def test_back_link_never_points_off_site(client_a):
    r = client_a.get("/khong-co-trang-nay/", HTTP_REFERER="https://evil.example.com/")
    assert "evil.example.com" not in r.content.decode()


@override_settings(DEBUG=False)
def test_object_outside_scope_is_the_same_404(client_b, unit_a):
    person = PersonFactory(unit=unit_a)
    r = client_b.get(f"/to-chuc/ca-nhan/{person.pk}/")
    assert_error_page(r, 404, "ngoài phạm vi")
    assert person.full_name not in r.content.decode()


@override_settings(DEBUG=False)
def test_forbidden_is_vietnamese_403_in_layout(client_a):
    assert_error_page(client_a.get("/lich-nghi/"), 403, "Không có quyền truy cập")


@override_settings(DEBUG=False)
def test_csrf_failure_is_vietnamese_403(officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    assert_error_page(client.post("/dang-xuat/"), 403, "tải lại trang")


@override_settings(DEBUG=False)
def test_unexpected_error_is_vietnamese_500_in_layout(client_a, monkeypatch, quiet_client, officer_a):
    def boom(*args, **kwargs):
        raise RuntimeError("lỗi lập trình")

    monkeypatch.setattr(selectors, "units_for", boom)
    quiet_client.force_login(officer_a)
    r = quiet_client.get("/to-chuc/don-vi/?view=flat")
    assert_error_page(r, 500, "Hệ thống gặp lỗi")
    assert "lỗi lập trình" not in r.content.decode(), "no internals shown to the user"


@override_settings(DEBUG=False)
def test_database_outage_is_503_page(monkeypatch, quiet_client, officer_a):
    def down(*args, **kwargs):
        raise db.OperationalError("connection refused")

    monkeypatch.setattr(selectors, "units_for", down)
    quiet_client.force_login(officer_a)
    r = quiet_client.get("/to-chuc/don-vi/?view=flat")
    assert_error_page(r, 503, "tạm thời gián đoạn")
    assert r["Retry-After"]
    monkeypatch.undo()
    assert quiet_client.get("/to-chuc/don-vi/?view=flat").status_code == 200, "recovers by itself"


@override_settings(DEBUG=False)
def test_redis_not_answering_is_503_too(monkeypatch, quiet_client, officer_a):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 10.0.0.11:6379. Connection refused.")

    monkeypatch.setattr(selectors, "units_for", down)
    quiet_client.force_login(officer_a)
    assert_error_page(quiet_client.get("/to-chuc/don-vi/?view=flat"), 503, "tạm thời gián đoạn")


@override_settings(DEBUG=False)
def test_503_page_renders_without_the_database(django_assert_num_queries):
    """The session and user cannot be read either when the database is down: the page must not need them."""
    from django.test import RequestFactory

    from thidua.core import errors

    request = RequestFactory().get("/to-chuc/don-vi/")
    with django_assert_num_queries(0):
        response = errors.error_response(request, 503)
    assert response.status_code == 503 and "tạm thời gián đoạn" in response.content.decode()


@override_settings(DEBUG=False)
def test_api_errors_are_json_detail_with_same_status(client_a, monkeypatch, quiet_client, officer_a, unit_b):
    r = client_a.get("/api/v1/khong-co/")
    assert r.status_code == 404 and r.json()["detail"]
    person = PersonFactory(unit=unit_b)
    r = client_a.get(f"/api/v1/orgs/people/{person.pk}")
    assert r.status_code == 404 and r.json()["detail"]

    quiet_client.force_login(officer_a)

    def boom(*args, **kwargs):
        raise RuntimeError("lỗi lập trình")

    monkeypatch.setattr(selectors, "units_for", boom)
    r = quiet_client.get("/api/v1/orgs/units")
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    assert r.json()["detail"] and "lỗi lập trình" not in r.json()["detail"]

    def down(*args, **kwargs):
        raise db.OperationalError("connection refused")

    monkeypatch.setattr(selectors, "units_for", down)
    r = quiet_client.get("/api/v1/orgs/units")
    assert r.status_code == 503 and r.json()["detail"]


def test_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_does_not_answer(client, monkeypatch):
    def down(*args, **kwargs):
        raise db.OperationalError("connection refused")

    monkeypatch.setattr(db.connections["default"], "cursor", down)
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["status"] != "ok" and r.json()["database"] != "ok"


@override_settings(DEBUG=False)
def test_api_docs_served_without_cdn(client):
    from tests.assets import off_site_assets

    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert off_site_assets(html) == []
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def _settings_in_subprocess(env: dict, expr: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_DB_") and k != "THIDUA_PROCESS"}
    out = subprocess.run(
        [sys.executable, "-c", f"import thidua.settings as s; print({expr})"],
        env={**clean, **env}, capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_timeouts_configurable_web_and_commands():
    url = "postgres://u@127.0.0.1:5432/x"
    expr = f"s.database_from_url({url!r})['OPTIONS']['options']"
    assert _settings_in_subprocess({}, expr) == "-c statement_timeout=20000 -c lock_timeout=5000"
    assert _settings_in_subprocess(
        {"THIDUA_DB_STATEMENT_TIMEOUT_MS": "3000", "THIDUA_DB_LOCK_TIMEOUT_MS": "700"}, expr
    ) == "-c statement_timeout=3000 -c lock_timeout=700"
    # `thidua <command>` is batch work: unlimited unless THIDUA_DB_COMMAND_* says otherwise.
    assert _settings_in_subprocess({"THIDUA_PROCESS": "command"}, expr) == "-c statement_timeout=0 -c lock_timeout=0"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=False)
def test_locked_table_fails_fast_with_503_then_recovers(officer_a, quiet_client):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: lock_timeout")
    import psycopg

    quiet_client.force_login(officer_a)
    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    options.update(thidua_settings.postgres_options(5000, 300, 5))
    connection.close()
    sd = connection.settings_dict
    params = {"dbname": sd["NAME"], "user": sd["USER"], "password": sd["PASSWORD"], "host": sd["HOST"],
              "port": sd["PORT"] or 5432}
    try:
        with psycopg.connect(**params) as locker:
            locker.execute("LOCK TABLE orgs_unit IN ACCESS EXCLUSIVE MODE")
            r = quiet_client.get("/to-chuc/don-vi/?view=flat")
            assert_error_page(r, 503, "tạm thời gián đoạn")
            assert quiet_client.get("/healthz").status_code == 200, "the database itself still answers"
        # The lock is gone (the locker's transaction ended): the same page works again, nobody restarted anything.
        assert quiet_client.get("/to-chuc/don-vi/?view=flat").status_code == 200
    finally:
        connection.settings_dict["OPTIONS"] = saved
        connection.close()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["thidua.example.gov.vn"])
def test_unknown_host_is_vietnamese_400(quiet_client):
    r = quiet_client.get("/dang-nhap/", HTTP_HOST="evil.example.com")
    assert r.status_code == 400
    assert "Yêu cầu không hợp lệ" in r.content.decode()


def test_every_vendored_source_map_is_shipped():
    """collectstatic with the manifest storage (production) follows each sourceMappingURL and fails on a missing
    map: keep every vendored file's map beside it (the CI production-stack stage runs collectstatic itself)."""
    import re
    from pathlib import Path

    vendor = Path(thidua_settings.BASE_DIR) / "thidua" / "static" / "vendor"
    named = 0
    for path in vendor.rglob("*"):
        if path.suffix not in (".js", ".css"):
            continue
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(encoding="utf-8", errors="ignore")):
            named += 1
            assert (path.parent / target).is_file(), f"{path.name} names {target}, which is not shipped"
    assert named >= 3
