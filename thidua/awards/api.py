"""API of the awards app, mounted at /api/v1/ (prefix "/").

`POST /api/v1/eligibility/check`: the eligibility calculator (DESIGN.md §4.2). Body: one case or an array of
cases; answer: one verdict or an array of verdicts. It reveals no stored data, so it needs no login."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.http import JsonResponse
from ninja import Router
from ninja.errors import HttpError

from thidua.awards.eligibility_schema import CHECK_OPENAPI
from thidua.awards.param_store import load_resolver
from thidua.awards.rules import (
    AWARD_RULES,
    PARAMETERS,
    RULE_SETS_BY_VERSION,
    award_name_in,
    criteria_for,
    evaluate_many,
)
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
        "(hoặc không phải đối tượng/mảng) trả về 400. Bộ quy tắc và tiêu chí: LAW.md + LAW-V2.md (bộ quy tắc v2: "
        "bộ quy tắc v1/v2/v3 theo ngày nhận hồ sơ, căn cứ kê khai `bases`, `needs_judgement`, `unconfirmed`)."
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


def _plain(value):
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return f"{value[0]:02d}-{value[1]:02d}"
    return value


@router.get(
    "/eligibility/rules",
    auth=None,
    summary="Bộ quy tắc xét khen thưởng: tiêu chí và tham số đang áp dụng",
    description=(
        "Các danh hiệu/hình thức của bộ quy tắc, tiêu chí của từng loại (mã, căn cứ, nội dung) và giá trị tham số "
        "có hiệu lực vào ngày `on` (mặc định hôm nay), gồm cả giá trị riêng của tỉnh."
    ),
)
def eligibility_rules(request, on: dt.date | None = None):
    on = on or dt.date.today()
    params = load_resolver().at(on)
    version = None if params is None else params.rule_set.version
    rule_set = RULE_SETS_BY_VERSION.get(version) if version else None
    awards = [
        {
            "award": code,
            "name": award_name_in(code, rule_set),
            "kind": kind,
            "criteria": [
                {"criterion": c.code, "article": c.article, "title": c.title, "declared": c.declared}
                for c in criteria_for(code, kind, version)
            ],
        }
        for code in AWARD_RULES
        for kind in AWARD_RULES[code]
    ]
    parameters = [
        {
            "name": name,
            "description": spec.description,
            "default": _plain(spec.default),
            "value": None if params is None else _plain(params[name]),
        }
        for name, spec in PARAMETERS.items()
    ]
    body = {
        "on": on.isoformat(),
        "rule_set": None if params is None else params.rule_set.version,
        "awards": awards,
        "parameters": parameters,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
