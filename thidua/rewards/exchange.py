"""National exchange of a decision's awards (docs/exchange.md): a JSON document and an XLSX workbook carrying
the same facts, for the national commendation database and for other provinces.

Import turns either into an award book (the legacy award-book layout of awards/importer.py) and hands it to the
award-book import: people are matched the same way (name + birth date + unit, or citizen id; ambiguous rows wait
for a choice), and the commit is all or nothing."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.importer import write_book

FORMAT = "thidua.exchange"
VERSION = 1
KINDS = ("individual", "collective", "household")
MAX_IMPORT_BYTES = 20 * 1024 * 1024

# The award sheet: the award-book columns the importer reads (exact headers), then the extra facts.
BOOK_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Đơn vị", "Danh hiệu/Hình thức", "Năm", "Số quyết định",
                "Ngày quyết định", "Số CCCD", "Loại hình khen thưởng"]
EXTRA_HEADERS = ["Mã danh hiệu", "Đối tượng", "Mã đơn vị", "Giới tính", "Chức vụ", "Cơ quan quyết định",
                 "Thành tích", "Đã hủy bỏ"]
COMMENDATION_LABELS = {
    "cong_trang": "Công trạng", "dot_xuat": "Đột xuất", "chuyen_de": "Chuyên đề", "phong_trao": "Phong trào",
    "cong_hien": "Cống hiến", "doi_ngoai": "Đối ngoại", "nien_han": "Niên hạn",
}


class ExchangeError(ValueError):
    """The document as a whole is not an exchange document; the message is Vietnamese."""


def _iso(day):
    return day.isoformat() if day else None


def export_document(decision) -> dict:
    from thidua.rewards.services import decision_awards

    awards = []
    for a in decision_awards(decision).select_related("person__unit"):
        person = a.person
        awards.append({
            "award": a.award_type.code,
            "award_name": a.award_type.name,
            "kind": a.recipient_kind if a.recipient_kind in KINDS else "collective",
            "year": a.year,
            "commendation_type": a.commendation_type,
            "person": None if person is None else {
                "full_name": person.full_name, "birth_date": _iso(person.birth_date),
                "gender": person.gender or None, "position": getattr(person, "position", "") or "",
            },
            "unit": {"code": a.unit.code if a.unit else "", "name": a.unit.name if a.unit else ""},
            "achievement": a.achievement,
            "revoked": a.revoked,
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "source": {"system": "thidua", "province": settings.THIDUA_PROVINCE_NAME},
        "decision": {
            "number": decision.number, "signed_on": decision.signed_on.isoformat(), "issuer": decision.issuer,
            "signer_name": decision.signer_name, "signer_title": decision.signer_title, "summary": decision.summary,
        },
        "awards": awards,
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _book_rows(document: dict):
    decision = document["decision"]
    signed_on = dt.date.fromisoformat(decision["signed_on"]) if decision.get("signed_on") else None
    for i, a in enumerate(document["awards"], start=1):
        person = a.get("person") or {}
        birth = dt.date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
        unit = a.get("unit") or {}
        yield [
            i, person.get("full_name", ""), birth, unit.get("name", ""), a.get("award_name") or a["award"],
            a["year"], decision.get("number", ""), signed_on, "",
            COMMENDATION_LABELS.get(a.get("commendation_type", ""), ""),
            a["award"], a.get("kind", ""), unit.get("code", ""), person.get("gender") or "", person.get("position", ""),
            decision.get("signer_title", ""), a.get("achievement", ""), "x" if a.get("revoked") else "",
        ]


def to_xlsx(document: dict) -> bytes:
    """Sheet 1 "Khen thưởng" (one row per award, award-book columns first), sheet 2 "Thông tin" (format, version,
    the decision)."""
    import io

    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Khen thưởng")
    bold = Font(bold=True)
    head = []
    for h in BOOK_HEADERS + EXTRA_HEADERS:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for row in _book_rows(document):
        ws.append(row)
    info = wb.create_sheet("Thông tin")
    d = document["decision"]
    for label, value in [("Định dạng", FORMAT), ("Phiên bản", VERSION), ("Hệ thống", document["source"]["system"]),
                         ("Tỉnh", document["source"]["province"]), ("Thời điểm xuất", document["exported_at"]),
                         ("Số quyết định", d["number"]), ("Ngày ký", d["signed_on"]), ("Cơ quan ban hành", d["issuer"]),
                         ("Người ký", d["signer_name"]), ("Chức vụ người ký", d["signer_title"]),
                         ("Trích yếu", d["summary"]), ("Số khen thưởng", len(document["awards"]))]:
        info.append([label, value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _need(cond, message):
    if not cond:
        raise ExchangeError(message)


def check_document(document) -> dict:
    """The whole document's shape (row-level facts are checked by the award-book import)."""
    _need(isinstance(document, dict), "nội dung phải là một đối tượng JSON")
    _need(document.get("format") == FORMAT, f"trường 'format' phải là '{FORMAT}'")
    _need(document.get("version") == VERSION, f"phiên bản {document.get('version')!r} không được hỗ trợ (cần {VERSION})")
    decision = document.get("decision")
    _need(isinstance(decision, dict) and isinstance(decision.get("number"), str) and decision["number"].strip(),
          "thiếu 'decision.number'")
    try:
        dt.date.fromisoformat(decision.get("signed_on") or "")
    except (TypeError, ValueError):
        raise ExchangeError("'decision.signed_on' phải là ngày dạng YYYY-MM-DD") from None
    awards = document.get("awards")
    _need(isinstance(awards, list) and awards, "'awards' phải là một mảng khác rỗng")
    for i, a in enumerate(awards, start=1):
        _need(isinstance(a, dict), f"khen thưởng thứ {i}: phải là một đối tượng")
        _need(isinstance(a.get("award"), str) and a["award"], f"khen thưởng thứ {i}: thiếu 'award'")
        _need(a.get("kind") in KINDS, f"khen thưởng thứ {i}: 'kind' phải là individual, collective hoặc household")
        _need(isinstance(a.get("year"), int) and not isinstance(a.get("year"), bool),
              f"khen thưởng thứ {i}: 'year' phải là số nguyên")
        person = a.get("person")
        _need(person is None or isinstance(person, dict), f"khen thưởng thứ {i}: 'person' phải là đối tượng hoặc null")
        if a["kind"] == "individual":
            _need(isinstance(person, dict) and (person.get("full_name") or "").strip(),
                  f"khen thưởng thứ {i}: cá nhân phải có 'person.full_name'")
            if person.get("birth_date"):
                try:
                    dt.date.fromisoformat(person["birth_date"])
                except (TypeError, ValueError):
                    raise ExchangeError(f"khen thưởng thứ {i}: 'person.birth_date' phải là ngày YYYY-MM-DD") from None
        unit = a.get("unit")
        _need(isinstance(unit, dict) and ((unit.get("name") or "").strip() or (unit.get("code") or "").strip()),
              f"khen thưởng thứ {i}: thiếu 'unit.name'")
    return document


