"""Remembers the request's user so model signals can attribute audit entries (one contextvar per request)."""

from contextvars import ContextVar
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig

_current_user: ContextVar = ContextVar("thidua_current_user", default=None)


def get_current_user():
    user = _current_user.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class acting_as:
    """`with acting_as(user):` attributes audit entries written in the block (jobs, imports, commands)."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.token = _current_user.set(self.user)
        return self.user

    def __exit__(self, *exc):
        _current_user.reset(self.token)


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)


class AccountSecurityMiddleware:
    """After authentication: ends a session idle for THIDUA_SESSION_IDLE_MINUTES, and keeps a user who must use
    the second factor on the enrolment / verification pages until the session is verified."""

    _TOUCH_SECONDS = 60  # write the session's last-seen time at most once a minute

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._idle_timeout(request) or self._two_factor_gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle_timeout(self, request):
        import time

        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        now = int(time.time())
        last = request.session.get("_last_seen")
        if last is not None and now - last > settings.THIDUA_SESSION_IDLE_MINUTES * 60:
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.")}, status=401)
            messages.info(request, _("Phiên làm việc đã hết hạn do lâu không thao tác; vui lòng đăng nhập lại."))
            return redirect_to_login(request.get_full_path())
        if last is None or now - last >= self._TOUCH_SECONDS:
            request.session["_last_seen"] = now
        return None

    def _two_factor_gate(self, request, user):
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from thidua.core.accounts import has_confirmed_device, two_factor_required

        if not two_factor_required(user) or user.is_verified():
            return None
        open_paths = (reverse("two_factor_verify"), reverse("two_factor_enrol"), reverse("logout"))
        if request.path in open_paths or request.path.startswith(("/static/", "/i18n/")):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Tài khoản này cần xác thực hai bước trước khi dùng hệ thống.")},
                                status=403)
        target = "two_factor_verify" if has_confirmed_device(user) else "two_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


# Characters no query parameter may carry: NUL breaks PostgreSQL text parameters (a 500), the other C0 controls
# and DEL have no business in a search box or a filter.
_CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\x7f"}
_MAX_DIGITS = 18  # anything longer overflows a 64-bit integer column
# Parameters that filter by year (`__year` lookups and date() accept 1–9999 only).
YEAR_PARAMETERS = frozenset({"nam", "year", "tu_nam", "den_nam", "nam_hoc"})


def bad_parameter(value: str) -> bool:
    """Would this query or form value make a view fail? NUL/control characters, digits that are not ASCII
    (int() reads '٣' but '²' fails and the database refuses both), numbers longer than any integer column."""
    if any(ch in _CONTROL for ch in value):
        return True
    stripped = value.strip().lstrip("+-")
    if stripped and (stripped.isdigit() or stripped.isnumeric()):
        return not stripped.isascii() or len(stripped) > _MAX_DIGITS
    return False


def _out_of_year_range(value: str) -> bool:
    value = value.strip()
    return value.lstrip("+-").isdigit() and not 1 <= int(value) <= 9999


class QueryParameterGuardMiddleware:
    """Answers 400 (pages and API alike) when a query parameter, a url-encoded form field or a JSON body carries
    what the shared filters cannot take, instead of letting it reach a view or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            return self._bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:
        for key, values in request.GET.lists():
            if bad_parameter(key) or any(bad_parameter(v) for v in values):
                return True
            if key in YEAR_PARAMETERS and any(_out_of_year_range(v) for v in values):
                return True
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type == "application/x-www-form-urlencoded":
                return any("\x00" in v for _, values in request.POST.lists() for v in values)
            if content_type == "application/json":
                try:
                    body = request.body
                except RequestDataTooBig:
                    # Larger than the form limit: not read here (a batch for the eligibility calculator may be);
                    # the view reads the stream and its schema refuses what it cannot take.
                    return False
                return b"\\u0000" in body or b"\x00" in body
        return False

    @staticmethod
    def _bad_request(request):
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _("Tham số không hợp lệ: có ký tự điều khiển, chữ số không phải 0–9 hoặc số quá lớn.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "core/bad_request.html", {"message": message}, status=400)
