"""API of the awards app, mounted at /api/v1/ (prefix "/").

`POST /api/v1/eligibility/check`: the eligibility calculator (DESIGN.md §4.2). Body: one case or an array of
cases; answer: one verdict or an array of verdicts. It reveals no stored data, so it needs no login."""

from __future__ import annotations

from django.http import JsonResponse
from ninja import Router
from ninja.errors import HttpError

from thidua.awards.eligibility_schema import CHECK_OPENAPI
from thidua.awards.param_store import load_resolver
from thidua.awards.rules import evaluate_many
from thidua.awards.rules.jsonio import DocumentError, load_document

prefix = "/"
# A batch calculator: allow bigger bodies than Django's 2.5 MB form limit (about 40,000 cases).
MAX_BODY_BYTES = 20 * 1024 * 1024
router = Router(tags=["eligibility"])


def _read_body(request) -> bytes:
    too_big = "Dữ liệu gửi lên quá lớn (tối đa 20 MB); hãy chia thành nhiều lần gửi."
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise HttpError(413, too_big)
    if hasattr(request, "_body"):
        return request._body
    raw = request.read(MAX_BODY_BYTES + 1)  # the stream, not request.body: this endpoint has its own limit
    if len(raw) > MAX_BODY_BYTES:
        raise HttpError(413, too_big)
    return raw


@router.post(
    "/eligibility/check",
    auth=None,
    summary="Xét điều kiện khen thưởng",
    description=(
        "Nhận một hồ sơ (đối tượng JSON) hoặc một mảng hồ sơ; trả về một kết quả hoặc mảng kết quả tương ứng. "
        "Hồ sơ sai cấu trúc cho kết quả có trường `error` và `eligible: null`; thân yêu cầu không phải JSON "
        "(hoặc không phải đối tượng/mảng) trả về 400. Bộ quy tắc và tiêu chí: LAW.md (bộ quy tắc v1)."
    ),
    openapi_extra=CHECK_OPENAPI,
)
def check_eligibility(request):
    raw = _read_body(request)
    try:
        document = load_document(raw)
    except DocumentError as exc:
        raise HttpError(400, f"Dữ liệu gửi lên không hợp lệ: {exc}.")
    resolver = load_resolver()
    if isinstance(document, dict):
        body = evaluate_many([document], resolver=resolver)[0]
    else:
        body = evaluate_many(document, resolver=resolver)
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
