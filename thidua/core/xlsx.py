"""What every XLSX export repeats (openpyxl write-only): a bold header row, the workbook as bytes, and the file as
a download — and the one place where text going into a spreadsheet is made safe.

Formula injection: a name typed as `=HYPERLINK("http://…")` or `+cmd|…` must reach the reader as text, never as a
formula. `safe_text` prefixes such values with an apostrophe and drops the control characters a workbook cannot
hold (openpyxl would raise on them: one bad name would break the export for everyone). `install()` (run once by
CoreConfig.ready) applies it to every string openpyxl stores in a cell, so every export — each app's own, and any
written later — is covered without each remembering to call it. CSV writers call `safe_text` on each value.
"""

import io
import re

from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Values starting like this are formulas to Excel, LibreOffice or Google Sheets (OWASP "CSV injection").
_ALWAYS_FORMULA = ("=", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[+-]\s?[\d.,\s]*$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_text(value: str) -> str:
    """`value` as inert spreadsheet text: control characters dropped, formula-like starts escaped with an
    apostrophe. A leading '+'/'-' stays when it is a signed number or a dash list item ("- Nội dung")."""
    value = _ILLEGAL.sub("", value)
    if value.startswith(_ALWAYS_FORMULA):
        return "'" + value
    if value[:1] in ("+", "-") and len(value) > 1 and not value[1].isspace() and not _SIGNED_NUMBER.match(value):
        return "'" + value
    return value


def install() -> None:
    """Route every string openpyxl puts in a cell through `safe_text` (idempotent)."""
    from openpyxl.cell.cell import Cell

    if getattr(Cell._bind_value, "_thidua_safe", False):
        return
    original = Cell._bind_value

    def _bind_value(self, value):
        if isinstance(value, str):
            value = safe_text(value)
        return original(self, value)

    _bind_value._thidua_safe = True
    Cell._bind_value = _bind_value


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
