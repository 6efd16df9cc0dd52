"""Checking uploaded files before they are stored — one place for every app (dossier attachments, plan evidence,
inspection evidence, exemplar photos, legal texts, training materials).

The type is decided by the file's first bytes (magic numbers), never by the name or the browser's content type;
the extension must agree with what the bytes say. Office files with macros and PDFs with active content
(JavaScript, launch actions, embedded files) are refused. Stored files get a random name outside the web root
and are served only through a permission-checked view as downloads with `X-Content-Type-Options: nosniff`.

Archive-based files (xlsx, docx, ods) are checked by `check_archive` before anything opens them (zip bombs, dense
sheet areas); importers that read a workbook or a document call it too, as do `.xls` readers `has_ole_macros`.

Each caller names the kinds it accepts: `check_upload(upload, EVIDENCE)`; the default (`ATTACHMENT`) is what a
commendation dossier takes: PDF, DOCX, PNG, JPG.
"""

import hashlib
import os
import re
import struct
import uuid
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

zlib_error = zlib.error

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

_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# --- archives (xlsx, docx, ods): checked before any parser opens them --------------------------------------------
# Limits come from settings (THIDUA_ARCHIVE_MAX_BYTES, THIDUA_ARCHIVE_MAX_RATIO, THIDUA_IMPORT_MAX_CELLS); the
# defaults take a 100,000-row award book with room to spare and refuse a zip bomb long before memory suffers.
ARCHIVE_MAX_MEMBERS = 10_000
_RATIO_FLOOR = 1024 * 1024  # small members may compress better than the ratio: only a big one can hurt
_CHUNK = 1024 * 1024
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_CELL_REF = re.compile(rb"<(?:[A-Za-z]+:)?(?:c|row)\b[^>]*?\sr=\"([A-Z]{0,3})([0-9]{1,8})\"")
_DIMENSION = re.compile(rb"<(?:[A-Za-z]+:)?dimension\b[^>]*?\sref=\"(?:[A-Z]{1,3}[0-9]{1,8}:)?([A-Z]{1,3})([0-9]{1,8})\"")


def _limits():
    return (getattr(settings, "THIDUA_ARCHIVE_MAX_BYTES", 300 * 1024 * 1024),
            getattr(settings, "THIDUA_ARCHIVE_MAX_RATIO", 200),
            getattr(settings, "THIDUA_IMPORT_MAX_CELLS", 5_000_000))


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _too_big(name: str) -> ValidationError:
    return ValidationError(_("Tệp «%(n)s» bị từ chối: nội dung giải nén quá lớn hoặc tỉ lệ nén bất thường (có thể "
                             "là tệp «bom nén»). Hãy lưu lại tệp bằng Excel/Word rồi thử lại.") % {"n": name})


def _corrupt(name: str) -> ValidationError:
    if name:
        return ValidationError(_("Tệp «%(n)s» bị hỏng hoặc không đúng định dạng.") % {"n": name}, code="corrupt")
    return ValidationError(_("Tệp bị hỏng hoặc không đúng định dạng."), code="corrupt")


def check_archive(fileobj, name: str = "", scan: bool = True) -> None:
    """Refuse a zip-based office file (xlsx, docx, ods…) whose members expand too much, before any parser opens
    it: declared sizes and ratios first, then the real decompressed bytes (a header can lie), and for a workbook the
    sheet area a reader would allocate (calamine holds a dense rows × columns grid). Not a zip: nothing to check.
    Leaves the file at position 0.

    `scan=False` checks the central directory only (member count, declared sizes and ratios): for a reader that
    counts the real decompressed bytes itself as it reads, in constant memory (`core.xlsx_stream`), so that the
    file is decompressed once rather than once to check it and once to read it."""
    name = name or getattr(fileobj, "name", "") or ""
    max_bytes, max_ratio, max_cells = _limits()
    fileobj.seek(0)
    if fileobj.read(4) != b"PK\x03\x04":
        fileobj.seek(0)
        return
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        fileobj.seek(0)
        raise _corrupt(name)
    try:
        infos = archive.infolist()
        if len(infos) > ARCHIVE_MAX_MEMBERS:
            raise _too_big(name)
        if sum(i.file_size for i in infos) > max_bytes:
            raise _too_big(name)
        for info in infos:
            if info.file_size > _RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
                raise _too_big(name)
        if not scan:
            return
        total = 0
        for info in infos:
            is_sheet = bool(_SHEET.match(info.filename))
            rows = cols = 0
            tail = b""
            try:
                with archive.open(info) as member:
                    read = 0
                    while chunk := member.read(_CHUNK):
                        read += len(chunk)
                        total += len(chunk)
                        if total > max_bytes or read > info.file_size:
                            raise _too_big(name)
                        if is_sheet:
                            window = tail + chunk
                            for pattern in (_CELL_REF, _DIMENSION):
                                refs = pattern.findall(window)
                                if refs:  # (a million cells: transposed, converted and compared in C)
                                    letters, digits = zip(*refs, strict=True)
                                    rows = max(rows, max(map(int, digits)))
                                    cols = max(cols, max(map(_column_number, set(letters))))
                            tail = window[-512:]
                            if rows * max(cols, 1) > max_cells:
                                raise _too_big(name)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, zlib_error):
                raise _corrupt(name)
    finally:
        archive.close()
        fileobj.seek(0)


