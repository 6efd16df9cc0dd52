"""XLSX export of a plan's appendix in the published column layout (openpyxl write-only)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

HEADERS = ["TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
WIDTHS = [6, 70, 24, 45, 18]


def appendix_xlsx(plan, tasks) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="Phụ lục")
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        header.append(cell)
    ws.append(header)
    for task in tasks:
        row = []
        for value in (task.order, task.content, task.lead_unit_text, task.coordinating_text, task.schedule_text):
            cell = WriteOnlyCell(ws, value=value)
            cell.alignment = wrap
            cell.border = border
            row.append(cell)
        ws.append(row)
    wb.properties.title = f"Phụ lục {plan.number}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
