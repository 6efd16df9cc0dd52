"""API of the awards app, mounted at /api/v1/ (prefix "/").

`POST /api/v1/eligibility/check`: the eligibility calculator (DESIGN.md §4.2). Body: one case or an array of
cases; answer: one verdict or an array of verdicts. It reveals no stored data, so it needs no login."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from ninja import Router
from ninja.errors import HttpError

from thidua.awards.eligibility_schema import CHECK_OPENAPI
from thidua.awards.param_store import load_resolver
from thidua.awards.rules import evaluate_many
from thidua.awards.rules.jsonio import DocumentError, load_document

prefix = "/"
router = Router(tags=["eligibility"])


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
    try:
        raw = request.body
    except RequestDataTooBig:
        raise HttpError(413, "Dữ liệu gửi lên quá lớn; hãy chia thành nhiều lần gửi.")
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
