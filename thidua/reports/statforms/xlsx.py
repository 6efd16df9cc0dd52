"""A form as an XLSX sheet in the official layout: form code and circular top-left, reporting unit (and
receiving unit) top-right, title and period centred, the table with column codes (A, B, 1, 2, …), then the date
line and the signature block "NGƯỜI LẬP BIỂU" / "THỦ TRƯỞNG ĐƠN VỊ".

A normal (not write-only) workbook: the forms are a few dozen cells and the layout needs merged cells. Every
string goes through core/xlsx.safe_text (installed on openpyxl's cells), so a unit name typed as a formula stays
text."""

from __future__ import annotations

from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.core.xlsx import workbook_bytes

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _date_line(signoff) -> str:
    if signoff is None:
        return "……, ngày … tháng … năm ……"
    d = signoff.signed_on
    return f"……, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def render(result, signoff=None, reporting_unit_name: str = "") -> bytes:
    form = result.form
    wb = Workbook()
    ws = wb.active
    ws.title = form["key"]
    ncols = 2 + len(result.columns)  # A: chỉ tiêu, B: mã số, then the measures
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 8
    for j in range(len(result.columns)):
        ws.column_dimensions[get_column_letter(3 + j)].width = 14

    def put(row, col, value, *, bold=False, italic=False, align=LEFT, span_to=None):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(bold=bold, italic=italic)
        cell.alignment = align
        if span_to and span_to > col:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=span_to)
        return cell

    right = max(ncols - 1, 3)
    put(1, 1, f"Biểu số: {form['code']}", bold=True)
    put(2, 1, result.circular["issued_line"], italic=True)
    if form.get("deadline"):
        put(3, 1, form["deadline"], italic=True)
    put(1, right, f"Đơn vị báo cáo: {reporting_unit_name or result.unit.name}", span_to=ncols)
    if form.get("receiver"):
        put(2, right, "Đơn vị nhận báo cáo: ……………………", span_to=ncols)
    put(5, 1, form["title"], bold=True, align=CENTER, span_to=ncols)
    put(6, 1, f"Năm {result.year} (từ ngày {result.date_from:%d/%m/%Y} đến ngày {result.date_to:%d/%m/%Y})",
        italic=True, align=CENTER, span_to=ncols)
    put(7, ncols, f"Đơn vị tính: {form['measure_unit']}", italic=True, align=Alignment(horizontal="right"))

    # Column headings: one or two rows of labels, then the codes row.
    top = 8
    label_rows = 2 if result.grouped else 1
    codes_row = top + label_rows
    for col, text in ((1, ""), (2, "Mã số")):
        put(top, col, text, bold=True, align=CENTER)
        if label_rows == 2:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    put(codes_row, 1, "A", bold=True, align=CENTER)
    put(codes_row, 2, "B", bold=True, align=CENTER)
    col = 3
    j = 0
    for group, span in result.header_groups:
        if label_rows == 2 and group:
            put(top, col, group, bold=True, align=CENTER, span_to=col + span - 1)
            for k in range(span):
                put(top + 1, col + k, result.columns[j + k]["label"], bold=True, align=CENTER)
        else:
            put(top, col, result.columns[j]["label"], bold=True, align=CENTER)
            if label_rows == 2:
                ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        for k in range(span):
            put(codes_row, col + k, result.columns[j + k]["code"], bold=True, align=CENTER)
        col += span
        j += span

    r = codes_row + 1
    for row in result.rows:
        label = ("    " * row.indent) + row.label
        put(r, 1, label, bold=row.heading or row.code in ("01", "1"), italic=row.heading)
        if not row.heading:
            put(r, 2, row.code, align=CENTER)
            for k, value in enumerate(row.cells):
                cell = ws.cell(row=r, column=3 + k, value=value)
                cell.alignment = Alignment(horizontal="right")
        r += 1
    for row_cells in ws.iter_rows(min_row=top, max_row=r - 1, min_col=1, max_col=ncols):
        for cell in row_cells:
            cell.border = BOX

    # Signature block (Nghị định 30/2020 layout: date line above the head's signature, right).
    r += 1
    put(r, right, _date_line(signoff), italic=True, align=CENTER, span_to=ncols)
    r += 1
    put(r, 1, "NGƯỜI LẬP BIỂU", bold=True, align=CENTER)
    put(r, right, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, align=CENTER, span_to=ncols)
    r += 1
    put(r, 1, "(Ký, họ tên)", italic=True, align=CENTER)
    put(r, right, "(Ký, họ tên, đóng dấu)", italic=True, align=CENTER, span_to=ncols)
    if signoff is not None:
        r += 4
        put(r, 1, signoff.prepared_by_name, bold=True, align=CENTER)
        put(r, right, signoff.signed_by_name, bold=True, align=CENTER, span_to=ncols)
        r += 1
        put(r, right, f"Đã ký duyệt trên hệ thống lúc {localtime(signoff.signed_at):%H:%M %d/%m/%Y}", italic=True,
            align=CENTER, span_to=ncols)
    ws.print_title_rows = f"{top}:{codes_row}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    notes = wb.create_sheet("Ghi chú")
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 110
    notes.append(["", result.circular["source_note"]])
    if form.get("source_missing"):
        notes.append(["", form["source_missing"]])
    for row in result.rows:
        if row.note:
            notes.append([f"Dòng {row.code}", f"{row.label}: {row.note}"])
    for column in result.columns:
        if column.get("note"):
            notes.append([f"Cột {column['code']}", f"{column['label']}: {column['note']}"])
    return workbook_bytes(wb)
