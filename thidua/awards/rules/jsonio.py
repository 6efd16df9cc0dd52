"""Reading the JSON documents of the contract (DESIGN.md §4.1–4.2), shared by the CLI and the API."""

from __future__ import annotations

import json
from typing import Any


class DocumentError(ValueError):
    """The document as a whole is not usable (not UTF-8, not JSON, neither an object nor an array)."""


def _reject_constant(name: str):
    raise ValueError(f"giá trị {name} không được phép trong JSON")


def load_document(raw: bytes | str) -> dict | list:
    """The top-level object (one case) or array (cases) of a JSON document; DocumentError otherwise."""
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"dữ liệu không phải văn bản UTF-8 (byte thứ {exc.start})")
    if not raw.strip():
        raise DocumentError("dữ liệu trống: cần một mảng JSON các hồ sơ (hoặc một hồ sơ dạng đối tượng JSON)")
    try:
        data: Any = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno} ({exc.msg})")
    except (ValueError, RecursionError) as exc:
        raise DocumentError(f"JSON không hợp lệ ({exc})")
    if isinstance(data, dict | list):
        return data
    raise DocumentError("nội dung phải là một mảng JSON các hồ sơ (hoặc một hồ sơ dạng đối tượng JSON)")


def dump(verdicts: Any, *, indent: int | None = None) -> str:
    return json.dumps(verdicts, ensure_ascii=False, indent=indent)
