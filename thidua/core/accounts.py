"""Accounts: who must use the second factor, every change to a user account (each audited), sign-in events in the
audit log, and the page shown to a locked-out username. Views and the API call these; none sets a password or a
role by itself."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.permissions import has_role
from thidua.core.roles import Role

# Roles whose accounts reach province-wide decisions: the second factor is required for them in production.
TWO_FACTOR_ROLES = frozenset({Role.PROVINCE_STAFF, Role.COUNCIL_SECRETARY, Role.LEADER})
_two_factor_role = has_role(*TWO_FACTOR_ROLES)


def two_factor_required(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    if getattr(user, "otp_required", False):
        return True
    return settings.THIDUA_REQUIRE_2FA and (user.is_superuser or user.is_staff or bool(_two_factor_role(user)))


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def _account_entry(user, note, *, actor=None, changes=None):
    audit.record(user, "account", user=actor, changes=changes or {}, note=note)


@transaction.atomic
def create_user(*, actor, username, password, **fields):
    from thidua.core.models import User

    user = User(username=username, **fields)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()  # audited (create) by the model's audit hooks; the password itself is never logged
    return user


@transaction.atomic
def update_user(user, *, actor, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()  # audited (update)
    if fields.get("is_active") is False:
        revoke_tokens(user, actor=actor, note=_("Khóa tài khoản: thu hồi mọi token API."))
    return user


@transaction.atomic
def set_password(user, password, *, actor, note):
    """Validate and set a password (own change or an administrator's reset). Revokes the user's API tokens."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _account_entry(user, note, actor=actor)


@transaction.atomic
def reset_two_factor(user, *, actor):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    _account_entry(user, _("Hủy thiết bị xác thực hai bước; người dùng phải đăng ký lại."), actor=actor)


@transaction.atomic
def confirm_device(device, *, actor):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.user.totpdevice_set.exclude(pk=device.pk).delete()
    _account_entry(device.user, _("Đăng ký thiết bị xác thực hai bước."), actor=actor)


def revoke_tokens(user, *, actor, note=""):
    from thidua.core.models import ApiToken

    n = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if n:
        _account_entry(user, note or _("Thu hồi %(n)s token API.") % {"n": n}, actor=actor)
    return n


def revoke_token(token, *, actor):
    from thidua.core.models import ApiToken

    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        _account_entry(token.user, _("Thu hồi token API #%(id)s.") % {"id": token.pk}, actor=actor)


# --- sign-in events (connected in CoreConfig.ready) -------------------------------------------------------------

def _client(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def on_logged_in(sender, request, user, **kwargs):
    import time

    # The session starts "seen now": the idle timeout counts from the sign-in, and the first page after it has no
    # session write of its own to make.
    if request is not None and hasattr(request, "session"):
        request.session["_last_seen"] = int(time.time())
    audit.record(user, "login", user=user, note=_("Đăng nhập từ %(ip)s") % {"ip": _client(request)})


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, "logout", user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    from thidua.core.models import User

    username = str(credentials.get("username", ""))[:150]
    target = User.objects.filter(username=username).first()
    audit.record(target, "login_failed", user=None,
                 note=_("Đăng nhập sai với tên «%(u)s» từ %(ip)s") % {"u": username, "ip": _client(request)},
                 unit_id=target.unit_id if target else None)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes: the answer to a username locked out after too many failures (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    message = _("Tài khoản tạm khóa do đăng nhập sai quá %(n)s lần; vui lòng thử lại sau %(m)s phút hoặc liên hệ "
                "quản trị hệ thống.") % {"n": settings.AXES_FAILURE_LIMIT, "m": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "core/accounts/locked_out.html", {"message": message}, status=429)
