"""OpenAPI description of `POST /api/v1/eligibility/check` (DESIGN.md §4.2, LAW.md §4).

The endpoint reads the body itself (a malformed case must become a verdict with `error`, not a 422), so the
schema is documented here rather than derived from a pydantic model."""

from thidua.awards.rules import CATALOGUE, RATINGS, SCOPES
from thidua.awards.rules.facts import AWARD_TYPES, COLLECTIVE_FIELDS, DISCIPLINE_FORMS

_YEAR = {"type": "integer", "minimum": 1, "examples": [2025]}
_COUNT = {"type": "integer", "minimum": 0}

CASE_SCHEMA = {
    "title": "EligibilityCase",
    "type": "object",
    "required": ["award", "year"],
    "properties": {
        "id": {"type": "string", "description": "Mã hồ sơ, được trả lại nguyên văn trong kết quả."},
        "award": {
            "type": "string",
            "enum": list(CATALOGUE),
            "description": (
                "Mã danh hiệu/hình thức khen thưởng trong danh mục; mã chưa có tiêu chuẩn trong bộ quy tắc v2 "
                "nhận `eligible: null` và `error` (LAW-V2.md §C.6)."
            ),
        },
        "year": {**_YEAR, "description": "Năm xét (năm học: năm kết thúc năm học)."},
        "received_on": {
            "type": "string",
            "format": "date",
            "description": "Ngày cơ quan có thẩm quyền nhận hồ sơ; chọn bộ quy tắc. Mặc định: 01/12 của năm xét.",
        },
        "nominee": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": ["individual", "collective", "household"]},
                "months_in_service": {"type": "number", "minimum": 0},
                "direct_worker": {"type": "boolean"},
                "gender": {"type": "string", "enum": ["male", "female"], "description": "KNC_BO_NGANH"},
                "years_in_sector": {"type": "number", "minimum": 0, "description": "KNC_BO_NGANH"},
                "tnxp_months": {"type": "integer", "minimum": 0, "description": "HCTNXP_VE_VANG"},
                "martyr": {"type": "boolean", "description": "HCTNXP_VE_VANG"},
            },
        },
        "knc_type": {"type": "string", "description": "Loại Kỷ niệm chương đề nghị (KNC_BO_NGANH)."},
        "bases": {
            "type": "array",
            "description": (
                "Căn cứ thành tích đơn vị kê khai (LAW-V2.md §B): tuyến xét định tính; `evidence: true` khi hồ sơ "
                "có minh chứng."
            ),
            "items": {
                "type": "object",
                "required": ["route"],
                "properties": {
                    "route": {"type": "string"},
                    "evidence": {"type": "boolean", "default": False},
                    "movement_years": {"type": "number", "description": "pm_movement_leader"},
                },
            },
        },
        "ratings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "rating"],
                "properties": {"year": _YEAR, "rating": {"type": "string", "enum": list(RATINGS)}},
            },
        },
        "awards": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "award"],
                "properties": {
                    "year": _YEAR,
                    "award": {"type": "string"},
                    "type": {"type": "string", "enum": list(AWARD_TYPES), "default": "cong_trang"},
                    "revoked": {"type": "boolean", "default": False},
                    "knc_type": {"type": "string"},
                    "issuer_level": {
                        "type": "string",
                        "enum": ["xa", "huyen", "tinh", "bo", "trung_uong"],
                        "description": "Cấp quyết định; không ảnh hưởng việc tính (LAW-V2.md §E).",
                    },
                },
            },
        },
        "initiatives": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "scope"],
                "properties": {
                    "id": {"type": "string"},
                    "year": _YEAR,
                    "scope": {"type": "string", "enum": list(SCOPES)},
                    "used_for": {
                        "type": ["string", "null"],
                        "description": "Đã dùng làm căn cứ cho khen thưởng nào.",
                    },
                },
            },
        },
        "discipline": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "form"],
                "properties": {"year": _YEAR, "form": {"type": "string", "enum": list(DISCIPLINE_FORMS)}},
            },
        },
        "pending": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Vụ việc đang xem xét (kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo).",
        },
        "collective": {
            "type": "object",
            "properties": {
                name: ({"type": "integer", "minimum": 1} if name in ("members", "group_rank") else _COUNT)
                for name in COLLECTIVE_FIELDS
            },
        },
        "ballot": {
            "type": "object",
            "properties": {"council_members": {"type": "integer", "minimum": 1}, "votes_yes": _COUNT},
        },
    },
}

VERDICT_SCHEMA = {
    "title": "EligibilityVerdict",
    "type": "object",
    "required": ["id", "award", "year", "rule_set", "eligible", "unmet", "met", "needs_judgement"],
    "properties": {
        "id": {},
        "award": {"type": ["string", "null"]},
        "year": {},
        "eligible": {"type": ["boolean", "null"], "description": "null khi không xét được (xem `error`)."},
        "unmet": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "criterion": {"type": "string"},
                    "article": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
        "met": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"criterion": {"type": "string"}, "article": {"type": "string"}},
            },
        },
        "rule_set": {
            "type": ["string", "null"],
            "enum": ["v1", "v2", "v3", None],
            "description": "Bộ quy tắc áp dụng theo ngày nhận hồ sơ; null khi không có bộ nào có hiệu lực.",
        },
        "needs_judgement": {
            "type": "array",
            "description": "Căn cứ kê khai có minh chứng mà Hội đồng còn phải đánh giá.",
            "items": {
                "type": "object",
                "properties": {
                    "criterion": {"type": "string"},
                    "article": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
        "unconfirmed": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Chỉ ở bộ quy tắc v3: tiêu chí có căn cứ chưa được xác nhận (LAW-V2.md §A.3).",
        },
        "error": {"type": "string", "description": "Chỉ có khi không xét được hồ sơ."},
    },
}

EXAMPLE_CASE = {
    "id": "c1",
    "award": "CSTD_CO_SO",
    "year": 2025,
    "nominee": {"kind": "individual", "months_in_service": 24, "direct_worker": False},
    "ratings": [{"year": 2024, "rating": "HTXSNV"}, {"year": 2025, "rating": "HTXSNV"}],
    "awards": [{"year": 2024, "award": "LDTT"}],
    "initiatives": [{"year": 2025, "scope": "co_so"}],
    "discipline": [{"year": 2025, "form": "khien_trach"}],
    "collective": {
        "members": 20,
        "members_completed": 20,
        "members_ldtt": 15,
        "members_cstd_co_so": 1,
        "members_disciplined_canh_cao_or_more": 0,
    },
    "ballot": {"council_members": 15, "votes_yes": 12},
}

CHECK_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [CASE_SCHEMA, {"type": "array", "items": CASE_SCHEMA}]},
                "example": EXAMPLE_CASE,
            }
        },
    },
    "responses": {
        "200": {
            "description": "Một kết quả (khi gửi một hồ sơ) hoặc mảng kết quả (khi gửi mảng hồ sơ).",
            "content": {
                "application/json": {
                    "schema": {"oneOf": [VERDICT_SCHEMA, {"type": "array", "items": VERDICT_SCHEMA}]}
                }
            },
        },
        "400": {
            "description": "Thân yêu cầu không phải JSON, hoặc không phải đối tượng/mảng.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"detail": {"type": "string"}},
                        "required": ["detail"],
                    }
                }
            },
        },
    },
}