# --- Office 97–2003 (OLE) files: macro projects ------------------------------------------------------------------
# An OLE directory entry is 128 bytes: the name in UTF-16LE padded to 64 bytes, then its length in bytes
# (terminator included). VBA lives in a storage named "_VBA_PROJECT_CUR" (Excel), "Macros" (Word) or "VBA".
_OLE_MACRO_STORAGES = [
    n.encode("utf-16-le") + b"\x00" * (64 - 2 * len(n)) + struct.pack("<H", 2 * (len(n) + 1))
    for n in ("_VBA_PROJECT_CUR", "_VBA_PROJECT", "Macros", "VBA")
]


def has_ole_macros(fileobj) -> bool:
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    for entry in _OLE_MACRO_STORAGES:
        start = data.find(entry)
        while start != -1:
            if start % 128 == 0:
                return True
            start = data.find(entry, start + 1)
    return False


# --- PDF active content -------------------------------------------------------------------------------------------
# Names are compared after decoding "#xx" escapes (/J#61vaScript is /JavaScript), in the file and inside
# compressed object streams. An /OpenAction that is a destination (an array) is harmless; one that is an action
# (a dictionary or a reference to one) is refused.
_PDF_ACTIVE_NAMES = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"AA",
                     b"ImportData", b"SubmitForm", b"GoToE", b"XFA"}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_INFLATE_LIMIT = 64 * 1024 * 1024


def _pdf_decode_names(data: bytes) -> bytes:
    return _PDF_NAME.sub(lambda m: b"/" + _PDF_HEX.sub(lambda h: bytes([int(h.group(1), 16)]), m.group(1)), data)


def _pdf_active(data: bytes) -> bool:
    decoded = _pdf_decode_names(data)
    for m in _PDF_NAME.finditer(decoded):
        name = m.group(1)
        if name in _PDF_ACTIVE_NAMES:
            return True
        if name == b"OpenAction" and not decoded[m.end():m.end() + 40].lstrip().startswith(b"["):
            return True
    return False


def _pdf_parts(data: bytes):
    """The file's objects without their stream bodies (binary data would match names by chance), then the
    decompressed bodies of object streams (/Type /ObjStm), where PDF 1.5 files keep their dictionaries."""
    skeleton, position, budget, object_streams = [], 0, _PDF_INFLATE_LIMIT, []
    for m in _PDF_STREAM.finditer(data):
        if m.start() < position:
            continue
        end = data.find(b"endstream", m.end())
        if end == -1:
            break
        skeleton.append(data[position:m.start()])
        header = _pdf_decode_names(data[max(position, m.start() - 2048):m.start()])
        if b"/ObjStm" in header[header.rfind(b"obj"):]:
            object_streams.append(data[m.end():end])
        position = end
    skeleton.append(data[position:])
    yield b"".join(skeleton)
    for body in object_streams:
        try:
            out = zlib.decompressobj().decompress(body, budget)
        except zlib_error:
            continue
        budget -= len(out)
        yield out
        if budget <= 0:
            return


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


# Relationships that make Word fetch something from elsewhere when the file opens (remote template injection).
_REMOTE_RELATIONSHIP = re.compile(
    rb"<Relationship\b(?=[^>]*TargetMode=\"External\")(?=[^>]*Type=\"[^\"]*/(attachedTemplate|oleObject|frame|"
    rb"subDocument|externalLinkPath|externalLink)\")[^>]*>", re.IGNORECASE)


def _check_ooxml(upload, kind: str) -> None:
    corrupt = _("Tệp %(kind)s bị hỏng hoặc không đúng định dạng.") % {"kind": KINDS[kind][2]}
    try:
        check_archive(upload, upload.name or "")
    except ValidationError as exc:
        if exc.code == "corrupt":
            raise ValidationError(corrupt)
        raise
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            rels = [archive.read(n) for n in names if n.lower().endswith(".rels")]
    except (zipfile.BadZipFile, OSError, ValueError, zlib_error):
        raise ValidationError(corrupt)
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or _OOXML_PARTS[kind] not in names:
        raise ValidationError(_("Tệp không phải %(kind)s hợp lệ.") % {"kind": KINDS[kind][2]})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(_("Tệp có chứa macro; vui lòng lưu lại dưới dạng %(kind)s không có macro.")
                              % {"kind": KINDS[kind][2]})
    if any(_REMOTE_RELATIONSHIP.search(r) for r in rels):
        raise ValidationError(_("Tệp %(kind)s tham chiếu mẫu hoặc đối tượng ở máy khác (mở tệp sẽ tải nội dung từ "
                                "bên ngoài); vui lòng lưu lại tệp không có liên kết ngoài.") % {"kind": KINDS[kind][2]})


def _check_ole(upload, kind: str) -> None:
    if has_ole_macros(upload):
        raise ValidationError(_("Tệp có chứa macro; vui lòng lưu lại dưới dạng %(kind)s không có macro.")
                              % {"kind": KINDS[kind][2]})


def _check_pdf(upload) -> None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if any(_pdf_active(part) for part in _pdf_parts(data)):
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
    elif kind in ("doc", "xls"):
        _check_ole(upload, kind)
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
