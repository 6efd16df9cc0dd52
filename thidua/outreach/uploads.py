"""Checks for the outreach area's uploads, on top of `thidua/core/uploads.py` (whose checks they reuse):
the type is decided by the file's first bytes, the extension must agree, and files are stored under random names
and served only through views.

- Exemplar photos: PNG or JPEG only, at most 5 MB, and the image must decode (Pillow) with sane dimensions.
- Legal texts and course materials: PDF or DOCX only (no macros, no active PDF content).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.uploads import CheckedUpload, check_upload, sniff

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}
DOCUMENT_KINDS = ("pdf", "docx")  # legal texts and course materials


def _ext(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind("."):] if "." in name else ""


def check_photo(upload) -> CheckedUpload:
    if upload.size == 0:
        raise ValidationError(_("Tệp ảnh rỗng."))
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("Ảnh quá lớn (%(size)s MB); dung lượng tối đa 5 MB.")
                              % {"size": round(upload.size / 1048576, 1)})
    upload.seek(0)
    kind = sniff(upload.read(16))
    if kind not in PHOTO_TYPES:
        raise ValidationError(_("Ảnh phải là tệp PNG hoặc JPG; nội dung tệp không phải ảnh hợp lệ."))
    if _ext(upload.name) not in PHOTO_TYPES[kind]:
        raise ValidationError(_("Phần mở rộng của tệp (%(ext)s) không khớp với nội dung ảnh.") % {"ext": _ext(upload.name) or "—"})
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."))
    if width < 16 or height < 16 or width > 10000 or height > 10000:
        raise ValidationError(_("Kích thước ảnh không phù hợp (từ 16 đến 10.000 điểm ảnh mỗi chiều)."))
    checked = check_upload(upload)
    upload.seek(0)
    return checked


def check_document(upload) -> CheckedUpload:
    return check_upload(upload, DOCUMENT_KINDS)
