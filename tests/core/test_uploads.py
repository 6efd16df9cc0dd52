"""One upload check for every app: type by content, extension must agree, no macros or active PDF content, each
caller names the kinds it accepts, and the message names the file."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.uploads import ATTACHMENT, EVIDENCE, XLSX, check_upload


def ooxml(parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_evidence_takes_excel_and_legacy_office_files():
    assert check_upload(upload("bao-cao.xlsx", ooxml(["xl/workbook.xml"])), EVIDENCE).content_type == XLSX
    assert check_upload(upload("cu.doc", OLE), EVIDENCE).content_type == "application/msword"


def test_dossier_attachments_stay_strict():
    with pytest.raises(ValidationError, match=re.escape("«cu.doc» không được chấp nhận: chỉ nhận PDF, Word")):
        check_upload(upload("cu.doc", OLE), ATTACHMENT)


@pytest.mark.parametrize("name, data, message", [
    ("macro.xlsx", ooxml(["xl/workbook.xml", "xl/vbaProject.bin"]), "macro"),
    ("macro.docx", ooxml(["word/document.xml", "word/vbaProject.bin"]), "macro"),
    ("bang.xlsx", ooxml(["word/document.xml"]), "không phải Excel (.xlsx) hợp lệ"),
    ("gia.pdf", b"<html>not a pdf</html>", "không đúng định dạng .pdf"),
    ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "không đúng định dạng .pdf"),
    ("js.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "mã thực thi"),
    ("rong.pdf", b"", "«rong.pdf» rỗng"),
    ("virus.exe", b"MZ\x90\x00", "«virus.exe» không được chấp nhận"),
])
def test_refused_with_a_message_naming_the_problem(name, data, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        check_upload(upload(name, data), EVIDENCE)


def test_size_limit(settings):
    settings.THIDUA_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(ValidationError, match="quá lớn"):
        check_upload(upload("lon.pdf", b"%PDF-1.4" + b"0" * 2048))
