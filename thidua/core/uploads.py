"""Checking uploaded files before they are stored — one place for every app (dossier attachments, plan evidence,
inspection evidence, exemplar photos, legal texts, training materials).

The type is decided by the file's first bytes (magic numbers), never by the name or the browser's content type;
the extension must agree with what the bytes say. Office files with macros and PDFs with active content
(JavaScript, launch actions, embedded files) are refused. Stored files get a random name outside the web root
and are served only through a permission-checked view as downloads with `X-Content-Type-Options: nosniff`.

Each caller names the kinds it accepts: `check_upload(upload, EVIDENCE)`; the default (`ATTACHMENT`) is what a
commendation dossier takes: PDF, DOCX, PNG, JPG.
"""

import hashlib
import os
import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# kind -> (content type, extensions, label shown to users)
KINDS = {
    "pdf": ("application/pdf", (".pdf",), "PDF"),
    "docx": (DOCX, (".docx",), "Word (.docx)"),
    "xlsx": (XLSX, (".xlsx",), "Excel (.xlsx)"),
    "doc": ("application/msword", (".doc",), "Word 97–2003 (.doc)"),
    "xls": ("application/vnd.ms-excel", (".xls",), "Excel 97–2003 (.xls)"),
    "png": ("image/png", (".png",), "PNG"),
    "jpg": ("image/jpeg", (".jpg", ".jpeg"), "JPG"),
}
ATTACHMENT = ("pdf", "docx", "png", "jpg")  # commendation dossiers (strict: no legacy Office formats)
EVIDENCE = ("pdf", "docx", "xlsx", "doc", "xls", "png", "jpg")  # progress and remediation evidence

_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z])")
_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The family of a file from its first bytes: a content type, "application/zip" (OOXML containers) or
    "application/x-ole" (Office 97–2003 files); None when unknown."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole"
    return None


def _extension(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind("."):] if "." in name else ""


def _kind_of_extension(ext: str, kinds) -> str | None:
    return next((k for k in kinds if ext in KINDS[k][1]), None)


def _labels(kinds) -> str:
    return ", ".join(KINDS[k][2] for k in kinds)


def _check_ooxml(upload, kind: str) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("Tệp %(kind)s bị hỏng hoặc không đúng định dạng.") % {"kind": KINDS[kind][2]})
    if "[Content_Types].xml" not in names or _OOXML_PARTS[kind] not in names:
        raise ValidationError(_("Tệp không phải %(kind)s hợp lệ.") % {"kind": KINDS[kind][2]})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(_("Tệp có chứa macro; vui lòng lưu lại dưới dạng %(kind)s không có macro.")
                              % {"kind": KINDS[kind][2]})


def _check_pdf(upload) -> None:
    upload.seek(0)
    for chunk in upload.chunks():
        if _PDF_ACTIVE.search(chunk):
            raise ValidationError(_("Tệp PDF có chứa mã thực thi hoặc tệp nhúng; vui lòng xuất lại PDF thông thường."))


def check_upload(upload, kinds=ATTACHMENT) -> CheckedUpload:
    """Validate an `UploadedFile` against the accepted `kinds`; raise ValidationError with a Vietnamese message
    naming the file when it is not acceptable."""
    name = upload.name or ""
    limit = settings.THIDUA_MAX_ATTACHMENT_BYTES
    if upload.size == 0:
        raise ValidationError(_("Tệp «%(n)s» rỗng.") % {"n": name})
    if upload.size > limit:
        raise ValidationError(
            _("Tệp «%(n)s» quá lớn (%(size)s MB); dung lượng tối đa %(limit)s MB.")
            % {"n": name, "size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    ext = _extension(name)
    kind = _kind_of_extension(ext, kinds)
    if kind is None:
        raise ValidationError(_("Tệp «%(n)s» không được chấp nhận: chỉ nhận %(kinds)s.")
                              % {"n": name, "kinds": _labels(kinds)})
    upload.seek(0)
    family = sniff(upload.read(16))
    content_type = KINDS[kind][0]
    expected = {"docx": "application/zip", "xlsx": "application/zip", "doc": "application/x-ole",
                "xls": "application/x-ole"}.get(kind, content_type)
    if family != expected:
        raise ValidationError(_("Nội dung tệp «%(n)s» không đúng định dạng %(ext)s (phần mở rộng không khớp với "
                                "nội dung tệp).") % {"n": name, "ext": ext})
    if kind in _OOXML_PARTS:
        _check_ooxml(upload, kind)
    elif kind == "pdf":
        _check_pdf(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(content_type=content_type, size=upload.size, sha256=digest.hexdigest())


def stored_path(folder: str, filename: str = "") -> str:
    """Where an upload is stored: a random name under `folder/YYYY/MM/`, with the (lower-case) extension of
    `filename` when one is given; the original name is kept in the database only."""
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


def serve_file(field_file, *, filename, content_type, inline=False, missing=None):
    """A stored file as a download (`inline` for images shown in a page), sandboxed and never sniffed; 404 with
    `missing` (or a generic message) when the file is gone from the server. Callers check the right first."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(missing or _("Tệp không còn trên máy chủ."))
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