def load_json(raw: bytes) -> dict:
    from thidua.awards.rules.jsonio import DocumentError, load_document

    try:
        document = load_document(raw)
    except DocumentError as exc:
        raise ExchangeError(str(exc)) from None
    return check_document(document)


def json_to_book(document: dict) -> bytes:
    """The award book (first sheet read by the award-book import) of an exchange document."""
    return write_book(_book_rows(document), BOOK_HEADERS + EXTRA_HEADERS, title="Khen thưởng")


def start_import(user, *, data: bytes, name: str):
    """An award-book import batch of an exchange file (JSON or XLSX), staged; the award-book pages take over
    (review, then an all-or-nothing commit)."""
    from django.core.files.base import ContentFile

    from thidua.awards.models import ImportBatch

    lower = name.lower()
    if lower.endswith(".json"):
        data, name = json_to_book(load_json(data)), name[:-5] + ".xlsx"
    elif not lower.endswith(".xlsx"):
        raise ExchangeError("chỉ nhận tệp .json hoặc .xlsx theo định dạng trao đổi")
    batch = ImportBatch(unit=user.unit, original_name=name[:255], created_by=user)
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    return batch


# --- what the pages and the API share (rewards/views_exchange.py, rewards/api.py) --------------------------


def export_file(user, decision, fmt: str) -> tuple[bytes, str, str]:
    """A decision's exchange file (`fmt` "json" or "xlsx") as (content, content type, file name), recorded in the
    audit log as an export."""
    from thidua.core.audit import record
    from thidua.core.xlsx import XLSX
    from thidua.rewards.exports import file_part

    filename = f"khen-thuong-{file_part(decision.number)}.{fmt}"
    if fmt == "json":
        record(decision, "export", user=user, note=_("Xuất dữ liệu trao đổi (JSON)"))
        return dumps(export_document(decision)).encode(), "application/json; charset=utf-8", filename
    record(decision, "export", user=user, note=_("Xuất dữ liệu trao đổi (XLSX)"))
    return to_xlsx(export_document(decision)), XLSX, filename


def receive(user, upload):
    """An uploaded exchange file (JSON or XLSX) checked as the import page checks it (present, at most 20 MB, an
    exchange document as a whole), saved as an award-book import batch (`start_import`). ExchangeError carries the
    page's Vietnamese message."""
    if upload is None:
        raise ExchangeError(_("Chọn tệp JSON hoặc XLSX theo định dạng trao đổi."))
    if upload.size > MAX_IMPORT_BYTES:
        raise ExchangeError(_("Tệp quá lớn (tối đa 20 MB)."))
    try:
        return start_import(user, data=upload.read(), name=upload.name or "")
    except ExchangeError as exc:
        raise ExchangeError(_("Không nhập được tệp: %(err)s.") % {"err": exc}) from None


def stage_and_commit(user, batch, *, commit: bool = True):
    """The API's import of a received batch, within the request: the award-book import's own reading and matching
    of people (`importer.stage`, what the page's background job runs), then — only when no row has an error and no
    person waits for a choice — its all-or-nothing commit (`importer.commit_or_reopen`, as the page's commit job).
    Returns the batch; its status says what happened (invalid, review, committed)."""
    from thidua.awards import importer
    from thidua.awards.models import ImportBatch

    batch = importer.stage(batch)
    if commit and batch.status == ImportBatch.Status.REVIEW and not batch.ambiguous_count:
        if importer.start_commit(batch):
            importer.commit_or_reopen(batch, user=user)
        batch.refresh_from_db()
    return batch
