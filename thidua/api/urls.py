"""REST API under /api/v1/ (django-ninja); OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs.

Each app contributes a `router` in its `api.py`; they are mounted here in one place."""

import importlib

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.api.auth import AUTH
from thidua.core import accounts, audit
from thidua.core.models import ApiToken

api = NinjaAPI(
    title="thidua API",
    version="1",
    description="API quản lý công tác thi đua, khen thưởng. Xác thực: POST /api/v1/auth/token, sau đó gửi "
    "`Authorization: Bearer <token>`.",
    auth=AUTH,
    urls_namespace="api",
)


def _loc(err: dict) -> str:
    return ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query"))


# Pydantic's messages are English: the common ones in Vietnamese (others keep pydantic's text).
_MESSAGES = {
    "missing": "thiếu giá trị",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "list_type": "phải là danh sách",
    "model_attributes_type": "phải là đối tượng JSON",
    "dict_type": "phải là đối tượng JSON",
    "json_invalid": "không phải JSON hợp lệ",
}


def _message(err: dict) -> str:
    kind = err.get("type", "")
    if kind in ("literal_error", "enum"):
        return "phải là một trong: " + str((err.get("ctx") or {}).get("expected", ""))
    return _MESSAGES.get(kind, str(err.get("msg", "")))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    parts = []
    for err in exc.errors:
        where = _loc(err)
        parts.append(f"{where}: {_message(err)}" if where else _message(err))
    detail = "Dữ liệu gửi lên không hợp lệ" + (" — " + "; ".join(parts) if parts else ".")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(request, {"detail": "Chưa đăng nhập hoặc token không hợp lệ."}, status=401)


@api.exception_handler(Http404)
def on_404(request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy hoặc bạn không có quyền xem."}, status=404)


@api.exception_handler(PermissionDenied)
def on_403(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Bạn không có quyền thực hiện thao tác này."}, status=403)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc):
    """A service refused the input (model validation): 400 with its Vietnamese messages."""
    if hasattr(exc, "error_dict"):
        messages = [m for errors in exc.message_dict.values() for m in errors]
    else:
        messages = exc.messages
    return api.create_response(request, {"detail": " ".join(messages) or "Dữ liệu không hợp lệ."}, status=400)


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    # An id or number beyond what the database stores (SQLite: 64-bit integers) matches nothing.
    return api.create_response(request, {"detail": "Giá trị số quá lớn."}, status=400)


def _status_handler(status: int):
    def handler(request, exc):
        return api.create_response(request, {"detail": getattr(exc, "message", None) or str(exc)}, status=status)

    return handler


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None  # the 6-digit code, for accounts that must use the second factor


class TokenOut(Schema):
    token: str


class Detail(Schema):
    detail: str


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: Detail, 429: Detail}, tags=["auth"], summary="Lấy token")
def issue_token(request, payload: TokenIn):
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except PermissionDenied:  # django-axes: this username is locked out
        return accounts.lockout_response(request)
    if getattr(request, "axes_locked_out", False):
        return accounts.lockout_response(request)
    if user is None or not user.is_active:
        return Status(401, {"detail": "Sai tên đăng nhập hoặc mật khẩu."})
    if accounts.two_factor_required(user):
        from django_otp import match_token

        if not accounts.has_confirmed_device(user):
            return Status(401, {"detail": "Tài khoản cần đăng ký xác thực hai bước (trên trang Tài khoản) trước khi "
                                          "lấy token."})
        if not payload.otp or match_token(user, payload.otp.strip()) is None:
            return Status(401, {"detail": "Thiếu hoặc sai mã xác thực hai bước (trường «otp»)."})
    token = ApiToken.issue(user)
    audit.record(user, "account", user=user, note="Cấp token API.")
    return Status(200, {"token": token})


@api.delete("/auth/token", response={200: Detail, 400: Detail}, tags=["auth"], summary="Thu hồi token đang dùng")
def revoke_current_token(request):
    token = getattr(request, "api_token", None)
    if token is None:
        return Status(400, {"detail": "Yêu cầu này không dùng token (Authorization: Bearer …)."})
    accounts.revoke_token(token, actor=request.user)
    return Status(200, {"detail": "Đã thu hồi token."})


# Each module's `router` goes under its `prefix` (default: /<app>); a module may also name `exception_handlers`
# {exception class: status} for its services' own errors (e.g. a workflow step that is not possible: 400), answered
# as `{"detail": message}` like every other error.
for _app in ("orgs", "plans", "movements", "movements.api_scoring", "awards", "dossiers", "dossiers.api_council", "dossiers.api_consultations",
             "documents", "oversight", "outreach", "reports", "reporting", "rewards", "notifications"):
    _name = f"thidua.{_app}" if "." in _app else f"thidua.{_app}.api"
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise
        continue
    api.add_router(getattr(_module, "prefix", f"/{_app}"), _module.router)
    for _exc, _status in getattr(_module, "exception_handlers", {}).items():
        api.add_exception_handler(_exc, _status_handler(_status))
