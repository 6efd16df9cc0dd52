"""The award book read as a stream (constant memory): the same rows as python-calamine gives, the zip-bomb limits
enforced while reading, and all or nothing when the one bad row is in the last chunk."""

import datetime as dt
import io
import zipfile

import pytest

from tests.awards.books import book, generated_rows, make_batch
from tests.factories import UnitFactory
from thidua.awards import importer
from thidua.awards.models import Award, ImportBatch, ImportRow
from thidua.core.xlsx_stream import XlsxStream
from thidua.orgs.models import Person


def _calamine_rows(data: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    return [_trim(r) for r in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows()]


def _streamed_rows(data: bytes) -> list[list]:
    return [_trim(r) for r in XlsxStream(io.BytesIO(data), max_bytes=10**9).rows()]


def _trim(row) -> list:
    row = list(row)
    while row and row[-1] == "":
        row.pop()
    return row


def _excel_like_book() -> bytes:
    """What Excel and other writers produce and openpyxl does not: shared strings (rich text runs, phonetic runs,
    entities, Excel's _x000D_ escapes), a namespace prefix, custom and built-in date formats, cells without a
    reference, missing cells and rows, a formula, booleans, a 1900-system date."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = ["Họ và tên", "Ngày sinh", "Đơn vị", "Danh hiệu/Hình thức", "Năm", "Nguyễn Thị Hoa",
               "Sở Giáo dục &amp; Đào tạo", "Lao động tiên tiến"]
    si = "".join(f"<x:si><x:t>{s}</x:t></x:si>" for s in strings)
    si += ('<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Trần </x:t></x:r><x:r><x:t>Văn Nam</x:t></x:r>'
           '<x:rPh sb="0" eb="1"><x:t>phonetic</x:t></x:rPh></x:si>')  # 8
    si += "<x:si><x:t>dòng_x000D_hai</x:t></x:si>"  # 9
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet xmlns:x="{ns}" xmlns:r="{rel}">'
        '<x:dimension ref="A1:F6"/><x:sheetData>'
        '<x:row r="1" spans="1:6"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        '<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c><x:c r="E1" t="s"><x:v>4</x:v></x:c>'
        '</x:row>'
        '<x:row r="2"><x:c r="A2" s="0" t="s"><x:v>5</x:v></x:c><x:c r="B2" s="1"><x:v>31118</x:v></x:c>'
        '<x:c r="C2" t="s"><x:v>6</x:v></x:c><x:c r="D2" t="s"><x:v>7</x:v></x:c><x:c r="E2"><x:v>2023</x:v></x:c>'
        '<x:c r="F2" s="2"><x:v>45291.5</x:v></x:c></x:row>'
        '<x:row r="4"><x:c t="s"><x:v>8</x:v></x:c><x:c s="3"><x:v>33000</x:v></x:c><x:c t="inlineStr">'
        '<x:is><x:t>Phòng &lt;A&gt;</x:t></x:is></x:c><x:c r="E4"><x:f>2020+4</x:f><x:v>2024</x:v></x:c></x:row>'
        '<x:row r="5"/>'
        "<x:row r='6'><x:c r='A6' t='s'><x:v>9</x:v></x:c><x:c r='C6' t='b'><x:v>1</x:v></x:c>"
        "<x:c r='D6' t='str'><x:v>a &amp; b</x:v></x:c><x:c r='E6'><x:v>1.25</x:v></x:c><x:c r='F6' s='1'/></x:row>"
        "</x:sheetData></x:worksheet>")
    styles = (
        f'<styleSheet xmlns="{ns}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>'
        '<numFmt numFmtId="165" formatCode="&quot;Năm&quot; 0"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="14"/></cellXfs>'
        "</styleSheet>")
    workbook = (f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="Sổ" sheetId="1" r:id="rId7"/>'
                "</sheets></workbook>")
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="x/styles" Target="styles.xml"/>'
            '<Relationship Id="rId7" Type="x/worksheet" Target="worksheets/data.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/sharedStrings.xml", f'<x:sst xmlns:x="{ns}" count="10" uniqueCount="10">{si}</x:sst>')
        z.writestr("xl/worksheets/data.xml", sheet)
    return out.getvalue()


def test_streamed_rows_are_calamines_rows():
    books = [
        book([["Nguyễn Thị Hoa", dt.date(1985, 3, 12), "Sở Giáo dục & Đào tạo", "Lao động tiên tiến", 2023, "1/QĐ"],
              ["Trần Văn Nam", "01/07/1990", "Sở <Tài chính>", "Giấy khen", "Năm học 2023-2024", ""],
              ["", "", "", "", "", ""],
              ["Lê An", dt.datetime(1990, 1, 2, 3, 4, 5), "x", "y", 2024.5, True]],
             title_rows=["SỔ THEO DÕI KHEN THƯỞNG", ""]),
        book(list(generated_rows(500, ["Trường A", "Trường B"]))),
        _excel_like_book(),
    ]
    for data in books:
        mine = _streamed_rows(data)
        assert mine == _calamine_rows(data)
    excel = _streamed_rows(_excel_like_book())
    assert excel[1] == ["Nguyễn Thị Hoa", dt.date(1985, 3, 12), "Sở Giáo dục & Đào tạo", "Lao động tiên tiến",
                        2023.0, dt.datetime(2023, 12, 31, 12, 0)]
    assert excel[3][:3] == ["Trần Văn Nam", dt.date(1990, 5, 7), "Phòng <A>"] and excel[4] == []
    assert excel[5] == ["dòng\rhai", "", True, "a & b", 1.25]


@pytest.mark.django_db
def test_excel_book_with_shared_strings_imports(unit_a, officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = importer.stage(make_batch(unit_a, officer_a, _excel_like_book()))
    rows = {r.row_number: r for r in ImportRow.objects.filter(batch=batch)}
    assert rows[2].full_name == "Nguyễn Thị Hoa" and rows[2].birth_date == dt.date(1985, 3, 12)
    assert rows[2].year == 2023 and rows[4].full_name == "Trần Văn Nam" and rows[4].year == 2024
    assert [e["column"] for e in rows[2].errors] == ["Đơn vị"]  # "Sở Giáo dục & Đào tạo" is not unit_a's name


@pytest.mark.django_db
def test_bad_row_in_the_last_chunk_means_nothing_is_written(province, staff, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    units = [UnitFactory(parent=province, name=f"Trường THCS số {i}", code=f"thcs-{i}") for i in range(3)]
    monkeypatch.setattr(importer, "CHUNK", 400)
    rows = list(generated_rows(2000, [u.name for u in units]))
    rows[-1][2] = "Trường không có"  # the very last row, in the fifth chunk: unknown unit
    rows[-2][1] = "31/02/1990"  # and the one before: no such date
    progress = []
    batch = importer.stage(make_batch(province, staff, book(rows)), progress=lambda done, total: progress.append(
        (done, total)))
    assert batch.status == ImportBatch.Status.INVALID and batch.error_count == 2
    assert progress[0] == (400, 2000) and progress[-1][0] == 2000  # the job page's bar moves chunk by chunk
    report = list(importer.error_rows(batch))
    assert [(r[0], r[1]) for r in report] == [(2000, "Ngày sinh"), (2001, "Đơn vị")]
    assert "không đúng dạng ngày/tháng/năm" in report[0][2] and "Không tìm thấy đơn vị" in report[1][2]
    with pytest.raises(importer.CommitRefused):
        importer.commit(batch, user=staff)
    assert Award.objects.count() == 0 and Person.objects.count() == 0


@pytest.mark.django_db
def test_zip_limits_checked_once_while_streaming(unit_a, officer_a, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    data = book(list(generated_rows(300, ["Sở Giáo dục và Đào tạo"])))
    from thidua.core import uploads

    scans = []
    real = uploads.check_archive
    monkeypatch.setattr(importer, "check_archive", lambda fh, name="", scan=True: (scans.append(scan),
                                                                                    real(fh, name, scan=scan))[1])
    settings.THIDUA_IMPORT_MAX_CELLS = 100  # the dense-grid limit is calamine's: a streamed sheet has no grid
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.REVIEW and batch.total_rows == 300
    assert scans == [False]  # one pass over the file: the central directory checked, bytes counted while read
    settings.THIDUA_ARCHIVE_MAX_BYTES = 20_000  # declared sizes above the budget: refused before reading
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.INVALID and "bom nén" in batch.message
    assert not ImportRow.objects.filter(batch=batch).exists()


def test_a_member_larger_than_declared_is_refused_while_reading():
    data = _excel_like_book()
    stream = XlsxStream(io.BytesIO(data), max_bytes=10**9)
    stream.max_bytes = stream.read_bytes + 100  # the budget runs out inside the sheet
    from thidua.core.xlsx_stream import XlsxTooBig

    with pytest.raises(XlsxTooBig):
        list(stream.rows())
