"""Render documents to files: DOCX from the Decree 30 masters with docxtpl, XLSX lists with openpyxl
(write-only), certificate PDFs with WeasyPrint (see `certificates.py`)."""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate

from thidua.documents.content import (
    DecisionDocument,
    ListEntry,
    MinutesDocument,
    ProposalDocument,
    list_sections,
)

MASTERS_DIR = Path(__file__).resolve().parent / "masters"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_master(master: str, context: dict) -> bytes:
    """Fill a master with `context`. Values are XML-escaped (autoescape), so '&' or '<' in a name is safe."""
    template = DocxTemplate(MASTERS_DIR / master)
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def decision_docx(doc: DecisionDocument) -> bytes:
    return render_master("quyet_dinh.docx", doc.context())


def proposal_docx(doc: ProposalDocument) -> bytes:
    return render_master("to_trinh.docx", doc.context())


def minutes_docx(doc: MinutesDocument) -> bytes:
    return render_master("bien_ban.docx", doc.context())


def list_xlsx(entries: list[ListEntry], *, title: str, reference: str = "") -> bytes:
    """The annexed list as a spreadsheet (same sections and order as the DOCX annex), openpyxl write-only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 40

    def bold(value):
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True)
        return cell

    ws.append([bold(title)])
    if reference:
        ws.append([reference])
    ws.append([])
    ws.append([bold("STT"), bold("Họ và tên / Tên tập thể"), bold("Chức vụ, đơn vị công tác"), bold("Hình thức khen thưởng")])
    for section in list_sections(entries):
        ws.append([bold(section["title"])])
        for row in section["rows"]:
            ws.append([row["no"], row["name"], row["detail"], section["award"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

