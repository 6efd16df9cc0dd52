"""Accounts: lockout, password policy, own password change, the second factor, user management by the province
administrator, API token expiry / revocation / invalidation, idle sessions, and sign-in events in the audit log."""

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from thidua.core.models import ApiToken, AuditEntry, User
from thidua.core.roles import Role

PASSWORD = "mat-khau-thu"


def _login(client, username, password):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def _token(client, username, password, **extra):
    return client.post("/api/v1/auth/token", json.dumps({"username": username, "password": password, **extra}),
                       content_type="application/json")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures_even_with_the_right_password(client, officer_a):
    for _ in range(3):
        assert _login(client, "canbo_a", "sai-mat-khau").status_code in (200, 429)
    r = _login(client, "canbo_a", PASSWORD)
    assert r.status_code == 429
    assert "tạm khóa" in r.content.decode()
    assert "_auth_user_id" not in client.session
    # The API refuses the same username too.
    assert _token(client, "canbo_a", PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_success_before_the_limit_resets_the_count(client, officer_a):
    _login(client, "canbo_a", "sai")
    _login(client, "canbo_a", "sai")
    assert _login(client, "canbo_a", PASSWORD).status_code == 302
    client.logout()
    _login(client, "canbo_a", "sai")
    assert _login(client, "canbo_a", PASSWORD).status_code == 302


def test_logins_and_failures_are_audited(client, officer_a):
    _login(client, "canbo_a", "sai")
    _login(client, "canbo_a", PASSWORD)
    actions = list(AuditEntry.objects.filter(object_id=str(officer_a.pk), model="core.User")
                   .values_list("action", flat=True))
    assert "login_failed" in actions and "login" in actions
    client.post("/dang-xuat/")
    assert AuditEntry.objects.filter(action="logout", object_id=str(officer_a.pk)).exists()


def test_common_and_numeric_passwords_are_refused_on_own_change(client, officer_a):
    client.force_login(officer_a)
    for weak in ("12345678", "password123", "1234567890123"):
        r = client.post("/tai-khoan/", {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        assert r.status_code == 200
        officer_a.refresh_from_db()
        assert officer_a.check_password(PASSWORD), weak


def test_user_changes_own_password_and_tokens_die(client, officer_a):
    old = ApiToken.issue(officer_a)
    client.force_login(officer_a)
    new = "Hoa-sen-no-giua-dam-2025"
    r = client.post("/tai-khoan/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert r.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password(new)
    assert client.get("/").status_code == 200  # the session that changed the password stays signed in
    client.logout()
    r = client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert r.status_code == 401
    assert AuditEntry.objects.filter(action="account", object_id=str(officer_a.pk)).exists()


def test_token_expires(client, officer_a):
    key = ApiToken.issue(officer_a)
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    ApiToken.objects.filter(user=officer_a).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_token_revoked_through_the_api_and_the_page(client, officer_a):
    key = ApiToken.issue(officer_a)
    r = client.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    key2 = ApiToken.issue(officer_a)
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key2))
    client.force_login(officer_a)
    assert client.post(f"/tai-khoan/token/{token.pk}/thu-hoi/").status_code == 302
    client.logout()
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key2}").status_code == 401


def test_token_use_does_not_write_on_every_request(client, officer_a, django_assert_max_num_queries):
    key = ApiToken.issue(officer_a)
    client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}")
    first = ApiToken.objects.get(user=officer_a).last_used_at
    assert first is not None
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert not [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert ApiToken.objects.get(user=officer_a).last_used_at == first


def test_deactivated_user_cannot_sign_in_or_use_tokens(client, officer_a):
    key = ApiToken.issue(officer_a)
    officer_a.is_active = False
    officer_a.save()
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert "_auth_user_id" not in client.session


@override_settings(THIDUA_SESSION_IDLE_MINUTES=30)
def test_idle_session_ends(client, officer_a, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(officer_a)
    assert client.get("/").status_code == 200
    time_machine.shift(timedelta(minutes=20))
    assert client.get("/").status_code == 200  # activity keeps the session alive
    time_machine.shift(timedelta(minutes=31))
    r = client.get("/")
    assert r.status_code == 302 and "/dang-nhap/" in r["Location"]
    assert "_auth_user_id" not in client.session


# --- second factor ---------------------------------------------------------------------------------------------

def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(THIDUA_REQUIRE_2FA=True)
def test_province_staff_must_enrol_then_verify(client, staff):
    assert _login(client, "tinh", PASSWORD).status_code == 302
    r = client.get("/ke-hoach/")
    assert r.status_code == 302 and "/tai-khoan/xac-thuc-hai-buoc/" in r["Location"]
    page = client.get("/tai-khoan/xac-thuc-hai-buoc/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": _code(device)}).status_code == 302
    assert client.get("/ke-hoach/").status_code == 200
    # Next sign-in: password, then the code.
    client.post("/dang-xuat/")
    _login(client, "tinh", PASSWORD)
    r = client.get("/ke-hoach/")
    assert r.status_code == 302 and "/dang-nhap/xac-thuc/" in r["Location"]
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    assert client.post("/dang-nhap/xac-thuc/", {"code": _code(device), "next": "/ke-hoach/"})["Location"] == "/ke-hoach/"
    assert client.get("/ke-hoach/").status_code == 200


@override_settings(THIDUA_REQUIRE_2FA=True)
def test_api_token_needs_the_code_for_two_factor_accounts(client, staff, officer_a):
    assert _token(client, "canbo_a", PASSWORD).status_code == 200  # unit officers: password only
    assert _token(client, "tinh", PASSWORD).status_code == 401  # not enrolled
    device = TOTPDevice.objects.create(user=staff, confirmed=True)
    assert _token(client, "tinh", PASSWORD).status_code == 401
    assert _token(client, "tinh", PASSWORD, otp=_code(device)).status_code == 200


def test_two_factor_off_in_tests_and_demo_unless_forced(client, staff, officer_a):
    client.force_login(staff)
    assert client.get("/ke-hoach/").status_code == 200
    officer_a.otp_required = True
    officer_a.save()
    client.force_login(officer_a)
    r = client.get("/ke-hoach/")
    assert r.status_code == 302 and "xac-thuc-hai-buoc" in r["Location"]


# --- user management --------------------------------------------------------------------------------------------

@pytest.fixture
def admin_user(province):
    return UserFactory(username="quantri", role=Role.PROVINCE_STAFF, unit=province, is_staff=True)


def test_only_the_province_administrator_manages_users(client, staff, officer_a, admin_user):
    for user in (staff, officer_a):
        client.force_login(user)
        assert client.get("/nguoi-dung/").status_code == 404
        assert client.get(f"/nguoi-dung/{officer_a.pk}/").status_code == 404
    client.force_login(admin_user)
    assert client.get("/nguoi-dung/").status_code == 200
    assert "canbo_a" in client.get("/nguoi-dung/?q=canbo").content.decode()


def test_administrator_creates_user_with_policy(client, admin_user, unit_a):
    client.force_login(admin_user)
    data = {"username": "moi", "last_name": "Nguyễn Văn", "first_name": "Mới", "email": "", "role": "unit_officer",
            "unit": unit_a.pk, "password": "12345678"}
    assert client.post("/nguoi-dung/them/", data).status_code == 200
    assert not User.objects.filter(username="moi").exists()
    data["password"] = "Cay-da-dau-lang-2025"
    assert client.post("/nguoi-dung/them/", data).status_code == 302
    user = User.objects.get(username="moi")
    assert user.unit == unit_a and user.check_password("Cay-da-dau-lang-2025")
    entry = AuditEntry.objects.get(model="core.User", object_id=str(user.pk), action="create")
    assert "password" not in entry.changes and entry.actor == admin_user


def test_administrator_changes_role_deactivates_resets_and_forces_2fa(client, admin_user, officer_a, unit_b):
    key = ApiToken.issue(officer_a)
    client.force_login(admin_user)
    url = f"/nguoi-dung/{officer_a.pk}/"
    data = {"do": "save", "username": "canbo_a", "last_name": "", "first_name": "", "email": "",
            "role": "unit_leader", "unit": unit_b.pk, "is_active": "on", "otp_required": "on"}
    assert client.post(url, data).status_code == 302
    officer_a.refresh_from_db()
    assert (officer_a.role, officer_a.unit, officer_a.otp_required) == ("unit_leader", unit_b, True)
    assert AuditEntry.objects.filter(model="core.User", object_id=str(officer_a.pk), action="update",
                                     changes__has_key="role").exists() or \
        "role" in AuditEntry.objects.filter(model="core.User", action="update").first().changes
    r = client.post(url, {"do": "reset_password", "password": "12345678"})
    assert r.status_code == 200
    assert client.post(url, {"do": "reset_password", "password": "Sen-hong-Dong-Thap-9"}).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Sen-hong-Dong-Thap-9")
    assert not ApiToken.objects.get(key_hash=ApiToken.hash(key)).is_live
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    assert _login(client, "canbo_a", "Sen-hong-Dong-Thap-9").status_code == 200  # refused


def test_demo_password_satisfies_the_policy_and_signs_in(client, officer_a):
    from django.contrib.auth import password_validation

    from thidua.core import demo

    assert demo.demo_password() == "thidua-demo"
    password_validation.validate_password("thidua-demo", officer_a)  # raises if the policy refused it
    officer_a.set_password(demo.demo_password())
    officer_a.save()
    assert _login(client, "canbo_a", "thidua-demo").status_code == 302
