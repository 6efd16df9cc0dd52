"""Error pages and the health check (DESIGN.md §4.8).

With DEBUG off, 400/403/404/500 answer a Vietnamese page inside the site's layout with a way back; when the
database does not answer (the exception being handled is a database OperationalError / InterfaceError, from a
view, a middleware or a template) the answer is a 503 page instead of the 500. Under /api/ every one of them is
JSON `{"detail": …}` with the same status.

The 500 and 503 pages render WITHOUT the request's context processors: those read the user and the session, i.e.
the database that may be the very thing that failed. The 403/404 pages render with the full layout (menu), and
fall back to the bare layout if the database fails while they render. Recovery needs nothing: the broken
connection is closed at the end of the request (Django closes unusable connections) and CONN_HEALTH_CHECKS
replaces a stale persistent one at the start of the next."""

import logging
import sys

from django import db
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger("thidua.errors")

# What a database that does not answer raises: refused/dropped connection, statement or lock timeout (both are
# OperationalError in psycopg: QueryCanceled and LockNotAvailable), "database is locked" on SQLite.
DATABASE_DOWN = (db.OperationalError, db.InterfaceError)
# Several app servers keep sessions and cache in Redis (REDIS_URL): Redis not answering is an outage too, not a bug.
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    SERVICE_DOWN = (*DATABASE_DOWN, RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency; keep the error pages working without it
    SERVICE_DOWN = DATABASE_DOWN

API_PREFIX = "/api/"


def _messages():
    return {
        400: (_("Yêu cầu không hợp lệ"), _("Hệ thống không hiểu yêu cầu này. Vui lòng kiểm tra lại địa chỉ hoặc dữ liệu đã gửi.")),
        403: (_("Không có quyền truy cập"), _("Bạn không có quyền thực hiện thao tác này hoặc xem trang này.")),
        404: (
            _("Không tìm thấy trang"),
            _("Trang hoặc hồ sơ bạn tìm không tồn tại, đã bị xóa, hoặc nằm ngoài phạm vi đơn vị bạn được xem."),
        ),
        500: (
            _("Hệ thống gặp lỗi"),
            _("Đã xảy ra lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại để quản trị viên khắc phục; vui lòng thử lại sau."),
        ),
        503: (
            _("Hệ thống tạm thời gián đoạn"),
            _("Máy chủ dữ liệu tạm thời không phản hồi. Dữ liệu của bạn không bị mất; vui lòng thử lại sau ít phút."),
        ),
    }


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _back_url(request) -> str | None:
    """The page the user came from, when it is on this site (never an open redirect to elsewhere)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return None


def error_response(request, status: int, detail: str | None = None) -> HttpResponse:
    title, message = _messages()[status]
    if is_api(request):
        return JsonResponse({"detail": detail or message}, status=status)
    context = {"status": status, "title": title, "message": message, "detail": detail, "back_url": None,
               "province_name": settings.THIDUA_PROVINCE_NAME}
    try:
        context["back_url"] = _back_url(request)
    except Exception:  # noqa: BLE001 - a disallowed Host header (the 400 case) must not stop the page
        pass
    template = loader.get_template("errors/error.html")
    if status in (403, 404, 400):
        try:
            html = template.render(context, request)
        except SERVICE_DOWN:
            return error_response(request, 503)
    else:
        html = template.render(context)  # no request: no context processors, no database
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _detail(exception) -> str | None:
    # Messages the code raises on purpose (PermissionDenied("…"), Http404("…")) are Vietnamese for the user;
    # Django's own resolver messages are not and are left out.
    text = str(exception) if exception is not None else ""
    if not text or text.startswith(("No ", "Resolver404", "{")) or "matches the given query" in text:
        return None
    return text


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403, _detail(exception))


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, SERVICE_DOWN):
        logger.warning("Database or cache unavailable (%s: %s) on %s", type(exc).__name__, exc, request.path)
        return error_response(request, 503)
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(
        request, 403,
        _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi gửi lại."),
    )


@csrf_exempt
@never_cache
def healthz(request):
    """200 {"status": "ok", "database": "ok"} when the database answers a query, else 503."""
    connection = db.connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_DOWN as exc:
        logger.warning("Health check: database unavailable (%s)", exc)
        try:
            connection.close()  # reconnect from scratch on the next call
        except DATABASE_DOWN:
            pass
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": _("Cơ sở dữ liệu không phản hồi.")}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
