"""Checking uploaded attachments before they are stored.

The type is decided by the file's first bytes (magic numbers), never by the name or the browser's content type;
the extension must agree with what the bytes say. Office files with macros and PDFs with active content
(JavaScript, launch actions, embedded files) are refused. Stored files get a random name outside the web root
and are served only through a permission-checked view as downloads with `X-Content-Type-Options: nosniff`.
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z])")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def _check_docx(upload) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("Tệp DOCX bị hỏng hoặc không đúng định dạng."))
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ValidationError(_("Tệp không phải văn bản Word (.docx) hợp lệ."))
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(_("Tệp Word có chứa macro; vui lòng lưu lại dưới dạng .docx không có macro."))


def _check_pdf(upload) -> None:
    upload.seek(0)
    for chunk in upload.chunks():
        if _PDF_ACTIVE.search(chunk):
            raise ValidationError(_("Tệp PDF có chứa mã thực thi hoặc tệp nhúng; vui lòng xuất lại PDF thông thường."))


def check_upload(upload) -> CheckedUpload:
    """Validate an `UploadedFile`; raise ValidationError with a Vietnamese message when it is not acceptable."""
    limit = settings.THIDUA_MAX_ATTACHMENT_BYTES
    if upload.size == 0:
        raise ValidationError(_("Tệp rỗng."))
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); dung lượng tối đa %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
        )
    upload.seek(0)
    head = upload.read(16)
    kind = sniff(head)
    name = (upload.name or "").lower()
    ext = name[name.rfind("."):] if "." in name else ""
    if kind == "application/zip":
        if ext != ".docx":
            raise ValidationError(_("Chỉ nhận tệp PDF, DOCX hoặc ảnh (PNG, JPG)."))
        _check_docx(upload)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if kind not in ALLOWED:
        raise ValidationError(_("Chỉ nhận tệp PDF, DOCX hoặc ảnh (PNG, JPG); nội dung tệp không khớp định dạng cho phép."))
    if ext not in ALLOWED[kind]:
        raise ValidationError(_("Phần mở rộng của tệp (%(ext)s) không khớp với nội dung tệp.") % {"ext": ext or "—"})
    if kind == "application/pdf":
        _check_pdf(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(content_type=kind, size=upload.size, sha256=digest.hexdigest())
