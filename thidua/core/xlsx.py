"""What every XLSX export repeats (openpyxl write-only): a bold header row, the workbook as bytes, and the file as
a download."""

import io

from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def bold_row(ws, values):
    """Append `values` to a write-only sheet as one row of bold cells."""
    row = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True)
        row.append(cell)
    ws.append(row)


def workbook_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """`content` as an attachment named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_response(wb, filename: str) -> HttpResponse:
    return download(workbook_bytes(wb), filename)
