"""REST API under /api/v1/ (django-ninja); OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs.

Each app contributes a `router` in its `api.py`; they are mounted here in one place."""

import importlib

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
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


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    parts = []
    for err in exc.errors:
        where = _loc(err)
        parts.append(f"{where}: {err.get('msg', '')}" if where else str(err.get("msg", "")))
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


for _app in ("orgs", "plans", "movements", "awards", "dossiers", "documents", "oversight", "outreach", "reports", "rewards",
             "notifications"):
    try:
        _module = importlib.import_module(f"thidua.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"thidua.{_app}.api":
            raise
        continue
    api.add_router(getattr(_module, "prefix", f"/{_app}"), _module.router)
