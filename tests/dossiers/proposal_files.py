"""Proposal lists as units really send them, built in the tests: a Word table typed by an office (title lines,
a header over two merged rows with birth dates split into Nam / Nữ, section rows, honorifics and ranks), another TĐKT
system's workbook export (header below title rows, CANHAN/TAPTHE/HOGIADINH, award codes explained in a code sheet of
the same file, citizen ids with a leading apostrophe), and a hospital's sheet without birth dates or year."""

import datetime as dt
import io

import docx
import openpyxl


def office_docx(rows=None, *, caption_sections=False) -> bytes:
    """Word list: 'UBND XÃ …' / 'DANH SÁCH ĐỀ NGHỊ …' paragraphs, then one table whose header spans two rows."""
    document = docx.Document()
    document.add_paragraph("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    document.add_paragraph("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025")
    document.add_paragraph("(Kèm theo Tờ trình số 12/TTr-SGDĐT ngày 05/12/2025)")
    rows = rows if rows is not None else [
        ("section", "I. CÁ NHÂN"),
        ("1", "Ông Nguyễn  Văn An", "12/03/1980", "", "Phó Trưởng phòng, Sở Giáo dục và Đào tạo",
         "Bằng khen của Chủ tịch UBND tỉnh"),
        ("2", "Bà Trần Thị Bình", "", "05/11/1985", "Giáo viên, Sở Giáo dục và Đào tạo", "Bằng khen"),
        ("3", "Đại tá Lê Văn Cường", "1975", "", "Sở Giáo dục và Đào tạo", "CSTĐCS"),
        ("4", "Phạm Thị Dung", "", "31/02/1990", "Chuyên viên", "Lao động tiên tiến"),
        ("section", "II. TẬP THỂ"),
        ("1", "Phòng Giáo dục Trung học", "", "", "Sở Giáo dục và Đào tạo", "Tập thể lao động xuất sắc"),
        ("2", "Phòng Tổ chức cán bộ", "", "", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến"),
    ]
    table = document.add_table(rows=2, cols=6)
    head = table.rows[0].cells
    for i, text in ((0, "TT"), (1, "Họ và tên"), (4, "Chức vụ, đơn vị công tác"),
                    (5, "Danh hiệu thi đua/Hình thức khen thưởng")):
        merged = table.cell(0, i).merge(table.cell(1, i))
        merged.text = text
    birth = head[2].merge(head[3])
    birth.text = "Ngày sinh"
    table.cell(1, 2).text = "Nam"
    table.cell(1, 3).text = "Nữ"
    for row in rows:
        cells = table.add_row().cells
        if row[0] == "section":
            merged = cells[0].merge(cells[5])
            merged.text = row[1]
            continue
        for i, value in enumerate(row):
            cells[i].text = value
    document.add_paragraph("Người lập biểu")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def system_export_xlsx(rows=None) -> bytes:
    """Another system's export: title rows, then the header; codes of awards and kinds explained in sheet 2."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DanhSach"
    ws.append(["ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    ws.append([])
    ws.append(["STT", "Tên tập thể/cá nhân/hộ gia đình", "Phân loại khen thưởng", "Số CCCD", "Đơn vị công tác",
               "Mã hình thức", "Ghi chú"])
    rows = rows if rows is not None else [
        (1, "Đồng chí Hòang Văn Em", "CANHAN", "'001085012345", "Sở Y tế tỉnh Hưng Yên", "BKCT", ""),
        (2, "Sở Y tế", "TAPTHE", "", "", "CTD", ""),
        (3, "Hộ ông Vũ Văn Giang", "HOGIADINH", "", "Xã Tân Hưng", "BKCT", ""),
        (4, "Ngô Thị Hoa", "CANHAN", "034123456", "Ủy ban nhân dân xã Tân Hưng", "LDTT", ""),
    ]
    for row in rows:
        ws.append(list(row))
    codes = wb.create_sheet("DanhMuc")
    codes.append(["Mã", "Tên hình thức khen thưởng"])
    codes.append(["BKCT", "Bằng khen của Chủ tịch UBND tỉnh"])
    codes.append(["CTD", "Cờ thi đua của UBND tỉnh"])
    codes.append(["LDTT", "Lao động tiên tiến"])
    codes.append(["CANHAN", "Cá nhân"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def hospital_xlsx(rows=None, *, extra_header=None) -> bytes:
    """A hospital's sheet: no birth dates, no year column; names, unit, abbreviations."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BỆNH VIỆN ĐA KHOA TỈNH"])
    header = ["TT", "Họ và tên", "Đơn vị công tác", "Danh hiệu"]
    if extra_header:
        header.append(extra_header)
    ws.append(header)
    for row in rows or [
        (1, "BS Đỗ Văn Khánh", "Khoa Nội", "LĐTT"),
        (2, "Đỗ Văn Khánh", "Khoa Ngoại", "CSTĐCS"),
    ]:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def achievement_report_docx(text="Hòan thành xuất sắc nhiệm vụ năm 2025.") -> bytes:
    document = docx.Document()
    document.add_paragraph("BÁO CÁO THÀNH TÍCH")
    document.add_paragraph("I. SƠ LƯỢC LÝ LỊCH")
    document.add_paragraph("Họ tên: Nguyễn Văn An")
    document.add_paragraph("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    document.add_paragraph(text)
    document.add_paragraph("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    document.add_paragraph("Năm 2024: Lao động tiên tiến")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BIRTH = dt.date(1980, 3, 12)


def legacy_xls(rows=None) -> bytes:
    """A list saved by Excel 97–2003 (.xls): title row, then header, Vietnamese text."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    sheet.write(0, 0, "DANH SÁCH ĐỀ NGHỊ TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN")
    for col, text in enumerate(["STT", "Họ và tên", "Ngày tháng năm sinh", "Chức vụ", "Đơn vị", "Danh hiệu đề nghị"]):
        sheet.write(2, col, text)
    for r, row in enumerate(rows or [
        (1, "Đồng chí Trịnh Văn Quân", "15/08/1982", "Kế toán", "Sở Giáo dục và Đào tạo", "LĐTT"),
        (2, "Mai Thị Quyên", "29/02/1983", "Văn thư", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến"),
    ], start=3):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def captioned_tables_docx() -> bytes:
    """A Word list in two tables, each under its own heading paragraph ("I. CÁ NHÂN", "II. TẬP THỂ"); no award
    column: the award is given by heading rows inside the table ("1. Bằng khen của Bộ trưởng …")."""
    document = docx.Document()
    document.add_paragraph("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    for caption, rows in (
        ("I. CÁ NHÂN", [("heading", "1. Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo"),
                        ("1", "Đ/c Nguyễn Văn An (Hiệu trưởng)", "Trường THCS Tân Hưng"),
                        ("2", "Thầy giáo Phạm Văn Bảo", "Trường THCS Tân Hưng"),
                        ("heading", "2. Danh hiệu Chiến sỹ thi đua cơ sở"),
                        ("3", "Cô giáo Lương Thị Cúc", "Trường THCS Tân Hưng")]),
        ("II. TẬP THỂ", [("heading", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
                         ("1", "Trường THCS Tân Hưng", "xã Tân Hưng")]),
    ):
        document.add_paragraph(caption)
        table = document.add_table(rows=1, cols=3)
        for i, text in enumerate(["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]):
            table.rows[0].cells[i].text = text
        for row in rows:
            cells = table.add_row().cells
            if row[0] == "heading":
                merged = cells[0].merge(cells[2])
                merged.text = row[1]
            else:
                for i, value in enumerate(row):
                    cells[i].text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
