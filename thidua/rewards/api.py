"""API of the rewards app, mounted at /api/v1/ (prefix "/").

The rest of the area (fund, bonuses, award items, exchange, blanks) is under /api/v1/rewards (rewards/api_rewards.py).

`POST /api/v1/bonus/check`: the bonus calculator (LAW-V2.md §F, DESIGN.md §4.5). Body: one item or an array of
items `{"id", "award", "kind", "decided_on"}`; answer: one answer or an array. It reveals no stored data, so it
needs no login (like the eligibility calculator)."""

from __future__ import annotations

from django.http import JsonResponse
from ninja import Router
from ninja.errors import HttpError

from thidua.awards.api import _read_body
from thidua.awards.bonus import compute, compute_many
from thidua.awards.rules.jsonio import DocumentError, load_document
from thidua.rewards.api_rewards import router as rewards_router

prefix = "/"
router = Router(tags=["bonus"])
router.add_router("/rewards", rewards_router)

_ITEM = {
    "type": "object",
    "required": ["id", "award", "kind", "decided_on"],
    "properties": {
        "id": {"type": ["string", "integer"]},
        "award": {"type": "string", "description": "Mã danh hiệu, hình thức trong danh mục (ví dụ LDTT, BK_TINH)."},
        "kind": {"type": "string", "enum": ["individual", "collective", "household"]},
        "decided_on": {"type": "string", "format": "date", "description": "Ngày ký quyết định khen thưởng."},
    },
}
_ANSWER = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "id": {"type": ["string", "integer", "null"]},
                "multiple": {"type": "number"},
                "base_salary": {"type": "integer"},
                "amount": {"type": "integer"},
                "unconfirmed": {"type": "boolean"},
            },
        },
        {"type": "object", "properties": {"id": {"type": ["string", "integer", "null"]}, "error": {"type": "string"}}},
    ]
}
CHECK_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"oneOf": [_ITEM, {"type": "array", "items": _ITEM}]}}},
    },
    "responses": {
        200: {
            "description": "Kết quả",
            "content": {"application/json": {"schema": {"oneOf": [_ANSWER, {"type": "array", "items": _ANSWER}]}}},
        }
    },
}


@router.post(
    "/bonus/check",
    auth=None,
    summary="Tính tiền thưởng kèm danh hiệu, hình thức khen thưởng",
    description=(
        "Nhận một mục hoặc một mảng mục {id, award, kind, decided_on}; trả về {id, multiple, base_salary, amount, "
        "unconfirmed} hoặc {id, error} cho từng mục. Mức tiền = hệ số × lương cơ sở tại ngày quyết định, làm tròn "
        "lên bội số của 10.000 đồng (Điều 49 – 54 Nghị định 152/2025/NĐ-CP); hộ gia đình = 1,5 lần mức cá nhân. "
        "Thân yêu cầu không phải JSON (hoặc không phải đối tượng/mảng) trả về 400."
    ),
    openapi_extra=CHECK_OPENAPI,
)
def check_bonus(request):
    raw = _read_body(request)
    try:
        document = load_document(raw)
    except DocumentError as exc:
        raise HttpError(400, f"Dữ liệu gửi lên không hợp lệ: {exc}.")
    body = compute(document) if isinstance(document, dict) else compute_many(document)
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
